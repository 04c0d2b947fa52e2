"""Revenue Service: taxpayer status, balance and debt, declarations."""

from __future__ import annotations

from typing import Any

from demo_agencies.services import MOBILE, Agency, Service, applicant_fields, choice, day, form, text
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _balance(*, world: Population, party: Party) -> dict[str, Any] | None:
    record = world.taxes.get(party.id)
    if record is None:
        return None
    return {"taxpayer": record["taxpayer"], "balance": record["balance"], "treasury_code": "101001000"}


def _declarations(*, world: Population, party: Party) -> dict[str, Any] | None:
    record = world.taxes.get(party.id)
    return {"declarations": record["declarations"]} if record and record["declarations"] else None


AGENCY = Agency(
    code="rs",
    name=("შემოსავლების სამსახური", "Revenue Service"),
    kind="state",
    summary=(
        "გადამხდელის სტატუსი, ბალანსი, დავალიანება და დეკლარაციები.",
        "Taxpayer status, balance, debt and declarations.",
    ),
    services=(
        Service(
            name="tax-balance",
            type="informational",
            category="taxes",
            assurance="substantial",
            subjects=("person", "company"),
            title=("საგადასახადო ბალანსი და დავალიანება", "Tax balance and debt"),
            description=(
                "გადამხდელის სტატუსი, ბალანსი და დავალიანება; გადახდა ერთიან სახაზინო კოდზე 101001000.",
                "Taxpayer status, balance and debt; pay to the single treasury code 101001000.",
            ),
            keywords=(
                ("საგადასახადო დავალიანება", "ბალანსი", "გადასახადი"),
                ("tax debt", "tax balance", "taxes"),
            ),
            query=_balance,
        ),
        Service(
            name="declarations",
            type="informational",
            category="taxes",
            assurance="substantial",
            subjects=("person", "company"),
            title=("დეკლარაციები", "Tax declarations"),
            description=(
                "წარდგენილი დეკლარაციები: პერიოდი, სახე, თარიღი, თანხა.",
                "Declarations filed: period, type, date, amount.",
            ),
            keywords=(("დეკლარაცია", "საშემოსავლო"), ("tax return", "declarations", "income tax")),
            query=_declarations,
        ),
        Service(
            name="status-certificate",
            type="functional",
            category="taxes",
            assurance="substantial",
            deadline=(2, "working_days"),
            title=("ცნობა საგადასახადო სტატუსის შესახებ", "Certificate of tax status"),
            description=(
                "ცნობა გადამხდელის სტატუსისა და დავალიანების არქონის შესახებ (ტენდერისთვის, ბანკისთვის).",
                "Certificate of taxpayer status and of having no tax debt (for a tender, a bank).",
            ),
            keywords=(("ცნობა დავალიანების არქონის შესახებ",), ("no tax debt certificate", "tax clearance")),
            form_schema=form(
                "ცნობის მოთხოვნა",
                "Certificate request",
                required=["personal_number", "purpose"],
                personal_number=applicant_fields()["personal_number"],
                purpose=choice(
                    "მიზანი",
                    "Purpose",
                    {"bank": ("ბანკი", "Bank"), "tender": ("ტენდერი", "Tender"), "other": ("სხვა", "Other")},
                ),
            ),
        ),
        Service(
            name="e-communication",
            type="functional",
            category="taxes",
            assurance="high",
            signature_required=True,
            deadline=(3, "working_days"),
            title=("ელექტრონულ კომუნიკაციაზე გადასვლა", "Transition to electronic communication"),
            description=(
                "განცხადება (დანართი I-07) შემოსავლების სამსახურთან ელექტრონულ კომუნიკაციაზე გადასვლის შესახებ; 3 სამუშაო დღეში.",
                "Application (annex I-07) to communicate with the Revenue Service electronically; done within 3 working days.",
            ),
            keywords=(("ელექტრონული კომუნიკაცია", "I-07"), ("electronic communication", "rs.ge account")),
            form_schema=form(
                "განცხადება I-07",
                "Application I-07",
                required=["personal_number", "first_name", "last_name", "mobile", "email", "from_date"],
                **{k: v for k, v in applicant_fields().items() if k != "mobile"},
                mobile=text("მობილურის ნომერი", "Mobile number", pattern=MOBILE),
                email=text("ელ-ფოსტა", "E-mail", fmt="email"),
                from_date=day("გადასვლის სასურველი თარიღი", "Desired transition date"),
            ),
        ),
    ),
)
