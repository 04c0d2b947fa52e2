"""The portal's own date and time formats (settings.FORMAT_MODULE_PATH), read before Django's: a
24-hour clock in both languages. Django's Georgian formats use a 12-hour clock with "a.m.", which
no Georgian reader expects and which gave "a.m.." before a sentence's full stop. Only what
differs from Django is set here; the input formats and separators still come from Django."""
