"""Asking agencies over real HTTP (R-P-3): verified answers pass, everything else is refused or
reported unavailable — and all of it lands in the hash-chained message log."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from panjara.audit.models import AuditEvent
from panjara.exchange.client import Request, Status
from panjara.exchange.models import ExchangeMessage, StoredAnswer
from panjara.exchange.selectors import answer_is_unchanged
from panjara.exchange.services import answer_store, exchange_ask_sync
from panjara_protocol import Party

from .conftest import ADMIN

PERSON = Party(kind="person", id="01001000001")


def ask(**overrides):
    fields = dict(
        agency="testreg", kind="query", service="testreg.person", purpose="personal-page", subject=PERSON
    )
    fields.update(overrides)
    return exchange_ask_sync([Request(**fields)], on_behalf=ADMIN)[0]


def test_a_verified_answer_reaches_the_caller_and_both_messages_are_logged(agency):
    outcome = ask()
    assert outcome.status is Status.OK
    assert outcome.answer.body == {"status": "ok", "data": {"name": "ნინო", "echo": "testreg.person"}}
    rows = list(ExchangeMessage.objects.order_by("seq").values_list("direction", "status", "message_id"))
    assert rows == [("out", "sent", outcome.sent.id), ("in", "accepted", outcome.answer.id)]


def test_every_read_of_a_persons_data_is_audited(agency):
    ask()
    event = AuditEvent.objects.get(action="exchange.query")
    assert (event.subject_person, event.purpose, event.object_id) == (
        "01001000001",
        "personal-page",
        "testreg.person",
    )


def test_an_answer_with_one_byte_changed_is_rejected_and_logged(agency):
    agency.mode = "tamper"
    outcome = ask()
    assert outcome.status is Status.REJECTED
    assert outcome.answer is None
    rejected = ExchangeMessage.objects.get(direction="in")
    assert rejected.status == "rejected"
    assert rejected.digest.startswith("sha-256=")
    assert "bad_signature" in rejected.error or "malformed" in rejected.error


def test_a_reused_answer_id_is_rejected_as_a_replay(agency):
    agency.mode = "reuse_id"
    assert ask().status is Status.OK
    second = ask()
    assert second.status is Status.REJECTED
    assert "replayed" in second.reason
    assert (
        ExchangeMessage.objects.filter(
            direction="in", status="rejected", error__startswith="replayed"
        ).count()
        == 1
    )


def test_a_hanging_agency_is_unavailable_within_its_timeout(agency):
    agency.mode = "hang"
    started = time.monotonic()
    outcome = ask()
    elapsed = time.monotonic() - started
    assert outcome.status is Status.UNAVAILABLE
    assert elapsed < 0.4 + 0.5, f"took {elapsed:.2f}s against a 0.4 s timeout"
    assert ExchangeMessage.objects.get(direction="out").status == "failed"


@pytest.mark.parametrize("mode", ["garbage", "http503"])
def test_a_garbage_or_failing_agency_gives_a_clear_outcome_not_an_exception(agency, mode):
    agency.mode = mode
    outcome = ask()
    assert outcome.status in {Status.REJECTED, Status.UNAVAILABLE}
    assert outcome.reason


def test_the_circuit_opens_after_repeated_failures_and_stops_calling(agency, settings):
    settings.EXCHANGE = {**settings.EXCHANGE, "BREAKER_FAILURES": 3, "BREAKER_COOLDOWN_SECONDS": 60}
    agency.mode = "http503"
    for _ in range(3):
        ask()
    seen = agency.requests_seen
    outcome = ask()
    assert outcome.reason == "circuit open"
    assert agency.requests_seen == seen


def test_an_unknown_agency_is_unavailable(agency):
    assert ask(agency="nosuch").status is Status.UNAVAILABLE


def test_a_stored_answer_is_provably_unchanged(agency):
    from datetime import timedelta

    stored = answer_store(outcome=ask(), keep_for=timedelta(minutes=10))
    assert answer_is_unchanged(stored=StoredAnswer.objects.get(pk=stored.pk))
    raw = bytearray(stored.raw)
    raw[-3] = ord("A") if raw[-3] != ord("A") else ord("B")
    StoredAnswer.objects.filter(pk=stored.pk).update(raw=bytes(raw))
    assert not answer_is_unchanged(stored=StoredAnswer.objects.get(pk=stored.pk))


def test_the_message_log_verifies_and_names_a_tampered_link(agency):
    for _ in range(3):
        ask()
    call_command("verify_chains", chain="exchange")
    ExchangeMessage.objects.filter(seq=4).update(purpose="marketing")
    with pytest.raises(CommandError, match="exchange: broken at link 4: contents were changed"):
        call_command("verify_chains", chain="exchange")


def test_the_purge_deletes_expired_answers_and_keeps_fresh_ones(agency):
    from datetime import timedelta
    from unittest import mock

    from panjara.core import clock
    from panjara.exchange.services import answers_purge_expired

    short = answer_store(outcome=ask(), keep_for=timedelta(minutes=5))
    long = answer_store(outcome=ask(), keep_for=timedelta(hours=2))
    with mock.patch.object(clock, "now", return_value=clock.now() + timedelta(minutes=6)):
        assert answers_purge_expired() == 1
    assert list(StoredAnswer.objects.values_list("pk", flat=True)) == [long.pk]
    assert short.pk != long.pk


def test_a_signed_answer_of_the_wrong_kind_is_not_used(agency):
    agency.services = []
    outcome = ask(kind="services.describe", service=None)
    assert outcome.ok  # the right kind
    from panjara.exchange.client import Request

    wrong = exchange_ask_sync(
        [Request(agency="testreg", kind="query", purpose="personal-page", subject=PERSON, service="x")],
        on_behalf=ADMIN,
    )[0]
    assert wrong.ok
    agency.answer_kind_override = "error"
    refused = ask()
    assert refused.status is Status.UNAVAILABLE
    assert "agency answered error" in refused.reason
