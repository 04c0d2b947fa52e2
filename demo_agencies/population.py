"""People, families and homes: the civil-registry core every other agency's data hangs on.

Everything comes from one `random.Random` so that a seed always yields byte-identical data (never
the global generator, never the clock, never iteration over a set). "Today" is REFERENCE_DATE: ages,
expiry dates and bill periods are computed against it, not against the machine's clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import personas as P
from .names import CITIES, FEMALE_NAMES, MALE_NAMES, STREETS, SURNAMES, bilingual

REFERENCE_DATE = date(2026, 3, 1)
AUTHORITY = bilingual("სახელმწიფო სერვისების განვითარების სააგენტო", "Public Service Development Agency")
_NUMBER_PREFIXES = ("01", "01", "01", "01", "60", "61", "62", "12", "35", "54")
_MOBILE_PREFIXES = ("555", "557", "558", "568", "571", "574", "577", "591", "592", "595", "597", "598", "599")


def age(born: date, *, on: date = REFERENCE_DATE) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def plus_years(day: date, years: int) -> date:
    # 29 February has no twin in most years; the registry moves such dates to 28 February.
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def random_date(rng: random.Random, *, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


@dataclass(kw_only=True)
class Address:
    id: int
    city: str
    street: int  # index into STREETS
    house: str
    flat: str | None

    def to_json(self) -> dict[str, Any]:
        street_ka, street_en = STREETS[self.street]
        city = bilingual(self.city)
        flat_ka = f", ბ. {self.flat}" if self.flat else ""
        flat_en = f", apt. {self.flat}" if self.flat else ""
        return {
            "ka": f"{city['ka']}, {street_ka} №{self.house}{flat_ka}",
            "en": f"{self.house} {street_en}{flat_en}, {city['en']}",
            "city": city,
        }


@dataclass(kw_only=True)
class Person:
    personal_number: str
    first: str
    last: str
    birth_last: str
    sex: str
    birth_date: date
    birth_place: dict[str, str]
    citizenship_by: str = "birth"  # or "naturalisation"
    death_date: date | None = None
    father: str | None = None
    mother: str | None = None
    spouse: str | None = None
    former_spouses: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    address_id: int = -1
    mobile: str | None = None
    id_card: dict[str, Any] | None = None
    persona: bool = False

    @property
    def alive(self) -> bool:
        return self.death_date is None

    @property
    def adult(self) -> bool:
        return self.alive and age(self.birth_date) >= 18

    def name(self) -> dict[str, str]:
        return {
            "ka": f"{self.first} {self.last}",
            "en": f"{bilingual(self.first)['en']} {bilingual(self.last)['en']}",
        }


@dataclass(kw_only=True)
class Marriage:
    husband: str
    wife: str
    date: date
    place: str
    wife_took_surname: bool
    divorce_date: date | None = None


class PeopleBuilder:
    """Builds persons and families. Other builders (companies, assets…) read the result."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.persons: dict[str, Person] = {}
        self.marriages: list[Marriage] = []
        self.addresses: list[Address] = []
        self._numbers: set[str] = {persona.personal_number for persona in P.PERSONAS}  # membership only
        self._mobiles: set[str] = {persona.mobile for persona in P.PERSONAS if persona.mobile}

    # --- identities -------------------------------------------------------------------------
    def personal_number(self) -> str:
        while True:
            number = self.rng.choice(_NUMBER_PREFIXES) + f"{self.rng.randrange(10**9):09d}"
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**6):06d}"
            if number not in self._mobiles:
                self._mobiles.add(number)
                return number

    def person(self, *, sex: str, born: date, last: str | None = None, **known: Any) -> Person:
        rng = self.rng
        first = known.pop("first", None) or rng.choice(MALE_NAMES if sex == "male" else FEMALE_NAMES)
        surname = last or rng.choice(SURNAMES)
        person = Person(
            personal_number=known.pop("personal_number", None) or self.personal_number(),
            first=first,
            last=surname,
            birth_last=surname,
            sex=sex,
            birth_date=born,
            birth_place=known.pop("birth_place", None) or bilingual(rng.choice(CITIES)),
            **known,
        )
        self.persons[person.personal_number] = person
        return person

    def from_persona(self, persona: P.Persona, **known: Any) -> Person:
        person = self.person(
            sex=persona.sex,
            born=persona.birth_date,
            first=persona.first,
            last=known.pop("last", persona.last),
            personal_number=persona.personal_number,
            persona=True,
            **known,
        )
        person.mobile = persona.mobile
        return person

    # --- relations ----------------------------------------------------------------------------
    def marry(self, husband: Person, wife: Person, *, on: date, took_surname: bool) -> Marriage:
        marriage = Marriage(
            husband=husband.personal_number,
            wife=wife.personal_number,
            date=on,
            place=self.rng.choice(CITIES),
            wife_took_surname=took_surname,
        )
        if took_surname:
            wife.last = husband.last
        husband.spouse, wife.spouse = wife.personal_number, husband.personal_number
        self.marriages.append(marriage)
        return marriage

    def divorce(self, marriage: Marriage, *, on: date) -> None:
        marriage.divorce_date = on
        husband, wife = self.persons[marriage.husband], self.persons[marriage.wife]
        husband.spouse = wife.spouse = None
        husband.former_spouses.append(wife.personal_number)
        wife.former_spouses.append(husband.personal_number)

    def child(self, *, father: Person | None, mother: Person, born: date, **known: Any) -> Person:
        sex = known.pop("sex", None) or self.rng.choice(("male", "female"))
        surname = father.last if father else mother.last
        kid = self.person(sex=sex, born=born, last=known.pop("last", surname), **known)
        kid.mother = mother.personal_number
        mother.children.append(kid.personal_number)
        if father is not None:
            kid.father = father.personal_number
            father.children.append(kid.personal_number)
        return kid

    def die(self, person: Person, *, earliest: date) -> None:
        person.death_date = random_date(self.rng, start=earliest, end=REFERENCE_DATE - timedelta(days=30))

    # --- families -----------------------------------------------------------------------------
    def personas(self) -> None:
        """The persona families, wired exactly as docs/personas.md states."""
        zurab = self.person(sex="male", born=date(1949, 8, 21), first="ზურაბ", last="ბერიძე")
        tamar = self.from_persona(P.TAMAR, last="ლომიძე")
        self.marry(zurab, tamar, on=date(1976, 6, 12), took_surname=True)
        self.die(zurab, earliest=date(2018, 1, 1))
        giorgi = self._persona_child(P.GIORGI, father=zurab, mother=tamar)
        self.child(father=zurab, mother=tamar, born=date(1980, 4, 3), sex="female")
        mariam = self.from_persona(P.MARIAM, last="ჯაფარიძე")
        self.marry(giorgi, mariam, on=date(2011, 9, 24), took_surname=True)
        self._persona_child(P.ANA, father=giorgi, mother=mariam)
        self.child(father=giorgi, mother=mariam, born=date(2018, 2, 11), sex="male")

        self.from_persona(P.NINO)
        self.from_persona(
            P.LEVAN,
            birth_place={"ka": "ათენი, საბერძნეთი", "en": "Athens, Greece"},
            citizenship_by="naturalisation",
        )
        davit = self.from_persona(P.DAVIT)
        former = self.person(sex="female", born=date(1978, 6, 9))
        marriage = self.marry(davit, former, on=date(2003, 5, 17), took_surname=False)
        self.child(father=davit, mother=former, born=date(2006, 1, 19))
        self.divorce(marriage, on=date(2015, 10, 2))

    def _persona_child(self, persona: P.Persona, *, father: Person, mother: Person) -> Person:
        kid = self.child(
            father=father,
            mother=mother,
            born=persona.birth_date,
            sex=persona.sex,
            first=persona.first,
            personal_number=persona.personal_number,
            persona=True,
        )
        kid.mobile = persona.mobile
        return kid

    def generations(self, *, couples: int, singles: int) -> None:
        rng = self.rng
        for _ in range(couples):
            born = random_date(rng, start=date(1938, 1, 1), end=date(1966, 12, 31))
            husband = self.person(sex="male", born=born)
            wife = self.person(sex="female", born=born + timedelta(days=rng.randint(-1500, 1000)))
            wed = born + timedelta(days=365 * rng.randint(21, 29) + rng.randint(0, 364))
            self.marry(husband, wife, on=wed, took_surname=rng.random() < 0.85)
            for kid in self._children(husband, wife, wed=wed, weights=(1, 3, 5, 2)):
                if age(kid.birth_date) >= 22 and rng.random() < 0.7:
                    self._second_generation(kid)
            for elder in (husband, wife):
                if rng.random() < (0.45 if elder.birth_date.year < 1950 else 0.15):
                    self.die(elder, earliest=date(2004, 1, 1))
        for _ in range(singles):
            sex = rng.choice(("male", "female"))
            self.person(sex=sex, born=random_date(rng, start=date(1950, 1, 1), end=date(2006, 12, 31)))

    def _children(
        self, father: Person, mother: Person, *, wed: date, weights: tuple[int, ...]
    ) -> list[Person]:
        count = self.rng.choices(range(len(weights)), weights=weights)[0]
        kids: list[Person] = []
        born = wed
        last_possible = min(REFERENCE_DATE - timedelta(days=60), mother.birth_date + timedelta(days=365 * 43))
        for _ in range(count):
            born = born + timedelta(days=self.rng.randint(300, 1800))
            if born > last_possible:
                break
            kids.append(self.child(father=father, mother=mother, born=born))
        return kids

    def _second_generation(self, person: Person) -> None:
        rng = self.rng
        partner_sex = "female" if person.sex == "male" else "male"
        partner = self.person(
            sex=partner_sex, born=person.birth_date + timedelta(days=rng.randint(-1400, 1400))
        )
        husband, wife = (person, partner) if person.sex == "male" else (partner, person)
        younger = max(husband.birth_date, wife.birth_date)
        wed = younger + timedelta(days=365 * rng.randint(20, 30) + rng.randint(0, 364))
        if wed >= REFERENCE_DATE:
            wed = REFERENCE_DATE - timedelta(days=rng.randint(100, 900))
        marriage = self.marry(husband, wife, on=wed, took_surname=rng.random() < 0.6)
        self._children(husband, wife, wed=wed, weights=(3, 4, 4, 1))
        if rng.random() < 0.12 and wed < REFERENCE_DATE - timedelta(days=800):
            self.divorce(marriage, on=random_date(rng, start=wed + timedelta(days=400), end=REFERENCE_DATE))
            if marriage.wife_took_surname and rng.random() < 0.5:
                wife.last = wife.birth_last  # took back her own surname: a name-change act

    # --- homes and documents ------------------------------------------------------------------
    def homes_and_documents(self) -> None:
        for person in self.persons.values():
            self._home_of(person)
            if person.alive and age(person.birth_date) >= 14:
                self._id_card(person)
            if person.adult and person.mobile is None and not person.persona:
                person.mobile = self.mobile()

    def _home_of(self, person: Person) -> int:
        if person.address_id >= 0:
            return person.address_id
        if person.alive and age(person.birth_date) < 18:
            guardian = self.persons[person.mother or person.father or ""]
            if not guardian.alive and person.father:
                guardian = self.persons[person.father]
            person.address_id = self._home_of(guardian)
        elif (
            person.spouse
            and self.persons[person.spouse].alive
            and self.persons[person.spouse].address_id >= 0
        ):
            person.address_id = self.persons[person.spouse].address_id
        else:
            person.address_id = self._new_address().id
        return person.address_id

    def _new_address(self) -> Address:
        rng = self.rng
        city = rng.choice(CITIES)
        flat = (
            str(rng.randint(1, 120))
            if city in ("თბილისი", "ბათუმი", "რუსთავი") or rng.random() < 0.4
            else None
        )
        address = Address(
            id=len(self.addresses),
            city=city,
            street=rng.randrange(len(STREETS)),
            house=str(rng.randint(1, 160)),
            flat=flat,
        )
        self.addresses.append(address)
        return address

    def _id_card(self, person: Person) -> None:
        rng = self.rng
        earliest = max(person.birth_date + timedelta(days=365 * 14 + 4), date(2011, 8, 1))
        issued = random_date(
            rng, start=max(earliest, REFERENCE_DATE - timedelta(days=3650)), end=REFERENCE_DATE
        )
        person.id_card = {
            "number": f"{rng.randint(10, 26)}{rng.choice(('ID', 'IB', 'IC'))}{rng.randrange(10**5):05d}",
            "issued": issued.isoformat(),
            "authority": AUTHORITY,
            "expires": (plus_years(issued, 10) - timedelta(days=1)).isoformat(),
        }


def build_people(rng: random.Random) -> PeopleBuilder:
    builder = PeopleBuilder(rng)
    builder.personas()
    builder.generations(couples=34, singles=22)
    builder.homes_and_documents()
    return builder
