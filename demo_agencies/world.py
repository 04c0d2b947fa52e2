"""The one shared population every agency reads, built once per seed and cached.

All agencies answer from the same `Population`, so a company's director is a person the civil
registry knows, a debtor's flat carries the bureau's seizure, and so on.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .assets import build_assets
from .companies import build_companies, participation
from .finance import active_debtors, build_debts, build_taxes
from .population import Address, Marriage, Person, build_people
from .registry import civil_acts
from .welfare import build_benefits, build_education, build_health, build_utilities

DEFAULT_SEED = 2026


@dataclass(frozen=True, kw_only=True)
class Population:
    seed: int
    persons: dict[str, Person]
    addresses: list[Address]
    marriages: list[Marriage]
    acts: dict[str, list[dict[str, Any]]]
    companies: dict[str, dict[str, Any]]
    participation: dict[str, list[dict[str, Any]]]
    taxes: dict[str, dict[str, Any]]
    debts: dict[str, list[dict[str, Any]]]
    properties: dict[str, list[dict[str, Any]]]
    vehicles: dict[str, list[dict[str, Any]]]
    fines: dict[str, list[dict[str, Any]]]
    crossings: dict[str, list[dict[str, Any]]]
    benefits: dict[str, list[dict[str, Any]]]
    health: dict[str, list[dict[str, Any]]]
    utilities: dict[str, list[dict[str, Any]]]
    education: dict[str, dict[str, Any]]

    def to_json_bytes(self) -> bytes:
        """Everything, canonically serialised: two builds with one seed give the same bytes."""
        data = {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in ("persons", "addresses", "marriages")
        }
        data["persons"] = [vars(person) for person in self.persons.values()]
        data["addresses"] = [vars(address) for address in self.addresses]
        data["marriages"] = [vars(marriage) for marriage in self.marriages]
        return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()


@lru_cache(maxsize=4)
def build_population(*, seed: int = DEFAULT_SEED) -> Population:
    # One generator for everything, consumed in a fixed order: adding a builder at the end keeps the
    # data of the builders before it unchanged for a given seed.
    rng = random.Random(f"panjara-demo-agencies:{seed}")
    people = build_people(rng)
    acts = civil_acts(people)
    companies = build_companies(rng, people)
    taxes = build_taxes(rng, people, companies)
    debts = build_debts(rng, people, companies, taxes)
    assets = build_assets(rng, people, companies, active_debtors(debts))
    return Population(
        seed=seed,
        persons=people.persons,
        addresses=people.addresses,
        marriages=people.marriages,
        acts=acts,
        companies=companies,
        participation=participation(companies),
        taxes=taxes,
        debts=debts,
        properties=assets["properties"],
        vehicles=assets["vehicles"],
        fines=assets["fines"],
        crossings=assets["crossings"],
        benefits=build_benefits(rng, people),
        health=build_health(rng, people),
        utilities=build_utilities(rng, people),
        education=build_education(rng, people),
    )
