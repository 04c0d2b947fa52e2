"""Applications end to end over real HTTP to the demo agencies (issue 4 §1, §2, §4; R-S-2):
prefill from what agencies hold, drafts that survive signing out, submission with a receipt, and
at-least-once delivery that the agency turns into exactly one case."""

from __future__ import annotations

import base64
import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.test import Client

from panjara.applications.models import Application, ApplicationEvent
from panjara.applications.services import application_submit
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_deliver
from panjara.identity.testing import sign_in
from panjara.inbox.models import InboxMessage
from panjara.notifications.models import Notification
from panjara.vault.models import Document
from panjara.vault.tests.samples import pdf
from panjara_protocol import Party, new_envelope, seal
from panjara_protocol.kinds import CASE_ANSWER, CASE_STATUS

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE = "nbe.debtor-certificate"  # one field, the personal number, pre-filled from psda.person
FORM_SERVICE = "psda.birth-certificate"  # choices and an optional field


def _start(client: Client, code: str) -> Application:
    page = client.get(f"/services/{code}/")
    key = re.search(r'name="key" value="([0-9a-f]+)"', page.content.decode()).group(1)
    response = client.post(f"/applications/new/{code}/", {"key": key})
    assert response.status_code == 302
    return Application.objects.get(pk=response.url.split("/")[2])


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _cases(agencies_server, code: str):
    return agencies_server.app.state.cases[code].cases


def test_a_draft_is_prefilled_from_the_registry_and_shows_where_from(catalog, citizen_client, citizen):
    application = _start(citizen_client, SERVICE)
    assert application.values["personal_number"] == citizen.personal_number
    assert application.prefill["personal_number"]["service"] == "psda.person"
    page = _english(citizen_client).get(f"/applications/{application.pk}/")
    html = page.content.decode()
    assert f'value="{citizen.personal_number}"' in html
    assert "Filled in from" in html


def test_start_twice_with_the_same_key_opens_one_draft(catalog, citizen_client):
    page = citizen_client.get(f"/services/{FORM_SERVICE}/").content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
    first = citizen_client.post(f"/applications/new/{FORM_SERVICE}/", {"key": key})
    second = citizen_client.post(f"/applications/new/{FORM_SERVICE}/", {"key": key})
    assert first.url == second.url
    assert Application.objects.count() == 1


def test_a_draft_keeps_what_was_typed_across_sign_out_and_mistakes_are_explained(catalog, client, citizen):
    sign_in(client, citizen)
    application = _start(client, FORM_SERVICE)
    url = f"/applications/{application.pk}/"
    client.post(url, {"action": "save", "for_whom": "child", "child_personal_number": "123"})
    client.post("/signout/")
    assert client.get(url).status_code == 302  # signed out: to the sign-in page

    sign_in(client, citizen)
    page = client.get(url).content.decode()
    assert 'value="123"' in page
    # Sending it with the mistake: refused on the field, in Georgian, with everything kept.
    response = client.post(url, {"action": "submit", "for_whom": "child", "child_personal_number": "123"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    assert "11 ციფრი" in html or "11 ციფრს" in html
    assert 'value="123"' in html
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.values["child_personal_number"] == "123"


def test_submission_gives_a_receipt_on_screen_in_the_inbox_and_by_sms_and_the_agency_gets_one_case(
    catalog, citizen_client, citizen, agencies_server
):
    application = _start(citizen_client, SERVICE)
    url = f"/applications/{application.pk}/"
    response = citizen_client.post(url, {"action": "submit"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert re.fullmatch(r"PJ-\d{8}-[2-9A-Z]{6}", application.reference)
    receipt = citizen_client.get(url).content.decode()
    assert application.reference in receipt
    inbox = InboxMessage.objects.get(user=citizen, reference=f"receipt:{application.pk}")
    assert application.reference in inbox.subject_ka
    sms = Notification.objects.get(user=citizen, channel="sms", template="applications.receipt")
    assert application.reference in sms.body

    row = OutboxMessage.objects.get(reference=f"application:{application.pk}")
    delivered = outbox_deliver(message_id=row.pk)
    assert delivered.status == OutboxMessage.Status.DELIVERED
    application.refresh_from_db()
    assert application.status == Application.Status.DELIVERED
    case = _cases(agencies_server, "nbe")[str(application.pk)]
    assert application.agency_case == case.number
    assert case.data == {"personal_number": citizen.personal_number}
    assert case.deliveries == 1
    assert application.events.filter(kind=ApplicationEvent.Kind.DELIVERED).count() == 1
    assert case.number in citizen_client.get(url).content.decode()

    # A second "send" of the same page (double click, reload): the same application.
    assert citizen_client.post(url, {"action": "submit"}).status_code == 302
    assert OutboxMessage.objects.count() == 1


def test_an_agency_that_was_down_gets_the_application_after_it_returns(
    catalog, citizen_client, agencies, agencies_server, clock
):
    application = _start(citizen_client, SERVICE)
    citizen_client.post(f"/applications/{application.pk}/", {"action": "submit"})
    row = OutboxMessage.objects.get()
    agencies["nbe"].error_rate = 1.0
    for _attempt in range(3):
        outbox_deliver(message_id=row.pk)
        row.refresh_from_db()
        assert row.status == OutboxMessage.Status.PENDING
        assert row.next_attempt_at > clock()
        # Not due yet: nothing happens.
        assert outbox_deliver(message_id=row.pk) is None
        clock.travel(seconds=row.next_attempt_at.timestamp() - clock().timestamp() + 1)
    assert row.attempts == 3
    agencies["nbe"].error_rate = 0.0
    assert outbox_deliver(message_id=row.pk).status == OutboxMessage.Status.DELIVERED
    assert _cases(agencies_server, "nbe")[str(application.pk)].deliveries == 1


def test_a_repeat_after_a_lost_acknowledgement_makes_no_second_case(
    catalog, citizen_client, agencies_server, clock
):
    application = _start(citizen_client, SERVICE)
    citizen_client.post(f"/applications/{application.pk}/", {"action": "submit"})
    row = OutboxMessage.objects.get()
    outbox_deliver(message_id=row.pk)
    case_number = Application.objects.get().agency_case
    # The worker "died" after the agency acknowledged: the row is pending again.
    OutboxMessage.objects.filter(pk=row.pk).update(status="pending", next_attempt_at=clock())
    Application.objects.filter(pk=application.pk).update(status="submitted")
    outbox_deliver(message_id=row.pk)
    case = _cases(agencies_server, "nbe")[str(application.pk)]
    assert case.deliveries == 2
    assert case.number == case_number
    assert (
        len([c for c in _cases(agencies_server, "nbe").values() if c.application_id == str(application.pk)])
        == 1
    )


def test_twenty_concurrent_submissions_of_one_draft_make_one_application(catalog, citizen, citizen_client):
    application = _start(citizen_client, SERVICE)
    values = dict(application.values)
    results, errors = [], []

    def submit(copy):
        try:
            results.append(
                application_submit(application=copy, values=values, session_assurance="substantial")
            )
        except Exception as error:
            errors.append(error)
        finally:
            if connection.vendor == "postgresql":
                close_old_connections()

    stale = [Application.objects.get(pk=application.pk) for _i in range(20)]  # each sees a draft
    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=submit, args=(copy,)) for copy in stale]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        # SQLite's in-memory test database is one shared cache that refuses concurrent writers
        # outright; the same 20 submissions, each from a copy that still believes it is a draft,
        # run one after another (CI runs the concurrent version on PostgreSQL).
        for copy in stale:
            submit(copy)
    assert not errors, errors
    assert {r.reference for r in results} == {Application.objects.get().reference}
    assert OutboxMessage.objects.count() == 1
    assert InboxMessage.objects.filter(kind="application").count() == 1
    assert Notification.objects.filter(template="applications.receipt", channel="sms").count() == 1


def test_a_service_that_needs_a_signature_says_so_and_cannot_be_started(catalog, citizen_client):
    page = _english(citizen_client).get("/services/psda.identity-change/").content.decode()
    assert "qualified electronic signature" in page
    assert "/applications/new/psda.identity-change/" not in page
    response = citizen_client.post("/applications/new/psda.identity-change/", {"key": "k"})
    assert response.status_code == 302 and response.url == "/services/psda.identity-change/"
    assert not Application.objects.exists()


def test_a_low_assurance_session_must_sign_in_with_a_code_to_apply(catalog, client, citizen):
    sign_in(client, citizen, assurance="low")
    page = _english(client).get(f"/services/{SERVICE}/").content.decode()
    assert "confirm your sign-in with a one-time code" in page
    # The way on: confirm the sign-in, then back to this service's page.
    assert f'href="/account/step-up/?next=/services/{SERVICE}/"' in page
    assert client.post(f"/applications/new/{SERVICE}/", {"key": "k"}).status_code == 302
    assert not Application.objects.exists()


def test_a_draft_can_be_deleted_and_a_sent_application_cannot(catalog, citizen_client):
    draft = _start(citizen_client, FORM_SERVICE)
    assert citizen_client.post(f"/applications/{draft.pk}/delete/").status_code == 302
    assert not Application.objects.filter(pk=draft.pk).exists()
    sent = _start(citizen_client, SERVICE)
    citizen_client.post(f"/applications/{sent.pk}/", {"action": "submit"})
    assert citizen_client.post(f"/applications/{sent.pk}/delete/").status_code == 404
    assert Application.objects.filter(pk=sent.pk).exists()


def test_the_list_shows_drafts_and_sent_applications(catalog, citizen_client, clock):
    draft = _start(citizen_client, FORM_SERVICE)
    sent = _start(citizen_client, SERVICE)
    citizen_client.post(f"/applications/{sent.pk}/", {"action": "submit"})
    clock.travel(minutes=1)
    sent.refresh_from_db()
    page = _english(citizen_client).get("/applications/").content.decode()
    assert sent.reference in page
    assert f"/applications/{draft.pk}/" in page
    assert timedelta(0) <= clock() - sent.submitted_at


def _delivered(client: Client) -> Application:
    application = _start(client, SERVICE)
    client.post(f"/applications/{application.pk}/", {"action": "submit"})
    outbox_deliver(message_id=OutboxMessage.objects.get(reference=f"application:{application.pk}").pk)
    application.refresh_from_db()
    assert application.status == Application.Status.DELIVERED
    return application


def _report(client: Client, agencies_config, *, agency="nbe", kind=CASE_STATUS, **body):
    envelope = new_envelope(
        iss=agency,
        aud="portal",
        kind=kind,
        purpose="application",
        subject=Party(kind="person", id="01024085001"),
        body=body,
    )
    data = seal(envelope, agencies_config.keys[agency])
    return client.post("/exchange/v1/callbacks", data=data, content_type="application/jose"), data


def test_an_agencys_status_report_reaches_the_case_the_inbox_and_the_person_once(
    catalog, citizen_client, citizen, agencies_config
):
    application = _delivered(citizen_client)
    message = {"ka": "განცხადება მიღებულია, №17.", "en": "Application received, no. 17."}
    response, data = _report(
        Client(),
        agencies_config,
        application=str(application.pk),
        event="e-1",
        status="received",
        message=message,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    event = application.events.get(agency_event="e-1")
    assert bytes(event.signed) == data  # the agency's signed bytes, kept as they came
    page = citizen_client.get(f"/applications/{application.pk}/").content.decode()
    assert "განცხადება მიღებულია, №17." in page
    assert InboxMessage.objects.filter(user=citizen, link=f"/applications/{application.pk}/").count() == 2
    assert Notification.objects.filter(user=citizen, template="applications.status").exists()
    # The agency retries the same report in a new message: nothing happens twice.
    again, _data = _report(
        Client(),
        agencies_config,
        application=str(application.pk),
        event="e-1",
        status="received",
        message=message,
    )
    assert again.status_code == 200
    assert application.events.filter(agency_event="e-1").count() == 1
    assert InboxMessage.objects.filter(user=citizen, link=f"/applications/{application.pk}/").count() == 2


def test_an_answer_with_a_document_lands_in_the_vault_as_issued_and_closes_the_case(
    catalog, citizen_client, citizen, agencies_config
):
    application = _delivered(citizen_client)
    document = base64.b64encode(pdf()).decode()
    response, _data = _report(
        Client(),
        agencies_config,
        kind=CASE_ANSWER,
        application=str(application.pk),
        event="answer-1",
        status="approved",
        message={"ka": "ცნობა თანდართულია.", "en": "The certificate is attached."},
        documents=[{"name": "debtor-certificate.pdf", "content": document}],
    )
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    issued = Document.objects.get(person=citizen.person)
    assert issued.issuer == "nbe"
    page = _english(citizen_client).get(f"/applications/{application.pk}/").content.decode()
    assert "The certificate is attached." in page
    assert f"/vault/{issued.pk}/" in page
    # A decided case takes no further reports.
    late, _data = _report(
        Client(), agencies_config, application=str(application.pk), event="late", status="in_progress"
    )
    assert late.status_code == 422


def test_a_refusal_without_reasons_and_a_report_from_another_agency_are_refused(
    catalog, citizen_client, agencies_config
):
    application = _delivered(citizen_client)
    bare, _data = _report(
        Client(),
        agencies_config,
        kind=CASE_ANSWER,
        application=str(application.pk),
        event="r",
        status="refused",
    )
    assert bare.status_code == 422
    foreign, _data = _report(
        Client(),
        agencies_config,
        agency="psda",
        application=str(application.pk),
        event="x",
        status="received",
    )
    assert foreign.status_code == 422
    application.refresh_from_db()
    assert application.status == Application.Status.DELIVERED


def test_a_new_draft_starts_with_the_agencys_suggested_choice_already_chosen(catalog, citizen_client):
    """The form's `default` (electronic delivery) is chosen on a new draft, not left for the
    person to discover as an error when sending (R-S-2)."""
    application = _start(citizen_client, FORM_SERVICE)
    page = citizen_client.get(f"/applications/{application.pk}/").content.decode()
    radios = re.findall(r'<input[^>]*name="delivery"[^>]*>', page)
    chosen = [radio for radio in radios if " checked" in radio]
    assert len(chosen) == 1 and 'value="electronic"' in chosen[0], radios
