"""Answering the agency's "more information needed" (issue 4 §5; R-S-2, R-V-1): the question and a
form on the application's page, one answer however often it is sent, delivered to the agency as
`application.supplement`, and the form gone until the agency asks again."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from panjara.applications.models import Application, ApplicationEvent
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_deliver
from panjara.identity.services.accounts import person_actor
from panjara.identity.testing import sign_in
from panjara.inbox.models import InboxMessage
from panjara.vault.services import vault_store
from panjara.vault.tests.samples import pdf, zip_archive
from panjara_protocol.kinds import APPLICATION_SUPPLEMENT

from .support import SERVICE, deliver, english, report, start

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = {
    "ka": "გთხოვთ, დაურთოთ შემოსავლის ცნობა.",
    "en": "Please attach a statement of your income.",
}


def _waiting(client, agencies_config, *, event: str = "ask-1") -> Application:
    """A delivered application on which the agency asked for more information."""
    application = start(client, SERVICE)
    client.post(f"/applications/{application.pk}/", {"action": "submit"})
    deliver(application)
    response = report(
        agencies_config, application=str(application.pk), event=event, status="info_needed", message=QUESTION
    )
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.status == Application.Status.INFO_NEEDED
    return application


def _form_key(html: str) -> str:
    return re.search(r'name="key" value="([0-9a-f]+)"', html).group(1)


def test_the_answer_is_sent_once_for_a_double_click_and_reaches_the_agency_with_its_document(
    catalog, citizen_client, citizen, agencies_config, agencies_server
):
    """Issue 4 §5, R-S-2: one answer, one outbox row, one receipt; protocol §6.6 at the agency."""
    application = _waiting(citizen_client, agencies_config)
    url = f"/applications/{application.pk}/"
    page = citizen_client.get(url).content.decode()  # Georgian first
    assert "უწყებას დამატებითი ინფორმაცია სჭირდება" in page
    assert QUESTION["ka"] in page
    page = english(citizen_client).get(url).content.decode()
    assert "The agency needs more information" in page
    assert QUESTION["en"] in page
    statement = pdf("income statement")
    document = vault_store(person=citizen, name="income.pdf", content=statement, actor=person_actor(citizen))

    answer = {
        "key": _form_key(page),
        "answer-text": "The statement from my employer is attached.",
        "answer-documents": [str(document.pk)],
    }
    first = citizen_client.post(f"{url}answer/", answer)
    second = citizen_client.post(f"{url}answer/", answer)  # the double click
    assert first.status_code == second.status_code == 302

    [event] = application.events.filter(kind=ApplicationEvent.Kind.SUPPLEMENT)
    row = OutboxMessage.objects.get(kind=APPLICATION_SUPPLEMENT)
    assert row.reference == f"supplement:{event.detail['supplement']}"
    assert row.body["application"] == str(application.pk)
    assert row.body["supplement"]["text"] == "The statement from my employer is attached."
    assert row.body["supplement"]["attachments"][0]["sha256"] == hashlib.sha256(statement).hexdigest()
    assert InboxMessage.objects.filter(user=citizen, reference=row.reference).count() == 1

    # The agency is the source of truth: the status stays what it reported.
    application.refresh_from_db()
    assert application.status == Application.Status.INFO_NEEDED
    page = citizen_client.get(url).content.decode()
    assert 'name="answer-text"' not in page
    assert "You have answered the agency's request for more information" in page
    assert "The statement from my employer is attached." in page  # in the history

    delivered = outbox_deliver(message_id=row.pk)
    assert delivered.status == OutboxMessage.Status.DELIVERED, delivered.last_error
    case = agencies_server.app.state.cases["nbe"].cases[str(application.pk)]
    [received] = case.supplements
    assert received.id == event.detail["supplement"]
    assert received.text == "The statement from my employer is attached."
    assert [a.sha256 for a in received.attachments] == [hashlib.sha256(statement).hexdigest()]
    assert "content" not in delivered.body["supplement"]["attachments"][0]
    event.refresh_from_db()
    assert event.detail["delivered_at"]
    assert "delivered to the agency" in citizen_client.get(url).content.decode()

    # The agency asks again: the form is back.
    report(
        agencies_config,
        application=str(application.pk),
        event="ask-2",
        status="info_needed",
        message=QUESTION,
    )
    assert 'name="answer-text"' in citizen_client.get(url).content.decode()


def test_a_refused_answer_says_why_and_keeps_what_was_typed(catalog, citizen_client, agencies_config):
    """Issue 4 §5, R-V-1: the vault's reasons for a file, and the text kept."""
    application = _waiting(citizen_client, agencies_config)
    url = f"/applications/{application.pk}/"
    key = _form_key(english(citizen_client).get(url).content.decode())

    empty = citizen_client.post(f"{url}answer/", {"key": key, "answer-text": "   "})
    assert empty.status_code == 400
    assert "Write your answer to the agency." in empty.content.decode()

    long = citizen_client.post(f"{url}answer/", {"key": key, "answer-text": "x" * 4001})
    assert long.status_code == 400
    assert "at most 4000 characters; it has 4001" in long.content.decode()

    typed = "My income statement, as a ZIP."
    archive = SimpleUploadedFile("statement.zip", zip_archive(), content_type="application/zip")
    refused = citizen_client.post(f"{url}answer/", {"key": key, "answer-text": typed, "answer-file": archive})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Archives are not accepted" in html
    assert 'id="f-answer-file-error"' in html
    assert typed in html  # still in the text area
    assert not OutboxMessage.objects.filter(kind=APPLICATION_SUPPLEMENT).exists()
    assert not application.events.filter(kind=ApplicationEvent.Kind.SUPPLEMENT).exists()


def test_no_answer_form_while_the_agency_is_not_asking_and_a_forced_answer_is_refused(
    catalog, citizen_client, agencies_config
):
    """Issue 4 §5: the agency is the source of truth for when it waits for an answer."""
    application = start(citizen_client, SERVICE)
    citizen_client.post(f"/applications/{application.pk}/", {"action": "submit"})
    deliver(application)
    url = f"/applications/{application.pk}/"
    assert 'name="answer-text"' not in citizen_client.get(url).content.decode()
    forced = english(citizen_client).post(f"{url}answer/", {"key": "k", "answer-text": "Hello"})
    assert forced.status_code == 400
    assert "The agency is not waiting for more information" in forced.content.decode()
    assert not OutboxMessage.objects.filter(kind=APPLICATION_SUPPLEMENT).exists()


def test_a_low_assurance_session_is_offered_the_step_up_instead_of_the_answer_form(
    catalog, client, citizen, agencies_config
):
    """R-S-2 with the service's assurance: answering needs the same sign-in as applying."""
    sign_in(client, citizen)
    application = _waiting(client, agencies_config)
    low = Client()
    sign_in(low, citizen, assurance="low")
    url = f"/applications/{application.pk}/"
    page = english(low).get(url).content.decode()
    assert 'name="answer-text"' not in page
    assert f'href="/account/step-up/?next=/applications/{application.pk}/"' in page
    refused = low.post(f"{url}answer/", {"key": "k", "answer-text": "Hello"})
    assert refused.status_code == 400
    assert not OutboxMessage.objects.filter(kind=APPLICATION_SUPPLEMENT).exists()
