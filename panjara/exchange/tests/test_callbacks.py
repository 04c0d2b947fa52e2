"""Signed callbacks from agencies to the portal: only a correctly signed, fresh, first-seen
message from a registered agency is handled; everything else is refused and logged."""

from datetime import UTC, datetime, timedelta

import pytest

from panjara.exchange.callbacks import CallbackRefused, callback_handler
from panjara.exchange.keys import portal_signing_key
from panjara.exchange.models import ExchangeMessage
from panjara_protocol import KeyPair, Party, new_envelope, open_message, seal

HANDLED = []


@callback_handler("test.status")
def _record(envelope, agency, data):
    assert data.count(b".") == 2  # the compact JWS as it arrived
    if envelope.body.get("case") == "missing":
        raise CallbackRefused("unknown_case", "no such case")
    HANDLED.append((agency.code, envelope.body))
    return {"recorded": True}


def _callback(agency, *, body=None, now=None, kind="test.status"):
    envelope = new_envelope(
        iss="testreg",
        aud="portal",
        kind=kind,
        purpose="case",
        subject=Party(kind="person", id="01001000001"),
        body=body or {"case": "A-1", "status": "received"},
        now=now,
    )
    return seal(envelope, agency.key)


def _post(client, data):
    return client.post("/exchange/v1/callbacks", data=data, content_type="application/jose")


@pytest.fixture(autouse=True)
def _clear():
    HANDLED.clear()


def test_a_signed_callback_is_handled_and_acknowledged_with_a_signed_answer(client, agency):
    response = _post(client, _callback(agency))
    assert response.status_code == 200
    ack = open_message(
        response.content,
        key_for={portal_signing_key().kid: portal_signing_key().key}.get,
        expected_aud="testreg",
    )
    assert ack.kind == "ack" and ack.body == {"recorded": True}
    assert HANDLED == [("testreg", {"case": "A-1", "status": "received"})]


def test_a_replayed_callback_is_refused_and_not_handled_twice(client, agency):
    data = _callback(agency)
    assert _post(client, data).status_code == 200
    again = _post(client, data)
    assert again.status_code == 409
    assert again.json() == {"error": "replayed"}
    assert len(HANDLED) == 1
    assert ExchangeMessage.objects.filter(
        direction="in", status="rejected", error__startswith="replayed"
    ).exists()


def test_a_tampered_callback_is_refused(client, agency):
    data = bytearray(_callback(agency))
    data[len(data) // 2] = ord("A") if data[len(data) // 2] != ord("A") else ord("B")
    response = _post(client, bytes(data))
    assert response.status_code in {400, 401}
    assert HANDLED == []
    assert ExchangeMessage.objects.filter(direction="in", status="rejected").count() == 1


def test_a_stale_callback_is_refused(client, agency):
    response = _post(client, _callback(agency, now=datetime.now(UTC) - timedelta(minutes=30)))
    assert response.json() == {"error": "outside_window"}
    assert HANDLED == []


def test_a_callback_signed_by_an_unregistered_key_is_refused(client, agency):
    agency.key = KeyPair.generate("intruder-1")
    response = _post(client, _callback(agency))
    assert (response.status_code, response.json()) == (401, {"error": "unknown_key"})


@pytest.mark.parametrize("garbage", [b"", b"hello", b"\xff" * 100, b"a.b.c"])
def test_garbage_is_refused_without_a_server_error(client, db, garbage):
    assert _post(client, garbage).status_code in {400, 401}


def test_a_refusing_handler_answers_with_a_signed_error_and_the_agency_may_retry(client, agency):
    response = _post(client, _callback(agency, body={"case": "missing"}))
    assert response.status_code == 422
    error = open_message(
        response.content,
        key_for={portal_signing_key().kid: portal_signing_key().key}.get,
        expected_aud="testreg",
    )
    assert error.kind == "error" and error.body["error"] == "unknown_case"
    assert not ExchangeMessage.objects.filter(direction="in", status="accepted").exists()


def test_an_unknown_kind_is_refused_with_a_signed_error(client, agency):
    assert _post(client, _callback(agency, kind="nobody.handles")).status_code == 422


def test_the_portal_publishes_its_public_keys(client, db):
    keys = client.get("/exchange/v1/jwks.json").json()["keys"]
    assert [k["kid"] for k in keys] == [portal_signing_key().kid]
    assert "d" not in keys[0]


def test_a_callback_larger_than_the_form_cap_but_within_the_exchange_cap_is_verified(client, agency):
    # 3 MiB: above Django's 2.5 MiB form cap, below the exchange's own cap for documents.
    response = _post(client, _callback(agency, body={"case": "A-2", "document": "x" * (3 * 1024 * 1024)}))
    assert response.status_code == 200


def test_a_callback_over_the_exchange_cap_is_refused_as_too_large(client, agency, settings):
    settings.EXCHANGE = {**settings.EXCHANGE, "MAX_ANSWER_BYTES": 1024}
    response = _post(client, _callback(agency, body={"case": "A-3", "document": "x" * 4096}))
    assert (response.status_code, response.json()) == (413, {"error": "too_large"})
