# "E" is the month name as it stands after a day number; in Georgian it is the same word as "F",
# but the personal page's cards write "j E Y" and every page must read the same.
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
# Django's "j.M.Y" mixes a month abbreviation into a numeric date; Georgians write 05.01.2026.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
