"""Fixtures of the desk's tests: Tbilisi City Hall served at the desk (as the demo seeds it),
its official signed in, and a citizen's application sent to it through the portal's own pages.
The demo agencies run on loopback (`catalog`) because the forms pre-fill the personal number from
the civil registry, as they would in the demo."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client

from panjara.applications.models import Application
from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.demo import tbilisi as demo_tbilisi
from panjara.desk.models import DeskCase
from panjara.desk.services import desk_agency_register
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_deliver, outbox_put
from panjara.identity.testing import sign_in
from panjara_protocol.kinds import APPLICATION_SUPPLEMENT

SEATING = "tbilisi.outdoor-seating-permit"
COFINANCING = "tbilisi.entrance-repair-cofinancing"
SEATING_VALUES = {
    "mobile": "555100001",
    "business_name": "კაფე ფანჯარა",
    "address": "რუსთაველის გამზ. 12",
    "area_m2": "18.5",
    "season_start": "2027-05-01",
    "season_end": "2027-09-30",
}


@pytest.fixture
def tbilisi(catalog):
    return desk_agency_register(
        code=demo_tbilisi.CODE,
        name_ka=demo_tbilisi.NAME["ka"],
        name_en=demo_tbilisi.NAME["en"],
        kind=demo_tbilisi.KIND,
        services=demo_tbilisi.services(),
        by=PORTAL,
    )


def official_client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def official(tbilisi):
    return staff_create(
        email="desk@panjara.example",
        full_name="ეკა წერეთელი",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=tbilisi,
    )


@pytest.fixture
def official_client(official) -> Client:
    return official_client_for(official)


def apply(client: Client, code: str = SEATING, values: dict | None = None) -> Application:
    """The citizen starts an application on the service's page and sends it."""
    page = client.get(f"/services/{code}/").content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
    started = client.post(f"/applications/new/{code}/", {"key": key})
    assert started.status_code == 302, started
    application = Application.objects.get(pk=started.url.split("/")[2])
    sent = client.post(f"/applications/{application.pk}/", {"action": "submit", **(values or SEATING_VALUES)})
    assert sent.status_code == 302, sent.content.decode()[:3000]
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    return application


def deliver(reference: str) -> OutboxMessage:
    return outbox_deliver(message_id=OutboxMessage.objects.get(reference=reference).pk)


@pytest.fixture
def delivered(tbilisi, citizen_client):
    """A citizen's application, delivered to the desk: (application, its desk case)."""
    application = apply(citizen_client)
    row = deliver(f"application:{application.pk}")
    assert row.status == OutboxMessage.Status.DELIVERED, row.last_error
    application.refresh_from_db()
    return application, DeskCase.objects.get(application_id=application.pk)


def supplement_row(application: Application, *, text: str, attachments: list[dict]) -> OutboxMessage:
    """The person's answer, as the applications app puts it in the outbox (the contract's body)."""
    supplement = uuid.uuid4()
    return outbox_put(
        reference=f"supplement:{supplement}",
        agency_code="tbilisi",
        kind=APPLICATION_SUPPLEMENT,
        purpose="application",
        service=SEATING,
        subject_person=application.personal_number,
        body={
            "application": str(application.pk),
            "supplement": {
                "id": str(supplement),
                "submitted_at": "2026-11-22T10:00:00+00:00",
                "text": text,
                "attachments": attachments,
            },
        },
    )


def attachment(name: str, content: bytes, media_type: str) -> dict:
    return {
        "name": name,
        "media_type": media_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": base64.b64encode(content).decode(),
    }
