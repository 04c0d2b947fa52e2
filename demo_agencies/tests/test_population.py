"""The shared population: deterministic, big and varied enough, and consistent across agencies."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from datetime import date

import pytest

from demo_agencies.names import romanise
from demo_agencies.population import REFERENCE_DATE, age
from demo_agencies.world import Population, build_population

WORLD = build_population(seed=2026)
_DIGEST = "import hashlib; from demo_agencies.world import build_population as b; print(hashlib.sha256(b(seed={}).to_json_bytes()).hexdigest())"


def _digest_in_fresh_process(seed: int, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", _DIGEST.format(seed)], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_same_seed_gives_byte_identical_data_in_any_process():
    # Different hash seeds catch any iteration over a set or a dict keyed by hash order.
    here = hashlib.sha256(WORLD.to_json_bytes()).hexdigest()
    assert _digest_in_fresh_process(2026, "1") == here
    assert _digest_in_fresh_process(2026, "987") == here


def test_a_different_seed_gives_different_data():
    other = build_population(seed=7)
    assert other.to_json_bytes() != WORLD.to_json_bytes()
    assert set(other.persons) != set(WORLD.persons)


def test_there_are_enough_persons_and_companies():
    assert len(WORLD.persons) >= 200
    assert len(WORLD.companies) >= 30


def test_identification_numbers_and_mobiles_have_the_right_shape():
    for number, person in WORLD.persons.items():
        assert re.fullmatch(r"[0-9]{11}", number)
        assert person.personal_number == number
        if person.mobile is not None:
            assert re.fullmatch(r"5[0-9]{8}", person.mobile)
    for number in WORLD.companies:
        assert re.fullmatch(r"[0-9]{9}", number)
    mobiles = [p.mobile for p in WORLD.persons.values() if p.mobile]
    assert len(mobiles) == len(set(mobiles))


def test_vehicle_plates_vins_and_cadastral_codes_have_the_right_shape():
    vehicles = [v for owned in WORLD.vehicles.values() for v in owned]
    assert vehicles
    for vehicle in vehicles:
        assert re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", vehicle["vin"])
        assert re.fullmatch(r"[A-Z]{2}-[0-9]{3}-[A-Z]{2}", vehicle["plate"])
    for estates in WORLD.properties.values():
        for estate in estates:
            assert re.fullmatch(
                r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{3}\.[0-9]{3}(\.01\.[0-9]{3})?", estate["cadastral_code"]
            )


def test_names_are_georgian_with_their_national_romanisation():
    for person in WORLD.persons.values():
        assert re.fullmatch(r"[\u10d0-\u10ff]+", person.first), person.first
        assert person.name()["en"] == f"{romanise(person.first)} {romanise(person.last)}"
    assert romanise("ჭავჭავაძე") == "Chavchavadze"
    assert romanise("წიკლაური") == "Tsiklauri"
    assert romanise("ღლონტი") == "Ghlonti"
    assert romanise("ყიფიანი") == "Qipiani"
    assert romanise("ჟუჟუნა") == "Zhuzhuna"
    assert romanise("ხარაიშვილი") == "Kharaishvili"
    assert romanise("ვაჟა-ფშაველა") == "Vazha-Pshavela"


def test_there_is_variety():
    adults = [p for p in WORLD.persons.values() if p.adult]
    share = lambda index: sum(1 for p in adults if p.personal_number in index) / len(adults)  # noqa: E731
    for index in (
        WORLD.vehicles,
        WORLD.properties,
        WORLD.debts,
        WORLD.participation,
        WORLD.fines,
        WORLD.crossings,
    ):
        assert 0.05 < share(index) < 0.95
    assert any(not p.alive for p in WORLD.persons.values())
    assert any(age(p.birth_date) < 18 for p in WORLD.persons.values())
    statuses = {c["status"]["code"] for c in WORLD.companies.values()}
    forms = {c["legal_form"]["code"] for c in WORLD.companies.values()}
    assert {"active", "in_liquidation"} <= statuses
    assert {"llc", "jsc", "sole_proprietor"} <= forms


def test_family_links_are_symmetric():
    persons = WORLD.persons
    for number, person in persons.items():
        if person.spouse:
            assert persons[person.spouse].spouse == number
        for child in person.children:
            assert number in (persons[child].mother, persons[child].father)
        for parent in (person.mother, person.father):
            if parent:
                assert number in persons[parent].children
        for former in person.former_spouses:
            assert number in persons[former].former_spouses


def test_parents_are_older_than_their_children_and_married_people_are_adults():
    persons = WORLD.persons
    for person in persons.values():
        for parent in (person.mother, person.father):
            if parent:
                assert age(persons[parent].birth_date, on=person.birth_date) >= 16
    for marriage in WORLD.marriages:
        for number in (marriage.husband, marriage.wife):
            assert age(persons[number].birth_date, on=marriage.date) >= 18
        assert marriage.date <= REFERENCE_DATE


def test_every_civil_act_is_seen_by_each_of_its_participants():
    for number, acts in WORLD.acts.items():
        assert number in WORLD.persons
        for act in acts:
            for participant in act["participants"]:
                assert act in WORLD.acts[participant["personal_number"]]


def test_directors_partners_and_creditors_are_persons_the_civil_registry_knows():
    for company in WORLD.companies.values():
        assert company["directors"]
        for someone in company["directors"] + company["partners"]:
            person = WORLD.persons[someone["personal_number"]]
            assert person.alive and age(person.birth_date) >= 18
            assert someone["name"] == person.name()
        shares = [p["share"] for p in company["partners"] if p["share"] is not None]
        if shares:
            assert sum(float(s) for s in shares) == pytest.approx(100.0)
        for pledge in company["pledges"]:
            assert pledge["partner"] in {p["personal_number"] for p in company["partners"]}
    for entries in WORLD.debts.values():
        for entry in entries:
            if entry["creditor"]["kind"] == "person":
                assert entry["creditor"]["personal_number"] in WORLD.persons


def test_participation_agrees_with_the_company_records():
    for number, companies in WORLD.participation.items():
        for entry in companies:
            company = WORLD.companies[entry["company_id"]]
            if "director" in entry["roles"]:
                assert number in {d["personal_number"] for d in company["directors"]}
            if "partner" in entry["roles"]:
                assert number in {p["personal_number"] for p in company["partners"]}


def test_an_active_debtors_property_carries_the_bureaus_seizure():
    active = {
        party
        for party, entries in WORLD.debts.items()
        if any(e["status"]["code"] == "active" for e in entries)
    }
    seen = 0
    for _owner, estates in WORLD.properties.items():
        for estate in estates:
            seized = any(e["type"]["code"] == "seizure" for e in estate["encumbrances"])
            owners = {o["id"] for o in estate["owners"]}
            assert seized == bool(owners & active)
            seen += seized
    assert seen > 0


def test_vehicle_ownership_periods_follow_each_other():
    for owned in WORLD.vehicles.values():
        for vehicle in owned:
            owners = vehicle["owners"]
            assert owners[-1]["to"] is None
            for earlier, later in itertools.pairwise(owners):
                assert earlier["to"] == later["from"]
                assert earlier["personal_number"] != later["personal_number"]


def test_border_crossings_alternate_out_and_in():
    for crossings in WORLD.crossings.values():
        directions = [c["direction"] for c in crossings]
        assert directions == ["out", "in"] * (len(directions) // 2)


def test_household_members_share_an_address_and_minors_live_with_a_parent():
    persons = WORLD.persons
    for person in persons.values():
        if person.alive and age(person.birth_date) < 18:
            parents = [persons[n] for n in (person.mother, person.father) if n]
            assert person.address_id in {p.address_id for p in parents}


def test_dead_people_own_no_vehicles_and_have_no_benefits():
    for number, person in WORLD.persons.items():
        if not person.alive:
            assert number not in WORLD.benefits
            assert all(v["owners"][-1]["personal_number"] != number for v in WORLD.vehicles.get(number, []))
            assert person.death_date < REFERENCE_DATE


def test_the_population_is_built_once_per_seed():
    assert build_population(seed=2026) is build_population(seed=2026)
    assert isinstance(WORLD, Population)
    assert date(2026, 3, 1) == REFERENCE_DATE
