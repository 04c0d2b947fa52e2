"""The portal's password policy, after NIST SP 800-63B-4 and OWASP ASVS 5.0 (V6.2): at least 8
characters because a second factor is always required, up to 128, any Unicode (NFKC-normalised
before hashing so that the same password typed on two keyboards matches), refused when it is a
common password or built from the person's own data. No composition rules: they make passwords
harder to remember without making them harder to guess."""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache
from pathlib import Path

import django.contrib.auth
from django.utils.translation import gettext as _

MIN_LENGTH = 8
MAX_LENGTH = 128


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


@cache
def _common() -> frozenset[str]:
    # Django ships the 20,000 most common passwords from a breach corpus (lower-cased).
    path = Path(django.contrib.auth.__file__).parent / "common-passwords.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _folded(text: str) -> str:
    return re.sub(r"[\W_]+", "", normalise(text).casefold())


def password_problems(password: str, *, personal: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Why this password is refused, as translated sentences; empty when it is acceptable.
    `personal` holds the person's own data: names, personal number, e-mail."""
    password = normalise(password)
    problems = []
    length = len(password)
    if length < MIN_LENGTH:
        problems.append(_("Use at least %(count)d characters.") % {"count": MIN_LENGTH})
    if length > MAX_LENGTH:
        problems.append(_("Use at most %(count)d characters.") % {"count": MAX_LENGTH})
    folded = _folded(password)
    if password.casefold() in _common() or folded in _common():
        problems.append(_("This password is one of the most common ones; choose another."))
    elif len(set(folded)) <= 2 and length >= MIN_LENGTH:
        problems.append(_("Do not repeat the same characters; choose another."))
    for item in personal:
        for part in re.split(r"[\s@.]+", item or ""):
            part = _folded(part)
            if len(part) >= 4 and part in folded:
                problems.append(_("Do not use your name, personal number or e-mail in the password."))
                return problems
    return problems
