from panjara.exchange.tests.conftest import agency  # noqa: F401 — the same loopback test agency
