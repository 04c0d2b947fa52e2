"""What each issued document says: one function per document, from the agency's own records.

The functions only arrange facts the caller looked up (`decisions.py` decides whether a document
is issued at all); `documents.render` prints the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from demo_agencies.documents import Document, Table, Text, day, same
from demo_agencies.names import bilingual
from demo_agencies.population import Person

_SEX = {"male": ("მამრობითი", "Male"), "female": ("მდედრობითი", "Female")}
_PERSONAL_NUMBER: Text = ("პირადი ნომერი", "Personal number")
_NAME: Text = ("სახელი, გვარი", "Name")


def _pair(value: dict[str, str]) -> Text:
    return (value["ka"], value["en"])


def _name(person: Person) -> Text:
    return _pair(person.name())


def _money(amount: str | None) -> Text:
    return ("—", "—") if amount is None else (f"{amount} ლარი", f"GEL {amount}")


def _yes(flag: bool) -> Text:
    return ("დიახ", "Yes") if flag else ("არა", "No")


def birth_certificate(*, person: Person, act: dict[str, Any]) -> Document:
    parents = {p["role"]: p for p in act["participants"] if p["role"] in ("mother", "father")}

    def parent(role: str) -> Text:
        found = parents.get(role)
        return ("—", "—") if found is None else _pair(found["name"])

    return Document(
        name=f"birth-certificate-{person.personal_number}.pdf",
        title=("დაბადების მოწმობა (განმეორებით გაცემული)", "Birth certificate (repeat issue)"),
        facts=[
            (("გვარი", "Surname"), _pair(bilingual(person.last))),
            (("სახელი", "First name"), _pair(bilingual(person.first))),
            (_PERSONAL_NUMBER, same(person.personal_number)),
            (("სქესი", "Sex"), _SEX[person.sex]),
            (("დაბადების თარიღი", "Date of birth"), same(day(person.birth_date))),
            (("დაბადების ადგილი", "Place of birth"), _pair(person.birth_place)),
            (("დედა", "Mother"), parent("mother")),
            (("მამა", "Father"), parent("father")),
            (("აქტის ჩანაწერის ნომერი", "Birth record number"), same(act["number"])),
            (("რეგისტრაციის თარიღი", "Date of registration"), same(day(act["date"]))),
        ],
        statement=(
            "მოწმობა გაცემულია სამოქალაქო აქტების რეესტრში დაცული დაბადების აქტის ჩანაწერის საფუძველზე.",
            "Issued from the birth record kept in the civil-acts registry.",
        ),
    )


def registry_extract(*, company: dict[str, Any]) -> Document:
    return Document(
        name=f"registry-extract-{company['id']}.pdf",
        title=(
            "ამონაწერი მეწარმეთა და არასამეწარმეო (არაკომერციული) იურიდიული პირების რეესტრიდან",
            "Extract from the Registry of Entrepreneurs and Non-Entrepreneurial Legal Entities",
        ),
        facts=[
            (("საიდენტიფიკაციო კოდი", "Identification code"), same(company["id"])),
            (("დასახელება", "Name"), _pair(company["name"])),
            (("სამართლებრივი ფორმა", "Legal form"), _pair(company["legal_form"]["name"])),
            (("სტატუსი", "Status"), _pair(company["status"]["name"])),
            (("რეგისტრაციის თარიღი", "Registered"), same(day(company["registered"]))),
            (("იურიდიული მისამართი", "Legal address"), _pair(company["address"])),
            (("საქმიანობა", "Activity"), _pair(company["activity"])),
            (("ელ. ფოსტა", "E-mail"), same(company.get("email") or "—")),
        ],
        tables=[
            Table(
                caption=("ხელმძღვანელები", "Directors"),
                columns=(_NAME, _PERSONAL_NUMBER, ("რა დროიდან", "Since")),
                rows=[
                    (_pair(d["name"]), same(d["personal_number"]), same(day(d["since"])))
                    for d in company["directors"]
                ],
            ),
            Table(
                caption=("პარტნიორები", "Partners"),
                columns=(_NAME, _PERSONAL_NUMBER, ("წილი", "Share"), ("რა დროიდან", "Since")),
                rows=[
                    (
                        _pair(p["name"]),
                        same(p["personal_number"]),
                        same(f"{p['share']}%"),
                        same(day(p["since"])),
                    )
                    for p in company["partners"]
                ],
            ),
            Table(
                caption=("წილის გირავნობა", "Pledges on shares"),
                columns=(_PERSONAL_NUMBER, ("წილი", "Share"), ("მოგირავნე", "Pledgee"), ("თანხა", "Amount")),
                rows=[
                    (same(p["partner"]), same(f"{p['share']}%"), _pair(p["pledgee"]), _money(p["amount"]))
                    for p in company["pledges"]
                    if p["status"] == "active"
                ],
            ),
        ],
    )


def property_record(*, estate: dict[str, Any], requested: str) -> Document:
    return Document(
        name=f"property-record-{estate['cadastral_code']}.pdf",
        title=("უძრავი ქონების რეესტრის ჩანაწერის ასლი", "Copy of a real-estate registry record"),
        facts=[
            (("საკადასტრო კოდი", "Cadastral code"), same(estate["cadastral_code"])),
            (("ობიექტი", "Property"), _pair(estate["type"]["name"])),
            (("მისამართი", "Address"), _pair(estate["address"])),
            (("ფართი", "Area"), (f"{estate['area_m2']} კვ.მ", f"{estate['area_m2']} m²")),
            (("რეგისტრაციის თარიღი", "Registered"), same(day(estate["registered"]))),
            (("მოთხოვნილი დოკუმენტები", "Documents requested"), same(requested)),
        ],
        tables=[
            Table(
                caption=("მესაკუთრეები", "Owners"),
                columns=(_NAME, ("კოდი", "Number"), ("წილი", "Share")),
                rows=[(_pair(o["name"]), same(o["id"]), same(o["share"])) for o in estate["owners"]],
            ),
            Table(
                caption=("ვალდებულებები", "Encumbrances"),
                columns=(
                    ("სახე", "Type"),
                    ("ვის სასარგებლოდ", "Holder"),
                    ("თანხა", "Amount"),
                    ("თარიღი", "Date"),
                ),
                rows=[
                    (
                        _pair(e["type"]["name"]),
                        _pair(e["holder"]),
                        _money(e["amount"]),
                        same(day(e["registered"])),
                    )
                    for e in estate["encumbrances"]
                ],
            ),
        ],
    )


def debtor_certificate(*, name: Text, number: str, entries: list[dict[str, Any]], searched: bool) -> Document:
    active = [e for e in entries if e["status"]["code"] == "active"]
    listed = (
        ("რეგისტრირებულია მოვალეთა რეესტრში.", "is listed in the debtor registry.")
        if active
        else ("არ არის რეგისტრირებული მოვალეთა რეესტრში.", "is not listed in the debtor registry.")
    )
    title = (
        ("მოვალეთა რეესტრში ძიების შედეგი", "Result of a debtor-registry search")
        if searched
        else ("ცნობა მოვალეთა რეესტრიდან", "Certificate from the debtor registry")
    )
    return Document(
        name=f"{'debtor-search' if searched else 'debtor-certificate'}-{number}.pdf",
        title=title,
        facts=[(_NAME, name), (("საიდენტიფიკაციო ნომერი", "Identification number"), same(number))],
        tables=[
            Table(
                caption=("აქტიური ჩანაწერები", "Active entries"),
                columns=(
                    ("საქმე", "Case"),
                    ("კრედიტორი", "Creditor"),
                    ("თანხა", "Amount"),
                    ("თარიღი", "Date"),
                ),
                rows=[
                    (
                        same(e["case_number"]),
                        _pair(e["creditor"]["name"]),
                        _money(e["amount"]),
                        same(day(e["registered"])),
                    )
                    for e in active
                ],
            )
        ],
        statement=(f"{name[0]} {listed[0]}", f"{name[1]} {listed[1]}"),
    )


def tax_status_certificate(*, person: Person, record: dict[str, Any], purpose: Text) -> Document:
    debt = record["balance"]["debt"]
    owes = debt != "0.00"
    return Document(
        name=f"tax-status-{person.personal_number}.pdf",
        title=("ცნობა საგადასახადო სტატუსის შესახებ", "Certificate of tax status"),
        facts=[
            (_NAME, _name(person)),
            (_PERSONAL_NUMBER, same(person.personal_number)),
            (("სტატუსი", "Status"), _pair(record["taxpayer"]["status"]["name"])),
            (("რეგისტრაციის თარიღი", "Registered"), same(day(record["taxpayer"]["registered"]))),
            (("დღგ-ის გადამხდელი", "VAT payer"), _yes(record["taxpayer"]["vat_payer"])),
            (("დავალიანება", "Tax debt"), _money(debt)),
            (("მდგომარეობით", "As of"), same(day(record["balance"]["as_of"]))),
            (("წარსადგენად", "To be presented to"), purpose),
        ],
        statement=(
            (
                f"გადამხდელს აქვს საგადასახადო დავალიანება {debt} ლარის ოდენობით.",
                f"The taxpayer owes GEL {debt} in tax.",
            )
            if owes
            else ("გადამხდელს საგადასახადო დავალიანება არ აქვს.", "The taxpayer has no tax debt.")
        ),
    )


def registration_copy(*, person: Person, vehicle: dict[str, Any], reason: Text) -> Document:
    return Document(
        name=f"vehicle-registration-{vehicle['plate']}.pdf",
        title=(
            "სატრანსპორტო საშუალების რეგისტრაციის მოწმობა (დუბლიკატი)",
            "Vehicle registration certificate (duplicate)",
        ),
        facts=[
            (("სახელმწიფო ნომერი", "Licence plate"), same(vehicle["plate"])),
            (("VIN კოდი", "VIN"), same(vehicle["vin"])),
            (("მარკა, მოდელი", "Make and model"), same(f"{vehicle['make']} {vehicle['model']}")),
            (("გამოშვების წელი", "Year"), same(vehicle["year"])),
            (("ფერი", "Colour"), _pair(vehicle["colour"])),
            (("მესაკუთრე", "Owner"), _name(person)),
            (_PERSONAL_NUMBER, same(person.personal_number)),
            (("დუბლიკატის მიზეზი", "Reason for the duplicate"), reason),
        ],
        statement=(
            "წინა მოწმობა ბათილად ცხადდება.",
            "The certificate issued before is void from today.",
        ),
    )


def parking_permit(*, person: Person, vehicle: dict[str, Any], address: str, valid_until: date) -> Document:
    return Document(
        name=f"parking-permit-{vehicle['plate']}.pdf",
        title=("მაცხოვრებლის პარკირების ნებართვა", "Resident parking permit"),
        facts=[
            (("მფლობელი", "Holder"), _name(person)),
            (_PERSONAL_NUMBER, same(person.personal_number)),
            (("სახელმწიფო ნომერი", "Licence plate"), same(vehicle["plate"])),
            (("მისამართი", "Address"), same(address)),
            (("მოქმედებს", "Valid until"), same(day(valid_until))),
        ],
        statement=(
            "ნებართვა იძლევა ზონური პარკირების უფლებას საცხოვრებელი მისამართის ქუჩაზე.",
            "The permit allows zone parking on the street of the home address.",
        ),
    )


def treatment_voucher(
    *, person: Person, programme: Text, clinic: str, voucher: str, valid_until: date
) -> Document:
    return Document(
        name=f"treatment-voucher-{voucher}.pdf",
        title=("გეგმიური მკურნალობის ვაუჩერი", "Planned-treatment voucher"),
        facts=[
            (("ვაუჩერის ნომერი", "Voucher number"), same(voucher)),
            (("პაციენტი", "Patient"), _name(person)),
            (_PERSONAL_NUMBER, same(person.personal_number)),
            (("პროგრამა", "Programme"), programme),
            (("კლინიკა", "Clinic"), same(clinic)),
            (("მოქმედებს", "Valid until"), same(day(valid_until))),
        ],
        statement=(
            "მკურნალობა ფინანსდება საყოველთაო ჯანდაცვის პროგრამის პირობებით.",
            "The treatment is paid for on the terms of the universal healthcare programme.",
        ),
    )


def recognition_certificate(
    *, person: Person, country: str, institution: str, level: Text, year: int
) -> Document:
    return Document(
        name=f"recognition-{person.personal_number}-{year}.pdf",
        title=(
            "უცხოეთში მიღებული განათლების აღიარების მოწმობა",
            "Certificate of recognition of foreign education",
        ),
        facts=[
            (_NAME, _name(person)),
            (_PERSONAL_NUMBER, same(person.personal_number)),
            (("ქვეყანა", "Country"), same(country)),
            (("დაწესებულება", "Institution"), same(institution)),
            (("საფეხური", "Level"), level),
            (("დამთავრების წელი", "Year of graduation"), same(year)),
        ],
        statement=(
            "განათლება აღიარებულია საქართველოში მოქმედი შესაბამისი საფეხურის განათლების ეკვივალენტად.",
            "The education is recognised as equivalent to the same level of education in Georgia.",
        ),
    )
