"""Social Service Agency: pensions, social assistance and benefits, universal healthcare."""

from __future__ import annotations

from typing import Any

from demo_agencies.services import Agency, Service, applicant_fields, choice, flag, form, number, text
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _benefits(*, world: Population, party: Party) -> dict[str, Any] | None:
    benefits = world.benefits.get(party.id)
    return {"benefits": benefits} if benefits else None


def _health(*, world: Population, party: Party) -> dict[str, Any] | None:
    vouchers = world.health.get(party.id)
    return {"programme": "universal_healthcare", "vouchers": vouchers} if vouchers else None


AGENCY = Agency(
    code="ssa",
    name=("სოციალური მომსახურების სააგენტო", "Social Service Agency"),
    kind="state",
    summary=(
        "პენსია, საარსებო შემწეობა, დახმარებები, საყოველთაო ჯანდაცვა.",
        "Pension, social assistance, benefits, universal healthcare.",
    ),
    services=(
        Service(
            name="benefits",
            type="informational",
            category="social",
            assurance="substantial",
            title=("პენსია და სოციალური დახმარებები", "Pension and social benefits"),
            description=(
                "რა დახმარებას იღებთ: სახე, ყოველთვიური თანხა, რა დროიდან.",
                "What you receive: type, monthly amount, since when.",
            ),
            keywords=(
                ("პენსია", "საარსებო შემწეობა", "დახმარება"),
                ("pension", "social assistance", "benefits"),
            ),
            query=_benefits,
        ),
        Service(
            name="health",
            type="informational",
            category="health",
            assurance="substantial",
            title=("საყოველთაო ჯანდაცვის ვაუჩერები", "Universal healthcare vouchers"),
            description=(
                "საყოველთაო ჯანდაცვის პროგრამით დაფინანსებული მომსახურება.",
                "Care paid for by the universal healthcare programme.",
            ),
            keywords=(("ჯანდაცვა", "ვაუჩერი", "მკურნალობა"), ("healthcare", "medical voucher", "treatment")),
            query=_health,
        ),
        Service(
            name="social-assistance",
            type="functional",
            category="social",
            assurance="high",
            signature_required=True,
            deadline=(1, "months"),
            title=("საარსებო შემწეობის მოთხოვნა", "Application for targeted social assistance"),
            description=(
                "ოჯახის სოციალურ-ეკონომიკური მდგომარეობის შეფასება და შემწეობის დანიშვნა.",
                "Assessment of the household and award of assistance.",
            ),
            keywords=(
                ("სოციალური დახმარება", "ოჯახის შეფასება"),
                ("social assistance", "poverty benefit", "social services"),
            ),
            form_schema=form(
                "განცხადება",
                "Application",
                required=["personal_number", "household_size", "address"],
                personal_number=applicant_fields()["personal_number"],
                household_size=number("ოჯახის წევრების რაოდენობა", "Household size", minimum=1, maximum=20),
                address=text("ფაქტობრივი მისამართი", "Actual address", prefill="psda.person#/address/ka"),
                disability_in_household=flag(
                    "ოჯახში არის შშმ პირი", "Someone in the household has a disability"
                ),
            ),
        ),
        Service(
            name="treatment-voucher",
            type="functional",
            category="health",
            assurance="substantial",
            deadline=(10, "working_days"),
            title=("გეგმიური მკურნალობის ვაუჩერის მოთხოვნა", "Request for a planned-treatment voucher"),
            description=(
                "საყოველთაო ჯანდაცვის ვაუჩერი გეგმიურ ოპერაციაზე ან მკურნალობაზე.",
                "A universal-healthcare voucher for planned surgery or treatment.",
            ),
            keywords=(
                ("ოპერაცია", "ვაუჩერი", "ჯანდაცვა"),
                ("planned surgery", "treatment voucher", "health"),
            ),
            form_schema=form(
                "ვაუჩერი",
                "Voucher",
                required=["personal_number", "programme", "clinic"],
                personal_number=applicant_fields()["personal_number"],
                programme=choice(
                    "პროგრამა",
                    "Programme",
                    {
                        "surgery": ("გეგმიური ქირურგია", "Planned surgery"),
                        "oncology": ("ონკოლოგია", "Oncology"),
                        "medicines": ("მედიკამენტები", "Medicines"),
                    },
                ),
                clinic=text("კლინიკა", "Clinic", max_length=200),
            ),
        ),
    ),
)
