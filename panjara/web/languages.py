"""The language names of settings.LANGUAGES, here so that makemessages finds them: it runs inside
each app's directory and never reads panjara/settings. The settings' lazy strings are then
translated from this app's catalog (the admin and anything else listing languages uses them).
The language switch itself shows each language in its own name (ქართული, English)."""

from django.utils.translation import gettext_noop

LANGUAGE_NAMES = {"ka": gettext_noop("Georgian"), "en": gettext_noop("English")}
