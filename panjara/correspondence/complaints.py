"""Sending a complaint to the superior body (issue 5 §4): an ordinary letter of kind "letter" to
the body above, in a thread of its own, with the evidence PDF attached, sent by the same services
as any letter (draft, attachment through the vault, sending with its receipt and outbox row). The
page's key makes a double click one complaint: `letter_start` finds the draft by it, the draft's
row lock lets one request attach the PDF, and `letter_send` sends a draft once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from panjara.applications.attachments import AttachRefused, Upload
from panjara.audit.services import audit_record
from panjara.deadlines.rules import LETTER
from panjara.identity.services.accounts import person_actor

from .escalation import complaint_subject, evidence_of
from .evidence_pdf import evidence_name, evidence_pdf
from .models import PURPOSE, Letter
from .services import LetterRefused, draft_save, letter_attach, letter_send, letter_start


def complaint_send(*, letter: Letter, text: str, idempotency_key: str, language: str) -> Letter:
    """Send the person's complaint about `letter` to its superior body; returns the complaint.
    Raises LetterRefused when the complaint cannot go through the portal."""
    evidence = evidence_of(letter=letter)
    if not letter.can_escalate:
        raise LetterRefused(
            {"": [_("This letter was answered in time: there is nothing to complain about.")]}
        )
    if not evidence.can_send:
        raise LetterRefused(
            {
                "": [
                    _(
                        "The superior body does not receive letters through the portal. Download the PDF instead."
                    )
                ]
            }
        )
    draft = letter_start(
        user=letter.user, body=evidence.superior, idempotency_key=idempotency_key, kind=LETTER
    )
    with transaction.atomic():
        draft = Letter.objects.select_for_update().get(pk=draft.pk)
        if not draft.is_draft:
            return draft
        draft = draft_save(
            letter=draft, body=None, kind=LETTER, subject=complaint_subject(evidence), text=text
        )
        if draft.escalates_id is None:
            Letter.objects.filter(pk=draft.pk).update(escalates=letter)
            draft.escalates = letter
            audit_record(
                actor=person_actor(letter.user),
                action="letter.complaint_prepared",
                subject_person=letter.personal_number,
                object_type="letter",
                object_id=str(letter.pk),
                purpose=PURPOSE,
                detail={"complaint": str(draft.pk), "to": evidence.superior.code},
            )
        if not draft.attachments.exists():
            pdf = evidence_pdf(letter=letter, text=text, language=language)
            try:
                letter_attach(
                    letter=draft,
                    document_ids=[],
                    upload=Upload(
                        name=evidence_name(letter),
                        declared_type="application/pdf",
                        size=len(pdf),
                        content=pdf,
                    ),
                )
            except AttachRefused as refused:
                raise LetterRefused({"text": refused.messages}) from None
    return letter_send(letter=draft)
