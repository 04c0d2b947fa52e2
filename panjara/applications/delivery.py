"""What the exchange tells the applications app: an agency acknowledged an application (the
outbox hook). Case status callbacks from agencies register here too."""

from __future__ import annotations

from panjara.core import clock
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_delivered
from panjara_protocol import Envelope
from panjara_protocol.kinds import APPLICATION_SUBMIT

from .models import Application, ApplicationEvent


@outbox_delivered(APPLICATION_SUBMIT)
def application_delivered(row: OutboxMessage, answer: Envelope) -> None:
    """The agency's signed `ack`: the application is in its hands. Runs once per application,
    inside the transaction that marks the outbox row delivered."""
    application_id = row.reference.removeprefix("application:")
    body = answer.body if isinstance(answer.body, dict) else {}
    case = str(body.get("case", ""))[:64]
    updated = Application.objects.filter(pk=application_id, status=Application.Status.SUBMITTED).update(
        status=Application.Status.DELIVERED,
        agency_case=case,
        delivered_at=clock.now(),
        updated_at=clock.now(),
    )
    if updated:
        application = Application.objects.get(pk=application_id)
        ApplicationEvent.objects.create(
            application=application,
            kind=ApplicationEvent.Kind.DELIVERED,
            status=application.status,
            by=row.agency_code,
            detail={"case": case, "message_id": answer.id},
        )
