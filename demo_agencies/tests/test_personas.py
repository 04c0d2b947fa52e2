"""Each persona's stated traits hold in what the agencies answer about them (docs/personas.md)."""

from __future__ import annotations

import re

import pytest

from demo_agencies.agencies import AGENCIES
from demo_agencies.personas import PERSONAS, TRAITS, persona_list
from demo_agencies.population import age
from demo_agencies.world import build_population
from panjara_protocol.envelope import Party

WORLD = build_population(seed=2026)


def _has(trait: str, number: str, world=WORLD) -> bool:
    def ask(code, number):
        agency, name = code.split(".")
        return AGENCIES[agency].service(name).query(world=world, party=Party(kind="person", id=number))

    person = world.persons[number]
    companies = (ask("napr.participation", number) or {}).get("companies", [])
    acts = (ask("psda.civil-acts", number) or {}).get("acts", [])
    checks = {
        "vehicles": lambda: any(v["current_owner"] for v in ask("mia.vehicles", number)["vehicles"]),
        "unpaid_fines": lambda: any(f["status"] == "unpaid" for f in ask("mia.fines", number)["fines"]),
        "company_director": lambda: any("director" in c["roles"] for c in companies),
        "company_partner": lambda: any("partner" in c["roles"] for c in companies),
        "pledged_share": lambda: any(c["share_pledged"] for c in companies),
        "sole_proprietor": lambda: any(c["legal_form"]["code"] == "sole_proprietor" for c in companies),
        "property": lambda: bool(ask("napr.property", number)),
        "border_crossings": lambda: bool(ask("mia.border-crossings", number)),
        "tax_debt": lambda: float(ask("rs.tax-balance", number)["balance"]["debt"]) > 0,
        "debtor": lambda: any(e["status"]["code"] == "active" for e in ask("nbe.debtor", number)["entries"]),
        "pensioner": lambda: any(
            b["type"] == "old_age_pension" for b in ask("ssa.benefits", number)["benefits"]
        ),
        "widowed": lambda: person.spouse is not None and not world.persons[person.spouse].alive,
        "married": lambda: person.spouse is not None and world.persons[person.spouse].alive,
        "divorced": lambda: any(a["type"] == "divorce" for a in acts) and person.spouse is None,
        "parent": lambda: bool(ask("psda.family", number)["children"]),
        "minor": lambda: age(person.birth_date) < 18,
        "name_change": lambda: any(a["type"] == "name_change" for a in acts),
        "utility_debt": lambda: any(
            b["status"] == "overdue" for a in ask("utilities.bills", number)["accounts"] for b in a["bills"]
        ),
        "diploma": lambda: bool(ask("eqe.education", number)["diplomas"]),
        "no_records": lambda: _nothing_but_the_civil_registry(number, world),
    }
    return checks[trait]()


def _nothing_but_the_civil_registry(number: str, world) -> bool:
    answers = {
        f"{code}.{service.name}": service.query(world=world, party=Party(kind="person", id=number))
        for code, agency in AGENCIES.items()
        for service in agency.services
        if service.query is not None and "person" in service.subjects
    }
    return answers.pop("psda.person") is not None and all(value is None for value in answers.values())


@pytest.mark.parametrize(
    ("number", "trait"), [(p.personal_number, trait) for p in PERSONAS for trait in p.traits]
)
def test_a_personas_trait_holds(number, trait):
    assert _has(trait, number), f"{number} should have {trait}"


@pytest.mark.parametrize("seed", [1, 99, 31337])
def test_personas_keep_their_numbers_and_traits_under_any_seed(seed):
    other = build_population(seed=seed)
    for persona in PERSONAS:
        person = other.persons[persona.personal_number]
        assert (person.first, person.birth_date, person.mobile) == (
            persona.first,
            persona.birth_date,
            persona.mobile,
        )
        for trait in persona.traits:
            assert _has(trait, persona.personal_number, other), (seed, persona.personal_number, trait)


def test_the_persona_family_is_wired_as_documented():
    giorgi, nino, tamar, levan, ana, mariam, davit = (WORLD.persons[p.personal_number] for p in PERSONAS)
    assert giorgi.mother == tamar.personal_number
    assert giorgi.spouse == mariam.personal_number
    assert {ana.mother, ana.father} == {mariam.personal_number, giorgi.personal_number}
    assert tamar.birth_last == "ლომიძე" and mariam.birth_last == "ჯაფარიძე"
    company = next(c for c in WORLD.participation[giorgi.personal_number] if "director" in c["roles"])
    assert nino.personal_number in {
        p["personal_number"] for p in WORLD.companies[company["company_id"]]["partners"]
    }
    assert levan.citizenship_by == "naturalisation"
    assert davit.former_spouses


def test_traits_and_personas_are_listed_for_the_manifest():
    listed = persona_list()
    assert [p["personal_number"] for p in listed] == [p.personal_number for p in PERSONAS]
    for entry in listed:
        assert re.fullmatch(r"[0-9]{11}", entry["personal_number"])
        assert entry["mobile"] is None or re.fullmatch(r"5[0-9]{8}", entry["mobile"])
        assert set(entry["traits"]) <= set(TRAITS)
        assert entry["name"]["en"] == f"{entry['first_name']['en']} {entry['last_name']['en']}"
    assert len({p["mobile"] for p in listed if p["mobile"]}) == sum(1 for p in listed if p["mobile"])
