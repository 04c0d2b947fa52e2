"""Letters, public-information requests and requests for one's own data walk to a reasoned answer
(issue 5 §1, §3; R-S-3, R-S-4, R-P-4): `letter.send` from the portal's test key, signed
`letter.status` / `letter.answer` callbacks to a stand-in portal on loopback that checks each
report against the contract, and real PDFs from the agencies' records."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pypdfium2
import pytest

from demo_agencies.config import Config, Processing
from demo_agencies.server import create_app
from demo_agencies.tests.applying import SCAN, attachment, until
from demo_agencies.tests.portal import PortalStandIn
from demo_agencies.tests.support import GIORGI, PORTAL, ServerThread, person, post
from panjara_protocol import Envelope, new_envelope, open_message, seal
from panjara_protocol.keys import import_jwk

NINO = "01017029002"
CODES = ("psda", "mia", "nbe")
PACE = 0.05
LONG = "I would like to know which documents I need to register my newborn daughter's birth."


@pytest.fixture(scope="module")
def keys() -> Config:
    return Config.generate(portal_keys=[PORTAL.public_jwk()], agencies=CODES)


@pytest.fixture(scope="module")
def portal(keys: Config) -> Iterator[tuple[PortalStandIn, ServerThread]]:
    stand_in = PortalStandIn(agency_keys=keys.keys)
    with ServerThread(stand_in.app()) as running:
        yield stand_in, running


@pytest.fixture
def stand_in(portal) -> PortalStandIn:
    return portal[0]


@pytest.fixture(scope="module")
def walking(keys: Config, portal) -> Iterator[ServerThread]:
    config = Config(
        keys=keys.keys,
        portal_keys=[PORTAL.public_jwk()],
        agencies=CODES,
        portal_url=portal[1].url(""),
        processing=Processing(pace=PACE, retry_first=0.05, retry_max=0.2, timeout=2.0),
    )
    with ServerThread(create_app(config)) as running:
        yield running


def send(
    server: ServerThread,
    keys: Config,
    code: str,
    *,
    kind: str = "letter",
    subject: str = "Registering a birth",
    text: str = LONG,
    sender: str = GIORGI,
    letter: str | None = None,
    thread: str | None = None,
    clarifies: str | None = None,
    attachments: list | None = None,
    **overrides: Any,
) -> tuple[str, int, Envelope]:
    """`letter.send` as the portal sends it; returns the letter id, the HTTP status and the
    agency's verified, signed answer."""
    letter = letter or str(uuid.uuid4())
    body = {
        "letter": {
            "id": letter,
            "reference": "PJ-L-20261122-TEST01",
            "kind": kind,
            "unit": "Civil Registry Department",
            "subject": subject,
            "text": text,
            "language": "en",
            "submitted_at": "2026-11-22T07:25:00+00:00",
            "thread": thread or letter,
            "clarifies": clarifies,
            "attachments": attachments or [],
            **overrides,
        }
    }
    envelope = new_envelope(
        iss="portal",
        aud=code,
        kind="letter.send",
        purpose="correspondence",
        subject=person(sender),
        body=body,
    )
    reply = post(server.url(f"/{code}/v1/letters"), seal(envelope, PORTAL))
    public = import_jwk(keys.keys[code].public_jwk())
    answer = open_message(reply.body, key_for=lambda kid: public, expected_aud="portal", expected_iss=code)
    return letter, reply.status, answer


def answered(stand_in: PortalStandIn, letter: str) -> Envelope:
    return until(lambda: next((r for r in stand_in.for_letter(letter) if r.kind == "letter.answer"), None))


def registered(server: ServerThread, code: str, letter: str):
    return server.app.state.letters[code].letters[letter]


def pdf_text(document: dict) -> str:
    content = base64.b64decode(document["content"])
    assert content.startswith(b"%PDF")
    return "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(content))


def test_a_public_information_request_is_answered_at_once_with_the_agencys_figures(walking, keys, stand_in):
    """R-S-3: information that needs no search is released at once, as a document."""
    letter, status, ack = send(
        walking, keys, "psda", kind="public_information", subject="Civil acts statistics", text=LONG
    )
    assert (status, ack.kind, ack.body["repeat"]) == (200, "ack", False)
    number = ack.body["case"]
    answer = answered(stand_in, letter)
    assert stand_in.letter_steps(letter) == ["received", "in_progress", "answered"]
    assert [r.body["event"] for r in stand_in.for_letter(letter)] == [
        f"{number}-received",
        f"{number}-in-progress",
        f"{number}-answer",
    ]
    assert answer.iss == "psda" and answer.subject == person(GIORGI) and answer.purpose == "correspondence"
    assert answer.body["message"]["en"] == "The public information you asked for is attached."
    [document] = answer.body["documents"]
    text = pdf_text(document)
    assert "Persons registered" in text and "240" in text and "რეგისტრირებული პირები" in text
    assert number in text and "Civil acts statistics" in text
    until(lambda: [r.outcome for r in registered(walking, "psda", letter).reports] == ["acknowledged"] * 3)


def test_a_request_for_archived_information_is_first_extended_for_the_search(walking, keys, stand_in):
    """R-S-3: information to be searched for takes the longer term, and the body says why."""
    letter, _, _ = send(
        walking,
        keys,
        "psda",
        kind="public_information",
        subject="Marriages registered in 2015",
        text="How many marriages did the civil registry record that year? Please look in the archive.",
    )
    answer = answered(stand_in, letter)
    assert stand_in.letter_steps(letter) == ["received", "in_progress", "extended", "answered"]
    extended = stand_in.for_letter(letter)[2]
    assert extended.body["extension"] == "public_information.search"
    assert "searched for" in extended.body["message"]["en"]
    assert "searched for in the agency's archive" in pdf_text(answer.body["documents"][0])


def test_a_request_for_ones_own_data_lists_what_the_agency_holds_about_the_sender(walking, keys, stand_in):
    """R-S-3: a person gets the personal data a body holds about them."""
    letter, _, ack = send(
        walking,
        keys,
        "psda",
        kind="personal_data",
        subject="My data",
        text="Please send me all you hold about me.",
    )
    answer = answered(stand_in, letter)
    assert answer.body["outcome"] == "answered" and "refusal_ground" not in answer.body
    text = pdf_text(answer.body["documents"][0])
    assert "Personal data held about you" in text and GIORGI in text and ack.body["case"] in text
    assert "Beridze" in text and "Family members" in text


def test_a_request_about_someone_elses_data_is_refused_naming_the_personal_data_law(walking, keys, stand_in):
    """R-S-3, R-P-4: a refusal gives its legal ground in both languages."""
    letter, _, _ = send(
        walking,
        keys,
        "mia",
        kind="personal_data",
        subject="Border crossings",
        text=f"Please tell me when the person {NINO} crossed the border last year.",
    )
    answer = answered(stand_in, letter)
    assert answer.body["outcome"] == "refused" and answer.body["documents"] == []
    assert answer.body["refusal_ground"] == {
        "ka": "საქართველოს კანონი „პერსონალურ მონაცემთა დაცვის შესახებ“",
        "en": "Law of Georgia on Personal Data Protection",
    }
    assert "another person's personal data" in answer.body["message"]["en"]
    assert NINO not in answer.body["message"]["en"]


def test_a_short_letter_waits_for_the_clarification_and_is_then_answered(walking, keys, stand_in):
    """R-S-4: the body asks what the person means; their answer resumes the same letter."""
    letter, _, ack = send(walking, keys, "nbe", subject="My debt", text="Is it paid?")
    until(lambda: "clarification_needed" in stand_in.letter_steps(letter))
    asked = stand_in.for_letter(letter)[-1]
    assert asked.body["message"]["en"] == "Please describe your question in more detail."
    time.sleep(8 * PACE)
    assert stand_in.letter_steps(letter) == ["received", "in_progress", "clarification_needed"]
    assert registered(walking, "nbe", letter).stage == "waiting"

    clarification = str(uuid.uuid4())
    for repeat in (False, True):
        _, status, reply = send(
            walking,
            keys,
            "nbe",
            letter=clarification,
            thread=letter,
            clarifies=letter,
            subject="Re: My debt",
            text="I paid the enforcement case A19000001 in January; is it closed now?",
        )
        assert (status, reply.body) == (200, {"case": ack.body["case"], "repeat": repeat})
    answer = answered(stand_in, letter)
    assert stand_in.letter_steps(letter) == [
        "received",
        "in_progress",
        "clarification_needed",
        "in_progress",
        "answered",
    ]
    assert "My debt" in answer.body["message"]["en"] and answer.body["message"]["ka"].strip()
    assert stand_in.for_letter(clarification) == []
    assert [c.id for c in registered(walking, "nbe", letter).clarifications] == [clarification]


def test_another_persons_clarification_does_not_resume_a_waiting_letter(walking, keys, stand_in):
    letter, _, _ = send(walking, keys, "nbe", subject="Debt", text="Why?")
    until(lambda: "clarification_needed" in stand_in.letter_steps(letter))
    other, _, reply = send(walking, keys, "nbe", sender=NINO, clarifies=letter, text=LONG)
    assert reply.body["case"] != registered(walking, "nbe", letter).number
    answered(stand_in, other)
    assert registered(walking, "nbe", letter).stage == "waiting"
    assert stand_in.letter_steps(letter)[-1] == "clarification_needed"


def test_a_letter_is_answered_with_a_message_and_no_document(walking, keys, stand_in):
    letter, _, _ = send(walking, keys, "psda", subject="Registering a birth")
    answer = answered(stand_in, letter)
    assert stand_in.letter_steps(letter) == ["received", "in_progress", "answered"]
    assert answer.body["documents"] == []
    assert "“Registering a birth”" in answer.body["message"]["en"]
    assert "Civil Registry Department" in answer.body["message"]["en"]


def test_a_reply_in_a_thread_is_answered_like_a_letter(walking, keys, stand_in):
    """R-S-4: the person can reply in the same thread."""
    thread = str(uuid.uuid4())
    letter, _, _ = send(walking, keys, "psda", kind="public_information", thread=thread, text=LONG)
    answer = answered(stand_in, letter)
    assert answer.body["outcome"] == "answered" and answer.body["documents"] == []


def test_a_repeated_letter_is_acked_again_but_walks_once(walking, keys, stand_in):
    """R-P-3: at-least-once delivery makes one letter and one set of reports."""
    letter, _, first = send(walking, keys, "mia", subject="Parking rules")
    _, _, again = send(walking, keys, "mia", letter=letter, subject="Parking rules")
    assert again.body == {"case": first.body["case"], "repeat": True}
    answered(stand_in, letter)
    time.sleep(6 * PACE)  # a second walk, had one started, would have reported by now
    assert len(stand_in.for_letter(letter)) == 3
    assert registered(walking, "mia", letter).deliveries == 2


def test_a_letter_marked_no_answer_is_received_and_never_answered(walking, keys, stand_in):
    """R-S-3: the demo's overdue request: the body registers it and then stays silent."""
    letter, _, _ = send(walking, keys, "psda", kind="public_information", subject="Budget 2025 [no answer]")
    until(lambda: stand_in.letter_steps(letter) == ["received"])
    time.sleep(10 * PACE)
    assert stand_in.letter_steps(letter) == ["received"]
    assert registered(walking, "psda", letter).stage == "unanswered"


def test_a_letter_whose_attachment_disagrees_with_its_sha256_is_refused_and_not_registered(walking, keys):
    """R-S-4: an attached file is taken only as the person sent it."""
    wrong = attachment(SCAN, sha256=hashlib.sha256(b"something else").hexdigest())
    letter, status, reply = send(walking, keys, "psda", attachments=[wrong])
    assert (status, reply.kind, reply.body["error"]) == (422, "error", "bad_attachment")
    assert letter not in walking.app.state.letters["psda"].letters

    letter, status, _ = send(walking, keys, "psda", attachments=[attachment(SCAN, name="birth.pdf")])
    assert status == 200
    [kept] = registered(walking, "psda", letter).attachments
    assert (kept.name, kept.sha256) == ("birth.pdf", hashlib.sha256(SCAN).hexdigest())


@pytest.mark.parametrize(
    "overrides",
    [{"kind": "complaint"}, {"subject": "x" * 201}, {"thread": "not-a-uuid"}, {"language": "de"}],
    ids=["kind", "subject", "thread", "language"],
)
def test_a_malformed_letter_is_refused_as_malformed_letter(walking, keys, overrides):
    letter, status, reply = send(walking, keys, "psda", **overrides)
    assert (status, reply.body["error"]) == (422, "malformed_letter")
    assert letter not in walking.app.state.letters["psda"].letters


def test_without_a_portal_url_a_letter_is_registered_and_stays_as_it_arrived(server, config):
    letter, status, ack = send(server, config, "nbe")
    assert status == 200 and ack.body["case"].startswith("NBE-L-")
    time.sleep(0.2)
    assert registered(server, "nbe", letter).reports == []


def remind(server: ServerThread, keys: Config, code: str, letter: str, *, sender: str = GIORGI, **overrides):
    """`letter.reminder` as the portal's overdue job sends it; returns the status and the
    agency's verified, signed answer."""
    body = {
        "letter": {
            "id": letter,
            "reference": "PJ-L-20261122-TEST01",
            "agency_case": "",
            "due_on": "2026-12-22",
            "overdue_since": "2026-12-23",
            **overrides,
        }
    }
    envelope = new_envelope(
        iss="portal",
        aud=code,
        kind="letter.reminder",
        purpose="correspondence",
        subject=person(sender),
        body=body,
    )
    reply = post(server.url(f"/{code}/v1/letters/reminders"), seal(envelope, PORTAL))
    public = import_jwk(keys.keys[code].public_jwk())
    answer = open_message(reply.body, key_for=lambda kid: public, expected_aud="portal", expected_iss=code)
    return reply.status, answer


def test_a_reminder_of_an_overdue_letter_is_acknowledged_and_recorded_once(server, config):
    """Protocol §6.8: the body acknowledges the reminder with its number and keeps it on the
    letter; a repeat is acknowledged as one and recorded nothing more."""
    letter, _, sent = send(server, config, "nbe")
    status, ack = remind(server, config, "nbe", letter, agency_case=sent.body["case"])
    assert (status, ack.kind, ack.body) == (200, "ack", {"case": sent.body["case"], "repeat": False})
    [reminder] = registered(server, "nbe", letter).reminders
    assert (reminder["due_on"], reminder["overdue_since"]) == ("2026-12-22", "2026-12-23")

    status, again = remind(server, config, "nbe", letter, agency_case=sent.body["case"])
    assert (status, again.body["repeat"]) == (200, True)
    assert len(registered(server, "nbe", letter).reminders) == 1


def test_a_reminder_of_a_letter_the_body_never_got_or_of_someone_elses_is_refused(server, config):
    letter, _, _ = send(server, config, "nbe")
    for unknown, sender in ((str(uuid.uuid4()), GIORGI), (letter, NINO)):
        status, reply = remind(server, config, "nbe", unknown, sender=sender)
        assert (status, reply.kind, reply.body["error"]) == (422, "error", "unknown_letter")
    status, reply = remind(server, config, "nbe", letter, due_on="22.12.2026")
    assert (status, reply.body["error"]) == (422, "malformed")
    assert registered(server, "nbe", letter).reminders == []
