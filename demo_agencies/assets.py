"""Things people own or did: real estate (napr), vehicles, traffic fines and border crossings (mia)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from typing import Any

from . import personas as P
from .names import BANKS, bilingual
from .population import REFERENCE_DATE, PeopleBuilder, Person, random_date

TBILISI_TIME = timezone(timedelta(hours=4))
ENFORCEMENT_BUREAU = bilingual("აღსრულების ეროვნული ბიურო", "National Bureau of Enforcement")
_REGIONS = {
    "თბილისი": "01", "რუსთავი": "02", "ქუთაისი": "03", "ფოთი": "04", "ბათუმი": "05", "ოზურგეთი": "26",
    "ზესტაფონი": "32", "სამტრედია": "37", "ზუგდიდი": "43", "თელავი": "53", "ახალციხე": "63", "გორი": "66",
    "ხაშური": "68", "მცხეთა": "72",
}  # fmt: skip
PROPERTY_TYPES = {
    "apartment": bilingual("ბინა", "Apartment"),
    "house": bilingual("საცხოვრებელი სახლი", "House"),
    "land": bilingual("სასოფლო-სამეურნეო მიწის ნაკვეთი", "Agricultural land plot"),
    "commercial": bilingual("არასაცხოვრებელი ფართი", "Non-residential premises"),
}
_MAKES = (
    ("Toyota", ("Prius", "Camry", "RAV4", "Corolla"), "JTD"), ("Mercedes-Benz", ("E 350", "C 300", "GLE 350"), "WDD"),
    ("BMW", ("X5", "328i", "530i"), "WBA"), ("Honda", ("Fit", "CR-V", "Civic"), "JHM"), ("Opel", ("Astra", "Zafira"), "W0L"),
    ("Hyundai", ("Elantra", "Tucson", "Sonata"), "KMH"), ("Lexus", ("RX 350", "ES 350"), "JTJ"),
    ("Subaru", ("Forester", "Outback"), "JF1"), ("Ford", ("Escape", "Fusion"), "1FM"), ("Volkswagen", ("Golf", "Passat"), "WVW"),
    ("Nissan", ("Juke", "Leaf", "X-Trail"), "SJN"), ("Kia", ("Sportage", "Optima"), "KNA"),
)  # fmt: skip
_COLOURS = (
    ("თეთრი", "White"),
    ("შავი", "Black"),
    ("ვერცხლისფერი", "Silver"),
    ("ლურჯი", "Blue"),
    ("წითელი", "Red"),
)
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O or Q in a VIN
_PLATE_LETTERS = "ABCDEGHIKLMNOPRSTUVWXYZ"
_OFFENCES = (
    ("125(1)", ("დადგენილი სიჩქარის გადაჭარბება", "Speeding"), 50),
    ("125(3)", ("სიჩქარის მნიშვნელოვანი გადაჭარბება", "Excessive speeding"), 400),
    ("118(5)", ("ავტომობილის დაუშვებელ ადგილას გაჩერება", "Parking where prohibited"), 50),
    ("121(1)", ("შუქნიშნის ამკრძალავ სიგნალზე გავლა", "Running a red light"), 100),
    ("125(7)", ("უსაფრთხოების ღვედის გამოუყენებლობა", "Not wearing a seat belt"), 40),
    ("125(8)", ("მართვისას მობილური ტელეფონით სარგებლობა", "Using a mobile phone while driving"), 50),
    ("119(1)", ("ტექნიკური დათვალიერების გაუვლელობა", "No periodic technical inspection"), 100),
)  # articles approximate the Code of Administrative Offences; amounts are illustrative
CHECKPOINTS = (
    ("თბილისის საერთაშორისო აეროპორტი", "Tbilisi International Airport"),
    ("თბილისის საერთაშორისო აეროპორტი", "Tbilisi International Airport"),
    ("ქუთაისის საერთაშორისო აეროპორტი", "Kutaisi International Airport"),
    ("ბათუმის საერთაშორისო აეროპორტი", "Batumi International Airport"),
    ("სარფი", "Sarpi"), ("ყაზბეგი (ზემო ლარსი)", "Kazbegi (Zemo Larsi)"), ("წითელი ხიდი", "Red Bridge"),
    ("სადახლო", "Sadakhlo"), ("ვალე", "Vale"),
)  # fmt: skip


def _eligible(person: Person) -> bool:
    return person.adult and not person.persona


class AssetBuilder:
    def __init__(self, rng: random.Random, people: PeopleBuilder) -> None:
        self.rng = rng
        self.people = people
        self._codes: set[str] = set()

    # --- real estate ------------------------------------------------------------------------
    def _cadastral(self, city: str, flat: str | None) -> str:
        rng = self.rng
        while True:
            code = (
                f"{_REGIONS[city]}.{rng.randint(10, 99)}.{rng.randint(1, 30):02d}.{rng.randint(1, 300):03d}"
            )
            code += f".{rng.randint(1, 200):03d}" + (f".01.{int(flat):03d}" if flat else "")
            if code not in self._codes:
                self._codes.add(code)
                return code

    def _property(
        self, *, kind: str, address_id: int, owners: list[tuple[str, str, dict[str, str], str]]
    ) -> dict:
        rng = self.rng
        address = self.people.addresses[address_id]
        low, high = {
            "apartment": (35, 160),
            "house": (80, 320),
            "land": (300, 5000),
            "commercial": (50, 2000),
        }[kind]
        return {
            "cadastral_code": self._cadastral(address.city, address.flat if kind == "apartment" else None),
            "type": {"code": kind, "name": PROPERTY_TYPES[kind]},
            "address": address.to_json(),
            "area_m2": f"{rng.randint(low * 10, high * 10) / 10:.2f}",
            "registered": random_date(rng, start=date(2000, 1, 1), end=REFERENCE_DATE).isoformat(),
            "owners": [{"kind": k, "id": i, "name": n, "share": s} for k, i, n, s in owners],
            "encumbrances": [],
        }

    def properties(
        self, companies: dict[str, dict[str, Any]], debtors: list[str]
    ) -> dict[str, list[dict[str, Any]]]:
        rng, persons = self.rng, self.people.persons
        residents: dict[int, list[Person]] = defaultdict(list)
        for person in persons.values():
            if person.adult:
                residents[person.address_id].append(person)
        forced = {persons[p.personal_number].address_id for p in (P.GIORGI, P.NINO, P.TAMAR)}
        found: list[dict[str, Any]] = []
        for address_id, people in residents.items():
            if any(p.personal_number == P.LEVAN.personal_number for p in people):
                continue
            if address_id not in forced and rng.random() > 0.65:
                continue
            head = min(people, key=lambda p: p.birth_date)
            spouse = persons.get(head.spouse or "")
            owners = [head] + ([spouse] if spouse in people else [])
            share = "1/1" if len(owners) == 1 else "1/2"
            kind = "apartment" if self.people.addresses[address_id].flat else "house"
            found.append(
                self._property(
                    kind=kind,
                    address_id=address_id,
                    owners=[("person", o.personal_number, o.name(), share) for o in owners],
                )
            )
        for person in persons.values():
            if _eligible(person) and rng.random() < 0.12:
                address = self.people._new_address()
                address.flat = None
                found.append(
                    self._property(
                        kind="land",
                        address_id=address.id,
                        owners=[("person", person.personal_number, person.name(), "1/1")],
                    )
                )
        for company in companies.values():
            if company["status"]["code"] != "liquidated" and rng.random() < 0.4:
                address = self.people._new_address()
                found.append(
                    self._property(
                        kind="commercial",
                        address_id=address.id,
                        owners=[("company", company["id"], company["name"], "1/1")],
                    )
                )
        seized = set(debtors)
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for estate in found:
            if rng.random() < 0.2:
                estate["encumbrances"].append(self._encumbrance("mortgage", bilingual(*rng.choice(BANKS))))
            if any(owner["id"] in seized for owner in estate["owners"]):
                estate["encumbrances"].append(self._encumbrance("seizure", ENFORCEMENT_BUREAU))
            for owner in estate["owners"]:
                by_owner[owner["id"]].append(estate)
        return dict(by_owner)

    def _encumbrance(self, kind: str, holder: dict[str, str]) -> dict[str, Any]:
        names = {
            "mortgage": bilingual("იპოთეკა", "Mortgage"),
            "seizure": bilingual("ყადაღა", "Seizure (lien)"),
        }
        return {
            "type": {"code": kind, "name": names[kind]},
            "holder": holder,
            "amount": f"{self.rng.randint(10, 300) * 1000}.00" if kind == "mortgage" else None,
            "registered": random_date(self.rng, start=date(2015, 1, 1), end=REFERENCE_DATE).isoformat(),
        }

    # --- vehicles and fines -------------------------------------------------------------------
    def vehicles(self) -> dict[str, list[dict[str, Any]]]:
        rng, persons = self.rng, self.people.persons
        owners = [p for p in persons.values() if _eligible(p)]
        by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for person in [persons[P.GIORGI.personal_number], *owners]:
            count = 2 if person.persona else rng.choices((0, 1, 2), weights=(60, 32, 8))[0]
            for _ in range(count):
                vehicle = self._vehicle(person, previous=rng.choice(owners) if rng.random() < 0.3 else None)
                for owner in vehicle["owners"]:
                    by_person[owner["personal_number"]].append(vehicle)
        return dict(by_person)

    def _vehicle(self, owner: Person, *, previous: Person | None) -> dict[str, Any]:
        rng = self.rng
        make, models, wmi = rng.choice(_MAKES)
        year = rng.randint(2003, 2023)
        vin = wmi + "".join(rng.choice(_VIN_CHARS) for _ in range(8)) + f"{rng.randrange(10**6):06d}"
        plate = f"{''.join(rng.choices(_PLATE_LETTERS, k=2))}-{rng.randint(100, 999)}-{''.join(rng.choices(_PLATE_LETTERS, k=2))}"
        start = max(date(year, 1, 1), owner.birth_date + timedelta(days=365 * 18 + 5))
        bought = random_date(rng, start=start, end=REFERENCE_DATE - timedelta(days=40))
        history: list[dict[str, Any]] = []
        if previous is not None and previous is not owner and bought > start + timedelta(days=60):
            first = random_date(rng, start=start, end=bought - timedelta(days=30))
            history.append(self._ownership(previous, first, bought))
        history.append(self._ownership(owner, bought, None))
        return {
            "vin": vin,
            "plate": plate,
            "make": make,
            "model": rng.choice(models),
            "year": year,
            "colour": bilingual(*rng.choice(_COLOURS)),
            "owners": history,
        }

    @staticmethod
    def _ownership(person: Person, start: date, end: date | None) -> dict[str, Any]:
        return {
            "personal_number": person.personal_number,
            "name": person.name(),
            "from": start.isoformat(),
            "to": None if end is None else end.isoformat(),
        }

    def fines(self, vehicles: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        rng = self.rng
        by_person: dict[str, list[dict[str, Any]]] = {}
        for number, owned in vehicles.items():
            current = [v for v in owned if v["owners"][-1]["personal_number"] == number]
            if not current:
                continue
            persona = number == P.GIORGI.personal_number
            count = 3 if persona else rng.choices((0, 1, 2, 3), weights=(45, 30, 15, 10))[0]
            fines = [self._fine(rng.choice(current), unpaid=persona and i < 2) for i in range(count)]
            if fines:
                by_person[number] = sorted(fines, key=lambda f: (f["date"], f["number"]))
        return by_person

    def _fine(self, vehicle: dict[str, Any], *, unpaid: bool) -> dict[str, Any]:
        rng = self.rng
        article, (what_ka, what_en), amount = rng.choice(_OFFENCES)
        issued = random_date(rng, start=date.fromisoformat(vehicle["owners"][-1]["from"]), end=REFERENCE_DATE)
        paid = not unpaid and rng.random() < 0.7
        return {
            "number": f"{''.join(rng.choices(_PLATE_LETTERS, k=2))}{rng.randrange(10**7):07d}",
            "date": issued.isoformat(),
            "article": article,
            "description": bilingual(what_ka, what_en),
            "amount": f"{amount}.00",
            "currency": "GEL",
            "plate": vehicle["plate"],
            "due_date": (issued + timedelta(days=30)).isoformat(),
            "status": "paid" if paid else "unpaid",
            "paid_on": random_date(
                rng, start=issued, end=min(issued + timedelta(days=30), REFERENCE_DATE)
            ).isoformat()
            if paid
            else None,
        }

    # --- border crossings -----------------------------------------------------------------------
    def crossings(self) -> dict[str, list[dict[str, Any]]]:
        rng, persons = self.rng, self.people.persons
        by_person: dict[str, list[dict[str, Any]]] = {}
        for person in persons.values():
            forced = person.personal_number == P.GIORGI.personal_number
            if not forced and not (_eligible(person) and rng.random() < 0.5):
                continue
            trips: list[dict[str, Any]] = []
            count = rng.randint(2, 4) if forced else rng.randint(1, 4)
            days = sorted(rng.sample(range(30, 1500), count), reverse=True)
            for index, days_ago in enumerate(days):
                # Trips never overlap: each return comes before the next departure.
                gap = days_ago - (days[index + 1] if index + 1 < len(days) else 0)
                out = datetime.combine(
                    REFERENCE_DATE - timedelta(days=days_ago), datetime.min.time(), TBILISI_TIME
                )
                out += timedelta(minutes=rng.randint(0, 24 * 60 - 1))
                back = out + timedelta(
                    days=rng.randint(1, max(1, min(25, gap - 2))), minutes=rng.randint(0, 600)
                )
                for moment, direction in ((out, "out"), (back, "in")):
                    ka, en = rng.choice(CHECKPOINTS)
                    trips.append(
                        {
                            "datetime": moment.isoformat(),
                            "checkpoint": bilingual(ka, en),
                            "direction": direction,
                        }
                    )
            by_person[person.personal_number] = sorted(trips, key=lambda t: t["datetime"])
        return by_person


def build_assets(
    rng: random.Random, people: PeopleBuilder, companies: dict[str, dict[str, Any]], debtors: list[str]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    builder = AssetBuilder(rng, people)
    vehicles = builder.vehicles()
    return {
        "properties": builder.properties(companies, debtors),
        "vehicles": vehicles,
        "fines": builder.fines(vehicles),
        "crossings": builder.crossings(),
    }
