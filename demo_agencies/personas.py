"""The named demo personas: fixed personal numbers a tester or a screencast can rely on.

Their names, numbers, birth dates and mobiles do not depend on the seed; the population is built
around them so that each stated trait holds (the tests check every trait against the agencies'
answers). The portal cannot import this module, so `python -m demo_agencies manifest` writes the
same list to a JSON file that the portal's seed command reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .names import romanise

# Traits a persona can state; each has a check in tests/test_personas.py.
TRAITS = {
    "vehicles": ("ავტომობილები", "owns vehicles"),
    "unpaid_fines": ("გადაუხდელი ჯარიმები", "unpaid traffic fines"),
    "company_director": ("კომპანიის დირექტორი", "director of a company"),
    "company_partner": ("კომპანიის პარტნიორი", "partner (shareholder) in a company"),
    "pledged_share": ("დაგირავებული წილი", "has a pledged company share"),
    "sole_proprietor": ("ინდივიდუალური მეწარმე", "registered sole proprietor"),
    "property": ("უძრავი ქონება", "owns real estate"),
    "border_crossings": ("საზღვრის კვეთა", "has crossed the border"),
    "tax_debt": ("საგადასახადო დავალიანება", "owes tax"),
    "debtor": ("მოვალეთა რეესტრი", "listed in the debtor registry"),
    "pensioner": ("პენსიონერი", "receives an old-age pension"),
    "widowed": ("ქვრივი", "widowed"),
    "married": ("დაქორწინებული", "married"),
    "divorced": ("განქორწინებული", "divorced"),
    "parent": ("მშობელი", "has children"),
    "minor": ("არასრულწლოვანი", "a minor"),
    "name_change": ("გვარის შეცვლა", "changed surname"),
    "utility_debt": ("კომუნალური დავალიანება", "overdue utility bill"),
    "diploma": ("დიპლომი", "holds a higher-education diploma"),
    "no_records": ("ჩანაწერების გარეშე", "no records at any agency beyond the civil registry"),
}


@dataclass(frozen=True, kw_only=True)
class Persona:
    personal_number: str
    first: str  # Georgian script; Latin forms are romanised
    last: str
    sex: str
    birth_date: date
    mobile: str | None
    traits: tuple[str, ...]
    note_ka: str
    note_en: str

    def to_json(self) -> dict[str, Any]:
        first_en, last_en = romanise(self.first), romanise(self.last)
        return {
            "personal_number": self.personal_number,
            "name": {"ka": f"{self.first} {self.last}", "en": f"{first_en} {last_en}"},
            "first_name": {"ka": self.first, "en": first_en},
            "last_name": {"ka": self.last, "en": last_en},
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "mobile": self.mobile,
            "email": None if self.mobile is None else f"{first_en.lower()}.{last_en.lower()}@example.ge",
            "traits": list(self.traits),
            "description": {"ka": self.note_ka, "en": self.note_en},
        }


GIORGI = Persona(
    personal_number="01024085001",
    first="გიორგი",
    last="ბერიძე",
    sex="male",
    birth_date=date(1984, 5, 17),
    mobile="555100001",
    traits=(
        "vehicles",
        "unpaid_fines",
        "company_director",
        "company_partner",
        "property",
        "border_crossings",
        "married",
        "parent",
        "diploma",
    ),
    note_ka="ორი ავტომობილი და გადაუხდელი ჯარიმები; შპს-ის დირექტორი და პარტნიორი; ბინის მესაკუთრე.",
    note_en="Two cars and unpaid fines; director and partner of an LLC; owns a flat.",
)
NINO = Persona(
    personal_number="01017029002",
    first="ნინო",
    last="კაპანაძე",
    sex="female",
    birth_date=date(1979, 11, 2),
    mobile="555100002",
    traits=("tax_debt", "debtor", "company_partner", "pledged_share", "property"),
    note_ka="საგადასახადო დავალიანება და მოვალეთა რეესტრის ჩანაწერი; წილი დაგირავებულია; ქონებაზე ყადაღა.",
    note_en="Tax debt and a debtor-registry entry; her company share is pledged; her flat is seized.",
)
TAMAR = Persona(
    personal_number="01005011003",
    first="თამარ",
    last="ბერიძე",
    sex="female",
    birth_date=date(1952, 2, 8),
    mobile="555100003",
    traits=("pensioner", "widowed", "parent", "name_change", "property"),
    note_ka="პენსიონერი, ქვრივი; გიორგი ბერიძის დედა; ქალიშვილობის გვარი ლომიძე.",
    note_en="Pensioner, widowed; Giorgi Beridze's mother; maiden name Lomidze.",
)
LEVAN = Persona(
    personal_number="60001077004",
    first="ლევან",
    last="წიკლაური",
    sex="male",
    birth_date=date(1991, 7, 23),
    mobile="555100004",
    traits=("no_records",),
    note_ka="მხოლოდ სამოქალაქო რეესტრის ჩანაწერი: სხვა უწყებებს მასზე არაფერი აქვთ.",
    note_en="Only a civil-registry record: every other agency answers 'not found'.",
)
ANA = Persona(
    personal_number="01024085005",
    first="ანა",
    last="ბერიძე",
    sex="female",
    birth_date=date(2014, 9, 30),
    mobile=None,
    traits=("minor",),
    note_ka="გიორგი და მარიამ ბერიძეების არასრულწლოვანი ქალიშვილი (დაბადების მოწმობის განმეორებით გაცემა).",
    note_en="Minor daughter of Giorgi and Mariam Beridze (repeat birth certificate for a child).",
)
MARIAM = Persona(
    personal_number="01024085006",
    first="მარიამ",
    last="ბერიძე",
    sex="female",
    birth_date=date(1987, 3, 14),
    mobile="555100006",
    traits=("married", "parent", "name_change", "utility_debt", "diploma"),
    note_ka="გიორგი ბერიძის მეუღლე (ქალიშვილობის გვარი ჯაფარიძე); კომუნალური დავალიანება; მაგისტრის დიპლომი.",
    note_en="Giorgi Beridze's wife (maiden name Japaridze); overdue utility bill; master's diploma.",
)
DAVIT = Persona(
    personal_number="01030057007",
    first="დავით",
    last="მაისურაძე",
    sex="male",
    birth_date=date(1975, 12, 1),
    mobile="555100007",
    traits=("sole_proprietor", "divorced", "parent", "diploma"),
    note_ka="ინდივიდუალური მეწარმე, დღგ-ის გადამხდელი, დავალიანების გარეშე; განქორწინებული.",
    note_en="Sole proprietor and VAT payer with no debt; divorced, one child.",
)

PERSONAS: tuple[Persona, ...] = (GIORGI, NINO, TAMAR, LEVAN, ANA, MARIAM, DAVIT)


def persona_list() -> list[dict[str, Any]]:
    """The personas as JSON objects, in the shape the manifest carries."""
    return [persona.to_json() for persona in PERSONAS]
