"""The body's signed `ack` of a letter (outbox hook): the letter is in its hands. The attached
files' bytes leave the delivered outbox row, as for applications (the body and the person's vault
have them; the portal keeps no third copy)."""

from __future__ import annotations

from panjara.applications.attachments import without_content
from panjara.core import clock
from panjara.exchange.models import OutboxMessage
from panjara.exchange.outbox import outbox_delivered
from panjara_protocol import Envelope
from panjara_protocol.kinds import LETTER_SEND

from .models import Letter, LetterEvent


@outbox_delivered(LETTER_SEND)
def letter_delivered(row: OutboxMessage, answer: Envelope) -> None:
    letter_id = row.reference.removeprefix("letter:")
    body = answer.body if isinstance(answer.body, dict) else {}
    case = str(body.get("case", ""))[:64]
    updated = Letter.objects.filter(pk=letter_id, status=Letter.Status.SENT).update(
        status=Letter.Status.DELIVERED, agency_case=case, updated_at=clock.now()
    )
    if not updated:
        Letter.objects.filter(pk=letter_id, agency_case="").update(agency_case=case)
    letter = Letter.objects.filter(pk=letter_id).first()
    if letter is not None:
        LetterEvent.objects.create(
            letter=letter,
            kind=LetterEvent.Kind.DELIVERED,
            status=letter.status,
            by=row.agency_code,
            detail={"case": case, "message_id": answer.id},
        )
    carried = row.body.get("letter") if isinstance(row.body, dict) else None
    if isinstance(carried, dict) and carried.get("attachments"):
        stripped = {**row.body, "letter": {**carried, "attachments": without_content(carried["attachments"])}}
        OutboxMessage.objects.filter(pk=row.pk).update(body=stripped)
        row.body = stripped
