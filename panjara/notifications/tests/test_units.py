import random

import pytest
from django.core.exceptions import ValidationError

from panjara.notifications import message_templates
from panjara.notifications.channels.base import Outcome
from panjara.notifications.channels.sms_http import HttpSmsGateway
from panjara.notifications.retry import RetryPolicy
from panjara.notifications.services import normalize_address


@pytest.mark.parametrize(
    "raw",
    ["555123456", "+995555123456", "995555123456", "00995555123456", "555 12 34 56", "555-123-456"],
)
def test_georgian_mobile_numbers_become_e164(raw):
    assert normalize_address(channel="sms", to=raw) == "+995555123456"


@pytest.mark.parametrize("raw", ["", "455123456", "55512345", "5551234567", "+14155550100", "abc"])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_address(channel="sms", to=raw)


def test_email_addresses_are_validated_and_domain_lowercased():
    assert normalize_address(channel="email", to=" Nino@Example.GE ") == "Nino@example.ge"
    with pytest.raises(ValidationError):
        normalize_address(channel="email", to="not-an-address")


def test_backoff_grows_is_capped_and_jittered():
    policy = RetryPolicy(
        max_attempts=10, base_seconds=10, cap_seconds=100, lease_seconds=60, sweep_grace_seconds=60
    )
    rng = random.Random(7)
    delays = [policy.delay(attempt, rng=rng).total_seconds() for attempt in range(1, 8)]
    for attempt, delay in enumerate(delays, start=1):
        step = min(100, 10 * 2 ** (attempt - 1))
        assert step / 2 <= delay <= step
    # Equal jitter keeps every wait inside its own band, so waits grow until the cap.
    assert delays[0] < delays[1] < delays[2] < delays[3]
    assert max(delays) <= 100


def test_retry_policy_reads_settings(settings):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 3, "BACKOFF_BASE_SECONDS": 2}
    policy = RetryPolicy.from_settings()
    assert (policy.max_attempts, policy.base_seconds) == (3, 2)


def test_templates_are_registered_and_context_is_checked():
    assert {"test", "security.notice"} <= set(message_templates.keys())
    spec = message_templates.get("security.notice")
    with pytest.raises(ValueError, match="missing"):
        message_templates.check_context(spec, {})
    with pytest.raises(ValueError, match="unknown"):
        message_templates.check_context(spec, {"event": "x", "evnet": "typo"})
    with pytest.raises(LookupError):
        message_templates.get("no.such.template")


def test_templates_render_in_both_languages():
    spec = message_templates.get("test")
    ka = message_templates.render(template=spec, channel="email", context={"code": "4711"}, language="ka")
    en = message_templates.render(template=spec, channel="email", context={"code": "4711"}, language="en")
    assert en.subject == "Panjara test message"
    assert ka.subject != en.subject
    assert "4711" in ka.text and "4711" in en.text and "<strong>4711</strong>" in en.html
    assert 'lang="ka"' in ka.html
    sms = message_templates.render(template=spec, channel="sms", context={"code": "4711"}, language="ka")
    assert "4711" in sms.text and "\n" not in sms.text


def test_http_gateway_configuration_problems(settings):
    settings.SMS = {"GATEWAY": "http", "HTTP_URL": "", "HTTP_TOKEN": "", "HTTP_TIMEOUT_SECONDS": 5}
    assert len(HttpSmsGateway().check_config()) == 2
    settings.SMS = {"GATEWAY": "http", "HTTP_URL": "http://sms.example/send", "HTTP_TOKEN": "t"}
    assert "https" in HttpSmsGateway().check_config()[0]
    settings.SMS = {"GATEWAY": "http", "HTTP_URL": "https://sms.example/send", "HTTP_TOKEN": "t"}
    assert HttpSmsGateway().check_config() == []


def test_http_status_classification():
    assert HttpSmsGateway._classify(400, b"bad").outcome is Outcome.PERMANENT
    assert HttpSmsGateway._classify(404, b"").outcome is Outcome.PERMANENT
    assert HttpSmsGateway._classify(429, b"").outcome is Outcome.RETRY
    assert HttpSmsGateway._classify(503, b"").outcome is Outcome.RETRY
    assert HttpSmsGateway._classify(302, b"").outcome is Outcome.RETRY
