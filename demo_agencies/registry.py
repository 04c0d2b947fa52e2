"""Civil acts (birth, marriage, divorce, name change, death) compiled from the people model.

Each act lists its registered participants by personal number, so every participant finds the
same act among their own acts: that is what "a person's participation in civil acts" shows.
Simplification: a surname taken at marriage (or taken back at divorce) is shown as a separate
name-change act on the same day; the real registry records it inside the marriage act.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from .names import bilingual
from .population import PeopleBuilder, Person

_TYPE_CODES = {"birth": "01", "marriage": "02", "divorce": "03", "name_change": "04", "death": "05"}
ACT_TYPES = {
    "birth": bilingual("დაბადება", "Birth"),
    "marriage": bilingual("ქორწინება", "Marriage"),
    "divorce": bilingual("განქორწინება", "Divorce"),
    "name_change": bilingual("სახელის ან გვარის შეცვლა", "Change of name or surname"),
    "death": bilingual("გარდაცვალება", "Death"),
}


class _Acts:
    def __init__(self, persons: dict[str, Person]) -> None:
        self.persons = persons
        self.by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._sequence = 0

    def add(
        self, kind: str, *, on: date, place: dict[str, str], roles: list[tuple[str, str]], **details: Any
    ) -> None:
        self._sequence += 1
        act = {
            "type": kind,
            "type_name": ACT_TYPES[kind],
            "number": f"{_TYPE_CODES[kind]}{on.year}{self._sequence:06d}",
            "date": on.isoformat(),
            "place": place,
            "participants": [
                {"role": role, "personal_number": number, "name": self.persons[number].name()}
                for role, number in roles
            ],
            "details": details,
        }
        for _, number in roles:
            self.by_person[number].append(act)


def civil_acts(people: PeopleBuilder) -> dict[str, list[dict[str, Any]]]:
    persons = people.persons
    acts = _Acts(persons)
    for person in persons.values():
        if person.citizenship_by == "birth":
            roles = [("child", person.personal_number)]
            roles += [
                (role, number)
                for role, number in (("mother", person.mother), ("father", person.father))
                if number
            ]
            acts.add("birth", on=person.birth_date, place=person.birth_place, roles=roles, sex=person.sex)
    for marriage in people.marriages:
        wife = persons[marriage.wife]
        husband = persons[marriage.husband]
        roles = [("husband", marriage.husband), ("wife", marriage.wife)]
        place = bilingual(marriage.place)
        acts.add("marriage", on=marriage.date, place=place, roles=roles)
        if marriage.wife_took_surname:
            acts.add(
                "name_change",
                on=marriage.date,
                place=place,
                roles=[("subject", marriage.wife)],
                previous_surname=bilingual(wife.birth_last),
                new_surname=bilingual(husband.last),
                reason="marriage",
            )
        if marriage.divorce_date:
            acts.add("divorce", on=marriage.divorce_date, place=place, roles=roles)
            if marriage.wife_took_surname and wife.last == wife.birth_last:
                acts.add(
                    "name_change",
                    on=marriage.divorce_date,
                    place=place,
                    roles=[("subject", marriage.wife)],
                    previous_surname=bilingual(husband.last),
                    new_surname=bilingual(wife.birth_last),
                    reason="divorce",
                )
    for person in persons.values():
        if person.death_date:
            home = people.addresses[person.address_id].to_json()["city"]
            acts.add("death", on=person.death_date, place=home, roles=[("deceased", person.personal_number)])
    for own in acts.by_person.values():
        own.sort(key=lambda act: (act["date"], act["number"]))
    return dict(acts.by_person)
