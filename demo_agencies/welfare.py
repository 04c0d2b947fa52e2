"""Benefits and healthcare (ssa), utility bills (the private provider) and education records (eqe)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from . import personas as P
from .names import bilingual
from .population import REFERENCE_DATE, PeopleBuilder, Person, age, plus_years, random_date

BENEFITS = {
    "old_age_pension": bilingual("სახელმწიფო (ასაკობრივი) პენსია", "State old-age pension"),
    "targeted_social_assistance": bilingual("საარსებო შემწეობა", "Targeted social assistance"),
    "disability": bilingual("სოციალური პაკეტი (შეზღუდული შესაძლებლობა)", "Disability social package"),
    "idp_allowance": bilingual("დევნილის შემწეობა", "Allowance for internally displaced persons"),
    "multi_child": bilingual("მრავალშვილიანი ოჯახის დახმარება", "Large-family allowance"),
}
_HEALTH_PROGRAMMES = (
    ("გეგმიური ქირურგია", "Planned surgery"), ("ონკოლოგიური მკურნალობა", "Oncology treatment"),
    ("გადაუდებელი სტაციონარული მომსახურება", "Emergency inpatient care"), ("მშობიარობა", "Childbirth"),
    ("ქრონიკული დაავადებების მედიკამენტები", "Medicines for chronic conditions"),
)  # fmt: skip
_CLINICS = ("კლინიკა „მედიქალი“", "საავადმყოფო „ჯანმრთელი ქალაქი“", "სამედიცინო ცენტრი „მზე“")
_CLINICS_EN = ("Medikali Clinic", "Healthy City Hospital", "Mze Medical Centre")
UTILITIES = {
    "electricity": bilingual("ელექტროენერგია", "Electricity"),
    "water": bilingual("წყალმომარაგება", "Water supply"),
    "gas": bilingual("ბუნებრივი აირი", "Natural gas"),
    "waste": bilingual("დასუფთავება", "Waste collection"),
}
BILL_PERIODS = ("2025-12", "2026-01", "2026-02")
_SCHOOL_CITIES = ("თბილისის", "ქუთაისის", "ბათუმის", "რუსთავის", "გორის", "ზუგდიდის", "თელავის")
_SCHOOL_CITIES_EN = ("Tbilisi", "Kutaisi", "Batumi", "Rustavi", "Gori", "Zugdidi", "Telavi")
_UNIVERSITIES = (
    (
        "ივანე ჯავახიშვილის სახელობის თბილისის სახელმწიფო უნივერსიტეტი",
        "Ivane Javakhishvili Tbilisi State University",
    ),
    ("საქართველოს ტექნიკური უნივერსიტეტი", "Georgian Technical University"),
    ("თბილისის სახელმწიფო სამედიცინო უნივერსიტეტი", "Tbilisi State Medical University"),
    ("ილიას სახელმწიფო უნივერსიტეტი", "Ilia State University"),
    ("აკაკი წერეთლის სახელმწიფო უნივერსიტეტი", "Akaki Tsereteli State University"),
    ("ბათუმის შოთა რუსთაველის სახელმწიფო უნივერსიტეტი", "Batumi Shota Rustaveli State University"),
)
_PROGRAMMES = (
    ("სამართალი", "Law"), ("ეკონომიკა", "Economics"), ("მედიცინა", "Medicine"),
    ("კომპიუტერული მეცნიერებები", "Computer Science"), ("სამოქალაქო ინჟინერია", "Civil Engineering"),
    ("ქართული ფილოლოგია", "Georgian Philology"), ("ბიზნესის ადმინისტრირება", "Business Administration"),
    ("საერთაშორისო ურთიერთობები", "International Relations"), ("არქიტექტურა", "Architecture"), ("მათემატიკა", "Mathematics"),
)  # fmt: skip
DEGREES = {
    "bachelor": bilingual("ბაკალავრი", "Bachelor"),
    "master": bilingual("მაგისტრი", "Master"),
    "doctor": bilingual("დოქტორი", "Doctor"),
}


def _benefit(code: str, amount: str, since: date) -> dict[str, Any]:
    return {
        "type": code,
        "name": BENEFITS[code],
        "monthly_amount": amount,
        "currency": "GEL",
        "since": since.isoformat(),
    }


def build_benefits(rng: random.Random, people: PeopleBuilder) -> dict[str, list[dict[str, Any]]]:
    by_person: dict[str, list[dict[str, Any]]] = {}
    for person in people.persons.values():
        if not person.alive or person.personal_number == P.LEVAN.personal_number:
            continue
        benefits: list[dict[str, Any]] = []
        pension_age = 65 if person.sex == "male" else 60
        if age(person.birth_date) >= pension_age:
            amount = "395.00" if age(person.birth_date) >= 70 else "345.00"
            start = plus_years(person.birth_date, pension_age).replace(day=1)
            benefits.append(_benefit("old_age_pension", amount, start))
        if not person.persona:
            since = random_date(rng, start=date(2012, 1, 1), end=REFERENCE_DATE)
            if person.adult and rng.random() < 0.07:
                benefits.append(
                    _benefit("targeted_social_assistance", f"{rng.randint(6, 20) * 10}.00", since)
                )
            if rng.random() < 0.04:
                benefits.append(_benefit("disability", "250.00", since))
            if rng.random() < 0.05:
                benefits.append(_benefit("idp_allowance", "45.00", since))
        if benefits:
            by_person[person.personal_number] = benefits
    return by_person


def build_health(rng: random.Random, people: PeopleBuilder) -> dict[str, list[dict[str, Any]]]:
    """Universal-healthcare vouchers a person has used (a programme, a clinic, the amount covered)."""
    by_person: dict[str, list[dict[str, Any]]] = {}
    for person in people.persons.values():
        if person.persona and person.personal_number == P.LEVAN.personal_number:
            continue
        if person.alive and rng.random() < (0.6 if person.persona else 0.35):
            vouchers = []
            for _ in range(rng.randint(1, 3)):
                programme = rng.choice(_HEALTH_PROGRAMMES)
                clinic = rng.randrange(len(_CLINICS))
                vouchers.append(
                    {
                        "voucher": f"UHC{rng.randrange(10**8):08d}",
                        "programme": bilingual(*programme),
                        "provider": bilingual(_CLINICS[clinic], _CLINICS_EN[clinic]),
                        "issued": random_date(
                            rng, start=REFERENCE_DATE - timedelta(days=1800), end=REFERENCE_DATE
                        ).isoformat(),
                        "covered_amount": f"{rng.randint(50, 8000)}.00",
                        "currency": "GEL",
                    }
                )
            by_person[person.personal_number] = sorted(vouchers, key=lambda v: v["issued"])
    return by_person


def build_utilities(rng: random.Random, people: PeopleBuilder) -> dict[str, list[dict[str, Any]]]:
    """Accounts per household, held by its oldest adult; bills for the last three months."""
    households: dict[int, list[Person]] = defaultdict(list)
    for person in people.persons.values():
        if person.adult and person.personal_number != P.LEVAN.personal_number:
            households[person.address_id].append(person)
    by_holder: dict[str, list[dict[str, Any]]] = {}
    mariam = people.persons[P.MARIAM.personal_number]
    for address_id, residents in households.items():
        holder = mariam if mariam in residents else min(residents, key=lambda p: p.birth_date)
        overdue = holder is mariam or rng.random() < 0.15
        accounts = []
        for service in UTILITIES:
            if service == "gas" and rng.random() < 0.2:
                continue
            bills = []
            for index, period in enumerate(BILL_PERIODS):
                latest = index == len(BILL_PERIODS) - 1
                low, high = {"electricity": (15, 160), "water": (4, 25), "gas": (10, 220), "waste": (3, 9)}[
                    service
                ]
                year, month = int(period[:4]), int(period[5:])
                due = date(year + (month == 12), month % 12 + 1, 20)
                status = "unpaid" if latest else ("overdue" if overdue and index == 0 else "paid")
                bills.append(
                    {
                        "period": period,
                        "amount_due": f"{rng.randint(low * 100, high * 100) / 100:.2f}",
                        "currency": "GEL",
                        "due_date": due.isoformat(),
                        "status": status,
                    }
                )
            accounts.append(
                {
                    "service": service,
                    "service_name": UTILITIES[service],
                    "subscriber_number": f"{rng.randrange(10**9, 10**10)}",
                    "address": people.addresses[address_id].to_json(),
                    "bills": bills,
                }
            )
        by_holder[holder.personal_number] = accounts
    return by_holder


def build_education(rng: random.Random, people: PeopleBuilder) -> dict[str, dict[str, Any]]:
    by_person: dict[str, dict[str, Any]] = {}
    for person in people.persons.values():
        if person.personal_number == P.LEVAN.personal_number or age(person.birth_date) < 18:
            continue
        graduated = person.birth_date.year + 18
        city = rng.randrange(len(_SCHOOL_CITIES))
        number = rng.randint(1, 200)
        school = {
            "school": bilingual(
                f"{_SCHOOL_CITIES[city]} №{number} საჯარო სკოლა",
                f"{_SCHOOL_CITIES_EN[city]} Public School No. {number}",
            ),
            "year": graduated,
            "certificate_number": f"SC{graduated}{rng.randrange(10**6):06d}",
        }
        diplomas = []
        wants_diploma = person.personal_number in (
            P.GIORGI.personal_number,
            P.MARIAM.personal_number,
            P.DAVIT.personal_number,
        )
        if wants_diploma or (not person.persona and rng.random() < 0.55):
            institution = bilingual(*rng.choice(_UNIVERSITIES))
            programme = bilingual(*rng.choice(_PROGRAMMES))
            levels = ["bachelor"]
            if person.personal_number == P.MARIAM.personal_number or rng.random() < 0.4:
                levels.append("master")
                if rng.random() < 0.1:
                    levels.append("doctor")
            for offset, level in zip((4, 6, 10), levels, strict=False):
                year = graduated + offset
                if year > REFERENCE_DATE.year - 1:
                    break
                diplomas.append(
                    {
                        "institution": institution,
                        "programme": programme,
                        "degree": {"code": level, "name": DEGREES[level]},
                        "year": year,
                        "diploma_number": f"D{year}{rng.randrange(10**6):06d}",
                    }
                )
        by_person[person.personal_number] = {"school_certificates": [school], "diplomas": diplomas}
    return by_person
