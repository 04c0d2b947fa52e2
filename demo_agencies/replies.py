"""What an agency answers to a letter, by rules simple enough to steer a demo or a test with.

The rules (docs/demo-agencies.md, "Letters") read only what the person wrote and the shared
population, so the same letter always gets the same answer:
- a public-information request needs a search when it mentions a year before 2020 or an
  archive; the information is a short bilingual document of figures from the agency's registers;
- a request for one's own personal data lists what the agency's informational services hold
  about the sender, unless it names someone else's personal number (then it is refused);
- a letter shorter than 40 characters is too vague to answer before the person clarifies it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from demo_agencies.agencies import AGENCIES
from demo_agencies.documents import Document, Table, Text, same
from demo_agencies.letters import Letter
from demo_agencies.population import REFERENCE_DATE
from demo_agencies.world import Population
from panjara_protocol import Party

MIN_LETTER = 40  # characters of text below which a letter asks for clarification first
SEARCH_GROUND = "public_information.search"
PERSONAL_DATA_GROUND: Text = (
    "საქართველოს კანონი „პერსონალურ მონაცემთა დაცვის შესახებ“",
    "Law of Georgia on Personal Data Protection",
)
MAX_ROWS = 150  # per service in a personal-data listing: the PDF stays a few pages

# A year from 1900 to 2019 standing alone (not part of a longer number), or an archive.
_SEARCH = re.compile(r"(?<!\d)(?:19\d\d|20[01]\d)(?!\d)|archive|არქივ", re.IGNORECASE)
_PERSONAL_NUMBER = re.compile(r"(?<!\d)\d{11}(?!\d)")


@dataclass(frozen=True, kw_only=True)
class Reply:
    outcome: str  # answered | refused
    message: Text
    refusal_ground: Text | None = None
    documents: tuple[Document, ...] = field(default_factory=tuple)


def needs_search(letter: Letter) -> bool:
    return _SEARCH.search(letter.wording()) is not None


def needs_clarification(letter: Letter) -> bool:
    return not letter.clarifications and len(letter.text.strip()) < MIN_LETTER


def someone_else(letter: Letter) -> bool:
    """The request names a personal number that is not the sender's own."""
    return any(number != letter.sender for number in _PERSONAL_NUMBER.findall(letter.wording()))


def _about(letter: Letter) -> list[tuple[Text, Text]]:
    facts = [
        (("თქვენი მოთხოვნა", "Your request"), same(letter.subject)),
        (("რეგისტრაციის ნომერი პორტალზე", "Portal reference"), same(letter.reference)),
    ]
    if letter.unit:
        facts.append((("სტრუქტურული ერთეული", "Unit"), same(letter.unit)))
    return facts


def _count(label: Text, value: int) -> tuple[Text, Text]:
    return label, same(value)


def _civil_registry(world: Population) -> list[tuple[Text, Text]]:
    acts = {act["number"]: act for acts in world.acts.values() for act in acts}
    by_type = Counter(act["type"] for act in acts.values())
    names = {act["type"]: act["type_name"] for act in acts.values()}
    return [
        _count(("რეგისტრირებული პირები", "Persons registered"), len(world.persons)),
        _count(("მათ შორის ცოცხალი", "Of whom living"), sum(p.alive for p in world.persons.values())),
        *(
            _count((f"აქტი: {names[kind]['ka']}", f"Civil acts: {names[kind]['en']}"), count)
            for kind, count in sorted(by_type.items())
        ),
    ]


def _public_registry(world: Population) -> list[tuple[Text, Text]]:
    estates = {e["cadastral_code"]: e for estates in world.properties.values() for e in estates}
    return [
        _count(("რეგისტრირებული სუბიექტები", "Entities registered"), len(world.companies)),
        _count(
            ("მათ შორის აქტიური", "Of which active"),
            sum(c["status"]["code"] == "active" for c in world.companies.values()),
        ),
        _count(("უძრავი ქონების ჩანაწერები", "Real-estate records"), len(estates)),
        _count(
            ("ყადაღა ან იპოთეკა", "Records with a mortgage or seizure"),
            sum(bool(e["encumbrances"]) for e in estates.values()),
        ),
    ]


def _revenue(world: Population) -> list[tuple[Text, Text]]:
    return [
        _count(("რეგისტრირებული გადამხდელები", "Taxpayers registered"), len(world.taxes)),
        _count(
            ("დღგ-ის გადამხდელები", "VAT payers"),
            sum(t["taxpayer"]["vat_payer"] for t in world.taxes.values()),
        ),
        _count(
            ("საგადასახადო დავალიანებით", "With a tax debt"),
            sum(float(t["balance"]["debt"]) > 0 for t in world.taxes.values()),
        ),
    ]


def _internal_affairs(world: Population) -> list[tuple[Text, Text]]:
    vehicles = {v["vin"] for vehicles in world.vehicles.values() for v in vehicles}
    fines = [f for fines in world.fines.values() for f in fines]
    return [
        _count(("რეგისტრირებული სატრანსპორტო საშუალებები", "Vehicles registered"), len(vehicles)),
        _count(("ჯარიმები", "Fines issued"), len(fines)),
        _count(("გადაუხდელი ჯარიმები", "Fines unpaid"), sum(f["status"] == "unpaid" for f in fines)),
    ]


def _enforcement(world: Population) -> list[tuple[Text, Text]]:
    entries = [e for entries in world.debts.values() for e in entries]
    return [
        _count(("მოვალეთა რეესტრის ჩანაწერები", "Debtor-registry entries"), len(entries)),
        _count(
            ("მათ შორის აქტიური", "Of which active"), sum(e["status"]["code"] == "active" for e in entries)
        ),
    ]


def _social(world: Population) -> list[tuple[Text, Text]]:
    benefits = [b for benefits in world.benefits.values() for b in benefits]
    names = {b["type"]: b["name"] for b in benefits}
    by_type = Counter(b["type"] for b in benefits)
    return [
        _count((f"მიმღებები: {names[kind]['ka']}", f"Recipients: {names[kind]['en']}"), count)
        for kind, count in sorted(by_type.items())
    ]


def _utilities(world: Population) -> list[tuple[Text, Text]]:
    accounts = [a for accounts in world.utilities.values() for a in accounts]
    names = {a["service"]: a["service_name"] for a in accounts}
    by_service = Counter(a["service"] for a in accounts)
    return [
        _count((f"აბონენტები: {names[kind]['ka']}", f"Subscribers: {names[kind]['en']}"), count)
        for kind, count in sorted(by_service.items())
    ]


def _education(world: Population) -> list[tuple[Text, Text]]:
    records = world.education.values()
    return [
        _count(
            ("სკოლის ატესტატები", "School certificates"), sum(len(r["school_certificates"]) for r in records)
        ),
        _count(("დიპლომები", "Diplomas"), sum(len(r["diplomas"]) for r in records)),
    ]


_FIGURES: dict[str, Callable[[Population], list[tuple[Text, Text]]]] = {
    "psda": _civil_registry,
    "napr": _public_registry,
    "rs": _revenue,
    "mia": _internal_affairs,
    "nbe": _enforcement,
    "ssa": _social,
    "utilities": _utilities,
    "eqe": _education,
}


def _public_information(letter: Letter, *, implementation: str, agency: Text, world: Population) -> Reply:
    searched = needs_search(letter)
    statement: Text = (
        (
            "ინფორმაცია მოძიებულია სააგენტოს არქივსა და რეესტრებში.",
            "The information was searched for in the agency's archive and registers.",
        )
        if searched
        else (
            "ინფორმაცია გაცემულია სააგენტოს რეესტრებიდან.",
            "The information is given from the agency's registers.",
        )
    )
    document = Document(
        name=f"public-information-{letter.number}.pdf",
        title=("საჯარო ინფორმაცია", "Public information"),
        facts=_about(letter),
        tables=[
            Table(
                caption=(
                    f"{agency[0]}: მონაცემები {REFERENCE_DATE:%d.%m.%Y}-ის მდგომარეობით",
                    f"{agency[1]}: figures as of {REFERENCE_DATE:%d.%m.%Y}",
                ),
                columns=(("მაჩვენებელი", "Figure"), ("რაოდენობა", "Count")),
                rows=list(_FIGURES.get(implementation, lambda world: [])(world)),
            )
        ],
        statement=statement,
    )
    return Reply(
        outcome="answered",
        message=(
            "მოთხოვნილი საჯარო ინფორმაცია თანდართულია.",
            "The public information you asked for is attached.",
        ),
        documents=(document,),
    )


def _rows(value: Any, path: str) -> list[tuple[Text, Text]]:
    """A service's answer as (field, value) rows: the fields as the service names them."""
    if isinstance(value, dict):
        if isinstance(value.get("ka"), str) and isinstance(value.get("en"), str):
            return [(same(path), (value["ka"], value["en"]))]
        return [row for key, item in value.items() for row in _rows(item, f"{path}.{key}" if path else key)]
    if isinstance(value, list):
        return [row for number, item in enumerate(value, start=1) for row in _rows(item, f"{path}[{number}]")]
    if value is None:
        return [(same(path), same("—"))]
    if isinstance(value, bool):
        return [(same(path), ("დიახ", "Yes") if value else ("არა", "No"))]
    if isinstance(value, str) and len(value) > 200:  # a photograph's bytes, not for reading
        return [(same(path), (f"({len(value)} სიმბოლო)", f"({len(value)} characters)"))]
    return [(same(path), same(value))]


def _personal_data(letter: Letter, *, implementation: str, world: Population) -> Reply:
    if someone_else(letter):
        return Reply(
            outcome="refused",
            message=(
                "თქვენ ითხოვთ სხვა პირის პერსონალურ მონაცემებს. ისინი გაიცემა მხოლოდ ამ პირის "
                "თანხმობით ან კანონით პირდაპირ გათვალისწინებულ შემთხვევაში.",
                "You ask for another person's personal data. They are disclosed only with that "
                "person's consent or where a law expressly provides for it.",
            ),
            refusal_ground=PERSONAL_DATA_GROUND,
        )
    party = Party(kind="person", id=letter.sender)
    tables = []
    for service in AGENCIES[implementation].services:
        if service.query is None or "person" not in service.subjects:
            continue
        data = service.query(world=world, party=party)
        rows = [] if data is None else _rows(data, "")
        if len(rows) > MAX_ROWS:
            more = len(rows) - MAX_ROWS
            rows = [*rows[:MAX_ROWS], (same("…"), (f"და კიდევ {more} ჩანაწერი", f"and {more} more entries"))]
        tables.append(
            Table(
                caption=service.title,
                columns=(("ველი", "Field"), ("მნიშვნელობა", "Value")),
                rows=rows,
                empty=(
                    "ამ რეესტრში თქვენ შესახებ ჩანაწერი არ არის.",
                    "This register holds no record about you.",
                ),
            )
        )
    document = Document(
        name=f"personal-data-{letter.number}.pdf",
        title=("თქვენ შესახებ დაცული პერსონალური მონაცემები", "Personal data held about you"),
        facts=[(("პირადი ნომერი", "Personal number"), same(letter.sender)), *_about(letter)],
        tables=tables,
        statement=(
            "ეს არის ყველა მონაცემი, რომელსაც სააგენტო თქვენ შესახებ ინახავს თავის რეესტრებში.",
            "These are all the data the agency keeps about you in its registers.",
        ),
    )
    return Reply(
        outcome="answered",
        message=("თქვენ შესახებ დაცული მონაცემები თანდართულია.", "The data we hold about you are attached."),
        documents=(document,),
    )


def _letter(letter: Letter) -> Reply:
    unit = f" ({letter.unit})" if letter.unit else ""
    return Reply(
        outcome="answered",
        message=(
            f"თქვენი წერილი „{letter.subject}“ (რეგისტრაციის ნომერი {letter.number}) განხილულია{unit}. "
            "სააგენტო საკითხს განიხილავს კანონმდებლობის შესაბამისად; დამატებითი შეკითხვა შეგიძლიათ "
            "დასვათ ამავე მიმოწერაში.",
            f"Your letter “{letter.subject}” (registration number {letter.number}) has been examined{unit}. "
            "The agency deals with the matter as the law provides; you can ask a further question "
            "in this thread.",
        ),
    )


def letter_reply(letter: Letter, *, kind: str, implementation: str, agency: Text, world: Population) -> Reply:
    """The agency's answer to the letter, read as `kind` (a reply in a thread reads as a letter)."""
    if kind == "public_information":
        return _public_information(letter, implementation=implementation, agency=agency, world=world)
    if kind == "personal_data":
        return _personal_data(letter, implementation=implementation, world=world)
    return _letter(letter)
