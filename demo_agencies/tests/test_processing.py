"""Cases walk on their own to a decision and report each step to the portal (issue 4 §6; R-S-2,
R-P-3): signed callbacks to a stand-in portal on loopback, retried until it acknowledges them,
the person's supplement resuming a case that waits for more information, and real PDFs issued
from the agencies' records."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterator

import pypdfium2
import pytest

from demo_agencies.config import Config, Processing
from demo_agencies.server import create_app
from demo_agencies.tests.applying import SCAN, attachment, submit, supplement, until
from demo_agencies.tests.portal import PortalStandIn
from demo_agencies.tests.support import GIORGI, PORTAL, ServerThread, person
from demo_agencies.world import build_population
from panjara_protocol import Envelope

NINO = "01017029002"
LEVAN = "60001077004"  # naturalised, no record beyond the civil registry
WORLD = build_population(seed=2026)
CODES = ("psda", "napr", "rs", "mia", "nbe", "ssa", "eqe", "utilities")
PACE = 0.05


@pytest.fixture(scope="module")
def keys() -> Config:
    return Config.generate(portal_keys=[PORTAL.public_jwk()], agencies=CODES)


@pytest.fixture(scope="module")
def portal(keys: Config) -> Iterator[tuple[PortalStandIn, ServerThread]]:
    stand_in = PortalStandIn(agency_keys=keys.keys)
    with ServerThread(stand_in.app()) as running:
        yield stand_in, running


@pytest.fixture(scope="module")
def walking(keys: Config, portal) -> Iterator[ServerThread]:
    """The agencies with processing on, reporting to the stand-in portal."""
    config = Config(
        keys=keys.keys,
        portal_keys=[PORTAL.public_jwk()],
        agencies=CODES,
        portal_url=portal[1].url(""),
        processing=Processing(pace=PACE, retry_first=0.05, retry_max=0.2, timeout=2.0),
    )
    with ServerThread(create_app(config)) as running:
        yield running


@pytest.fixture
def stand_in(portal) -> Iterator[PortalStandIn]:
    stand_in = portal[0]
    yield stand_in
    stand_in.down = stand_in.lose_acks = 0
    stand_in.refuse_with = None


def case_of(server: ServerThread, code: str, application: str):
    return server.app.state.cases[code].cases[application]


def decided(stand_in: PortalStandIn, application: str) -> Envelope:
    """The decision the portal received for the application (waits for it)."""
    return until(
        lambda: next((r for r in stand_in.for_application(application) if r.kind == "case.answer"), None)
    )


def pdf_text(document: dict) -> tuple[int, str]:
    content = base64.b64decode(document["content"])
    assert content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(content)
    return len(pdf), "".join(page.get_textpage().get_text_range() for page in pdf)


def test_a_submitted_application_walks_to_approved_with_a_pdf_that_names_the_applicant(
    walking, keys, stand_in
):
    """R-S-2: the person follows the case to its answer, and the answer carries the document."""
    application, ack = submit(
        walking.url(""), keys.keys, "psda.birth-certificate", {"for_whom": "self", "delivery": "electronic"}
    )
    assert ack.kind == "ack" and ack.body["repeat"] is False
    answer = decided(stand_in, application)
    number = ack.body["case"]
    assert stand_in.statuses(application) == ["received", "in_progress", "approved"]
    assert stand_in.events(application) == [f"{number}-received", f"{number}-in-progress", f"{number}-answer"]
    assert (
        answer.iss == "psda"
        and answer.subject == person(GIORGI)
        and answer.service == "psda.birth-certificate"
    )
    assert answer.body["message"]["en"] == "The birth certificate is attached."
    [document] = answer.body["documents"]
    pages, text = pdf_text(document)
    assert pages == 1
    assert "Giorgi" in text and "გიორგი" in text and "Beridze" in text
    assert number in text and "Public Service Development Agency" in text
    case = case_of(walking, "psda", application)
    until(lambda: [r.outcome for r in case.reports] == ["acknowledged"] * 3)


def test_a_repeated_submission_is_acked_again_but_does_not_start_a_second_walk(walking, keys, stand_in):
    """R-S-2: at-least-once delivery makes one case and one set of reports."""
    application, first = submit(walking.url(""), keys.keys, "nbe.debtor-certificate", {})
    _, again = submit(walking.url(""), keys.keys, "nbe.debtor-certificate", {}, application=application)
    assert again.body == {"case": first.body["case"], "repeat": True}
    decided(stand_in, application)
    time.sleep(6 * PACE)  # a second walk, had one started, would have reported by now
    number = first.body["case"]
    assert stand_in.events(application) == [f"{number}-received", f"{number}-in-progress", f"{number}-answer"]
    assert len(case_of(walking, "nbe", application).reports) == 3


def test_an_info_needed_case_waits_for_the_supplement_and_then_finishes(walking, keys, stand_in):
    """R-S-2: the person attaches what the agency asks for, and the case goes on to its answer."""
    data = {"programme": "surgery", "clinic": "Mze Medical Centre"}
    application, ack = submit(walking.url(""), keys.keys, "ssa.treatment-voucher", data)
    until(lambda: "info_needed" in stand_in.statuses(application))
    asked = stand_in.for_application(application)[-1]
    assert "referral" in asked.body["message"]["en"] and "მიმართვა" in asked.body["message"]["ka"]
    time.sleep(8 * PACE)
    assert stand_in.statuses(application) == ["received", "in_progress", "info_needed"]
    assert case_of(walking, "ssa", application).stage == "waiting"

    status, reply = supplement(
        walking.url(""), keys.keys, "ssa", application, supplement_id="s-1", attachments=[attachment(SCAN)]
    )
    assert (status, reply.kind, reply.body) == (200, "ack", {"case": ack.body["case"], "repeat": False})
    answer = decided(stand_in, application)
    assert stand_in.statuses(application) == [
        "received",
        "in_progress",
        "info_needed",
        "in_progress",
        "approved",
    ]
    _, text = pdf_text(answer.body["documents"][0])
    assert f"TV-{ack.body['case']}" in text and "Mze Medical Centre" in text

    status, reply = supplement(
        walking.url(""), keys.keys, "ssa", application, supplement_id="s-1", attachments=[attachment(SCAN)]
    )
    assert (status, reply.body["repeat"]) == (200, True)
    case = case_of(walking, "ssa", application)
    assert [s.id for s in case.supplements] == ["s-1"]
    assert case.supplements[0].text == "The referral is attached."
    assert case.supplements[0].attachments[0].sha256 == hashlib.sha256(SCAN).hexdigest()


def test_a_supplement_for_an_application_the_agency_does_not_have_is_refused_as_unknown_case(walking, keys):
    status, reply = supplement(walking.url(""), keys.keys, "ssa", str(uuid.uuid4()))
    assert (status, reply.kind, reply.body["error"]) == (422, "error", "unknown_case")


def test_a_supplement_after_the_decision_is_refused_as_case_closed(walking, keys, stand_in):
    application, _ = submit(walking.url(""), keys.keys, "nbe.debtor-certificate", {})
    decided(stand_in, application)
    status, reply = supplement(walking.url(""), keys.keys, "nbe", application)
    assert (status, reply.body["error"]) == (422, "case_closed")


def test_reports_are_retried_while_the_portal_is_down_and_each_event_arrives_once(walking, keys, stand_in):
    """R-P-3: an answer is not lost to a portal that was down; it arrives once."""
    stand_in.down = 4  # the first report meets a portal answering 503 four times
    application, _ = submit(walking.url(""), keys.keys, "rs.status-certificate", {"purpose": "bank"})
    decided(stand_in, application)
    case = case_of(walking, "rs", application)
    until(lambda: len(case.reports) == 3 and case.reports[-1].outcome != "pending")
    assert [r.attempts for r in case.reports] == [5, 1, 1]
    assert [r.outcome for r in case.reports] == ["acknowledged"] * 3
    events = stand_in.events(application)
    assert len(events) == len(set(events)) == 3


def test_a_report_whose_ack_was_lost_is_sent_again_with_the_same_event_and_recognised(
    walking, keys, stand_in
):
    """R-P-3: a retry carries the same event, so the portal records the report once."""
    stand_in.lose_acks = 1
    application, ack = submit(walking.url(""), keys.keys, "nbe.debtor-certificate", {})
    decided(stand_in, application)
    case = case_of(walking, "nbe", application)
    until(lambda: len(case.reports) == 3 and case.reports[-1].outcome != "pending")
    assert [(r.outcome, r.attempts) for r in case.reports] == [
        ("repeat", 2),
        ("acknowledged", 1),
        ("acknowledged", 1),
    ]
    assert stand_in.events(application)[0] == f"{ack.body['case']}-received"
    assert len(stand_in.events(application)) == 3


def test_a_signed_error_from_the_portal_stops_the_case(walking, keys, stand_in):
    stand_in.refuse_with = "unknown_case"
    application, _ = submit(walking.url(""), keys.keys, "nbe.debtor-certificate", {})
    case = case_of(walking, "nbe", application)
    until(lambda: case.stage == "stopped")
    time.sleep(6 * PACE)
    [report] = case.reports
    assert (report.outcome, report.attempts) == ("refused", 1)
    assert report.refusal.startswith("unknown_case")


def test_an_attachment_whose_sha256_disagrees_is_refused_as_bad_attachment(walking, keys, stand_in):
    """R-S-2: an attached file is taken only as the person sent it."""
    wrong = attachment(SCAN, sha256=hashlib.sha256(b"something else").hexdigest())
    application = str(uuid.uuid4())
    _, reply = submit(
        walking.url(""),
        keys.keys,
        "ssa.treatment-voucher",
        {"programme": "surgery", "clinic": "X"},
        application=application,
        attachments=[wrong],
    )
    assert (reply.kind, reply.body["error"]) == ("error", "bad_attachment")
    assert application not in walking.app.state.cases["ssa"].cases

    opened, _ = submit(
        walking.url(""), keys.keys, "ssa.treatment-voucher", {"programme": "surgery", "clinic": "X"}
    )
    status, reply = supplement(
        walking.url(""), keys.keys, "ssa", opened, attachments=[attachment(SCAN, size=len(SCAN) + 1)]
    )
    assert (status, reply.body["error"]) == (422, "bad_attachment")
    assert case_of(walking, "ssa", opened).supplements == []


def test_an_application_with_a_large_attachment_is_accepted_though_queries_stay_capped(walking, keys):
    big = b"%PDF-1.7\n" + bytes(3 << 20)  # 3 MiB: past the 1 MiB cap of queries, well within 16 MiB
    data = {"country": "Germany", "institution": "TU Berlin", "level": "master", "year": 2010}
    diploma = attachment(big, name="diploma.pdf")
    _, reply = submit(walking.url(""), keys.keys, "eqe.recognition", data, attachments=[diploma])
    assert reply.kind == "ack"


def _current(vehicles: list[dict], applicant: str) -> dict:
    return next(v for v in vehicles if v["owners"][-1]["personal_number"] == applicant)


def _giorgi_home() -> str:
    return WORLD.addresses[WORLD.persons[GIORGI].address_id].to_json()["ka"]


GIORGI_COMPANY = next(
    c for c in WORLD.companies.values() if GIORGI in {d["personal_number"] for d in c["directors"]}
)
GIORGI_ESTATE = WORLD.properties[GIORGI][0]
GIORGI_CAR = _current(WORLD.vehicles[GIORGI], GIORGI)
DOCUMENTS = [
    ("psda.birth-certificate", {"for_whom": "child", "child_personal_number": "01024085005", "delivery": "hall"}, "Ana"),
    ("psda.resident-parking", {"plate": GIORGI_CAR["plate"], "address": _giorgi_home()}, GIORGI_CAR["plate"]),
    ("napr.extract", {"company_id": GIORGI_COMPANY["id"], "language": "ka"}, GIORGI_COMPANY["name"]["en"]),
    ("napr.document-copies", {"registry": "real_estate", "record": GIORGI_ESTATE["cadastral_code"], "documents": "Sale contract"}, GIORGI_ESTATE["cadastral_code"]),
    ("nbe.debtor-certificate", {}, "is not listed in the debtor registry"),
    ("nbe.debtor-search", {"identification_number": NINO, "purpose": "contract"}, "Nino Kapanadze is listed in the debtor registry"),
    ("rs.status-certificate", {"purpose": "tender"}, "Giorgi Beridze"),
    ("mia.registration-copy", {"vin": GIORGI_CAR["vin"], "reason": "damaged"}, GIORGI_CAR["vin"]),
    ("ssa.treatment-voucher", {"programme": "oncology", "clinic": "Mze Medical Centre"}, "Oncology"),
    ("eqe.recognition", {"country": "Germany", "institution": "TU Berlin", "level": "master", "year": 2010}, "TU Berlin"),
]  # fmt: skip


@pytest.mark.parametrize(("service", "data", "expected"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_each_document_service_issues_a_pdf_from_the_agencys_records(
    walking, keys, stand_in, service, data, expected
):
    """R-S-2, R-V-1: the answer is a real document about the person, for their document store."""
    # The two services that ask for a file get it with the application, so they need not ask.
    application, ack = submit(walking.url(""), keys.keys, service, data, attachments=[attachment(SCAN)])
    answer = decided(stand_in, application)
    assert answer.body["status"] == "approved", answer.body["message"]
    assert "info_needed" not in stand_in.statuses(application)
    [document] = answer.body["documents"]
    pages, text = pdf_text(document)
    assert pages >= 1
    assert expected in text and ack.body["case"] in text


REFUSALS = [
    ("psda.birth-certificate", GIORGI, {"for_whom": "child", "child_personal_number": NINO, "delivery": "electronic"}, "do not list the person 01017029002 as your child"),
    ("psda.birth-certificate", LEVAN, {"for_whom": "self", "delivery": "electronic"}, "holds no birth record"),
    ("mia.registration-copy", NINO, {"vin": GIORGI_CAR["vin"]}, "is not registered to you"),
    ("psda.resident-parking", GIORGI, {"plate": GIORGI_CAR["plate"], "address": "Tbilisi, Rustaveli Avenue 1"}, "only for your registered address"),
    ("rs.status-certificate", LEVAN, {"purpose": "bank"}, "not registered as a taxpayer"),
    ("napr.contacts", NINO, {"company_id": GIORGI_COMPANY["id"], "email": "office@example.ge"}, "Only a director"),
    ("napr.extract", GIORGI, {"company_id": "000000000", "language": "en"}, "No entity with the identification code 000000000"),
    ("eqe.recognition", GIORGI, {"country": "Georgia", "institution": "TSU", "level": "bachelor", "year": 2006}, "needs no recognition"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("service", "applicant", "data", "reason"), REFUSALS, ids=[f"{r[0]}-{r[3][:20]}" for r in REFUSALS]
)
def test_an_application_the_records_contradict_is_refused_with_reasons_in_both_languages(
    walking, keys, stand_in, service, applicant, data, reason
):
    """R-S-2, R-S-3: a refusal gives its reasons, in Georgian and English."""
    application, _ = submit(walking.url(""), keys.keys, service, data, applicant=applicant)
    answer = decided(stand_in, application)
    assert answer.body["status"] == "refused"
    assert reason in answer.body["message"]["en"]
    assert answer.body["message"]["ka"].strip()
    assert "documents" not in answer.body
    assert "info_needed" not in stand_in.statuses(application)


def test_a_service_whose_answer_is_no_document_approves_with_a_message(walking, keys, stand_in):
    data = {"personal_number": GIORGI, "company_id": GIORGI_COMPANY["id"], "email": "office@example.ge"}
    application, _ = submit(walking.url(""), keys.keys, "napr.contacts", data)
    answer = decided(stand_in, application)
    assert answer.body["status"] == "approved" and "documents" not in answer.body
    assert "office@example.ge" in answer.body["message"]["en"]


def test_without_a_portal_url_a_case_stays_as_it_was_opened(server, config):
    """The portal's own tests rely on cases that do not move (processing off by default)."""
    assert not config.processes_cases
    application, ack = submit(server.url(""), config.keys, "nbe.debtor-certificate", {})
    assert ack.kind == "ack"
    time.sleep(0.2)
    assert case_of(server, "nbe", application).reports == []
