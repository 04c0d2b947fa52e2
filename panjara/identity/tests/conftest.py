import re

import pytest

from panjara.notifications.models import Notification


def last_code(address: str) -> str:
    """The code in the newest message to `address`, as the person would read it."""
    if "@" not in address:
        address = f"+995{address}"
    message = Notification.objects.filter(to=address).order_by("-id").first()
    assert message is not None, f"no message to {address}"
    return re.search(r"\b(\d{6})\b", message.body).group(1)


@pytest.fixture
def read_code():
    return last_code


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counts live in the cache for an hour; one test's sign-ins and recoveries from
    127.0.0.1 must not be counted against the next test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
