"""The session and the person behind a request are loaded with one plain statement each
(identity.loading); what counts as signed in must be exactly what Django's own database store and
model backend decide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from panjara.identity.loading import PortalBackend, SessionStore
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db


def _signed_in(citizen) -> Client:
    client = Client()
    sign_in(client, citizen)
    return client


def _is_signed_in(client: Client) -> bool:
    return "header__signout" in client.get("/help/").content.decode()


def test_a_live_session_loads_what_was_stored_and_signs_the_person_in(citizen):
    client = _signed_in(citizen)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key=key).load()["_auth_user_id"] == str(citizen.pk)
    assert _is_signed_in(client)


def test_an_expired_or_unknown_session_signs_nobody_in_and_its_key_is_not_reused(citizen):
    client = _signed_in(citizen)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(session_key=key)
    assert store.load() == {}
    assert store.session_key is None  # a save makes a new key, never the expired one again
    assert not _is_signed_in(client)
    unknown = SessionStore(session_key="x" * 32)
    assert (unknown.load(), unknown.session_key) == ({}, None)


def test_the_backend_loads_the_person_with_their_data_and_refuses_a_disabled_account(citizen):
    backend = PortalBackend()
    loaded = backend.get_user(citizen.pk)
    assert (loaded.pk, loaded.email, loaded.personal_number) == (
        citizen.pk,
        citizen.email,
        citizen.personal_number,
    )
    assert timezone.is_aware(loaded.date_joined)  # Django's converters ran, as with the ORM
    assert backend.get_user("not a number") is None
    assert backend.get_user(citizen.pk + 1000) is None
    client = _signed_in(citizen)
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    assert backend.get_user(citizen.pk) is None
    assert not _is_signed_in(client)
