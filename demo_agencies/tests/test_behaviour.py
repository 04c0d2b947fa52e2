"""Each misbehaviour knob does what it says, over real HTTP, and can be changed while serving."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from demo_agencies.behaviour import Behaviour, behaviours_for, parse_behaviours
from demo_agencies.tests.support import person, post, query, run
from panjara_protocol import BadSignature, MalformedMessage, open_message
from panjara_protocol.keys import import_jwk


def _verify(config, code, data):
    public = import_jwk(config.keys[code].public_jwk())
    return open_message(data, key_for=lambda kid: public, expected_aud="portal", expected_iss=code)


def test_latency_delays_the_answer_by_about_that_much(server, behaviours):
    quick = post(server.url("/rs/v1/query"), query("rs", "tax-balance", person()))
    behaviours["rs"].latency_ms = 300
    slow = post(server.url("/rs/v1/query"), query("rs", "tax-balance", person()))
    assert slow.status == quick.status == 200
    assert slow.elapsed >= 0.3
    assert slow.elapsed - quick.elapsed >= 0.25


def test_latency_of_one_agency_does_not_hold_up_the_others(server, behaviours):
    behaviours["mia"].latency_ms = 400

    async def both():
        async with aiohttp.ClientSession() as session:

            async def timed(code, service):
                loop = asyncio.get_running_loop()
                started = loop.time()
                async with session.post(
                    server.url(f"/{code}/v1/query"), data=query(code, service, person())
                ) as r:
                    await r.read()
                return loop.time() - started

            return await asyncio.gather(timed("mia", "vehicles"), timed("psda", "person"))

    slow, fast = run(both())
    assert slow >= 0.4
    assert fast < 0.3


def test_error_rate_fails_about_that_share_of_requests_with_503(server, behaviours):
    behaviours["nbe"].error_rate = 0.3
    statuses = [
        post(server.url("/nbe/v1/query"), query("nbe", "debtor", person())).status for _ in range(100)
    ]
    failures = statuses.count(503)
    assert 15 <= failures <= 45
    assert set(statuses) == {200, 503}


def _draws(seed):
    behaviour = Behaviour(error_rate=0.5, seed=seed)
    return [behaviour.draw_error() for _ in range(50)]


def test_the_error_sequence_repeats_for_the_same_seed():
    assert _draws("x") == _draws("x")
    assert _draws("x") != _draws("y")
    assert 10 < sum(_draws("x")) < 40


def test_error_rate_one_always_fails_and_zero_never(server, behaviours):
    behaviours["eqe"].error_rate = 1.0
    assert {
        post(server.url("/eqe/v1/query"), query("eqe", "education", person())).status for _ in range(5)
    } == {503}
    behaviours["eqe"].error_rate = 0.0
    assert {
        post(server.url("/eqe/v1/query"), query("eqe", "education", person())).status for _ in range(5)
    } == {200}


def test_hang_never_answers_before_the_client_gives_up(server, behaviours):
    behaviours["ssa"].hang = True
    with pytest.raises(TimeoutError):
        post(server.url("/ssa/v1/query"), query("ssa", "benefits", person()), timeout=0.5)
    behaviours["ssa"].hang = False  # and the agency answers again at once
    assert post(server.url("/ssa/v1/query"), query("ssa", "benefits", person())).status == 200


def test_garbage_answers_200_with_bytes_that_are_not_a_jws(server, config, behaviours):
    behaviours["utilities"].garbage = True
    reply = post(server.url("/utilities/v1/query"), query("utilities", "bills", person()))
    assert reply.status == 200
    with pytest.raises(MalformedMessage):
        _verify(config, "utilities", reply.body)


def test_bad_signature_answers_a_well_formed_jws_that_does_not_verify(server, config, behaviours):
    behaviours["napr"].bad_signature = True
    reply = post(server.url("/napr/v1/query"), query("napr", "property", person()))
    assert reply.status == 200
    assert reply.body.count(b".") == 2
    with pytest.raises(BadSignature):
        _verify(config, "napr", reply.body)
    behaviours["napr"].bad_signature = False
    good = post(server.url("/napr/v1/query"), query("napr", "property", person()))
    assert _verify(config, "napr", good.body).body["status"] == "ok"


def test_the_environment_syntax():
    assert parse_behaviours("psda:latency=50;mia:error_rate=0.2,latency=10;rs:hang") == {
        "psda": {"latency_ms": 50.0},
        "mia": {"error_rate": 0.2, "latency_ms": 10.0},
        "rs": {"hang": True},
    }
    assert parse_behaviours(" nbe:garbage=0 ; eqe:bad_signature=yes ") == {
        "nbe": {"garbage": False},
        "eqe": {"bad_signature": True},
    }
    assert parse_behaviours("") == {}
    made = behaviours_for(("psda", "mia"), text="*:latency=20;mia:latency=5,garbage")
    assert (made["psda"].latency_ms, made["mia"].latency_ms, made["mia"].garbage) == (20.0, 5.0, True)


@pytest.mark.parametrize(
    "text",
    [
        "psda",
        "psda:",
        "psda:speed=3",
        "psda:latency",
        "psda:latency=fast",
        "psda:error_rate=2",
        "psda:hang=maybe",
        "xyz:hang",
    ],
)
def test_a_wrong_behaviour_setting_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match=r".+"):
        behaviours_for(("psda",), text=text)


def test_refusals_are_json_even_when_misbehaving(server, behaviours):
    behaviours["psda"].garbage = True
    reply = post(server.url("/psda/v1/query"), b"not a jws")
    assert (reply.status, json.loads(reply.body)) == (400, {"error": "malformed"})
