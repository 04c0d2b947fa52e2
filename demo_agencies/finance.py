"""Money the state is owed: the Revenue Service's taxpayers and the enforcement bureau's debtors.

Built before real estate so that an active debtor's property carries the seizure the bureau put on
it: the same debt shows in `rs`, `nbe` and `napr`, as it would across the real agencies.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from . import personas as P
from .names import BANKS, bilingual
from .population import REFERENCE_DATE, PeopleBuilder, random_date

REVENUE_SERVICE = bilingual("შემოსავლების სამსახური", "Revenue Service")
_DECLARATIONS = {
    "income_withholding": bilingual(
        "საშემოსავლო გადასახადი (წყაროსთან დაკავება)", "Income tax withheld at source"
    ),
    "vat": bilingual("დამატებული ღირებულების გადასახადი", "Value added tax"),
    "profit": bilingual("მოგების გადასახადი", "Profit tax"),
    "personal_income": bilingual(
        "საშემოსავლო გადასახადის წლიური დეკლარაცია", "Annual personal income tax return"
    ),
    "property": bilingual("ქონების გადასახადი", "Property tax"),
}
_MONTHS = ("2025-11", "2025-12", "2026-01")


def _money(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low * 100, high * 100) / 100:.2f}"


def _declaration(rng: random.Random, *, kind: str, period: str, counter: list[int]) -> dict[str, Any]:
    counter[0] += 1
    year = int(period[:4])
    if len(period) == 7:  # a month: due on the 15th of the next one
        month = int(period[5:]) % 12 + 1
        due = date(year + (month == 1), month, 15)
    else:  # a year: due on 31 March of the next one
        due = date(year + 1, 3, 31)
    submitted = due - timedelta(days=rng.randint(0, 14))
    return {
        "number": f"{period[:4]}{counter[0]:08d}",
        "type": {"code": kind, "name": _DECLARATIONS[kind]},
        "period": period,
        "submitted": min(submitted, REFERENCE_DATE).isoformat(),
        "amount": _money(rng, 20, 9000),
        "currency": "GEL",
    }


def build_taxes(
    rng: random.Random, people: PeopleBuilder, companies: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Taxpayer records by identification number (personal number or company id)."""
    counter = [0]
    taxes: dict[str, dict[str, Any]] = {}

    def taxpayer(party: str, *, kind: str, registered: date, vat: bool, debt: str, kinds: list[str]) -> None:
        periods = [
            (k, p) for k in kinds for p in (_MONTHS if k in ("income_withholding", "vat") else ("2024",))
        ]
        taxes[party] = {
            "taxpayer": {
                "kind": kind,
                "status": {"code": "active", "name": bilingual("აქტიური", "Active")},
                "registered": registered.isoformat(),
                "vat_payer": vat,
            },
            "balance": {
                "debt": debt,
                "overpayment": "0.00" if debt != "0.00" or rng.random() < 0.7 else _money(rng, 1, 300),
                "currency": "GEL",
                "as_of": REFERENCE_DATE.isoformat(),
            },
            "declarations": [_declaration(rng, kind=k, period=p, counter=counter) for k, p in periods],
        }

    for company in companies.values():
        if company["status"]["code"] == "liquidated":
            continue
        vat = rng.random() < 0.5
        kinds = ["income_withholding", "profit"] + (["vat"] if vat else [])
        debt = _money(rng, 100, 25000) if rng.random() < 0.2 else "0.00"
        if company["legal_form"]["code"] == "sole_proprietor":
            owner = company["partners"][0]["personal_number"]
            davit = owner == P.DAVIT.personal_number
            vat, debt = (True, "0.00") if davit else (vat, debt)
            taxpayer(
                owner,
                kind="person",
                registered=date.fromisoformat(company["registered"]),
                vat=vat,
                debt=debt,
                kinds=["personal_income", "vat"] if vat else ["personal_income"],
            )
        taxpayer(
            company["id"],
            kind="company",
            registered=date.fromisoformat(company["registered"]),
            vat=vat,
            debt=debt,
            kinds=kinds,
        )
    for person in people.persons.values():
        if person.persona or not person.adult or person.personal_number in taxes or rng.random() > 0.3:
            continue
        debt = _money(rng, 30, 6000) if rng.random() < 0.25 else "0.00"
        since = random_date(rng, start=person.birth_date + timedelta(days=365 * 18), end=REFERENCE_DATE)
        taxpayer(
            person.personal_number,
            kind="person",
            registered=since,
            vat=False,
            debt=debt,
            kinds=["personal_income", "property"],
        )
    taxpayer(
        P.NINO.personal_number,
        kind="person",
        registered=date(2012, 4, 2),
        vat=False,
        debt="4850.30",
        kinds=["personal_income", "property"],
    )
    taxpayer(
        P.GIORGI.personal_number,
        kind="person",
        registered=date(2015, 2, 9),
        vat=False,
        debt="0.00",
        kinds=["property"],
    )
    return taxes


def _entry(
    rng: random.Random, *, creditor: dict[str, Any], amount: str, status: str, counter: list[int]
) -> dict[str, Any]:
    counter[0] += 1
    registered = random_date(rng, start=date(2016, 1, 1), end=REFERENCE_DATE - timedelta(days=20))
    return {
        "case_number": f"A{registered.year % 100:02d}{counter[0]:06d}",
        "creditor": creditor,
        "amount": amount,
        "currency": "GEL",
        "registered": registered.isoformat(),
        "status": {"code": status, "name": _DEBT_STATUSES[status]},
    }


_DEBT_STATUSES = {
    "active": bilingual("აქტიური", "Active"),
    "satisfied": bilingual("დაკმაყოფილებული", "Satisfied"),
    "suspended": bilingual("შეჩერებული", "Suspended"),
}


def build_debts(
    rng: random.Random,
    people: PeopleBuilder,
    companies: dict[str, dict[str, Any]],
    taxes: dict[str, dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """Debtor-registry entries by identification number of the debtor."""
    counter = [0]
    debts: dict[str, list[dict[str, Any]]] = {}
    lenders = [p for p in people.persons.values() if p.adult and not p.persona]

    def creditor() -> dict[str, Any]:
        if rng.random() < 0.25:
            lender = rng.choice(lenders)
            return {"kind": "person", "personal_number": lender.personal_number, "name": lender.name()}
        return {"kind": "company", "name": bilingual(*rng.choice(BANKS))}

    for party, record in taxes.items():
        debt = record["balance"]["debt"]
        if float(debt) > 1000 and (party == P.NINO.personal_number or rng.random() < 0.7):
            entry = _entry(
                rng,
                creditor={"kind": "state", "name": REVENUE_SERVICE},
                amount=debt,
                status="active",
                counter=counter,
            )
            debts.setdefault(party, []).append(entry)
    for company in companies.values():
        if company["status"]["code"] in ("bankruptcy", "in_liquidation") or rng.random() < 0.08:
            entry = _entry(
                rng, creditor=creditor(), amount=_money(rng, 500, 90000), status="active", counter=counter
            )
            debts.setdefault(company["id"], []).append(entry)
    for person in people.persons.values():
        if person.persona or not person.adult or rng.random() > 0.08:
            continue
        status = rng.choice(("active", "active", "satisfied", "suspended"))
        entry = _entry(
            rng, creditor=creditor(), amount=_money(rng, 80, 15000), status=status, counter=counter
        )
        if entry["creditor"].get("personal_number") != person.personal_number:
            debts.setdefault(person.personal_number, []).append(entry)
    nino = debts.setdefault(P.NINO.personal_number, [])
    nino.append(
        _entry(
            rng,
            creditor={"kind": "company", "name": bilingual(*BANKS[0])},
            amount="12400.00",
            status="active",
            counter=counter,
        )
    )
    for entries in debts.values():
        entries.sort(key=lambda e: (e["registered"], e["case_number"]))
    return debts


def active_debtors(debts: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [
        party for party, entries in debts.items() if any(e["status"]["code"] == "active" for e in entries)
    ]
