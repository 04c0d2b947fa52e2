"""Documents attached to applications (R-V-1 "stored documents can be attached to applications",
R-S-2 "attaches documents"): from the vault or the computer, within the limits, with what was
typed never lost, and sent to the agency with digests it can check (protocol §6.3)."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from panjara.applications.models import Application, ApplicationAttachment
from panjara.exchange.models import OutboxMessage
from panjara.identity.services.accounts import person_actor
from panjara.identity.testing import sign_in
from panjara.vault.models import Document
from panjara.vault.services import vault_delete, vault_store
from panjara.vault.tests.samples import pdf, png, zip_archive

from .support import FORM_SERVICE, SERVICE, deliver, english, start

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = {"for_whom": "child", "child_personal_number": "123"}


def _in_vault(user, name: str, content: bytes) -> Document:
    return vault_store(person=user, name=name, content=content, actor=person_actor(user))


def _post(client, application, *, action="attach", documents=(), upload=None, **values):
    data = {"action": action, **values}
    if documents:
        data["attach-documents"] = [str(d.pk) for d in documents]
    if upload is not None:
        data["attach-file"] = upload
    return client.post(f"/applications/{application.pk}/", data)


def test_documents_from_the_vault_and_from_the_computer_are_attached_and_the_draft_keeps_them(
    catalog, citizen_client, citizen
):
    """R-V-1: a vault document and a file from the computer (which lands in the vault too)."""
    passport = _in_vault(citizen, "passport.pdf", pdf("passport"))
    application = start(citizen_client, FORM_SERVICE)
    response = _post(
        citizen_client,
        application,
        documents=[passport],
        upload=SimpleUploadedFile("photo.png", png(), content_type="image/png"),
        **TYPED,
    )
    assert response.status_code == 302
    assert sorted(a.name for a in application.attachments.all()) == ["passport.pdf", "photo.png"]
    assert Document.objects.filter(person=citizen.person, name="photo.png").exists()

    page = english(citizen_client).get(f"/applications/{application.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "passport.pdf" in page and "photo.png" in page
    assert 'value="123"' in page  # attaching saved what was typed
    # Attaching the same document again (a double click) does not attach it twice.
    _post(citizen_client, application, documents=[passport], **TYPED)
    assert application.attachments.count() == 2

    photo = application.attachments.get(name="photo.png")
    assert _post(citizen_client, application, action="save", remove=str(photo.pk), **TYPED).status_code == 302
    assert [a.name for a in application.attachments.all()] == ["passport.pdf"]
    assert Document.objects.filter(pk=photo.document_id).exists()  # still in the vault


def _refusal_case(name, citizen, client, application, settings):
    """Set the scene for one refusal; returns the upload or documents that must be refused and the
    words the person must see."""
    if name == "wrong type":
        return {"upload": SimpleUploadedFile("cv.zip", zip_archive(), content_type="application/zip")}, (
            "Archives are not accepted"
        )
    if name == "too big":
        settings.APPLICATION_MAX_ATTACHMENT_BYTES = 4000
        big = pdf("x" * 5000)
        return {"upload": SimpleUploadedFile("big.pdf", big, content_type="application/pdf")}, (
            "the largest file you can add is"
        )
    if name == "over the count":
        settings.APPLICATION_MAX_ATTACHMENTS = 2
        first, second, third = (_in_vault(citizen, f"d{i}.pdf", pdf(f"document {i}")) for i in range(3))
        _post(client, application, documents=[first, second])
        return {"documents": [third]}, "You can attach at most 2 documents"
    if name == "over the total":
        one = pdf("first document")
        settings.APPLICATION_MAX_ATTACHMENT_BYTES = len(one) + 100
        _post(client, application, documents=[_in_vault(citizen, "one.pdf", one)])
        second = pdf("the second document is a little longer than the room that is left")
        return {"upload": SimpleUploadedFile("two.pdf", second, content_type="application/pdf")}, (
            "Attached documents can be at most"
        )
    raise AssertionError(name)


@pytest.mark.parametrize("case", ["wrong type", "too big", "over the count", "over the total"])
def test_a_refused_attachment_says_why_next_to_its_input_and_keeps_what_was_typed(
    case, catalog, citizen_client, citizen, settings
):
    """R-V-1 with the limits of protocol §6.3 and the vault's checks of type and size."""
    application = start(citizen_client, FORM_SERVICE)
    english(citizen_client)
    chosen, reason = _refusal_case(case, citizen, citizen_client, application, settings)
    attached_before = application.attachments.count()
    documents_before = Document.objects.filter(person=citizen.person).count()

    response = _post(citizen_client, application, **chosen, **TYPED)
    html = response.content.decode()
    assert response.status_code == 400
    assert reason in html
    assert "error-summary" in html
    field = "f-attach-file" if "upload" in chosen else "f-attach-documents"
    assert f'id="{field}-error"' in html  # the message sits at the input it is about
    assert 'value="123"' in html  # what was typed is still there
    assert application.attachments.count() == attached_before
    assert Document.objects.filter(person=citizen.person).count() == documents_before
    application.refresh_from_db()
    assert application.values["child_personal_number"] == "123"


def test_the_sent_application_carries_its_attachments_with_their_digests_until_the_agency_has_them(
    catalog, citizen_client, citizen, agencies_server
):
    """Protocol §6.3 ATTACHMENT; the content leaves the outbox once the agency acknowledged."""
    scan = pdf("income statement")
    statement = _in_vault(citizen, "statement.pdf", scan)
    application = start(citizen_client, SERVICE)
    _post(citizen_client, application, documents=[statement])
    assert citizen_client.post(f"/applications/{application.pk}/", {"action": "submit"}).status_code == 302

    row = OutboxMessage.objects.get(reference=f"application:{application.pk}")
    [sent] = row.body["application"]["attachments"]
    assert sent["name"] == "statement.pdf"
    assert sent["media_type"] == "application/pdf"
    assert sent["size"] == len(scan)
    assert sent["sha256"] == hashlib.sha256(scan).hexdigest()
    assert base64.b64decode(sent["content"]) == scan

    row = deliver(Application.objects.get(pk=application.pk))
    case = agencies_server.app.state.cases["nbe"].cases[str(application.pk)]
    assert [(a.name, a.sha256) for a in case.attachments] == [
        ("statement.pdf", hashlib.sha256(scan).hexdigest())
    ]
    [kept] = row.body["application"]["attachments"]
    assert "content" not in kept
    assert kept["sha256"] == sent["sha256"]

    page = english(citizen_client).get(f"/applications/{application.pk}/").content.decode()
    assert "Attached documents" in page
    assert sent["sha256"][:16] in page
    assert f"/vault/{statement.pk}/" in page


def test_a_document_deleted_from_the_vault_after_attaching_stops_the_sending_with_a_clear_reason(
    catalog, citizen_client, citizen
):
    """R-V-1: what was attached is what is sent, or the person is told why not."""
    statement = _in_vault(citizen, "statement.pdf", pdf("statement"))
    application = start(citizen_client, SERVICE)
    _post(citizen_client, application, documents=[statement])
    vault_delete(document=statement, actor=person_actor(citizen))

    response = english(citizen_client).post(f"/applications/{application.pk}/", {"action": "submit"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "was deleted from your vault after you attached it" in html
    assert 'href="#attachments"' in html  # the error summary leads to the attachments
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not OutboxMessage.objects.exists()
    # Removing the missing document lets the application go.
    attachment = ApplicationAttachment.objects.get(application=application)
    citizen_client.post(f"/applications/{application.pk}/", {"remove": str(attachment.pk)})
    assert citizen_client.post(f"/applications/{application.pk}/", {"action": "submit"}).status_code == 302
    assert OutboxMessage.objects.get().body["application"]["attachments"] == []


def test_another_persons_vault_document_cannot_be_attached_nor_their_attachment_removed(
    catalog, citizen_client, citizen, other_citizen
):
    """ASVS V8.2.2: ids of another person's documents and attachments reach nothing."""
    theirs = _in_vault(other_citizen, "their.pdf", pdf("someone else's"))
    application = start(citizen_client, FORM_SERVICE)
    response = _post(english(citizen_client), application, documents=[theirs], **TYPED)
    assert response.status_code == 400
    assert "Choose documents from your own vault." in response.content.decode()
    assert not application.attachments.exists()

    mine = _in_vault(citizen, "mine.pdf", pdf("mine"))
    _post(citizen_client, application, documents=[mine])
    attachment = application.attachments.get()
    other = Client()
    sign_in(other, other_citizen)
    assert other.post(f"/applications/{application.pk}/", {"remove": str(attachment.pk)}).status_code == 404
    assert (
        other.post(f"/applications/{application.pk}/answer/", {"key": "k", "answer-text": "x"}).status_code
        == 404
    )
    assert application.attachments.count() == 1
