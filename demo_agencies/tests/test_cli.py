"""`python -m demo_agencies manifest|serve` as `make run` calls them."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo_agencies.__main__ import main, parse_mounts
from demo_agencies.keystore import load_or_create_keys
from demo_agencies.tests.applying import submit, until
from demo_agencies.tests.portal import PortalStandIn
from demo_agencies.tests.support import GIORGI, PORTAL, ServerThread, person, post, query
from panjara_protocol import KeyPair, open_message
from panjara_protocol.keys import import_jwk

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_lists_agencies_with_their_keys_and_the_personas(tmp_path, capsys):
    out = tmp_path / "demo" / "agencies.json"
    args = [
        "manifest",
        "--keys-dir",
        str(tmp_path / "keys"),
        "--base-url",
        "http://127.0.0.1:8100/",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    manifest = json.loads(out.read_text())
    codes = [a["code"] for a in manifest["agencies"]]
    assert codes == ["psda", "napr", "rs", "mia", "nbe", "ssa", "utilities", "eqe"]
    for agency in manifest["agencies"]:
        assert agency["base_url"] == f"http://127.0.0.1:8100/{agency['code']}"
        assert set(agency["name"]) == {"ka", "en"}
        assert agency["kind"] in ("state", "private")
        assert "d" not in agency["public_jwk"]
        key = KeyPair.load(tmp_path / "keys" / "agencies" / f"{agency['code']}.jwk")
        assert key.public_jwk() == agency["public_jwk"]
    assert {a["kind"] for a in manifest["agencies"]} == {"state", "private"}
    assert GIORGI in [p["personal_number"] for p in manifest["personas"]]
    # A second run keeps the keys: what the portal registered stays valid.
    assert main(args) == 0
    assert json.loads(out.read_text())["agencies"] == manifest["agencies"]
    assert oct((tmp_path / "keys" / "agencies" / "psda.jwk").stat().st_mode & 0o777) == "0o600"


def test_mounts_can_name_clones():
    assert parse_mounts("psda, bench1=psda,bench2=mia") == (
        ("psda", "bench1", "bench2"),
        {"bench1": "psda", "bench2": "mia"},
    )
    assert parse_mounts("")[0][0] == "psda"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def _serving(tmp_path: Path, *extra: str, behaviour: str = "mia:garbage") -> Iterator[tuple[str, Path]]:
    """The real command in a child process, with a behaviour from the environment."""
    keys = tmp_path / "keys"
    portal_jwks = keys / "portal.public.json"
    portal_jwks.parent.mkdir(parents=True, exist_ok=True)
    portal_jwks.write_text(json.dumps({"keys": [PORTAL.public_jwk()]}))
    port = _free_port()
    env = {**os.environ, "DEMO_AGENCIES_BEHAVIOUR": behaviour}
    command = [
        sys.executable,
        "-m",
        "demo_agencies",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--keys-dir",
        str(keys),
        "--portal-jwks",
        str(portal_jwks),
        "--seed",
        "2026",
        "--log-level",
        "warning",
        *extra,
    ]
    child = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 20
        while not _listening(port):
            assert child.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", keys
    finally:
        child.terminate()
        child.wait(timeout=10)


@pytest.fixture
def served(tmp_path):
    with _serving(tmp_path, "--portal-url", "") as running:
        yield running


def test_serve_answers_signed_queries_with_the_key_it_keeps_on_disk(served):
    base, keys = served
    request = query("psda", "person", person())
    reply = post(f"{base}/psda/v1/query", request)
    assert reply.status == 200
    public = import_jwk(KeyPair.load(keys / "agencies" / "psda.jwk").public_jwk())
    answer = open_message(reply.body, key_for=lambda kid: public, expected_aud="portal", expected_iss="psda")
    assert answer.body["data"]["personal_number"] == GIORGI
    garbage = post(f"{base}/mia/v1/query", query("mia", "vehicles", person()))
    assert garbage.status == 200 and garbage.body.count(b".") != 2


def test_serve_sends_case_reports_to_the_portal_url_at_the_pace_given(tmp_path):
    """`make run` passes the portal's address: the agency's cases walk to it on their own."""
    keys = load_or_create_keys(keys_dir=tmp_path / "keys", codes=["nbe"])  # serve keeps these
    stand_in = PortalStandIn(agency_keys=keys)
    arguments = ("--agencies", "nbe", "--pace", "0.05", "--portal-url")
    with (
        ServerThread(stand_in.app()) as portal,
        _serving(tmp_path, *arguments, portal.url(""), behaviour="") as (base, _),
    ):
        application, ack = submit(base, keys, "nbe.debtor-certificate", {})
        until(lambda: "approved" in stand_in.statuses(application))
    assert stand_in.events(application) == [
        f"{ack.body['case']}-received",
        f"{ack.body['case']}-in-progress",
        f"{ack.body['case']}-answer",
    ]
