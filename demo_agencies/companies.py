"""The registry of entrepreneurs: companies, their directors, partners and pledges on shares.

Directors and partners are persons of the shared population, so the civil registry knows every one
of them. Simplification: a sole proprietor (ი/მ) gets a 9-digit registry number here, where the
real registry identifies them by their personal number; the protocol names companies by 9 digits.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from . import personas as P
from .names import BANKS, bilingual
from .population import REFERENCE_DATE, PeopleBuilder, Person, age, random_date

LEGAL_FORMS = {
    "llc": ("შპს", "LLC"),
    "jsc": ("სს", "JSC"),
    "sole_proprietor": ("ი/მ", "IE"),
    "cooperative": ("კოოპერატივი", "Cooperative"),
    "nnle": ("ა(ა)იპ", "NNLE"),
}
STATUSES = {
    "active": ("რეგისტრირებული", "Active"),
    "in_liquidation": ("ლიკვიდაციის პროცესში", "In liquidation"),
    "liquidated": ("ლიკვიდირებული", "Liquidated"),
    "bankruptcy": ("გაკოტრების საქმის წარმოება", "Bankruptcy proceedings"),
    "rehabilitation": ("რეაბილიტაციის რეჟიმი", "Rehabilitation"),
    "reorganisation": ("რეორგანიზაციის პროცესში", "In reorganisation"),
}
_BASE_NAMES = (
    ("ქართული ღვინის სახლი", "Georgian Wine House"), ("კავკასიის ლოჯისტიკა", "Caucasus Logistics"),
    ("ოქროს საწმისი", "Golden Fleece"), ("მთის ჰაერი", "Mountain Air"), ("ახალი სახლი", "New Home"),
    ("ციფრული ხიდი", "Digital Bridge"), ("მზიანი ველი", "Sunny Valley"), ("რიონის თევზი", "Rioni Fish"),
    ("ალაზნის ბაღები", "Alazani Gardens"), ("ქალაქის პური", "City Bread"), ("არსი მშენებელი", "Arsi Builders"),
    ("ზღვის ნავსადგური", "Sea Harbour"), ("მწვანე ენერგია", "Green Energy"), ("ლურჯი მთები", "Blue Mountains"),
    ("თეთრი ხიდი", "White Bridge"), ("ძველი უბანი", "Old Quarter"), ("სვანეთის თაფლი", "Svaneti Honey"),
    ("კოდის სახელოსნო", "Code Workshop"), ("სწრაფი კურიერი", "Swift Courier"), ("მეგობრის სუფრა", "Friends' Table"),
)  # fmt: skip
_SUFFIXES = (("", ""), (" პლიუსი", " Plus"), (" ჯგუფი", " Group"), (" 2000", " 2000"))
ACTIVITIES = (
    ("ღვინის წარმოება", "Wine production"), ("ტვირთის გადაზიდვა", "Freight transport"),
    ("მშენებლობა", "Construction"), ("პროგრამული უზრუნველყოფა", "Software development"),
    ("საცალო ვაჭრობა", "Retail trade"), ("სოფლის მეურნეობა", "Agriculture"), ("ტურიზმი", "Tourism"),
    ("რესტორნები", "Restaurants"), ("კონსულტაცია", "Consulting"), ("საგანმანათლებლო საქმიანობა", "Education"),
)  # fmt: skip


def _labelled(table: dict[str, tuple[str, str]], code: str) -> dict[str, Any]:
    ka, en = table[code]
    return {"code": code, "name": {"ka": ka, "en": en}}


class CompanyBuilder:
    def __init__(self, rng: random.Random, people: PeopleBuilder) -> None:
        self.rng = rng
        self.people = people
        self.companies: dict[str, dict[str, Any]] = {}
        self._ids: set[str] = set()
        names = [(base, suffix) for base in _BASE_NAMES for suffix in _SUFFIXES]
        self._names = rng.sample(names, len(names))
        self._candidates = [
            p for p in people.persons.values() if p.alive and age(p.birth_date) >= 21 and not p.persona
        ]

    def _id(self) -> str:
        while True:
            number = self.rng.choice(("20", "40", "41", "42", "44")) + f"{self.rng.randrange(10**7):07d}"
            if number not in self._ids:
                self._ids.add(number)
                return number

    def company(self, *, form: str, status: str = "active", owner: Person | None = None) -> dict[str, Any]:
        rng = self.rng
        (base_ka, base_en), (suffix_ka, suffix_en) = self._names.pop()
        short_ka, short_en = LEGAL_FORMS[form]
        if form == "sole_proprietor" and owner is not None:
            owner_name = owner.name()
            name = {"ka": f"ი/მ {owner_name['ka']}", "en": f"IE {owner_name['en']}"}
        else:
            name = {"ka": f"{short_ka} „{base_ka}{suffix_ka}“", "en": f"{base_en}{suffix_en} {short_en}"}
        slug = "".join(ch for ch in name["en"].lower() if ch.isalnum())[:20]
        registered = random_date(rng, start=date(1996, 1, 1), end=REFERENCE_DATE - timedelta(days=200))
        company = {
            "id": self._id(),
            "name": name,
            "legal_form": _labelled(LEGAL_FORMS, form),
            "status": _labelled(STATUSES, status),
            "registered": registered.isoformat(),
            "address": self.people._new_address().to_json(),
            "activity": bilingual(*rng.choice(ACTIVITIES)),
            "email": f"info@{slug}.example.ge",
            "phone": f"+99532{rng.randrange(10**7):07d}",
            "directors": [],
            "partners": [],
            "pledges": [],
        }
        self.companies[company["id"]] = company
        return company

    def role(self, company: dict[str, Any], person: Person, *, role: str, share: str | None = None) -> None:
        since = random_date(self.rng, start=date.fromisoformat(company["registered"]), end=REFERENCE_DATE)
        entry = {"personal_number": person.personal_number, "name": person.name(), "since": since.isoformat()}
        if role == "director":
            company["directors"].append(entry)
        else:
            company["partners"].append({**entry, "share": share})

    def pledge(self, company: dict[str, Any], partner: Person) -> None:
        rng = self.rng
        share = next(
            p["share"] for p in company["partners"] if p["personal_number"] == partner.personal_number
        )
        company["pledges"].append(
            {
                "partner": partner.personal_number,
                "share": share,
                "pledgee": bilingual(*rng.choice(BANKS)),
                "amount": f"{rng.randint(20, 400) * 500}.00",
                "currency": "GEL",
                "registered": random_date(rng, start=date(2019, 1, 1), end=REFERENCE_DATE).isoformat(),
                "status": "active",
            }
        )

    def random_companies(self, count: int) -> None:
        rng = self.rng
        forms = ("llc",) * 14 + ("jsc",) * 2 + ("sole_proprietor",) * 3 + ("cooperative", "nnle", "nnle")
        statuses = ("active",) * 30 + ("in_liquidation",) * 2 + ("liquidated", "bankruptcy", "rehabilitation")
        statuses += ("reorganisation",) * 2
        for _ in range(count):
            form = rng.choice(forms)
            owner = rng.choice(self._candidates)
            company = self.company(form=form, status=rng.choice(statuses), owner=owner)
            if form == "sole_proprietor":
                self.role(company, owner, role="director")
                self.role(company, owner, role="partner", share="100.00")
                continue
            directors = rng.sample(self._candidates, 2 if rng.random() < 0.15 else 1)
            for director in directors:
                self.role(company, director, role="director")
            if form in ("llc", "cooperative", "nnle"):
                partners = [owner] + [
                    p for p in rng.sample(self._candidates, rng.randint(0, 2)) if p is not owner
                ]
                for partner, share in zip(partners, _shares(rng, len(partners)), strict=True):
                    self.role(company, partner, role="partner", share=share if form == "llc" else None)
                if form == "llc" and rng.random() < 0.2:
                    self.pledge(company, rng.choice(partners))

    def personas(self) -> None:
        persons = self.people.persons
        giorgi, nino = persons[P.GIORGI.personal_number], persons[P.NINO.personal_number]
        company = self.company(form="llc")
        self.role(company, giorgi, role="director")
        self.role(company, giorgi, role="partner", share="60.00")
        self.role(company, nino, role="partner", share="40.00")
        self.pledge(company, nino)
        davit = persons[P.DAVIT.personal_number]
        own = self.company(form="sole_proprietor", owner=davit)
        self.role(own, davit, role="director")
        self.role(own, davit, role="partner", share="100.00")


def _shares(rng: random.Random, count: int) -> list[str]:
    """Shares in percent with two decimals that add up to exactly 100.00."""
    if count == 1:
        return ["100.00"]
    cuts = sorted(rng.sample(range(5, 96, 5), count - 1))
    bounds = [0, *cuts, 100]
    return [f"{Decimal(b - a):.2f}" for a, b in itertools.pairwise(bounds)]


def participation(companies: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per person: the companies they direct or own a share in, with their roles."""
    index: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for company in companies.values():
        for role, people in (("director", company["directors"]), ("partner", company["partners"])):
            for person in people:
                entry = index[person["personal_number"]].setdefault(
                    company["id"],
                    {
                        "company_id": company["id"],
                        "name": company["name"],
                        "legal_form": company["legal_form"],
                        "status": company["status"],
                        "roles": [],
                        "share": None,
                        "share_pledged": False,
                    },
                )
                entry["roles"].append(role)
                if role == "partner":
                    entry["share"] = person["share"]
                    entry["share_pledged"] = any(
                        pledge["partner"] == person["personal_number"] for pledge in company["pledges"]
                    )
    return {number: list(entries.values()) for number, entries in index.items()}


def build_companies(rng: random.Random, people: PeopleBuilder) -> dict[str, dict[str, Any]]:
    builder = CompanyBuilder(rng, people)
    builder.personas()
    builder.random_companies(40)
    return builder.companies
