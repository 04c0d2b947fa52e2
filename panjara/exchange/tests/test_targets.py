"""Agencies' keys are read from the database on every ask (only their parsing is cached, by the
exact JWK), so a key added, changed or retired by an administrator counts at once, in every
process, and answers are checked against exactly the keys trusted now."""

from datetime import timedelta

from panjara.exchange.client import Request, Status
from panjara.exchange.models import Agency, AgencyKey
from panjara.exchange.selectors import exchange_targets
from panjara.exchange.services import agency_key_add, agency_key_retire, answers_store, exchange_ask_sync
from panjara_protocol import KeyPair, Party

from .conftest import ADMIN


def _ask():
    request = Request(
        agency="testreg",
        kind="query",
        service="testreg.person",
        purpose="test",
        subject=Party(kind="person", id="01024085001"),
    )
    return exchange_ask_sync([request], on_behalf=ADMIN)[0]


def _public_x(key) -> str:
    return key.as_dict(private=False)["x"]


def test_a_retired_key_stops_and_a_new_key_starts_counting_at_once(agency):
    assert _ask().status is Status.OK
    old = AgencyKey.objects.get(kid=agency.key.kid)
    agency_key_retire(key=old, by=ADMIN)
    assert exchange_targets(codes=["testreg"])["testreg"].keys == {}
    assert _ask().status is Status.REJECTED  # signed with a key the portal no longer trusts

    agency.key = KeyPair.generate("test-agency-2")
    agency_key_add(agency=old.agency, jwk=agency.key.public_jwk(), by=ADMIN)
    assert set(exchange_targets(codes=["testreg"])["testreg"].keys) == {"test-agency-2"}
    assert _ask().status is Status.OK


def test_a_key_changed_in_place_is_the_key_used(agency):
    assert _ask().status is Status.OK
    row = AgencyKey.objects.get(kid=agency.key.kid)
    replacement = KeyPair.generate(agency.key.kid)  # the same kid, another key (an admin's edit)
    row.public_jwk = replacement.public_jwk()
    row.save()
    [key] = exchange_targets(codes=["testreg"])["testreg"].keys.values()
    assert _public_x(key) == replacement.public_jwk()["x"]
    assert _ask().status is Status.REJECTED  # the agency still signs with the old one
    agency.key = replacement
    assert _ask().status is Status.OK


def test_an_inactive_agency_is_no_target(agency):
    Agency.objects.filter(code="testreg").update(is_active=False)
    assert exchange_targets(codes=["testreg"]) == {}


def test_many_answers_are_kept_in_one_insert_in_the_order_given(agency, django_assert_max_num_queries):
    outcomes = [_ask() for _ in range(3)]
    with django_assert_max_num_queries(2):  # the agencies' ids, then one insert
        stored = answers_store(outcomes=outcomes, keep_for=timedelta(minutes=5))
    assert [s.message_id for s in stored] == [o.answer.id for o in outcomes]
    assert all(s.pk for s in stored)
