"""Fixtures: one real agencies server for the session, and behaviours reset after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from demo_agencies.config import Config, clones
from demo_agencies.server import create_app
from demo_agencies.tests.support import EIGHT, PORTAL, ServerThread


# The repository's root conftest.py has autouse fixtures that need Django and the portal. These
# tests run without either (`-p no:django`), and the agencies must not touch the portal anyway:
# same-named fixtures here take precedence for this directory.
@pytest.fixture(scope="session", autouse=True)
def _portal_exchange_key() -> None:
    return None


@pytest.fixture(autouse=True)
def _fresh_breakers() -> None:
    return None


@pytest.fixture(scope="session")
def config() -> Config:
    bench = clones(of="psda", count=2)
    return Config.generate(portal_keys=[PORTAL.public_jwk()], agencies=(*EIGHT, *bench), clone_of=bench)


@pytest.fixture(scope="session")
def server(config: Config) -> Iterator[ServerThread]:
    with ServerThread(create_app(config)) as running:
        yield running


@pytest.fixture
def behaviours(config: Config) -> Iterator[dict]:
    """The live Behaviour objects; every knob is reset after the test."""
    yield config.behaviours
    for code, behaviour in config.behaviours.items():
        behaviour.latency_ms, behaviour.error_rate = 0.0, 0.0
        behaviour.hang = behaviour.garbage = behaviour.bad_signature = False
        behaviour.reseed(code)
