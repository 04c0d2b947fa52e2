"""The agencies over real HTTP on loopback, as the portal meets them (protocol §5, §6.5)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

import pytest

from demo_agencies.tests.support import GIORGI, PORTAL, get, person, post, query
from panjara_protocol import KeyPair, Party, new_envelope, open_message, seal
from panjara_protocol.keys import import_jwk


def _open(config, code, reply, request_bytes):
    """Verify an answer the way the portal does: the agency's public key, in reply to our request."""
    request = open_message(
        request_bytes, key_for=lambda kid: PORTAL.key if kid == PORTAL.kid else None, expected_aud=code
    )
    public = import_jwk(config.keys[code].public_jwk())
    return open_message(
        reply.body,
        key_for=lambda kid: public if kid == config.keys[code].kid else None,
        expected_aud="portal",
        expected_iss=code,
        in_reply_to=request.id,
    )


def test_a_signed_query_gets_a_signed_answer_about_that_person(server, config):
    request = query("psda", "person", person())
    reply = post(server.url("/psda/v1/query"), request)
    assert reply.status == 200
    assert reply.content_type == "application/jose"
    answer = _open(config, "psda", reply, request)
    assert answer.kind == "query.result"
    assert answer.subject == person()
    assert answer.service == "psda.person"
    assert answer.body["status"] == "ok"
    data = answer.body["data"]
    assert data["personal_number"] == GIORGI
    assert data["name"]["ka"] == {"first": "გიორგი", "last": "ბერიძე"}
    assert data["name"]["en"] == {"first": "Giorgi", "last": "Beridze"}
    assert data["photo"]["media_type"] == "image/png"


def test_nothing_held_is_not_found_not_an_error(server, config):
    request = query("mia", "vehicles", person("60001077004"))
    reply = post(server.url("/mia/v1/query"), request)
    assert reply.status == 200
    assert _open(config, "mia", reply, request).body == {"status": "not_found"}


def test_a_company_record_is_answered_for_a_company_subject(server, config):
    company = next(iter(server_world(server).companies))
    request = query("napr", "company", Party(kind="company", id=company))
    reply = post(server.url("/napr/v1/query"), request)
    body = _open(config, "napr", reply, request).body
    assert body["status"] == "ok"
    assert body["data"]["id"] == company


def server_world(server):
    from demo_agencies.world import build_population

    return build_population(seed=2026)


def test_services_describe_is_answered_with_every_service(server, config):
    request = seal(new_envelope(iss="portal", aud="rs", kind="services.describe", purpose="catalog"), PORTAL)
    reply = post(server.url("/rs/v1/services"), request)
    answer = _open(config, "rs", reply, request)
    assert answer.kind == "services.description"
    assert answer.body["agency"] == {
        "code": "rs",
        "name": {"ka": "შემოსავლების სამსახური", "en": "Revenue Service"},
        "kind": "state",
    }
    assert {s["code"] for s in answer.body["services"]} >= {"rs.tax-balance", "rs.declarations"}


def test_a_replayed_request_is_refused(server):
    request = query("psda", "family", person())
    assert post(server.url("/psda/v1/query"), request).status == 200
    again = post(server.url("/psda/v1/query"), request)
    assert again.status == 409
    assert json.loads(again.body) == {"error": "replayed"}


def test_a_request_signed_by_an_unknown_key_is_refused(server):
    stranger = KeyPair.generate("portal-test-1")  # even under the portal's kid: wrong key material
    reply = post(server.url("/psda/v1/query"), query("psda", "person", person(), key=stranger))
    assert (reply.status, json.loads(reply.body)) == (401, {"error": "bad_signature"})
    other = KeyPair.generate("someone-else")
    reply = post(server.url("/psda/v1/query"), query("psda", "person", person(), key=other))
    assert (reply.status, json.loads(reply.body)) == (401, {"error": "unknown_key"})


def test_a_kind_on_another_kinds_path_is_refused(server):
    reply = post(server.url("/psda/v1/services"), query("psda", "person", person()))
    assert (reply.status, json.loads(reply.body)) == (400, {"error": "unexpected"})
    describe = seal(
        new_envelope(iss="portal", aud="psda", kind="services.describe", purpose="catalog"), PORTAL
    )
    assert post(server.url("/psda/v1/query"), describe).status == 400


def test_a_message_for_another_agency_or_from_another_sender_is_refused(server):
    reply = post(server.url("/mia/v1/query"), query("psda", "person", person()))
    assert (reply.status, json.loads(reply.body)) == (400, {"error": "unexpected"})
    reply = post(server.url("/psda/v1/query"), query("psda", "person", person(), iss="rs"))
    assert (reply.status, json.loads(reply.body)) == (400, {"error": "unexpected"})


def test_an_old_message_is_refused(server):
    old = query("psda", "person", person(), now=datetime.now(UTC) - timedelta(minutes=6))
    reply = post(server.url("/psda/v1/query"), old)
    assert (reply.status, json.loads(reply.body)) == (400, {"error": "outside_window"})


@pytest.mark.parametrize(
    ("service", "subject", "code"),
    [
        ("no-such-service", person(), "unknown_service"),
        ("birth-certificate", person(), "unknown_service"),  # functional: nothing to query
        ("company", person(), "unsupported_subject"),
        ("person", None, "unsupported_subject"),
        ("person", Party(kind="person", id="123"), "malformed_subject"),
    ],
)
def test_a_verified_request_we_will_not_serve_gets_a_signed_error(server, config, service, subject, code):
    agency = "napr" if service == "company" else "psda"
    request = query(agency, service, subject)
    reply = post(server.url(f"/{agency}/v1/query"), request)
    assert reply.status == 422
    answer = _open(config, agency, reply, request)
    assert answer.kind == "error"
    assert answer.body["error"] == code


GARBAGE_BODIES = [
    b"",
    b"hello",
    b"a.b.c",
    b"\xff\xfe\x00" * 50,
    b"eyJ9.e30.AA",
    b"W10.e30.AA",  # header [] (a list, not an object)
    b"eyJhbGciOiJub25lIn0.e30.",
    os.urandom(4096),
    b"{" * 10000,
    json.dumps({"v": "1"}).encode(),
]


@pytest.mark.parametrize("body", GARBAGE_BODIES)
def test_garbage_is_refused_without_a_server_error(server, body):
    for path in ("/psda/v1/query", "/psda/v1/services"):
        reply = post(server.url(path), body)
        assert 400 <= reply.status < 500, reply.body
        assert "error" in json.loads(reply.body)


def test_a_signed_envelope_with_a_malformed_party_is_refused_as_malformed(server):
    from joserfc import jws

    payload = json.dumps(
        {
            "v": "1",
            "id": "x1",
            "ts": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "iss": "portal",
            "aud": "psda",
            "kind": "query",
            "purpose": "p",
            "subject": {"kind": 3},
        }
    )
    header = {"alg": "Ed25519", "kid": PORTAL.kid, "typ": "panjara-exchange+jws"}
    data = jws.serialize_compact(header, payload, PORTAL.key, algorithms=["Ed25519"]).encode()
    reply = post(server.url("/psda/v1/query"), data)
    assert (reply.status, json.loads(reply.body)) == (400, {"error": "malformed"})


def test_a_body_over_the_limit_is_refused_as_too_large(server, config):
    reply = post(server.url("/psda/v1/query"), b"x" * (config.max_body_bytes + 1))
    assert (reply.status, json.loads(reply.body)) == (413, {"error": "too_large"})


def test_unknown_agencies_paths_and_methods_answer_json_errors(server):
    assert post(server.url("/nope/v1/query"), b"x").status == 404
    assert post(server.url("/psda/v1/nothing"), b"x").status == 404
    assert get(server.url("/psda/v1/query")).status == 405
    assert json.loads(get(server.url("/psda/v1/query")).body) == {"error": "method_not_allowed"}


def test_jwks_lists_the_agencys_public_key(server, config):
    reply = get(server.url("/nbe/.well-known/jwks.json"))
    assert reply.status == 200
    assert reply.content_type == "application/jwk-set+json"
    keys = json.loads(reply.body)["keys"]
    assert keys == [config.keys["nbe"].public_jwk()]
    assert "d" not in keys[0]


def test_a_clone_answers_under_its_own_code_with_its_own_key(server, config):
    request = query("bench1", "person", person())
    reply = post(server.url("/bench1/v1/query"), request)
    answer = _open(config, "bench1", reply, request)
    assert answer.iss == "bench1"
    assert answer.body["data"]["personal_number"] == GIORGI
    describe = seal(
        new_envelope(iss="portal", aud="bench2", kind="services.describe", purpose="catalog"), PORTAL
    )
    body = _open(config, "bench2", post(server.url("/bench2/v1/services"), describe), describe).body
    assert body["agency"]["code"] == "bench2"
    assert all(s["code"].startswith("bench2.") for s in body["services"])
    prefills = json.dumps(body).count('"x-prefill": "bench2.') + json.dumps(body).count(
        '"x-prefill":"bench2.'
    )
    assert prefills > 0
    assert '"psda.' not in json.dumps(body)
