"""The demo's directory of public bodies (issue 5): a real Georgian hierarchy of ministries and
their agencies, with invented unit names. Ministries have no system of their own: the portal
serves them at the agency desk (with no services, only letters), each with a demo official. The
exchange agencies the demo agencies provide get their rows too. Demo data only; idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from panjara.audit.services import PORTAL
from panjara.backoffice.demo import DEMO_STAFF_PASSWORD
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.correspondence.models import PublicBody
from panjara.correspondence.services import body_register
from panjara.desk.services import desk_agency_register
from panjara.exchange.models import Agency

from . import tbilisi


@dataclass(frozen=True)
class Body:
    code: str
    ka: str
    en: str
    children: tuple[Body, ...] = ()
    desk: bool = False  # a ministry served at the desk; otherwise an exchange agency of this code
    unit: bool = False


MINISTRIES = (
    Body(
        "moj",
        "საქართველოს იუსტიციის სამინისტრო",
        "Ministry of Justice of Georgia",
        desk=True,
        children=(
            Body("psda", "სახელმწიფო სერვისების განვითარების სააგენტო", "Public Service Development Agency"),
            Body("napr", "საჯარო რეესტრის ეროვნული სააგენტო", "National Agency of Public Registry"),
            Body("nbe", "აღსრულების ეროვნული ბიურო", "National Bureau of Enforcement"),
        ),
    ),
    Body(
        "mia-ministry",
        "საქართველოს შინაგან საქმეთა სამინისტრო",
        "Ministry of Internal Affairs of Georgia",
        desk=True,
        children=(
            Body("mia", "შსს მომსახურების სააგენტო", "Service Agency of the Ministry of Internal Affairs"),
        ),
    ),
    Body(
        "mof",
        "საქართველოს ფინანსთა სამინისტრო",
        "Ministry of Finance of Georgia",
        desk=True,
        children=(Body("rs", "შემოსავლების სამსახური", "Revenue Service"),),
    ),
    Body(
        "mes",
        "საქართველოს განათლების, მეცნიერებისა და ახალგაზრდობის სამინისტრო",
        "Ministry of Education, Science and Youth of Georgia",
        desk=True,
        children=(
            Body(
                "eqe",
                "განათლების ხარისხის განვითარების ეროვნული ცენტრი",
                "National Center for Educational Quality Enhancement",
            ),
        ),
    ),
    Body(
        "moh",
        "საქართველოს ოკუპირებული ტერიტორიებიდან დევნილთა, შრომის, ჯანმრთელობისა და სოციალური დაცვის სამინისტრო",
        "Ministry of IDPs from the Occupied Territories, Labour, Health and Social Affairs of Georgia",
        desk=True,
        children=(Body("ssa", "სოციალური მომსახურების სააგენტო", "Social Service Agency"),),
    ),
    Body(
        tbilisi.CODE,
        tbilisi.NAME["ka"],
        tbilisi.NAME["en"],
        desk=True,
        children=(
            Body(
                "tbilisi-transport",
                "ტრანსპორტისა და ურბანული განვითარების სამსახური",
                "Transport and Urban Development Service",
                unit=True,
            ),
            Body(
                "tbilisi-municipal",
                "მუნიციპალური სერვისების სამსახური",
                "Municipal Services Service",
                unit=True,
            ),
        ),
    ),
)


def desk_official_email(*, code: str) -> str:
    """The demo login of the official of a ministry served at the desk: seeded here, printed by
    `seed_demo --print-logins`, so both must spell it the same way."""
    return f"desk-{code}@panjara.example"


def _official(*, code: str, agency: Agency) -> None:
    email = desk_official_email(code=code)
    if get_user_model().objects.filter(email=email).exists():
        return
    staff_create(
        email=email,
        full_name=f"{agency.name_en} official",
        role=Role.AGENCY_OFFICIAL,
        password=DEMO_STAFF_PASSWORD,
        agency=agency,
    )


def demo_bodies_seed() -> list[str]:
    """The directory; returns the codes of the bodies written."""
    written = []
    for ministry in MINISTRIES:
        if ministry.code == tbilisi.CODE:
            agency = Agency.objects.get(code=tbilisi.CODE)  # registered with its services before
        else:
            agency = desk_agency_register(
                code=ministry.code,
                name_ka=ministry.ka,
                name_en=ministry.en,
                kind="state",
                services=[],
                by=PORTAL,
            )
            _official(code=ministry.code, agency=agency)
        top = body_register(
            code=ministry.code,
            name_ka=ministry.ka,
            name_en=ministry.en,
            level=PublicBody.Level.MINISTRY,
            agency=agency,
            by=PORTAL,
        )
        written.append(top.code)
        for child in ministry.children:
            own = None if child.unit else Agency.objects.filter(code=child.code).first()
            if not child.unit and own is None:
                continue  # that demo agency is not running in this installation
            body_register(
                code=child.code,
                name_ka=child.ka,
                name_en=child.en,
                level=PublicBody.Level.UNIT if child.unit else PublicBody.Level.AGENCY,
                parent=top,
                agency=own,
                unit_code=child.code if child.unit else "",
                by=PORTAL,
            )
            written.append(child.code)
    return written
