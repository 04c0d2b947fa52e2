# Day before month, as in Georgian and in British English, and a 24-hour clock: an English page
# of a Georgian portal must give the same date and time as the Georgian one, in the same order.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# A month name rather than digits: Django's English input formats read 05/01 as 1 May, so a
# numeric day-first date shown here would be misread by whoever types it back.
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
