"""The registry of entrepreneurs' functional services (R-S-5): every change to a registered entity
is an application, most of them signed, since they change what the public registry states."""

from __future__ import annotations

from typing import Any

from demo_agencies.services import (
    COMPANY_ID,
    PERSONAL_NUMBER,
    Service,
    applicant_fields,
    choice,
    company_field,
    day,
    flag,
    form,
    number,
    text,
)

_START_STOP = {"start": ("დაწყება", "Start"), "terminate": ("შეწყვეტა", "Termination")}
_REGISTRIES = {
    "entrepreneurs": (
        "მეწარმეთა და არასამეწარმეო (არაკომერციული) იურიდიული პირების რეესტრი",
        "Registry of Entrepreneurs and NNLEs",
    ),
    "real_estate": ("უძრავი ქონების რეესტრი", "Real-estate registry"),
}
_BUSINESS = ("მეწარმე", "კომპანია", "რეესტრი")
_BUSINESS_EN = ("business", "company", "registry")


def _entity_form(ka: str, en: str, *, required: list[str], **fields: dict[str, Any]) -> dict[str, Any]:
    """A form filed for a registered entity by its representative."""
    return form(
        ka,
        en,
        required=["personal_number", "company_id", *required],
        personal_number=applicant_fields()["personal_number"],
        company_id=company_field(),
        **fields,
    )


def _signed(
    name: str,
    title: tuple[str, str],
    description: tuple[str, str],
    keywords: tuple[tuple[str, ...], tuple[str, ...]],
    schema: dict[str, Any],
    *,
    fee: str = "50.00",
    days: int = 1,
) -> Service:
    return Service(
        name=name,
        type="functional",
        category="business",
        assurance="high",
        signature_required=True,
        fee=fee,
        deadline=(days, "working_days"),
        title=title,
        description=description,
        keywords=((*keywords[0], *_BUSINESS), (*keywords[1], *_BUSINESS_EN)),
        form_schema=schema,
    )


FUNCTIONAL = (
    Service(
        name="extract",
        type="functional",
        category="business",
        assurance="substantial",
        deadline=(1, "working_days"),
        title=(
            "ამონაწერი მეწარმეთა და არასამეწარმეო (არაკომერციული) იურიდიული პირების რეესტრიდან",
            "Extract from the Registry of Entrepreneurs and Non-Entrepreneurial Legal Entities",
        ),
        description=(
            "რეგისტრირებული სუბიექტის მოქმედი ამონაწერი.",
            "The current extract for a registered entity.",
        ),
        keywords=(
            ("ამონაწერი", "ამონაწერი რეესტრიდან", *_BUSINESS),
            ("registry extract", "company extract", *_BUSINESS_EN),
        ),
        form_schema=form(
            "ამონაწერის მოთხოვნა",
            "Extract request",
            required=["company_id", "language"],
            company_id=text("საიდენტიფიკაციო კოდი", "Identification code", pattern=COMPANY_ID),
            language=choice(
                "ენა",
                "Language",
                {"ka": ("ქართული", "Georgian"), "en": ("ინგლისური", "English")},
                default="ka",
            ),
            certified=flag("დამოწმებული ასლი", "Certified copy"),
        ),
    ),
    _signed(
        "registration",
        ("ახალი სუბიექტის რეგისტრაცია", "Registration of a new entity"),
        ("შპს-ის, სს-ის, ი/მ-ის ან ა(ა)იპ-ის რეგისტრაცია.", "Register an LLC, JSC, sole proprietor or NNLE."),
        (
            ("კომპანიის რეგისტრაცია", "შპს-ის დაფუძნება"),
            ("register a company", "start a business", "new LLC"),
        ),
        form(
            "რეგისტრაცია",
            "Registration",
            required=["personal_number", "legal_form", "name_ka", "legal_address", "activity"],
            personal_number=applicant_fields()["personal_number"],
            legal_form=choice(
                "სამართლებრივი ფორმა",
                "Legal form",
                {
                    "llc": ("შპს", "LLC"),
                    "jsc": ("სს", "JSC"),
                    "sole_proprietor": ("ი/მ", "Sole proprietor"),
                    "cooperative": ("კოოპერატივი", "Cooperative"),
                    "nnle": ("ა(ა)იპ", "NNLE"),
                },
            ),
            name_ka=text("დასახელება (ქართულად)", "Name (Georgian)", max_length=120),
            name_en=text("დასახელება (ინგლისურად)", "Name (English)", max_length=120),
            legal_address=text("იურიდიული მისამართი", "Legal address", prefill="psda.person#/address/ka"),
            activity=text("საქმიანობა", "Activity", max_length=300),
            capital=number("კაპიტალი (ლარი)", "Capital (GEL)"),
        ),
        fee="100.00",
    ),
    _signed(
        "change",
        ("სუბიექტის რეგისტრირებული მონაცემების ცვლილება", "Change of an entity's registered data"),
        (
            "დასახელების, ხელმძღვანელის, პარტნიორების, მისამართის ან საქმიანობის ცვლილება.",
            "Change name, director, partners, address or activity.",
        ),
        (("დირექტორის შეცვლა", "მისამართის ცვლილება"), ("change director", "change company data")),
        _entity_form(
            "ცვლილება",
            "Change",
            required=["what", "new_value"],
            what=choice(
                "რა იცვლება",
                "What changes",
                {
                    "name": ("დასახელება", "Name"),
                    "director": ("ხელმძღვანელი", "Director"),
                    "partners": ("პარტნიორები", "Partners"),
                    "legal_address": ("იურიდიული მისამართი", "Legal address"),
                    "activity": ("საქმიანობა", "Activity"),
                },
            ),
            new_value=text("ახალი მონაცემი", "New value", max_length=2000),
        ),
    ),
    Service(
        name="contacts",
        type="functional",
        category="business",
        assurance="substantial",
        deadline=(1, "working_days"),
        title=(
            "სუბიექტის ელ-ფოსტა, ტელეფონი, ფაქტობრივი მისამართი",
            "Entity's e-mail, phone and address other than the legal address",
        ),
        description=(
            "საკონტაქტო მონაცემების რეგისტრაცია ან ცვლილება.",
            "Register or change an entity's contact details.",
        ),
        keywords=(
            ("ელ-ფოსტა", "ფაქტობრივი მისამართი", *_BUSINESS),
            ("company e-mail", "company phone", "actual address", *_BUSINESS_EN),
        ),
        form_schema=_entity_form(
            "საკონტაქტო მონაცემები",
            "Contact details",
            required=["email"],
            email=text("ელ-ფოსტა", "E-mail", fmt="email"),
            phone=text("ტელეფონი", "Phone", pattern=r"^\+?[0-9 ]{9,16}$"),
            actual_address=text("ფაქტობრივი მისამართი", "Actual address"),
        ),
    ),
    Service(
        name="technical-correction",
        type="functional",
        category="business",
        assurance="substantial",
        deadline=(4, "working_days"),
        title=(
            "რეგისტრირებულ მონაცემებში ტექნიკური ხარვეზის გასწორება",
            "Correction of technical errors in registered data",
        ),
        description=(
            "რეესტრის ჩანაწერში დაშვებული ტექნიკური შეცდომის გასწორება.",
            "Fix a clerical error in a registry record.",
        ),
        keywords=(
            ("ტექნიკური ხარვეზი", "შეცდომის გასწორება"),
            ("technical error", "correct a mistake", "registry correction"),
        ),
        form_schema=form(
            "ხარვეზის გასწორება",
            "Correction",
            required=["personal_number", "registry", "record", "error", "correct_value"],
            personal_number=applicant_fields()["personal_number"],
            registry=choice("რეესტრი", "Registry", _REGISTRIES),
            record=text(
                "საკადასტრო ან საიდენტიფიკაციო კოდი", "Cadastral code or identification code", max_length=40
            ),
            error=text("რა არის არასწორად", "What is wrong", max_length=2000),
            correct_value=text("სწორი მონაცემი", "Correct data", max_length=500),
        ),
    ),
    Service(
        name="document-copies",
        type="functional",
        category="property",
        assurance="substantial",
        fee="5.00",
        deadline=(1, "working_days"),
        title=("დოკუმენტების ელექტრონული ასლები", "Electronic copies of documents"),
        description=(
            "რეესტრში დაცული დოკუმენტების ელექტრონული ასლები.",
            "Electronic copies of documents kept in the registry.",
        ),
        keywords=(
            ("დოკუმენტის ასლი", "ნასყიდობის ხელშეკრულება"),
            ("document copy", "electronic copy", "sale contract copy"),
        ),
        form_schema=form(
            "ასლების მოთხოვნა",
            "Copies request",
            required=["personal_number", "registry", "record", "documents"],
            personal_number=applicant_fields()["personal_number"],
            registry=choice("რეესტრი", "Registry", _REGISTRIES),
            record=text(
                "საკადასტრო ან საიდენტიფიკაციო კოდი",
                "Cadastral code or identification code",
                max_length=40,
                prefill="napr.property#/properties/0/cadastral_code",
            ),
            documents=text("რომელი დოკუმენტები", "Which documents", max_length=1000),
        ),
    ),
    _signed(
        "reorganisation",
        ("რეორგანიზაცია", "Reorganisation"),
        ("შერწყმა, გაყოფა, გამოყოფა ან გარდაქმნა.", "Merger, division, spin-off or transformation."),
        (("შერწყმა", "გარდაქმნა"), ("merger", "company transformation")),
        _entity_form(
            "რეორგანიზაცია",
            "Reorganisation",
            required=["form_of_reorganisation"],
            form_of_reorganisation=choice(
                "ფორმა",
                "Form",
                {
                    "merger": ("შერწყმა", "Merger"),
                    "division": ("გაყოფა", "Division"),
                    "spin_off": ("გამოყოფა", "Spin-off"),
                    "transformation": ("გარდაქმნა", "Transformation"),
                },
            ),
            other_company_id=text("მეორე სუბიექტის კოდი", "Other entity's code", pattern=COMPANY_ID),
        ),
        fee="100.00",
    ),
    _signed(
        "reorganisation-proceedings",
        ("რეორგანიზაციის დაწყება / შეწყვეტა", "Start / termination of reorganisation"),
        (
            "რეორგანიზაციის პროცესის დაწყების ან შეწყვეტის რეგისტრაცია.",
            "Register that reorganisation starts or stops.",
        ),
        (("რეორგანიზაციის დაწყება",), ("start reorganisation", "terminate reorganisation")),
        _entity_form(
            "რეორგანიზაციის პროცესი",
            "Reorganisation proceedings",
            required=["action"],
            action=choice("მოქმედება", "Action", _START_STOP),
        ),
    ),
    _signed(
        "insolvency",
        (
            "გადახდისუუნარობის საქმის წარმოების დაწყება / შეწყვეტა",
            "Start / termination of insolvency proceedings",
        ),
        (
            "გაკოტრების ან რეაბილიტაციის საქმის წარმოების რეგისტრაცია სასამართლოს გადაწყვეტილებით.",
            "Register bankruptcy or rehabilitation proceedings on a court decision.",
        ),
        (("გაკოტრება", "რეაბილიტაცია"), ("bankruptcy", "rehabilitation", "insolvency")),
        _entity_form(
            "გადახდისუუნარობა",
            "Insolvency",
            required=["action", "proceedings", "court_decision"],
            action=choice("მოქმედება", "Action", _START_STOP),
            proceedings=choice(
                "წარმოება",
                "Proceedings",
                {
                    "bankruptcy": ("გაკოტრება", "Bankruptcy"),
                    "rehabilitation": ("რეაბილიტაცია", "Rehabilitation"),
                },
            ),
            court_decision=text("სასამართლოს გადაწყვეტილების ნომერი", "Court decision number", max_length=40),
            decision_date=day("გადაწყვეტილების თარიღი", "Decision date"),
        ),
        fee="0.00",
    ),
    _signed(
        "share-pledge",
        (
            "წილის გირავნობა (რეგისტრაცია / შეწყვეტა / ცვლილება)",
            "Pledge on a share (register / terminate / change)",
        ),
        (
            "პარტნიორის წილზე გირავნობის რეგისტრაცია, შეწყვეტა ან ცვლილება.",
            "Register, end or change a pledge on a partner's share.",
        ),
        (("წილის დაგირავება", "გირავნობა"), ("share pledge", "pledge on a share")),
        _entity_form(
            "წილის გირავნობა",
            "Share pledge",
            required=["action", "partner", "share", "pledgee"],
            action=choice(
                "მოქმედება",
                "Action",
                {
                    "register": ("რეგისტრაცია", "Register"),
                    "terminate": ("შეწყვეტა", "Terminate"),
                    "change": ("ცვლილება", "Change"),
                },
            ),
            partner=text("პარტნიორის პირადი ნომერი", "Partner's personal number", pattern=PERSONAL_NUMBER),
            share=number("წილი (%)", "Share (%)", maximum=100),
            pledgee=text("მოგირავნე", "Pledgee", max_length=200),
            amount=number("უზრუნველყოფილი თანხა (ლარი)", "Secured amount (GEL)"),
        ),
    ),
    _signed(
        "cancellation",
        ("რეგისტრაციის გაუქმება", "Cancellation of registration"),
        (
            "სუბიექტის რეგისტრაციის გაუქმება (მაგ. ი/მ-ის საქმიანობის შეწყვეტა).",
            "Cancel an entity's registration (e.g. a sole proprietor stops trading).",
        ),
        (("რეგისტრაციის გაუქმება", "ი/მ-ის გაუქმება"), ("cancel registration", "close sole proprietorship")),
        _entity_form(
            "გაუქმება",
            "Cancellation",
            required=["reason"],
            reason=text("მიზეზი", "Reason", max_length=1000),
        ),
        fee="0.00",
    ),
    _signed(
        "liquidation",
        ("ლიკვიდაციის დაწყება / შეწყვეტა", "Start / termination of liquidation"),
        ("ლიკვიდაციის დაწყების ან დასრულების რეგისტრაცია.", "Register the start or end of liquidation."),
        (("ლიკვიდაცია", "კომპანიის დახურვა"), ("liquidation", "close a company", "wind up")),
        _entity_form(
            "ლიკვიდაცია",
            "Liquidation",
            required=["action", "liquidator"],
            action=choice("მოქმედება", "Action", _START_STOP),
            liquidator=text(
                "ლიკვიდატორის პირადი ნომერი", "Liquidator's personal number", pattern=PERSONAL_NUMBER
            ),
        ),
    ),
)
