"""The portal's password policy, after NIST SP 800-63B-4 and OWASP ASVS 5.0 (V6.2): at least 8
characters because a second factor is always required, up to 128, any Unicode (NFKC-normalised
before hashing so that the same password typed on two keyboards matches), refused when it is a
common password (also when typed with the Georgian keyboard layout on) or built from the
person's own data. No composition rules: they make passwords harder to remember without making
them harder to guess."""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache
from pathlib import Path

import django.contrib.auth
from django.core.exceptions import ValidationError
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


# The standard Georgian keyboard puts each letter on the Latin key of a similar sound, so a
# common password typed with the Georgian layout on ("password" → "ფასსწორდ") is as weak as
# the original. The letters reached with Shift (ჭ ღ თ შ ჟ ძ ჩ) map to their key's letter.
GEORGIAN_KEYS = str.maketrans(
    "აბცდეფგჰიჯკლმნოპქრსტუვწხყზჭღთშჟძჩ",
    "abcdefghijklmnopqrstuvwxyzwrtsjzc",
)


def _as_typed_on_latin_keys(folded: str) -> str:
    return folded.translate(GEORGIAN_KEYS)


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
    keys = _as_typed_on_latin_keys(folded)
    if password.casefold() in _common() or folded in _common() or keys in _common():
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


def personal_data(user) -> list[str]:
    """What of an account must not be in its password: the e-mail's name part, the name and, for
    a citizen, the person's number and names as the registry has them. The e-mail's domain is
    left out: it names the mail provider or the employer (everyone at "panjara.example"), not
    the person, and a word shared by thousands of accounts is no clue to one of them."""
    email = getattr(user, "email", "") or ""
    items = [email.rpartition("@")[0] if "@" in email else email, getattr(user, "full_name", "")]
    if getattr(user, "person_id", None):
        person = user.person
        items += [
            person.personal_number,
            person.given_name_ka,
            person.surname_ka,
            person.given_name_en,
            person.surname_en,
        ]
    return [item for item in items if item]


class PortalPasswordValidator:
    """The portal policy as a Django password validator, for AUTH_PASSWORD_VALIDATORS: passwords
    set outside the portal's own pages (`createsuperuser`, the admin's password forms) follow
    the same rules as everyone else's (ASVS V6.2.1, V6.2.4)."""

    def validate(self, password: str, user=None) -> None:
        problems = password_problems(password, personal=personal_data(user) if user is not None else ())
        if problems:
            raise ValidationError([ValidationError(problem, code="password_policy") for problem in problems])

    def get_help_text(self) -> str:
        return _(
            "At least %(min)d and at most %(max)d characters, not a common password, and not built "
            "from your name, personal number or e-mail."
        ) % {"min": MIN_LENGTH, "max": MAX_LENGTH}
