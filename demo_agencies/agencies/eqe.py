"""An education-records centre (invented, after the national quality-enhancement centre):
school certificates and higher-education diplomas."""

from __future__ import annotations

from typing import Any

from demo_agencies.services import Agency, Service, applicant_fields, choice, form, number, text
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _education(*, world: Population, party: Party) -> dict[str, Any] | None:
    return world.education.get(party.id)


AGENCY = Agency(
    code="eqe",
    name=("განათლების ჩანაწერების ეროვნული ცენტრი", "National Centre for Education Records"),
    kind="state",
    summary=(
        "სკოლის ატესტატები და უმაღლესი განათლების დიპლომები.",
        "School certificates and higher-education diplomas.",
    ),
    services=(
        Service(
            name="education",
            type="informational",
            category="education",
            assurance="substantial",
            title=("განათლების დამადასტურებელი დოკუმენტები", "Education documents"),
            description=(
                "სკოლის ატესტატი და დიპლომები: დაწესებულება, პროგრამა, წელი.",
                "School certificate and diplomas: institution, programme, year.",
            ),
            keywords=(("დიპლომი", "ატესტატი", "განათლება"), ("diploma", "school certificate", "education")),
            query=_education,
        ),
        Service(
            name="recognition",
            type="functional",
            category="education",
            assurance="substantial",
            fee="100.00",
            deadline=(1, "months"),
            title=("უცხოეთში მიღებული განათლების აღიარება", "Recognition of education received abroad"),
            description=(
                "უცხოური დიპლომის ან ატესტატის აღიარება.",
                "Recognition of a foreign diploma or school certificate.",
            ),
            keywords=(("დიპლომის აღიარება", "უცხოური დიპლომი"), ("diploma recognition", "foreign degree")),
            form_schema=form(
                "აღიარება",
                "Recognition",
                required=["personal_number", "country", "institution", "level", "year"],
                personal_number=applicant_fields()["personal_number"],
                country=text("ქვეყანა", "Country", max_length=80),
                institution=text("დაწესებულება", "Institution", max_length=200),
                level=choice(
                    "საფეხური",
                    "Level",
                    {
                        "school": ("ზოგადი განათლება", "School"),
                        "bachelor": ("ბაკალავრი", "Bachelor"),
                        "master": ("მაგისტრი", "Master"),
                        "doctor": ("დოქტორი", "Doctor"),
                    },
                ),
                year=number("დამთავრების წელი", "Year of graduation", minimum=1950, maximum=2026),
            ),
        ),
    ),
)
