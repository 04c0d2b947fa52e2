"""National Agency of Public Registry: real estate and the registry of entrepreneurs."""

from __future__ import annotations

from typing import Any

from demo_agencies.agencies.napr_forms import FUNCTIONAL
from demo_agencies.services import Agency, Service
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _property(*, world: Population, party: Party) -> dict[str, Any] | None:
    estates = world.properties.get(party.id)
    if not estates:
        return None
    own = [
        {**estate, "share": next(o["share"] for o in estate["owners"] if o["id"] == party.id)}
        for estate in estates
    ]
    return {"properties": own}


def _participation(*, world: Population, party: Party) -> dict[str, Any] | None:
    companies = world.participation.get(party.id)
    return {"companies": companies} if companies else None


def _company(*, world: Population, party: Party) -> dict[str, Any] | None:
    return world.companies.get(party.id)


AGENCY = Agency(
    code="napr",
    name=("საჯარო რეესტრის ეროვნული სააგენტო", "National Agency of Public Registry"),
    kind="state",
    summary=("უძრავი ქონება და მეწარმეთა რეესტრი.", "Real estate and the registry of entrepreneurs."),
    services=(
        Service(
            name="property",
            type="informational",
            category="property",
            assurance="substantial",
            subjects=("person", "company"),
            title=("უძრავი ქონება", "Real estate"),
            description=(
                "თქვენს საკუთრებაში არსებული უძრავი ქონება, წილი და ვალდებულებები (იპოთეკა, ყადაღა).",
                "Real estate you own, your share, and encumbrances (mortgage, seizure).",
            ),
            keywords=(
                ("უძრავი ქონება", "ბინა", "საკადასტრო კოდი", "იპოთეკა"),
                ("real estate", "my flat", "cadastral code", "mortgage"),
            ),
            query=_property,
        ),
        Service(
            name="participation",
            type="informational",
            category="business",
            assurance="substantial",
            title=("პირის მონაწილეობა კომპანიებში", "Participation in companies"),
            description=(
                "კომპანიები, სადაც ხართ ხელმძღვანელი ან პარტნიორი.",
                "Companies you direct or hold a share in.",
            ),
            keywords=(("პარტნიორი", "დირექტორი", "წილი"), ("my companies", "shareholder", "director")),
            query=_participation,
        ),
        Service(
            name="company",
            type="informational",
            category="business",
            assurance="substantial",
            subjects=("company",),
            title=(
                "ინფორმაცია მეწარმეთა და არასამეწარმეო (არაკომერციული) იურიდიული პირების რეესტრიდან",
                "Information from the Registry of Entrepreneurs and Non-Entrepreneurial Legal Entities",
            ),
            description=(
                "სუბიექტის ჩანაწერი: ფორმა, სტატუსი, ხელმძღვანელები, პარტნიორები, წილის გირავნობა.",
                "An entity's record: legal form, status, directors, partners, pledges on shares.",
            ),
            keywords=(
                ("კომპანიის მონაცემები", "სტატუსი"),
                ("company information", "company status", "registry of entrepreneurs"),
            ),
            query=_company,
        ),
        *FUNCTIONAL,
    ),
)
