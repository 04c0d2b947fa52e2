"""Fixtures every part of the suite shares."""

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
