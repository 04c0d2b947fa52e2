"""Demo staff and halls for `make run`. Demo only: the password below is public, so seeding refuses
to run outside demo mode (services.backoffice_demo_seed)."""

from __future__ import annotations

from dataclasses import dataclass

from .roles import Role

# Printed by the run command next to the demo logins. Never valid outside demo mode.
DEMO_STAFF_PASSWORD = "Panjara-demo-2025"  # noqa: S105 - a published demo credential


@dataclass(frozen=True, kw_only=True)
class DemoHall:
    code: str
    name_ka: str
    name_en: str
    city_ka: str
    city_en: str
    address_ka: str
    address_en: str


@dataclass(frozen=True, kw_only=True)
class DemoStaff:
    email: str
    full_name: str
    role: str
    hall_code: str = ""
    agency_code: str = ""


def demo_halls() -> list[DemoHall]:
    """Real Public Service Hall cities; the addresses are invented for the demo."""
    return [
        DemoHall(
            code="tbilisi",
            name_ka="თბილისის იუსტიციის სახლი",
            name_en="Tbilisi Public Service Hall",
            city_ka="თბილისი",
            city_en="Tbilisi",
            address_ka="სანაპიროს ქ. 2",
            address_en="2 Sanapiro St",
        ),
        DemoHall(
            code="kutaisi",
            name_ka="ქუთაისის იუსტიციის სახლი",
            name_en="Kutaisi Public Service Hall",
            city_ka="ქუთაისი",
            city_en="Kutaisi",
            address_ka="ირაკლი აბაშიძის ქ. 10",
            address_en="10 Irakli Abashidze St",
        ),
        DemoHall(
            code="batumi",
            name_ka="ბათუმის იუსტიციის სახლი",
            name_en="Batumi Public Service Hall",
            city_ka="ბათუმი",
            city_en="Batumi",
            address_ka="შერიფ ხიმშიაშვილის ქ. 5",
            address_en="5 Sherif Khimshiashvili St",
        ),
        DemoHall(
            code="rustavi",
            name_ka="რუსთავის იუსტიციის სახლი",
            name_en="Rustavi Public Service Hall",
            city_ka="რუსთავი",
            city_en="Rustavi",
            address_ka="მეგობრობის გამზ. 12",
            address_en="12 Megobroba Ave",
        ),
    ]


def demo_staff() -> list[DemoStaff]:
    """One account per role. One official works for the demo Public Service Development Agency
    ("psda"), which the demo agencies provide; the other for Tbilisi City Hall ("tbilisi"), which
    the portal serves at its agency desk."""
    return [
        DemoStaff(email="admin@panjara.example", full_name="ნინო ბერიძე", role=Role.ADMINISTRATOR),
        DemoStaff(
            email="operator@panjara.example",
            full_name="გიორგი კაპანაძე",
            role=Role.HALL_OPERATOR,
            hall_code="tbilisi",
        ),
        DemoStaff(email="consultant@panjara.example", full_name="მარიამ ლომიძე", role=Role.RS_CONSULTANT),
        DemoStaff(
            email="official@panjara.example",
            full_name="დავით ჯანელიძე",
            role=Role.AGENCY_OFFICIAL,
            agency_code="psda",
        ),
        # Tbilisi City Hall answers applications at the portal's agency desk (panjara.desk).
        DemoStaff(
            email="desk@panjara.example",
            full_name="ეკა წერეთელი",
            role=Role.AGENCY_OFFICIAL,
            agency_code="tbilisi",
        ),
    ]
