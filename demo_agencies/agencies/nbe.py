"""National Bureau of Enforcement: the debtor registry."""

from __future__ import annotations

from typing import Any

from demo_agencies.services import Agency, Service, applicant_fields, choice, form, text
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _debtor(*, world: Population, party: Party) -> dict[str, Any] | None:
    entries = world.debts.get(party.id)
    return {"entries": entries} if entries else None


AGENCY = Agency(
    code="nbe",
    name=("აღსრულების ეროვნული ბიურო", "National Bureau of Enforcement"),
    kind="state",
    summary=("მოვალეთა რეესტრი.", "The debtor registry."),
    services=(
        Service(
            name="debtor",
            type="informational",
            category="debt",
            assurance="substantial",
            subjects=("person", "company"),
            title=("მოვალეთა რეესტრი", "Debtor registry"),
            description=(
                "ხართ თუ არა მოვალეთა რეესტრში: კრედიტორი, თანხა, რეგისტრაციის თარიღი, სტატუსი.",
                "Whether you are in the debtor registry: creditor, amount, date registered, status.",
            ),
            keywords=(("მოვალეთა რეესტრი", "ვალი", "აღსრულება"), ("debtor registry", "debt", "enforcement")),
            query=_debtor,
        ),
        Service(
            name="debtor-certificate",
            type="functional",
            category="debt",
            assurance="substantial",
            fee="5.00",
            deadline=(1, "working_days"),
            title=("ცნობა მოვალეთა რეესტრიდან", "Certificate from the debtor registry"),
            description=(
                "ოფიციალური ცნობა თქვენი რეგისტრაციის (ან არრეგისტრაციის) შესახებ.",
                "An official certificate that you are (or are not) listed.",
            ),
            keywords=(
                ("ცნობა მოვალეთა რეესტრიდან",),
                ("debtor registry certificate", "not a debtor certificate"),
            ),
            form_schema=form(
                "ცნობის მოთხოვნა",
                "Certificate request",
                required=["personal_number"],
                personal_number=applicant_fields()["personal_number"],
            ),
        ),
        Service(
            name="debtor-search",
            type="functional",
            category="debt",
            assurance="substantial",
            fee="3.00",
            deadline=(1, "working_days"),
            title=("მოვალეთა რეესტრში ძიება", "Debtor-registry search"),
            description=(
                "შეამოწმეთ, არის თუ არა სხვა პირი ან კომპანია მოვალეთა რეესტრში (კანონიერი ინტერესით).",
                "Check whether another person or company is listed (with a legitimate interest).",
            ),
            keywords=(
                ("მოვალის შემოწმება", "ძიება"),
                ("debtor search", "check a debtor", "is this company a debtor"),
            ),
            terms=(
                "ძიების მიზანი აღირიცხება და შეიძლება გადამოწმდეს.",
                "The purpose of the search is recorded and may be audited.",
            ),
            form_schema=form(
                "ძიება",
                "Search",
                required=["personal_number", "identification_number", "purpose"],
                personal_number=applicant_fields()["personal_number"],
                identification_number=text(
                    "საძიებო პირის კოდი", "Identification number searched", pattern=r"^([0-9]{9}|[0-9]{11})$"
                ),
                purpose=choice(
                    "მიზანი",
                    "Purpose",
                    {
                        "contract": ("ხელშეკრულება", "Contract"),
                        "loan": ("სესხი", "Loan"),
                        "other": ("სხვა", "Other"),
                    },
                ),
            ),
        ),
    ),
)
