"""How each agency decides an application, by rules a real office would apply to its own records.

Every rule reads the shared population, so a decision agrees with what the same agency answers to
a query: a birth certificate is issued for the applicant or for a minor child the civil registry
lists as theirs; a vehicle document only to the vehicle's current owner; and so on. The rules,
service by service, are listed in docs/demo-agencies.md ("Decisions"). A service without rules
here is approved with a message only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from demo_agencies import certificates as C
from demo_agencies.casework import Case
from demo_agencies.documents import Document, Text
from demo_agencies.population import Person
from demo_agencies.world import Population

_GEORGIA = {"georgia", "sakartvelo", "საქართველო", "ge", "geo"}
_PURPOSES = {"bank": ("ბანკი", "a bank"), "tender": ("ტენდერი", "a tender"), "other": ("სხვა", "other")}
_REASONS = {"lost": ("დაკარგვა", "Lost"), "damaged": ("დაზიანება", "Damaged")}
_PROGRAMMES = {
    "surgery": ("გეგმიური ქირურგია", "Planned surgery"),
    "oncology": ("ონკოლოგია", "Oncology"),
    "medicines": ("მედიკამენტები", "Medicines"),
}
_LEVELS = {
    "school": ("ზოგადი განათლება", "School"),
    "bachelor": ("ბაკალავრი", "Bachelor"),
    "master": ("მაგისტრი", "Master"),
    "doctor": ("დოქტორი", "Doctor"),
}


@dataclass(frozen=True, kw_only=True)
class Decision:
    status: str  # approved | refused
    message: Text
    documents: tuple[Document, ...] = field(default_factory=tuple)


def approve(ka: str, en: str, *documents: Document) -> Decision:
    return Decision(status="approved", message=(ka, en), documents=documents)


def refuse(ka: str, en: str) -> Decision:
    return Decision(status="refused", message=(ka, en))


Decide = Callable[[Case, Population, date], Decision]


@dataclass(frozen=True, kw_only=True)
class Rules:
    decide: Decide
    # What the office asks for when the application came without it (case.status "info_needed"),
    # and whether it needs to ask in this case at all.
    asks: Text | None = None
    needs: Callable[[Case], bool] = lambda case: not case.files()


def _applicant(case: Case, world: Population) -> Person | None:
    return world.persons.get(case.applicant)


_NOT_KNOWN = refuse(
    "განმცხადებელი არ არის რეგისტრირებული სამოქალაქო რეესტრში.",
    "The applicant is not registered in the civil registry.",
)


def _birth_certificate(case: Case, world: Population, today: date) -> Decision:
    applicant = _applicant(case, world)
    if applicant is None:
        return _NOT_KNOWN
    subject = applicant
    if case.data.get("for_whom") == "child":
        number = case.data.get("child_personal_number")
        if not number:
            return refuse("მიუთითეთ შვილის პირადი ნომერი.", "The child's personal number is missing.")
        if number not in applicant.children:
            return refuse(
                f"პირი პირადი ნომრით {number} სამოქალაქო რეესტრის მონაცემებით არ არის თქვენი შვილი.",
                f"The civil registry's family records do not list the person {number} as your child.",
            )
        subject = world.persons[number]
        if subject.adult:
            return refuse(
                "სრულწლოვანი პირი დაბადების მოწმობას თავად ითხოვს.",
                "Your child is an adult and applies for their own birth certificate.",
            )
    act = next(
        (
            a
            for a in world.acts.get(subject.personal_number, [])
            if a["type"] == "birth"
            and any(
                p["role"] == "child" and p["personal_number"] == subject.personal_number
                for p in a["participants"]
            )
        ),
        None,
    )
    if act is None:
        return refuse(
            "საქართველოს სამოქალაქო რეესტრში დაბადების აქტის ჩანაწერი არ არის (პირი დაიბადა საზღვარგარეთ). "
            "ჯერ წარადგინეთ უცხოეთში გაცემული დაბადების მოწმობა რეგისტრაციისთვის.",
            "The civil registry of Georgia holds no birth record for this person (born abroad). "
            "Register the foreign birth certificate first.",
        )
    return approve(
        "დაბადების მოწმობა თანდართულია.",
        "The birth certificate is attached.",
        C.birth_certificate(person=subject, act=act),
    )


def _no_company(code: str) -> Decision:
    return refuse(
        f"რეესტრში სუბიექტი საიდენტიფიკაციო კოდით {code} არ არის რეგისტრირებული.",
        f"No entity with the identification code {code} is registered.",
    )


def _extract(case: Case, world: Population, today: date) -> Decision:
    company = world.companies.get(case.data["company_id"])
    if company is None:
        return _no_company(case.data["company_id"])
    return approve("ამონაწერი თანდართულია.", "The extract is attached.", C.registry_extract(company=company))


def _contacts(case: Case, world: Population, today: date) -> Decision:
    company = world.companies.get(case.data["company_id"])
    if company is None:
        return _no_company(case.data["company_id"])
    if case.applicant not in {d["personal_number"] for d in company["directors"]}:
        return refuse(
            "საკონტაქტო მონაცემებს ცვლის მხოლოდ რეესტრში რეგისტრირებული ხელმძღვანელი.",
            "Only a director registered for the entity can change its contact details.",
        )
    return approve(
        f"{company['name']['ka']}: საკონტაქტო მონაცემები დარეგისტრირდა (ელ. ფოსტა {case.data['email']}).",
        f"{company['name']['en']}: the contact details are registered (e-mail {case.data['email']}).",
    )


def _estate(world: Population, code: str) -> dict[str, Any] | None:
    return next(
        (e for estates in world.properties.values() for e in estates if e["cadastral_code"] == code), None
    )


def _record(case: Case, world: Population) -> dict[str, Any] | None:
    record = case.data["record"].strip()
    return world.companies.get(record) if case.data["registry"] == "entrepreneurs" else _estate(world, record)


def _no_record(case: Case) -> Decision:
    record = case.data["record"].strip()
    return refuse(f"რეესტრში ჩანაწერი {record} ვერ მოიძებნა.", f"The registry holds no record {record}.")


def _technical_correction(case: Case, world: Population, today: date) -> Decision:
    if _record(case, world) is None:
        return _no_record(case)
    record = case.data["record"].strip()
    return approve(
        f"ჩანაწერში {record} ტექნიკური ხარვეზი გასწორდა.",
        f"The clerical error in record {record} is corrected.",
    )


def _document_copies(case: Case, world: Population, today: date) -> Decision:
    found = _record(case, world)
    if found is None:
        return _no_record(case)
    document = (
        C.registry_extract(company=found)
        if case.data["registry"] == "entrepreneurs"
        else C.property_record(estate=found, requested=case.data["documents"])
    )
    return approve("დოკუმენტის ასლი თანდართულია.", "The copy is attached.", document)


def _debtor_certificate(case: Case, world: Population, today: date) -> Decision:
    applicant = _applicant(case, world)
    if applicant is None:
        return _NOT_KNOWN
    name = applicant.name()
    return approve(
        "ცნობა თანდართულია.",
        "The certificate is attached.",
        C.debtor_certificate(
            name=(name["ka"], name["en"]),
            number=case.applicant,
            entries=world.debts.get(case.applicant, []),
            searched=False,
        ),
    )


def _debtor_search(case: Case, world: Population, today: date) -> Decision:
    number = case.data["identification_number"]
    party = world.persons.get(number)
    name = party.name() if party else (world.companies.get(number) or {}).get("name")
    if name is None:
        return refuse(
            f"პირი ან სუბიექტი ნომრით {number} რეესტრებში არ არის.",
            f"No person or entity with the number {number} is known to the registries.",
        )
    return approve(
        "ძიების შედეგი თანდართულია.",
        "The result of the search is attached.",
        C.debtor_certificate(
            name=(name["ka"], name["en"]), number=number, entries=world.debts.get(number, []), searched=True
        ),
    )


def _tax_status(case: Case, world: Population, today: date) -> Decision:
    applicant, record = _applicant(case, world), world.taxes.get(case.applicant)
    if applicant is None or record is None:
        return refuse(
            "თქვენ არ ხართ რეგისტრირებული გადასახადის გადამხდელად, ამიტომ დასადასტურებელი სტატუსი არ გაქვთ.",
            "You are not registered as a taxpayer, so there is no tax status to certify.",
        )
    purpose = _PURPOSES.get(case.data["purpose"], _PURPOSES["other"])
    return approve(
        "ცნობა თანდართულია.",
        "The certificate is attached.",
        C.tax_status_certificate(person=applicant, record=record, purpose=purpose),
    )


def _current_vehicle(case: Case, world: Population, field_name: str) -> dict[str, Any] | None:
    value = case.data.get(field_name)
    return next(
        (
            v
            for v in world.vehicles.get(case.applicant, [])
            if v[field_name] == value and v["owners"][-1]["personal_number"] == case.applicant
        ),
        None,
    )


def _registration_copy(case: Case, world: Population, today: date) -> Decision:
    applicant, vehicle = _applicant(case, world), _current_vehicle(case, world, "vin")
    if applicant is None or vehicle is None:
        return refuse(
            f"სატრანსპორტო საშუალება VIN კოდით {case.data['vin']} თქვენზე არ არის რეგისტრირებული.",
            f"The vehicle with VIN {case.data['vin']} is not registered to you.",
        )
    reason = _REASONS.get(case.data.get("reason", "lost"), _REASONS["lost"])
    return approve(
        "რეგისტრაციის მოწმობის დუბლიკატი თანდართულია.",
        "The duplicate registration certificate is attached.",
        C.registration_copy(person=applicant, vehicle=vehicle, reason=reason),
    )


def _resident_parking(case: Case, world: Population, today: date) -> Decision:
    applicant, vehicle = _applicant(case, world), _current_vehicle(case, world, "plate")
    if applicant is None or vehicle is None:
        return refuse(
            f"სატრანსპორტო საშუალება ნომრით {case.data['plate']} თქვენზე არ არის რეგისტრირებული.",
            f"The vehicle {case.data['plate']} is not registered to you.",
        )
    home = world.addresses[applicant.address_id].to_json()
    if case.data["address"].strip() not in (home["ka"], home["en"]):
        return refuse(
            f"მაცხოვრებლის ნებართვა გაიცემა მხოლოდ რეგისტრირებულ მისამართზე: {home['ka']}.",
            f"A resident permit is issued only for your registered address: {home['en']}.",
        )
    return approve(
        "პარკირების ნებართვა თანდართულია.",
        "The parking permit is attached.",
        C.parking_permit(
            person=applicant,
            vehicle=vehicle,
            address=case.data["address"],
            valid_until=today + timedelta(days=365),
        ),
    )


def _treatment_voucher(case: Case, world: Population, today: date) -> Decision:
    applicant = _applicant(case, world)
    if applicant is None:
        return _NOT_KNOWN
    if not case.files():
        return refuse(
            "ექიმის მიმართვა (ფორმა IV-100/ა) არ იქნა წარმოდგენილი.",
            "The doctor's referral (form IV-100/a) was not provided.",
        )
    return approve(
        "ვაუჩერი თანდართულია; წარუდგინეთ ის კლინიკას.",
        "The voucher is attached; show it to the clinic.",
        C.treatment_voucher(
            person=applicant,
            programme=_PROGRAMMES.get(case.data["programme"], _PROGRAMMES["surgery"]),
            clinic=case.data["clinic"],
            voucher=f"TV-{case.number}",
            valid_until=today + timedelta(days=90),
        ),
    )


def _in_georgia(case: Case) -> bool:
    return case.data["country"].strip().lower() in _GEORGIA


def _recognition(case: Case, world: Population, today: date) -> Decision:
    applicant = _applicant(case, world)
    if applicant is None:
        return _NOT_KNOWN
    if _in_georgia(case):
        return refuse(
            "საქართველოში მიღებული განათლება აღიარებას არ საჭიროებს: მისი ჩანაწერი ცენტრშია დაცული.",
            "Education received in Georgia needs no recognition: the centre holds its record.",
        )
    if not case.files():
        return refuse(
            "დიპლომის (ატესტატის) ასლი არ იქნა წარმოდგენილი.",
            "No copy of the diploma or certificate was provided.",
        )
    level = _LEVELS.get(case.data["level"], _LEVELS["school"])
    return approve(
        "აღიარების მოწმობა თანდართულია.",
        "The certificate of recognition is attached.",
        C.recognition_certificate(
            person=applicant,
            country=case.data["country"],
            institution=case.data["institution"],
            level=level,
            year=int(case.data["year"]),
        ),
    )


def _public_information(case: Case, world: Population, today: date) -> Decision:
    return approve(
        "მოთხოვნა დაკმაყოფილებულია: ინფორმაცია გადმოგეცემათ თქვენ მიერ არჩეული ფორმით.",
        "Your request is granted: the information will be given to you in the format you chose.",
    )


def _new_connection(case: Case, world: Population, today: date) -> Decision:
    address = case.data["address"].strip()
    for account in world.utilities.get(case.applicant, []):
        if account["service"] == case.data["service"] and address in (
            account["address"]["ka"],
            account["address"]["en"],
        ):
            return refuse(
                f"ამ მისამართზე უკვე გაქვთ მიერთება (აბონენტი {account['subscriber_number']}).",
                f"This address is already connected (subscriber {account['subscriber_number']}).",
            )
    return approve(
        "მიერთება დამტკიცებულია; ინჟინერი დაგიკავშირდებათ ვიზიტის დროის შესათანხმებლად.",
        "The connection is approved; an engineer will call you to agree the date of the visit.",
    )


def _granted(case: Case, world: Population, today: date) -> Decision:
    return approve("განცხადება დაკმაყოფილებულია.", "Your application is granted.")


RULES: dict[str, Rules] = {
    "psda.birth-certificate": Rules(decide=_birth_certificate),
    "psda.public-information": Rules(decide=_public_information),
    "psda.resident-parking": Rules(decide=_resident_parking),
    "napr.extract": Rules(decide=_extract),
    "napr.contacts": Rules(decide=_contacts),
    "napr.technical-correction": Rules(decide=_technical_correction),
    "napr.document-copies": Rules(decide=_document_copies),
    "nbe.debtor-certificate": Rules(decide=_debtor_certificate),
    "nbe.debtor-search": Rules(decide=_debtor_search),
    "rs.status-certificate": Rules(decide=_tax_status),
    "mia.registration-copy": Rules(decide=_registration_copy),
    "ssa.treatment-voucher": Rules(
        decide=_treatment_voucher,
        asks=(
            "ატვირთეთ ექიმის მიმართვა (ფორმა IV-100/ა) გეგმიურ მკურნალობაზე.",
            "Please upload your doctor's referral (form IV-100/a) for the planned treatment.",
        ),
    ),
    "eqe.recognition": Rules(
        decide=_recognition,
        asks=(
            "ატვირთეთ დიპლომის ან ატესტატის ასლი და მისი დანართი (ნიშნების ფურცელი).",
            "Please upload a copy of the diploma or certificate and its transcript of grades.",
        ),
        needs=lambda case: not case.files() and not _in_georgia(case),
    ),
    "utilities.new-connection": Rules(decide=_new_connection),
}
DEFAULT = Rules(decide=_granted)


def rules_for(service: str) -> Rules:
    """The rules of a service by its implementation's code (a clone `bench1` decides as `psda`)."""
    return RULES.get(service, DEFAULT)
