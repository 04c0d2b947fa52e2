"""Public Service Development Agency: the civil registry, and (as Public Service Halls do) the
desk where municipal applications are lodged."""

from __future__ import annotations

from typing import Any

from demo_agencies.names import bilingual
from demo_agencies.photos import photo_json
from demo_agencies.population import Person
from demo_agencies.services import (
    PERSONAL_NUMBER,
    Agency,
    Service,
    applicant_fields,
    choice,
    day,
    flag,
    form,
    number,
    text,
)
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _name(person: Person) -> dict[str, Any]:
    first, last = bilingual(person.first), bilingual(person.last)
    return {
        "ka": {"first": first["ka"], "last": last["ka"]},
        "en": {"first": first["en"], "last": last["en"]},
    }


def _person(*, world: Population, party: Party) -> dict[str, Any] | None:
    person = world.persons.get(party.id)
    if person is None:
        return None
    return {
        "personal_number": person.personal_number,
        "name": _name(person),
        "surname_at_birth": bilingual(person.birth_last),
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "birth_place": person.birth_place,
        "citizenship": {"country": "GEO", "acquired_by": person.citizenship_by},
        "alive": person.alive,
        "death_date": None if person.alive else person.death_date.isoformat(),
        "address": world.addresses[person.address_id].to_json(),
        "id_card": person.id_card,
        "photo": photo_json(seed=world.seed, personal_number=person.personal_number, sex=person.sex),
    }


def _civil_acts(*, world: Population, party: Party) -> dict[str, Any] | None:
    acts = world.acts.get(party.id)
    return {"acts": acts} if acts else None


def _relative(world: Population, number: str, relation: str) -> dict[str, Any]:
    person = world.persons[number]
    return {
        "relation": relation,
        "personal_number": number,
        "name": person.name(),
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "alive": person.alive,
    }


def _family(*, world: Population, party: Party) -> dict[str, Any] | None:
    person = world.persons.get(party.id)
    if person is None:
        return None
    parents = [_relative(world, n, r) for n, r in ((person.mother, "mother"), (person.father, "father")) if n]
    spouse = _relative(world, person.spouse, "spouse") if person.spouse else None
    children = [_relative(world, n, "child") for n in person.children]
    former = [_relative(world, n, "former_spouse") for n in person.former_spouses]
    if not (parents or spouse or children or former):
        return None
    return {"parents": parents, "spouse": spouse, "children": children, "former_spouses": former}


_DELIVERY = {
    "electronic": ("ელექტრონულად, პორტალზე", "Electronically, on the portal"),
    "hall": ("იუსტიციის სახლში", "At a Public Service Hall"),
}

AGENCY = Agency(
    code="psda",
    name=("სახელმწიფო სერვისების განვითარების სააგენტო", "Public Service Development Agency"),
    kind="state",
    summary=(
        "სამოქალაქო რეესტრი: პირები, სამოქალაქო აქტები, ოჯახი; მუნიციპალური განცხადებები.",
        "Civil registry: persons, civil acts, family; municipal applications.",
    ),
    services=(
        Service(
            name="person",
            type="informational",
            category="personal",
            assurance="substantial",
            title=("პერსონალური მონაცემები", "Personal data"),
            description=(
                "თქვენი ჩანაწერი სამოქალაქო რეესტრში: სახელი, დაბადება, მისამართი, პირადობის მოწმობა, ფოტო.",
                "Your civil-registry record: name, birth, address, ID card and photo.",
            ),
            keywords=(
                ("პირადი მონაცემები", "პირადობის მოწმობა", "მისამართი"),
                ("personal data", "ID card", "registered address"),
            ),
            query=_person,
        ),
        Service(
            name="civil-acts",
            type="informational",
            category="personal",
            assurance="substantial",
            title=("პირის მონაწილეობა სამოქალაქო აქტებში", "Participation in civil acts"),
            description=(
                "დაბადების, ქორწინების, განქორწინების, სახელის შეცვლისა და გარდაცვალების აქტები.",
                "Birth, marriage, divorce, name-change and death records you take part in.",
            ),
            keywords=(
                ("სამოქალაქო აქტი", "ქორწინება", "დაბადების აქტი"),
                ("civil acts", "marriage record", "participation in documents"),
            ),
            query=_civil_acts,
        ),
        Service(
            name="family",
            type="informational",
            category="family",
            assurance="substantial",
            title=("ოჯახის წევრები", "Family members"),
            description=(
                "მშობლები, მეუღლე და შვილები სამოქალაქო რეესტრის მიხედვით.",
                "Parents, spouse and children as the civil registry knows them.",
            ),
            keywords=(("ოჯახი", "შვილები", "მეუღლე"), ("family", "children", "spouse")),
            query=_family,
        ),
        Service(
            name="birth-certificate",
            type="functional",
            category="family",
            assurance="substantial",
            fee="10.00",
            deadline=(1, "working_days"),
            title=("დაბადების მოწმობის განმეორებით გაცემა", "Repeat birth certificate"),
            description=(
                "თქვენი ან თქვენი არასრულწლოვანი შვილის დაბადების მოწმობის ასლი.",
                "A new copy of your own or your minor child's birth certificate.",
            ),
            keywords=(
                ("დაბადების მოწმობა", "ბავშვის დაბადების მოწმობა", "მოწმობის აღდგენა"),
                ("repeat birth certificate", "birth certificate for a child", "lost birth certificate"),
            ),
            form_schema=form(
                "დაბადების მოწმობის მოთხოვნა",
                "Birth certificate request",
                required=["personal_number", "for_whom", "delivery"],
                personal_number=applicant_fields()["personal_number"],
                for_whom=choice(
                    "ვისთვის",
                    "For whom",
                    {"self": ("ჩემთვის", "For myself"), "child": ("შვილისთვის", "For my child")},
                ),
                child_personal_number=text(
                    "შვილის პირადი ნომერი",
                    "Child's personal number",
                    pattern=PERSONAL_NUMBER,
                    prefill="psda.family#/children/0/personal_number",
                ),
                delivery=choice("მიღების ფორმა", "Delivery", _DELIVERY, default="electronic"),
            ),
        ),
        Service(
            name="identity-change",
            type="functional",
            category="personal",
            assurance="high",
            signature_required=True,
            fee="20.00",
            deadline=(10, "working_days"),
            title=("საიდენტიფიკაციო მონაცემების შეცვლა", "Change of identification details"),
            description=(
                "სახელის ან გვარის შეცვლის რეგისტრაცია.",
                "Registration of a change of first name or surname.",
            ),
            keywords=(
                ("გვარის შეცვლა", "სახელის შეცვლა"),
                ("change surname", "change name", "identification details"),
            ),
            form_schema=form(
                "მონაცემების შეცვლა",
                "Change of details",
                required=["personal_number", "change", "new_value", "reason"],
                personal_number=applicant_fields()["personal_number"],
                current_first_name=applicant_fields()["first_name"],
                current_last_name=applicant_fields()["last_name"],
                change=choice(
                    "რა იცვლება",
                    "What changes",
                    {"first_name": ("სახელი", "First name"), "last_name": ("გვარი", "Surname")},
                ),
                new_value=text("ახალი მნიშვნელობა", "New value", max_length=60),
                reason=text("მიზეზი", "Reason", max_length=1000),
            ),
        ),
        Service(
            name="public-information",
            type="functional",
            category="personal",
            assurance="substantial",
            deadline=(10, "calendar_days"),
            title=(
                "საჯარო ინფორმაციის ან პერსონალური მონაცემების გამოთხოვა",
                "Request for public information or your personal data",
            ),
            description=(
                "საჯარო ინფორმაციის (და მისი კლასიფიკაციის) ან თქვენი პერსონალური მონაცემების გამოთხოვა; პასუხი 10 დღეში.",
                "Ask for public information (or how it is classified) or your own personal data; answered within 10 days.",
            ),
            keywords=(
                ("საჯარო ინფორმაცია", "ინფორმაციის კლასიფიკაცია"),
                ("public information", "classification of public information", "my data"),
            ),
            terms=(
                "საჯარო ინფორმაცია გაიცემა დაუყოვნებლივ ან არაუგვიანეს 10 დღისა.",
                "Public information is released at once, or within 10 days where it must be searched for.",
            ),
            form_schema=form(
                "მოთხოვნა",
                "Request",
                required=["personal_number", "request", "format"],
                personal_number=applicant_fields()["personal_number"],
                request=text("რას ითხოვთ", "What you ask for", max_length=4000),
                format=choice(
                    "ფორმატი",
                    "Format",
                    {
                        "electronic": ("ელექტრონული ასლი", "Electronic copy"),
                        "paper": ("ქაღალდის ასლი", "Paper copy"),
                    },
                ),
            ),
        ),
        Service(
            name="resident-parking",
            type="functional",
            category="municipality",
            assurance="substantial",
            fee="100.00",
            deadline=(5, "working_days"),
            title=(
                "მაცხოვრებლის პარკირების ნებართვა (მუნიციპალიტეტი)",
                "Resident parking permit (municipality)",
            ),
            description=(
                "მუნიციპალიტეტის სერვისი, რომელსაც იუსტიციის სახლი იღებს: ზონური პარკირება საცხოვრებლის ქუჩაზე.",
                "A municipal service lodged through the Public Service Hall: zone parking on your home street.",
            ),
            keywords=(
                ("პარკირება", "მუნიციპალიტეტი", "მერია"),
                ("parking permit", "municipality", "city hall"),
            ),
            form_schema=form(
                "პარკირების ნებართვა",
                "Parking permit",
                required=["personal_number", "plate", "address"],
                personal_number=applicant_fields()["personal_number"],
                plate=text(
                    "სახელმწიფო ნომერი",
                    "Licence plate",
                    pattern=r"^[A-Z]{2}-[0-9]{3}-[A-Z]{2}$",
                    prefill="mia.vehicles#/vehicles/0/plate",
                ),
                address=text("მისამართი", "Address", prefill="psda.person#/address/ka"),
            ),
        ),
        Service(
            name="building-permit",
            type="functional",
            category="permits",
            assurance="high",
            signature_required=True,
            fee="50.00",
            deadline=(30, "calendar_days"),
            title=("მშენებლობის ნებართვა (მუნიციპალიტეტი)", "Construction permit (municipality)"),
            description=(
                "მშენებლობის ნებართვის განცხადება მუნიციპალიტეტის არქიტექტურის სამსახურში.",
                "Application for a construction permit to the municipal architecture service.",
            ),
            keywords=(
                ("მშენებლობის ნებართვა", "ლიცენზია"),
                ("building permit", "construction permit", "licence"),
            ),
            form_schema=form(
                "მშენებლობის ნებართვა",
                "Construction permit",
                required=["personal_number", "cadastral_code", "works", "floors"],
                personal_number=applicant_fields()["personal_number"],
                cadastral_code=text(
                    "საკადასტრო კოდი",
                    "Cadastral code",
                    pattern=r"^[0-9]{2}(\.[0-9]{2,3}){4,6}$",
                    prefill="napr.property#/properties/0/cadastral_code",
                ),
                works=choice(
                    "სამუშაოები",
                    "Works",
                    {
                        "new": ("ახალი მშენებლობა", "New building"),
                        "extension": ("მიშენება", "Extension"),
                        "demolition": ("დემონტაჟი", "Demolition"),
                    },
                ),
                floors=number("სართულების რაოდენობა", "Number of floors", minimum=1, maximum=40),
            ),
        ),
        Service(
            name="housing-cofinancing",
            type="functional",
            category="cofinancing",
            assurance="substantial",
            signature_required=True,
            deadline=(1, "months"),
            title=(
                "საცხოვრებელი კორპუსის შეკეთების თანადაფინანსება",
                "Co-financing of apartment-building repairs",
            ),
            description=(
                "ბინათმესაკუთრეთა ამხანაგობის განცხადება სახურავის, ლიფტის ან ფასადის შეკეთების მუნიციპალურ თანადაფინანსებაზე.",
                "A homeowners' association asks the municipality to co-finance roof, lift or facade repairs.",
            ),
            keywords=(
                ("თანადაფინანსება", "ამხანაგობა", "ლიფტი"),
                ("co-financing", "homeowners association", "lift repair"),
            ),
            form_schema=form(
                "თანადაფინანსება",
                "Co-financing",
                required=["personal_number", "address", "works", "estimate"],
                personal_number=applicant_fields()["personal_number"],
                address=text("კორპუსის მისამართი", "Building address", prefill="psda.person#/address/ka"),
                works=choice(
                    "სამუშაო",
                    "Works",
                    {"roof": ("სახურავი", "Roof"), "lift": ("ლიფტი", "Lift"), "facade": ("ფასადი", "Facade")},
                ),
                estimate=number("ხარჯთაღრიცხვა (ლარი)", "Estimate (GEL)", minimum=1),
                association_registered=flag("ამხანაგობა რეგისტრირებულია", "Association is registered"),
                start_date=day("დაწყების თარიღი", "Start date"),
            ),
        ),
    ),
)
