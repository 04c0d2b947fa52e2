"""For every citizen URL that names an object, person A gets a 404 or 403 for person B's object
(identity issue, "Done when"; ASVS V8.2.2). The test walks the URL configuration, so a new URL
with an object id fails here until it is covered below."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from panjara.applications.models import Application
from panjara.audit.services import PORTAL
from panjara.catalog.models import Service
from panjara.core import clock
from panjara.correspondence.models import Letter, PublicBody
from panjara.exchange.models import Agency, StoredAnswer
from panjara.exchange.services import agency_register
from panjara.identity.services.accounts import person_actor
from panjara.identity.testing import sign_in
from panjara.inbox.services import inbox_post
from panjara.vault.services import vault_folder_create, vault_store
from panjara.vault.tests.samples import pdf

pytestmark = pytest.mark.django_db

# URLs whose parameter is not a person's object: public texts and catalog codes, and the back
# office (staff only, covered by its own role tests).
NOT_PERSONAL = {
    "consent:terms_version",
    "catalog:category",
    "catalog:service",
    "personal:service",
    "applications:start",  # a service code: starts the signed-in person's own draft
    "correspondence:body",  # a public body's code: the public directory
    "correspondence:timeliness",  # a public body's code: its public, aggregate-only statistics
}


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.pattern.converters and pattern.name:
            yield f"{namespace}{pattern.name}", list(pattern.pattern.converters)


def _stored_answer(person) -> StoredAnswer:
    agency = agency_register(
        code="psda", name_ka="psda", name_en="psda", base_url="http://127.0.0.1:9", by=PORTAL
    )
    return StoredAnswer.objects.create(
        message_id="isolation-test",
        agency=agency,
        service="psda.person",
        subject=f"person:{person.personal_number}",
        purpose="personal_page",
        raw=b"x",
        digest="sha-256=:x:",
        expires_at=clock.now() + timedelta(minutes=10),
    )


def _application(person) -> Application:
    agency = Agency.objects.get(code="psda")
    service = Service.objects.create(
        agency=agency,
        code="psda.isolation",
        name_ka="ტესტი",
        name_en="Test",
        category="personal",
        kind=Service.Kind.FUNCTIONAL,
        assurance=Service.Assurance.SUBSTANTIAL,
        form_schema={"type": "object", "properties": {"note": {"type": "string"}}},
    )
    return Application.objects.create(
        user=person, personal_number=person.personal_number, service=service, values={"note": "B's draft"}
    )


def _letters(person):
    """B's draft letter and B's sent letter (refused, so its complaint page exists too)."""
    body = PublicBody.objects.create(code="isolation-body", name_ka="ორგანო", name_en="Body")
    draft = Letter.objects.create(
        user=person, personal_number=person.personal_number, body=body, subject="B's draft", text="private"
    )
    sent = Letter.objects.create(
        user=person,
        personal_number=person.personal_number,
        body=body,
        subject="B's letter",
        text="private",
        status=Letter.Status.REFUSED,
        reference="LT-ISOLATION",
        submitted_at=clock.now(),
    )
    return draft, sent


def _objects_of(b):
    """B's objects by URL name: the URL kwargs that point at them, and the methods to try."""
    message = inbox_post(
        user=b,
        kind="security",
        subject={"ka": "ბ-ს წერილი", "en": "B's message"},
        body={"ka": "მხოლოდ ბ-სთვის", "en": "private to B"},
    )
    answer = _stored_answer(b)
    draft = _application(b)
    letter_draft, letter_sent = _letters(b)
    document = vault_store(person=b, name="b.pdf", content=pdf(), actor=person_actor(b))
    folder = vault_folder_create(person=b, name="B", actor=person_actor(b))
    return {
        "vault:document": ({"document_id": document.pk}, ["get", "post"]),
        "vault:download": ({"document_id": document.pk}, ["get"]),
        "vault:preview": ({"document_id": document.pk}, ["get"]),
        "vault:delete": ({"document_id": document.pk}, ["get", "post"]),
        "vault:folder_delete": ({"folder_id": folder.pk}, ["post"]),
        "applications:detail": ({"application_id": draft.pk}, ["get", "post"]),
        "applications:delete": ({"application_id": draft.pk}, ["get", "post"]),
        "applications:supplement": ({"application_id": draft.pk}, ["post"]),
        "inbox:message": ({"message_id": message.pk}, ["get", "post"]),
        "correspondence:detail": ({"letter_id": letter_sent.pk}, ["get", "post"]),
        "correspondence:delete": ({"letter_id": letter_draft.pk}, ["get", "post"]),
        "correspondence:reply": ({"letter_id": letter_sent.pk}, ["post"]),
        "correspondence:complaint": ({"letter_id": letter_sent.pk}, ["get", "post"]),
        "personal:kept_answer": ({"pk": answer.pk}, ["get"]),
        "personal:kept_delete": ({"pk": answer.pk}, ["post"]),
    }


def test_every_url_with_an_object_id_is_covered_by_this_test():
    names = {
        name for name, _params in _walk(get_resolver()) if not name.startswith(("admin:", "backoffice:"))
    }
    assert names - NOT_PERSONAL == {
        "inbox:message",
        "personal:kept_answer",
        "personal:kept_delete",
        "applications:detail",
        "applications:delete",
        "applications:supplement",
        "vault:document",
        "vault:download",
        "vault:preview",
        "vault:delete",
        "vault:folder_delete",
        "correspondence:detail",
        "correspondence:delete",
        "correspondence:reply",
        "correspondence:complaint",
    }


def test_person_a_gets_404_or_403_for_every_object_of_person_b(citizen, other_citizen):
    objects = _objects_of(other_citizen)
    a = Client()
    sign_in(a, citizen)
    for name, (kwargs, methods) in objects.items():
        url = reverse(name, kwargs=kwargs)
        for method in methods:
            response = getattr(a, method)(url)
            assert response.status_code in (403, 404), f"{method.upper()} {url} gave {response.status_code}"
    # B's objects are untouched and B still reaches them.
    b = Client()
    sign_in(b, other_citizen)
    for name, (kwargs, methods) in objects.items():
        if "get" in methods:
            assert b.get(reverse(name, kwargs=kwargs)).status_code == 200, name
