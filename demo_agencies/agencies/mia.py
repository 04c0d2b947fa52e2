"""Ministry of Internal Affairs service agency: vehicles, traffic fines, border crossings, permits."""

from __future__ import annotations

from typing import Any

from demo_agencies.services import Agency, Service, applicant_fields, choice, form, text
from demo_agencies.world import Population
from panjara_protocol.envelope import Party


def _vehicles(*, world: Population, party: Party) -> dict[str, Any] | None:
    owned = world.vehicles.get(party.id)
    if not owned:
        return None
    vehicles = []
    for vehicle in owned:
        mine = [o for o in vehicle["owners"] if o["personal_number"] == party.id]
        vehicles.append(
            {
                **{k: v for k, v in vehicle.items() if k != "owners"},
                "owned_from": mine[0]["from"],
                "owned_to": mine[0]["to"],
                "current_owner": vehicle["owners"][-1]["personal_number"] == party.id,
            }
        )
    vehicles.sort(key=lambda v: (not v["current_owner"], v["owned_from"]))
    return {"vehicles": vehicles}


def _fines(*, world: Population, party: Party) -> dict[str, Any] | None:
    fines = world.fines.get(party.id)
    if not fines:
        return None
    unpaid = sum(int(f["amount"].split(".")[0]) for f in fines if f["status"] == "unpaid")
    return {"fines": fines, "unpaid_total": f"{unpaid}.00", "currency": "GEL"}


def _crossings(*, world: Population, party: Party) -> dict[str, Any] | None:
    crossings = world.crossings.get(party.id)
    return {"crossings": crossings} if crossings else None


AGENCY = Agency(
    code="mia",
    name=(
        "შინაგან საქმეთა სამინისტროს მომსახურების სააგენტო",
        "Service Agency of the Ministry of Internal Affairs",
    ),
    kind="state",
    summary=(
        "ავტომობილები, საჯარიმო ქვითრები, საზღვრის კვეთა, იარაღის ნებართვა.",
        "Vehicles, traffic fines, border crossings, firearm permits.",
    ),
    services=(
        Service(
            name="vehicles",
            type="informational",
            category="transport",
            assurance="substantial",
            title=("ავტომობილის საკუთრება", "Vehicle ownership"),
            description=(
                "თქვენს სახელზე ახლა ან ადრე რეგისტრირებული ავტომობილები.",
                "Vehicles registered to you now or before.",
            ),
            keywords=(
                ("ავტომობილი", "მანქანა", "სახელმწიფო ნომერი"),
                ("vehicle ownership", "my car", "licence plate"),
            ),
            query=_vehicles,
        ),
        Service(
            name="fines",
            type="informational",
            category="fines",
            assurance="substantial",
            title=("საჯარიმო ქვითრები", "Traffic fines"),
            description=(
                "საპატრულო პოლიციის ჯარიმები: ნომერი, თარიღი, მუხლი, თანხა, გადახდილია თუ არა.",
                "Patrol police fines: number, date, article, amount, paid or not.",
            ),
            keywords=(("ჯარიმა", "საჯარიმო ქვითარი"), ("traffic fine", "speeding ticket", "pay a fine")),
            query=_fines,
        ),
        Service(
            name="border-crossings",
            type="informational",
            category="personal",
            assurance="substantial",
            title=("საზღვრის კვეთა", "Border crossings"),
            description=(
                "სახელმწიფო საზღვრის კვეთის ისტორია: თარიღი, გამშვები პუნქტი, მიმართულება.",
                "Your crossings of the state border: date and time, checkpoint, direction.",
            ),
            keywords=(("საზღვრის კვეთა", "გამგზავრება"), ("border crossing", "travel history")),
            query=_crossings,
        ),
        Service(
            name="registration-copy",
            type="functional",
            category="transport",
            assurance="substantial",
            fee="15.00",
            deadline=(1, "working_days"),
            title=(
                "სატრანსპორტო საშუალების რეგისტრაციის მოწმობის ასლი",
                "Copy of a vehicle registration certificate",
            ),
            description=("ტექპასპორტის დუბლიკატი.", "A duplicate of the vehicle registration certificate."),
            keywords=(
                ("ტექპასპორტი", "რეგისტრაციის მოწმობა"),
                ("vehicle registration copy", "lost tech passport"),
            ),
            form_schema=form(
                "ასლის მოთხოვნა",
                "Copy request",
                required=["personal_number", "vin"],
                personal_number=applicant_fields()["personal_number"],
                vin=text(
                    "VIN კოდი",
                    "VIN",
                    pattern=r"^[A-HJ-NPR-Z0-9]{17}$",
                    prefill="mia.vehicles#/vehicles/0/vin",
                ),
                reason=choice(
                    "მიზეზი", "Reason", {"lost": ("დაკარგვა", "Lost"), "damaged": ("დაზიანება", "Damaged")}
                ),
            ),
        ),
        Service(
            name="firearm-permit",
            type="functional",
            category="permits",
            assurance="high",
            signature_required=True,
            fee="80.00",
            deadline=(10, "working_days"),
            title=("ცეცხლსასროლი იარაღის შენახვა-ტარების ნებართვა", "Firearm possession permit"),
            description=(
                "სანადირო ან თავდაცვის იარაღის ნებართვა; საჭიროა სამედიცინო ცნობა.",
                "A permit for a hunting or self-defence weapon; needs a medical certificate.",
            ),
            keywords=(("იარაღის ნებართვა", "ლიცენზია"), ("firearm permit", "hunting licence", "permits")),
            form_schema=form(
                "ნებართვა",
                "Permit",
                required=["personal_number", "weapon", "medical_certificate"],
                personal_number=applicant_fields()["personal_number"],
                weapon=choice(
                    "იარაღი",
                    "Weapon",
                    {"hunting": ("სანადირო", "Hunting"), "self_defence": ("თავდაცვის", "Self-defence")},
                ),
                medical_certificate=text(
                    "სამედიცინო ცნობის ნომერი", "Medical certificate number", max_length=40
                ),
            ),
        ),
    ),
)
