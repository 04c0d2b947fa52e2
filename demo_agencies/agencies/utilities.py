"""A private utility provider (invented): electricity, water, gas and waste bills per customer.

It stands for the private companies of R-P-1: same protocol, kind "private".
"""

from __future__ import annotations

from typing import Any

from demo_agencies.services import Agency, Service, applicant_fields, choice, form, text
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _bills(*, world: Population, party: Party) -> dict[str, Any] | None:
    accounts = world.utilities.get(party.id)
    if not accounts:
        return None
    due = sum(
        round(float(b["amount_due"]) * 100) for a in accounts for b in a["bills"] if b["status"] != "paid"
    )
    return {"accounts": accounts, "total_due": f"{due / 100:.2f}", "currency": "GEL"}


AGENCY = Agency(
    code="utilities",
    name=("მტკვარი კომუნალური მომსახურება", "Mtkvari Utility Services"),
    kind="private",
    summary=(
        "კომუნალური გადასახადები: ელექტროენერგია, წყალი, გაზი, დასუფთავება.",
        "Utility bills: electricity, water, gas, waste.",
    ),
    services=(
        Service(
            name="bills",
            type="informational",
            category="utilities",
            assurance="low",
            title=("კომუნალური გადასახადები", "Utility bills"),
            description=(
                "აბონენტის ნომრები, ბოლო თვეების ქვითრები და დავალიანება.",
                "Subscriber numbers, recent bills and what is due.",
            ),
            keywords=(
                ("კომუნალური", "შუქის ფული", "წყლის გადასახადი"),
                ("utility bills", "electricity bill", "water bill", "gas bill"),
            ),
            query=_bills,
        ),
        Service(
            name="new-connection",
            type="functional",
            category="utilities",
            assurance="substantial",
            fee="150.00",
            deadline=(10, "working_days"),
            title=("ახალი მიერთება", "New connection"),
            description=("ახალი აბონენტის მიერთება ქსელზე.", "Connect a new subscriber to the network."),
            keywords=(
                ("მიერთება", "ახალი აბონენტი"),
                ("new connection", "connect electricity", "connect water"),
            ),
            form_schema=form(
                "მიერთება",
                "Connection",
                required=["personal_number", "service", "address"],
                personal_number=applicant_fields()["personal_number"],
                service=choice(
                    "სერვისი",
                    "Service",
                    {
                        "electricity": ("ელექტროენერგია", "Electricity"),
                        "water": ("წყალი", "Water"),
                        "gas": ("გაზი", "Gas"),
                    },
                ),
                address=text("მისამართი", "Address", prefill="psda.person#/address/ka"),
                mobile=applicant_fields()["mobile"],
            ),
        ),
    ),
)
