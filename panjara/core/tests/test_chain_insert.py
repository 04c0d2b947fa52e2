"""The lighter insert of chain.append(ids=False) writes exactly what bulk_create writes: the same
values read back, and a chain that verifies across rows written either way."""

from __future__ import annotations

import pytest

from panjara.audit.models import AuditEvent
from panjara.audit.services import PORTAL, audit_rows
from panjara.core.chain import append, verify
from panjara.exchange.models import ExchangeMessage
from panjara.exchange.services import message_row

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = {
    "actor": PORTAL,
    "action": "exchange.query",
    "subject_person": "01024085001",
    "object_type": "service",
    "object_id": "psda.personal-data",
    "purpose": "personal-page",
    "detail": {"agency": "psda", "ნომერი": [1, 2.5, None, "ტექსტი"]},
}


def test_rows_written_without_ids_read_back_as_written_and_the_chains_verify():
    first = append(
        [
            *audit_rows(events=[EVENT]),
            message_row(
                envelope=None,
                data=b"\x00\xffsigned",
                direction="out",
                status="sent",
                agency_code="psda",
                elapsed_ms=12,
            ),
        ]
    )
    light = append(
        [
            *audit_rows(events=[EVENT, {**EVENT, "detail": {}}]),
            message_row(envelope=None, data=b"answer", direction="in", status="accepted", agency_code="psda"),
        ],
        ids=False,
    )
    last = append(audit_rows(events=[EVENT]))  # bulk_create again after the light rows
    assert verify(AuditEvent).intact and verify(ExchangeMessage).intact
    assert AuditEvent.objects.count() == 4 and ExchangeMessage.objects.count() == 2
    for written in [*first, *light, *last]:
        stored = type(written).objects.get(seq=written.seq)
        assert stored.chained_values() == written.chained_values()
        assert (stored.prev_hash, stored.row_hash) == (written.prev_hash, written.row_hash)
    assert AuditEvent.objects.get(seq=light[0].seq).detail["ნომერი"] == [1, 2.5, None, "ტექსტი"]
