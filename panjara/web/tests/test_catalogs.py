"""The catalogs this app and the consent app ship are complete (CI also runs tools/i18n.py check,
which first re-extracts the strings; this test is the quick version of it)."""

from pathlib import Path

import polib
import pytest

PANJARA = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["web", "consent"])
@pytest.mark.parametrize("language", ["ka", "en"])
def test_every_message_has_a_translation(app, language):
    catalog = polib.pofile(str(PANJARA / app / "locale" / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalog if not entry.obsolete and not entry.translated()]
    fuzzy = [entry.msgid for entry in catalog if "fuzzy" in entry.flags]
    assert missing == []
    assert fuzzy == []
    assert len(catalog) > 5


def test_georgian_translations_are_georgian():
    catalog = polib.pofile(str(PANJARA / "web" / "locale" / "ka" / "LC_MESSAGES" / "django.po"))
    latin_only = [
        entry.msgid
        for entry in catalog
        if not any("\u10d0" <= char <= "\u10ff" for char in entry.msgstr) and entry.msgid != "English"
    ]
    assert latin_only == []


def test_the_settings_language_names_are_translated():
    from django.conf import settings
    from django.utils import translation

    with translation.override("ka"):
        assert [str(name) for _code, name in settings.LANGUAGES] == ["ქართული", "ინგლისური"]
    with translation.override("en"):
        assert [str(name) for _code, name in settings.LANGUAGES] == ["Georgian", "English"]
