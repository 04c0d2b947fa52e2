"""The signing core (R-P-3): a message verifies only unchanged, from the key it names, in time."""

from datetime import UTC, datetime, timedelta

import pytest

from panjara_protocol import (
    BadSignature,
    KeyPair,
    MalformedMessage,
    OutsideWindow,
    Party,
    Replayed,
    UnexpectedMessage,
    UnknownKey,
    new_envelope,
    open_message,
    reply_to,
    seal,
)
from panjara_protocol.replay import ReplayGuard

PORTAL = KeyPair.generate("portal-2026-1")
AGENCY = KeyPair.generate("psda-2026-1", kty="EC")


def _request(**overrides):
    fields = dict(
        iss="portal",
        aud="psda",
        kind="query",
        purpose="personal-page",
        subject=Party(kind="person", id="01001000001"),
        service="psda.person",
        body={"q": "სახელი"},
    )
    fields.update(overrides)
    return new_envelope(**fields)


def _portal_keys(kid):
    return PORTAL.key if kid == PORTAL.kid else None


def test_a_sealed_message_opens_to_the_same_envelope():
    envelope = _request(
        actor=Party(kind="person", id="01001000002"), principal=Party(kind="company", id="204000001")
    )
    opened = open_message(seal(envelope, PORTAL), key_for=_portal_keys, expected_aud="psda")
    assert opened == envelope.__class__.from_json(envelope.to_json())
    assert opened.body == {"q": "სახელი"}
    assert opened.principal == Party(kind="company", id="204000001")


@pytest.mark.parametrize("position", [10, 60, -5])
def test_one_changed_byte_anywhere_is_refused(position):
    data = bytearray(seal(_request(), PORTAL))
    data[position] = ord("A") if data[position] != ord("A") else ord("B")
    with pytest.raises((BadSignature, MalformedMessage)):
        open_message(bytes(data), key_for=_portal_keys, expected_aud="psda")


def test_a_key_of_another_party_is_not_trusted():
    with pytest.raises(UnknownKey):
        open_message(seal(_request(), AGENCY), key_for=_portal_keys, expected_aud="psda")


def test_a_stale_or_future_message_is_refused():
    old = _request(now=datetime.now(UTC) - timedelta(minutes=6))
    with pytest.raises(OutsideWindow):
        open_message(seal(old, PORTAL), key_for=_portal_keys, expected_aud="psda")
    future = _request(now=datetime.now(UTC) + timedelta(minutes=6))
    with pytest.raises(OutsideWindow):
        open_message(seal(future, PORTAL), key_for=_portal_keys, expected_aud="psda")


def test_a_message_for_someone_else_is_refused():
    with pytest.raises(UnexpectedMessage):
        open_message(seal(_request(), PORTAL), key_for=_portal_keys, expected_aud="napr")


def test_an_answer_must_refer_to_its_request():
    request = _request()
    answer = reply_to(request, kind="query.result", body={"status": "ok"})
    sealed = seal(answer, AGENCY)
    agency_keys = {AGENCY.kid: AGENCY.key}.get
    assert (
        open_message(sealed, key_for=agency_keys, expected_aud="portal", in_reply_to=request.id).iss == "psda"
    )
    with pytest.raises(UnexpectedMessage):
        open_message(sealed, key_for=agency_keys, expected_aud="portal", in_reply_to="another-id")


def test_garbage_is_malformed_not_a_crash():
    for garbage in (b"", b"hello", b"a.b.c", b"\xff\xfe.\x00.", b"<html>502</html>"):
        with pytest.raises(MalformedMessage):
            open_message(garbage, key_for=_portal_keys, expected_aud="psda")


def test_the_replay_guard_refuses_a_seen_id():
    guard = ReplayGuard(ttl_seconds=600)
    guard.check("m-1")
    with pytest.raises(Replayed):
        guard.check("m-1")


def test_keys_survive_a_round_trip_through_jwk(tmp_path):
    PORTAL.save(tmp_path / "k.jwk")
    loaded = KeyPair.load(tmp_path / "k.jwk")
    sealed = seal(_request(), loaded)
    assert open_message(sealed, key_for=_portal_keys, expected_aud="psda").iss == "portal"
    assert (tmp_path / "k.jwk").stat().st_mode & 0o077 == 0
