"""Steps the applications tests share: start a draft from the service page, send and deliver
it, report on it as the agency does (a signed callback over the portal's real endpoint)."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from panjara.applications.models import Application
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_deliver
from panjara_protocol import Party, new_envelope, seal
from panjara_protocol.kinds import CASE_STATUS

SERVICE = "nbe.debtor-certificate"  # one field, the personal number, pre-filled from psda.person
FORM_SERVICE = "psda.birth-certificate"  # choices and an optional field


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def start(client: Client, code: str) -> Application:
    page = client.get(f"/services/{code}/")
    key = re.search(r'name="key" value="([0-9a-f]+)"', page.content.decode()).group(1)
    response = client.post(f"/applications/new/{code}/", {"key": key})
    assert response.status_code == 302
    return Application.objects.get(pk=response.url.split("/")[2])


def deliver(application: Application) -> OutboxMessage:
    row = OutboxMessage.objects.get(reference=f"application:{application.pk}")
    delivered = outbox_deliver(message_id=row.pk)
    assert delivered.status == OutboxMessage.Status.DELIVERED, delivered.last_error
    return delivered


def report(agencies_config, *, agency: str = "nbe", kind: str = CASE_STATUS, **body):
    """A signed report from the agency, posted to the portal's callback endpoint."""
    envelope = new_envelope(
        iss=agency,
        aud="portal",
        kind=kind,
        purpose="application",
        subject=Party(kind="person", id="01024085001"),
        body=body,
    )
    data = seal(envelope, agencies_config.keys[agency])
    return Client().post("/exchange/v1/callbacks", data=data, content_type="application/jose")
