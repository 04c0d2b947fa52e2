"""The legal terms, as data, in one place (R-S-3): every deadline the portal computes comes from a
rule here, and the rule's legal basis is shown with the deadline.

The table is the project's reading of the General Administrative Code of Georgia (GAC); the Data
Exchange Agency's lawyers own it. Changing a term is a change here and nowhere else.

- A letter to a public body is an application in an administrative proceeding: one month from
  its registration (GAC Article 100).
- Public information, and a person's own data held by a public body, is released immediately, or
  within 10 days where it must be searched for or retrieved from another unit or institution, is
  large and must be processed, or needs consultation with another unit or institution (GAC Article
  40). The body states which ground applies; the portal then moves the deadline to 10 days from
  registration, and shows why. "Immediately" is read as "on the working day the request arrives".
- A clarification the body asks for stops the clock until the person answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


class Mode(StrEnum):
    # The body names a ground that sets another term counted from the registration day.
    REPLACE = "replace"
    # The term is added after the deadline as it stands.
    ADD = "add"


@dataclass(frozen=True, kw_only=True)
class Term:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("a term is not negative")


@dataclass(frozen=True, kw_only=True)
class Rule:
    """The term that applies when a request of `kind` arrives."""

    code: str
    kind: str
    term: Term
    basis: tuple[str, str]  # (ka, en)


@dataclass(frozen=True, kw_only=True)
class Extension:
    """A ground the body may record to change the term, with the law that allows it."""

    code: str
    kind: str
    term: Term
    mode: Mode
    basis: tuple[str, str]
    ground: tuple[str, str]  # what the body states, as the person reads it


LETTER = "letter"
PUBLIC_INFORMATION = "public_information"
PERSONAL_DATA = "personal_data"
KINDS = (LETTER, PUBLIC_INFORMATION, PERSONAL_DATA)

_GAC_40 = ("ზოგადი ადმინისტრაციული კოდექსი, მუხლი 40", "General Administrative Code, Article 40")
_GAC_100 = ("ზოგადი ადმინისტრაციული კოდექსი, მუხლი 100", "General Administrative Code, Article 100")
_TEN_DAYS = Term(amount=10, unit=Unit.CALENDAR_DAYS)

RULES: dict[str, Rule] = {
    rule.kind: rule
    for rule in (
        Rule(code="letter", kind=LETTER, term=Term(amount=1, unit=Unit.MONTHS), basis=_GAC_100),
        Rule(
            code="public-information",
            kind=PUBLIC_INFORMATION,
            term=Term(amount=0, unit=Unit.WORKING_DAYS),
            basis=_GAC_40,
        ),
        Rule(
            code="personal-data",
            kind=PERSONAL_DATA,
            term=Term(amount=0, unit=Unit.WORKING_DAYS),
            basis=_GAC_40,
        ),
    )
}


def _ten_day_grounds(kind: str) -> tuple[Extension, ...]:
    grounds = {
        "search": (
            "ინფორმაციის მოძიება ან სხვა ერთეულიდან ან დაწესებულებიდან მოპოვება",
            "the information must be searched for or retrieved from another unit or institution",
        ),
        "volume": (
            "მნიშვნელოვანი მოცულობის ცალკეული დოკუმენტების დამუშავება",
            "a large volume of separate documents must be processed",
        ),
        "consultation": (
            "სხვა ერთეულთან ან დაწესებულებასთან კონსულტაცია",
            "another unit or institution must be consulted",
        ),
    }
    return tuple(
        Extension(
            code=f"{kind}.{name}", kind=kind, term=_TEN_DAYS, mode=Mode.REPLACE, basis=_GAC_40, ground=ground
        )
        for name, ground in grounds.items()
    )


EXTENSIONS: dict[str, Extension] = {
    extension.code: extension
    for extension in (
        *_ten_day_grounds(PUBLIC_INFORMATION),
        *_ten_day_grounds(PERSONAL_DATA),
        Extension(
            code="letter.examination",
            kind=LETTER,
            term=Term(amount=1, unit=Unit.MONTHS),
            mode=Mode.ADD,
            basis=_GAC_100,
            ground=(
                "საკითხის შესწავლას დამატებითი დრო სჭირდება",
                "the matter needs further examination",
            ),
        ),
    )
}


def rule_for(kind: str) -> Rule:
    return RULES[kind]


def extensions_for(kind: str) -> list[Extension]:
    return [extension for extension in EXTENSIONS.values() if extension.kind == kind]
