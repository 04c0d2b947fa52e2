"""What the exchange tells the applications app: an agency acknowledged an application or the
person's answer to its request for more information (the outbox hooks). Case status callbacks
from agencies register in cases.py.

Both hooks also drop the attached files' bytes from the delivered outbox row, keeping their names,
sizes and digests: the agency has the files and the person has them in the vault, so the portal
keeps no third copy of personal documents once delivery no longer needs it."""

from __future__ import annotations

from panjara.core import clock
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_delivered
from panjara_protocol import Envelope
from panjara_protocol.kinds import APPLICATION_SUBMIT, APPLICATION_SUPPLEMENT

from .attachments import without_content
from .models import Application, ApplicationEvent


def _forget_content(row: OutboxMessage, part: str) -> None:
    body = row.body if isinstance(row.body, dict) else {}
    carried = body.get(part)
    if not isinstance(carried, dict) or not carried.get("attachments"):
        return
    body = {**body, part: {**carried, "attachments": without_content(carried["attachments"])}}
    OutboxMessage.objects.filter(pk=row.pk).update(body=body)
    row.body = body


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
    _forget_content(row, "application")


@outbox_delivered(APPLICATION_SUPPLEMENT)
def supplement_delivered(row: OutboxMessage, answer: Envelope) -> None:
    """The agency's signed `ack` of the person's answer, recorded on the answer's history line
    (the page says it arrived). The application's status stays what the agency last reported."""
    supplement = row.reference.removeprefix("supplement:")
    body = answer.body if isinstance(answer.body, dict) else {}
    event = ApplicationEvent.objects.filter(
        kind=ApplicationEvent.Kind.SUPPLEMENT, detail__supplement=supplement
    ).first()
    if event is not None:
        event.detail = {
            **event.detail,
            "delivered_at": clock.now().isoformat(),
            "case": str(body.get("case", ""))[:64],
            "repeat": body.get("repeat") is True,
            "message_id": answer.id,
        }
        event.save(update_fields=["detail"])
    _forget_content(row, "supplement")
