"""Fixtures every part of the suite shares."""

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from unittest import mock

import pytest


@pytest.fixture(scope="session", autouse=True)
def _portal_exchange_key(django_db_blocker):
    from panjara.exchange.keys import portal_key_ensure

    portal_key_ensure()


@pytest.fixture(autouse=True)
def _fresh_breakers():
    """Circuit breakers live per process; one test's failing agency must not open another's."""
    from panjara.exchange.breaker import BREAKERS

    BREAKERS.reset()
    yield
    BREAKERS.reset()


class Clock:
    """The portal's clock, under the test's control."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def travel(self, **delta) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Time travel: the code asks panjara.core.clock.now(), never timezone.now()."""
    from django.utils import timezone

    fake = Clock(timezone.now())
    with mock.patch("panjara.core.clock.now", fake):
        yield fake


@pytest.fixture
def citizen(db):
    """A registered citizen (persona 01024085001) with every first-login step done."""
    from panjara.identity.testing import citizen_create

    return citizen_create()


@pytest.fixture
def other_citizen(db):
    """A second citizen, for tests that person A cannot reach person B's objects."""
    from panjara.identity.testing import citizen_create

    return citizen_create(
        personal_number="01017029002",
        given_name_ka="ნინო",
        surname_ka="კაპანაძე",
        given_name_en="Nino",
        surname_en="Kapanadze",
        mobile="555100002",
    )


@pytest.fixture
def citizen_client(client, citizen):
    """A test client signed in as `citizen` with substantial assurance."""
    from panjara.identity.testing import sign_in

    sign_in(client, citizen)
    return client


# Demo agencies on loopback, for tests that cross the real HTTP boundary. One server per test
# session; each test registers the agencies in its own database.
AGENCY_TIMEOUT_MS = 600


@pytest.fixture(scope="session")
def agencies_config():
    from demo_agencies.config import Config
    from panjara.exchange.keys import portal_key_ensure

    return Config.generate(portal_keys=[portal_key_ensure().public_jwk()])


@pytest.fixture(scope="session")
def agencies_server(agencies_config):
    from demo_agencies.server import create_app
    from demo_agencies.tests.support import ServerThread

    with ServerThread(create_app(agencies_config)) as running:
        yield running


@pytest.fixture
def agencies(db, agencies_config, agencies_server):
    """Every demo agency registered with the portal; yields their behaviour knobs by code."""
    from panjara.audit.services import PORTAL
    from panjara.exchange.services import agency_register

    for code in agencies_config.mounted:
        agency_register(
            code=code,
            name_ka=code,
            name_en=code,
            base_url=agencies_server.url(f"/{code}"),
            timeout_ms=AGENCY_TIMEOUT_MS,
            public_jwks=[agencies_config.keys[code].public_jwk()],
            by=PORTAL,
        )
    yield agencies_config.behaviours
    for behaviour in agencies_config.behaviours.values():
        behaviour.latency_ms, behaviour.error_rate = 0.0, 0.0
        behaviour.hang = behaviour.garbage = behaviour.bad_signature = False


@pytest.fixture
def catalog(agencies):
    """The catalog filled from the agencies' signed descriptions (44 services)."""
    from panjara.catalog.services import catalog_sync

    report = catalog_sync()
    assert not report.unavailable, report
    return agencies


class _Collector:
    """What the loopback SMTP server received, as parsed e-mail messages."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings) -> Iterator[_Collector]:
    """A real SMTP server on loopback; Django's SMTP backend points at it."""
    from aiosmtpd.controller import Controller

    handler = _Collector()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()
