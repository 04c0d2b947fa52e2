"""What the desk accepts from the portal and what it refuses, as an agency's system would
(protocol §6.3 and the application.supplement contract): repeats are recognised, attachments are
checked against their size and digest and kept sealed, refusals are signed errors the outbox
retries, and the desk's key can be retired and replaced."""

from __future__ import annotations

import json
import uuid

import pytest

from panjara.audit.services import PORTAL
from panjara.catalog.models import Service
from panjara.catalog.services import catalog_sync
from panjara.desk.intake import desk_receive
from panjara.desk.keys import desk_keys_dir
from panjara.desk.models import DeskAttachment, DeskCase
from panjara.exchange.keys import agency_public_key
from panjara.exchange.models import AgencyKey, ExchangeMessage, OutboxMessage
from panjara.exchange.outbox import outbox_put
from panjara.exchange.services import agency_key_retire
from panjara.vault.tests.samples import jpeg, pdf
from panjara_protocol import Party, new_envelope, open_message
from panjara_protocol.kinds import APPLICATION_SUBMIT

from .conftest import SEATING, attachment, deliver, supplement_row

pytestmark = pytest.mark.django_db

DATA = {
    "personal_number": "01024085001",
    "mobile": "555100001",
    "business_name": "ბარი",
    "address": "აღმაშენებლის გამზ. 5",
    "area_m2": 12,
    "season_start": "2027-05-01",
    "season_end": "2027-09-30",
}


def submit_row(*, data: dict | None = None, attachments: list | None = None) -> OutboxMessage:
    """An application.submit as the applications app writes it (the contract's body)."""
    application_id = str(uuid.uuid4())
    return outbox_put(
        reference=f"application:{application_id}",
        agency_code="tbilisi",
        kind=APPLICATION_SUBMIT,
        purpose="application",
        service=SEATING,
        subject_person="01024085001",
        body={
            "application": {
                "id": application_id,
                "reference": "PJ-20261122-ABCDEF",
                "submitted_at": "2026-11-22T09:00:00+00:00",
                "language": "ka",
                "data": data or DATA,
                "attachments": attachments or [],
            }
        },
    )


def refusal_of(row: OutboxMessage) -> str:
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.PENDING
    return row.last_error


def test_attachments_of_an_application_are_checked_and_kept_sealed(tbilisi, official_client):
    scan, photo = pdf("Lease contract"), jpeg()
    row = deliver(
        submit_row(
            attachments=[
                attachment("ijara.pdf", scan, "application/pdf"),
                attachment("photo.jpg", photo, "image/jpeg"),
            ]
        ).reference
    )
    assert row.status == OutboxMessage.Status.DELIVERED
    case = DeskCase.objects.get(application_id=row.body["application"]["id"])
    stored = {a.name: a for a in DeskAttachment.objects.filter(case=case)}
    assert set(stored) == {"ijara.pdf", "photo.jpg"}
    assert all(scan not in bytes(a.sealed) for a in stored.values())
    got = official_client.get(f"/backoffice/desk/{case.number}/files/{stored['ijara.pdf'].pk}/")
    assert got.content == scan and got["Content-Type"] == "application/pdf"


def ask_desk(row: OutboxMessage):
    """Hand the desk the row's message directly, as the outbox does, and open its signed answer."""
    request = new_envelope(
        iss="portal",
        aud="tbilisi",
        kind=row.kind,
        purpose="application",
        service=SEATING,
        subject=Party(kind="person", id="01024085001"),
        body=row.body,
    )
    return open_message(
        desk_receive(request),
        key_for=lambda kid: agency_public_key(AgencyKey.objects.get(kid=kid).public_jwk),
        expected_aud="portal",
        expected_iss="tbilisi",
        in_reply_to=request.id,
    )


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"sha256": "0" * 64}, "sha256 does not match"),
        ({"size": 1}, "size says 1 bytes"),
        ({"media_type": "image/png"}, "mismatch"),
        ({"name": "../../etc/passwd"}, "not a bare file name"),
        ({"media_type": "application/zip"}, "media_type is not one of"),
        ({"content": "not base64!"}, "not standard base64"),
    ],
)
def test_an_attachment_that_disagrees_with_itself_is_refused_with_a_signed_error(tbilisi, change, why):
    item = {**attachment("scan.pdf", pdf(), "application/pdf"), **change}
    answer = ask_desk(submit_row(attachments=[item]))
    assert answer.kind == "error"
    assert answer.body["error"] == "bad_attachment"
    assert why in answer.body["detail"]
    assert not DeskCase.objects.exists()


def test_a_refused_delivery_waits_for_a_retry_and_is_logged_as_rejected(tbilisi):
    item = {**attachment("scan.pdf", pdf(), "application/pdf"), "sha256": "0" * 64}
    row = deliver(submit_row(attachments=[item]).reference)
    assert refusal_of(row) == "agency answered error bad_attachment"
    assert row.next_attempt_at > row.created_at
    logged = ExchangeMessage.objects.filter(agency_code="tbilisi").values_list("direction", "status", "kind")
    assert ("in", "rejected", "") in list(logged)


def test_more_than_five_attachments_are_refused(tbilisi):
    items = [attachment(f"p{n}.pdf", pdf(f"page {n}"), "application/pdf") for n in range(6)]
    assert "bad_attachment" in refusal_of(deliver(submit_row(attachments=items).reference))


def test_an_application_the_form_does_not_allow_is_refused(tbilisi):
    row = deliver(submit_row(data={**DATA, "area_m2": 5000}).reference)
    assert "invalid_application" in refusal_of(row)


def test_a_supplement_to_an_unknown_application_is_refused(tbilisi, delivered):
    application, _case = delivered
    row = supplement_row(application, text="?", attachments=[])
    OutboxMessage.objects.filter(pk=row.pk).update(body={**row.body, "application": str(uuid.uuid4())})
    assert "unknown_case" in refusal_of(deliver(row.reference))


def test_an_application_delivered_twice_opens_one_case_and_gets_the_same_number(tbilisi):
    row = deliver(submit_row().reference)
    number = row.answer_body["case"]
    answer = ask_desk(row)
    assert answer.kind == "ack"
    assert answer.body == {"case": number, "repeat": True}
    assert DeskCase.objects.count() == 1
    second = deliver(submit_row().reference)
    assert second.answer_body == {"case": "TBILISI-000002", "repeat": False}


@pytest.fixture
def desk_keys_in_tmp(settings, tmp_path):
    settings.EXCHANGE = {**settings.EXCHANGE, "DESK_KEYS_DIR": tmp_path}
    return tmp_path


def test_a_retired_desk_key_is_replaced_on_next_need_and_kept_aside(desk_keys_in_tmp, tbilisi):
    old = AgencyKey.objects.get(agency=tbilisi)
    agency_key_retire(key=old, by=PORTAL)
    row = deliver(submit_row().reference)
    assert row.status == OutboxMessage.Status.DELIVERED
    new = AgencyKey.objects.get(agency=tbilisi, is_active=True)
    assert new.kid != old.kid
    assert desk_keys_dir() == desk_keys_in_tmp
    assert json.loads((desk_keys_in_tmp / "tbilisi.jwk").read_text())["kid"] == new.kid
    assert (desk_keys_in_tmp / f"tbilisi.{old.kid}.retired.jwk").exists()


def test_catalog_sync_neither_asks_the_desk_agency_nor_withdraws_its_services(tbilisi):
    report = catalog_sync()
    assert "tbilisi" not in report.synced and "tbilisi" not in report.unavailable
    offered = Service.objects.filter(agency=tbilisi, is_active=True)
    assert sorted(offered.values_list("code", flat=True)) == [
        "tbilisi.entrance-repair-cofinancing",
        "tbilisi.outdoor-seating-permit",
    ]
    assert not ExchangeMessage.objects.filter(agency_code="tbilisi", kind="services.describe").exists()


def test_a_message_for_a_desk_agency_that_was_switched_off_waits_for_delivery(tbilisi):
    """A fault at the desk is the agency being unavailable: the row waits and is retried."""
    tbilisi.is_active = False
    tbilisi.save(update_fields=["is_active"])
    row = deliver(submit_row().reference)
    assert refusal_of(row) == "desk: DoesNotExist"
    assert not DeskCase.objects.exists()
    assert ExchangeMessage.objects.filter(agency_code="tbilisi", direction="out", status="failed").exists()
