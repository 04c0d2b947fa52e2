"""Fixtures of the correspondence tests: the Ministry of Justice served at the desk (as the demo
seeds it) with an official, and a unit under Tbilisi City Hall's name for the directory. No demo
agencies are needed: desk bodies take letters in-process."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.correspondence.models import Letter, PublicBody
from panjara.correspondence.services import body_register
from panjara.desk.models import DeskLetter
from panjara.desk.services import desk_agency_register
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_deliver

TBILISI = ZoneInfo("Asia/Tbilisi")
# A Monday with no public holiday in the month after it.
MONDAY = datetime(2027, 9, 6, 10, 0, tzinfo=TBILISI)


@pytest.fixture
def ministry(db):
    agency = desk_agency_register(
        code="moj",
        name_ka="საქართველოს იუსტიციის სამინისტრო",
        name_en="Ministry of Justice of Georgia",
        kind="state",
        services=[],
        by=PORTAL,
    )
    return body_register(
        code="moj",
        name_ka=agency.name_ka,
        name_en=agency.name_en,
        level=PublicBody.Level.MINISTRY,
        agency=agency,
        by=PORTAL,
    )


@pytest.fixture
def official(ministry):
    return staff_create(
        email="desk-moj@panjara.example",
        full_name="ნინო ბერიძე",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=ministry.agency,
    )


def key_of(page: str) -> str:
    return re.search(r'name="key" value="([0-9a-f]+c?)"', page).group(1)


def write(client: Client, *, body: str = "moj", kind: str = "letter", subject: str, text: str) -> Letter:
    """The person starts a letter to the body from its page and sends it."""
    key = key_of(client.get(f"/bodies/{body}/").content.decode())
    started = client.post("/letters/new/", {"body": body, "key": key})
    assert started.status_code == 302, started
    letter = Letter.objects.get(pk=started.url.split("/")[2])
    sent = client.post(
        f"/letters/{letter.pk}/", {"action": "send", "kind": kind, "subject": subject, "text": text}
    )
    assert sent.status_code == 302, sent.content.decode()[:3000]
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    return letter


def deliver(letter: Letter) -> DeskLetter:
    row = outbox_deliver(message_id=OutboxMessage.objects.get(reference=f"letter:{letter.pk}").pk)
    assert row.status == OutboxMessage.Status.DELIVERED, row.last_error
    return DeskLetter.objects.get(letter_id=letter.pk)
