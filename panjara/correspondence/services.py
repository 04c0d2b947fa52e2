"""Writes of the correspondence app (R-S-4): the directory of bodies, drafts, attachments and
sending. Sending writes the letter, its outbox row (letter.send), the receipt in the inbox and the
receipt SMS in one transaction: all of them exist, or none. Every event that can move a deadline
recomputes the cached due date (`letter_due_refresh`)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from panjara.applications.attachments import (
    AttachRefused,
    Upload,
    attachments_payload,
    attachments_take_in,
    contract_name,
)
from panjara.audit.services import Actor, audit_record
from panjara.catalog.search import index_text
from panjara.core import clock
from panjara.deadlines.rules import KINDS
from panjara.deadlines.selectors import local_date
from panjara.exchange.models import Agency
from panjara.exchange.outbox import outbox_put
from panjara.identity.preferences import SMS, STATUS, channels_for
from panjara.identity.services.accounts import person_actor
from panjara.inbox.services import inbox_post
from panjara.notifications.services import notification_send
from panjara_protocol.kinds import LETTER_SEND

from .models import PURPOSE, Letter, LetterAttachment, LetterEvent, PublicBody
from .selectors import body_route, letter_deadline

_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SUBJECT_MAX = 200
TEXT_MAX = 20000


class LetterRefused(Exception):
    """The letter cannot be sent or changed as it is; `errors` is {field: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("letter refused")
        self.errors = errors


@transaction.atomic
def body_register(
    *,
    code: str,
    name_ka: str,
    name_en: str,
    level: str,
    parent: PublicBody | None = None,
    agency: Agency | None = None,
    unit_code: str = "",
    kinds: Sequence[str] = KINDS,
    by: Actor,
) -> PublicBody:
    """Add or update one body of the directory (idempotent by code: a body registered again as it
    is changes nothing and records nothing, so seeding twice leaves the audit log as it was)."""
    values = {
        "name_ka": name_ka,
        "name_en": name_en,
        "level": level,
        "parent": parent,
        "agency": agency,
        "unit_code": unit_code,
        "kinds": list(kinds),
        "is_active": True,
        "search_text": index_text([name_ka, name_en, code]),
    }
    existing = PublicBody.objects.filter(code=code).first()
    if existing is not None and all(getattr(existing, field) == value for field, value in values.items()):
        return existing
    body, created = PublicBody.objects.update_or_create(code=code, defaults=values)
    audit_record(
        actor=by,
        action="correspondence.body_registered" if created else "correspondence.body_updated",
        object_type="public_body",
        object_id=code,
        purpose="admin",
        detail={"agency": agency.code if agency else "", "unit": unit_code},
    )
    return body


def _audit(letter: Letter, action: str, detail: dict | None = None) -> None:
    audit_record(
        actor=person_actor(letter.user),
        action=action,
        subject_person=letter.personal_number,
        object_type="letter",
        object_id=str(letter.pk),
        purpose=PURPOSE,
        detail={"body": letter.body.code, **(detail or {})},
    )


def letter_start(
    *,
    user,
    body: PublicBody,
    idempotency_key: str,
    kind: str = "",
    reply_to: Letter | None = None,
    clarify: bool = False,
) -> Letter:
    """A new draft to `body`, or a reply in `reply_to`'s thread (an answer to the body's request
    for clarification when `clarify`). The key comes from the page: a double click gives one draft."""
    key = idempotency_key[:64] or secrets.token_hex(16)
    existing = Letter.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None:
        return existing
    letter = Letter(
        user=user,
        personal_number=user.personal_number,
        body=body,
        kind=kind if kind in KINDS else (reply_to.kind if reply_to else KINDS[0]),
        language=translation.get_language() or "ka",
        idempotency_key=key,
    )
    if reply_to is not None:
        letter.body = reply_to.body
        letter.thread = reply_to.thread
        letter.subject = (_("Re: %(subject)s") % {"subject": reply_to.subject})[:SUBJECT_MAX]
        letter.clarifies = reply_to if clarify else None
    else:
        letter.thread = letter.id
    try:
        with transaction.atomic():
            letter.save()
            LetterEvent.objects.create(
                letter=letter, kind=LetterEvent.Kind.CREATED, status=letter.status, by="person"
            )
            _audit(letter, "letter.draft_started")
    except IntegrityError:
        return Letter.objects.get(user=user, idempotency_key=key)
    return letter


def _refuse_unless_draft(letter: Letter) -> None:
    if not Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).exists():
        raise LetterRefused({"": [_("This letter was already sent; it cannot be changed.")]})


def draft_save(*, letter: Letter, body: PublicBody | None, kind: str, subject: str, text: str) -> Letter:
    """Keep what was typed, valid or not; a draft survives sign-out."""
    _refuse_unless_draft(letter)
    changes = {"subject": subject[:SUBJECT_MAX], "text": text, "updated_at": clock.now()}
    if kind in KINDS and letter.clarifies_id is None:
        changes["kind"] = kind
    if body is not None and letter.thread == letter.pk:
        changes["body"] = body
    Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).update(**changes)
    letter.refresh_from_db()
    return letter


@transaction.atomic
def draft_delete(*, letter: Letter) -> None:
    deleted, _rows = Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).delete()
    if not deleted:
        raise LetterRefused({"": [_("This letter was already sent; it cannot be deleted.")]})
    _audit(letter, "letter.draft_deleted")


def letter_attach(
    *, letter: Letter, document_ids: Sequence[str], upload: Upload | None
) -> list[LetterAttachment]:
    """Attach vault documents and/or a file from the computer (stored in the vault on the way)."""
    _refuse_unless_draft(letter)
    held = list(letter.attachments.all())
    documents = attachments_take_in(user=letter.user, held=held, document_ids=document_ids, upload=upload)
    with transaction.atomic():
        _refuse_unless_draft(letter)
        added = LetterAttachment.objects.bulk_create(
            [
                LetterAttachment(
                    letter=letter,
                    document=document,
                    name=contract_name(document.name),
                    media_type=document.content_type,
                    size=document.size,
                    sha256=document.sha256,
                )
                for document in documents
            ]
        )
        for attachment in added:
            _audit(letter, "letter.attachment_added", {"sha256": attachment.sha256})
    return added


@transaction.atomic
def letter_detach(*, letter: Letter, attachment_id: str) -> None:
    _refuse_unless_draft(letter)
    attachment = letter.attachments.filter(pk=attachment_id).first() if attachment_id else None
    if attachment is not None:
        _audit(letter, "letter.attachment_removed", {"sha256": attachment.sha256})
        attachment.delete()


def letter_due_refresh(*, letter: Letter) -> Letter:
    """Recompute the cached due date and pause flag from the letter's history."""
    deadline = letter_deadline(letter)
    if deadline is not None:
        Letter.objects.filter(pk=letter.pk).update(due_on=deadline.due, paused=deadline.paused)
        letter.due_on, letter.paused = deadline.due, deadline.paused
    return letter


def _check(letter: Letter) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not letter.subject.strip():
        errors["subject"] = [_("Write the subject of your letter.")]
    if not letter.text.strip():
        errors["text"] = [_("Write your letter.")]
    elif len(letter.text) > TEXT_MAX:
        errors["text"] = [
            ngettext(
                "Your letter can have at most %(limit)d character; it has %(count)d.",
                "Your letter can have at most %(limit)d characters; it has %(count)d.",
                TEXT_MAX,
            )
            % {"limit": TEXT_MAX, "count": len(letter.text)}
        ]
    agency, _unit = body_route(letter.body)
    if agency is None or not agency.is_active or not letter.body.is_active:
        errors["body"] = [_("This public body does not receive letters through the portal now.")]
    elif letter.body.kinds and letter.kind not in letter.body.kinds:
        errors["kind"] = [_("This public body does not accept this kind of request through the portal.")]
    return errors


def letter_send(*, letter: Letter) -> Letter:
    """Send a draft. Idempotent: sending the same draft again returns the letter the first
    request sent. Raises LetterRefused with messages by field (the draft keeps what was typed)."""
    if not letter.is_draft:
        return letter
    errors = _check(letter)
    if errors:
        raise LetterRefused(errors)
    for _attempt in range(3):
        try:
            return _send(letter=letter)
        except IntegrityError:
            continue  # a registration number drawn twice; draw again
    raise RuntimeError("could not draw a unique registration number")


def _new_reference() -> str:
    day = clock.now().strftime("%Y%m%d")
    return f"LT-{day}-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _i in range(6))


@transaction.atomic
def _send(*, letter: Letter) -> Letter:
    now = clock.now()
    reference = _new_reference()
    claimed = Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).update(
        status=Letter.Status.SENT,
        reference=reference,
        language=translation.get_language() or letter.language,
        submitted_at=now,
        registered_on=local_date(now),
        updated_at=now,
    )
    letter.refresh_from_db()
    if not claimed:
        return letter
    attached = list(letter.attachments.select_related("document"))
    try:
        attachments = attachments_payload(attached)
    except AttachRefused as refused:
        raise LetterRefused({"attachments": refused.messages}) from None
    agency, unit = body_route(letter.body)
    LetterEvent.objects.create(
        letter=letter,
        kind=LetterEvent.Kind.SENT,
        status=letter.status,
        by="person",
        detail={"reference": reference, "attachments": [a.sha256 for a in attached]},
    )
    outbox_put(
        reference=f"letter:{letter.pk}",
        agency_code=agency.code,
        kind=LETTER_SEND,
        purpose=PURPOSE,
        subject_person=letter.personal_number,
        body={
            "letter": {
                "id": str(letter.pk),
                "reference": reference,
                "kind": letter.kind,
                "unit": unit,
                "subject": letter.subject,
                "text": letter.text,
                "language": letter.language,
                "submitted_at": now.isoformat(),
                "thread": str(letter.thread),
                "clarifies": str(letter.clarifies_id) if letter.clarifies_id else None,
                "attachments": attachments,
            }
        },
    )
    _audit(
        letter,
        "letter.sent",
        {"reference": reference, "agency": agency.code, "attachments": [a.sha256 for a in attached]},
    )
    letter_due_refresh(letter=letter)
    if letter.clarifies_id is not None:
        _clarified(letter=letter)
    _receipt(letter=letter)
    return letter


def _clarified(*, letter: Letter) -> None:
    """The person answered the body's request for clarification: the clock runs again."""
    asked = Letter.objects.select_for_update().get(pk=letter.clarifies_id)
    if asked.status == Letter.Status.CLARIFICATION_NEEDED:
        asked.status = Letter.Status.IN_PROGRESS
    asked.updated_at = clock.now()
    asked.save(update_fields=["status", "updated_at"])
    LetterEvent.objects.create(
        letter=asked,
        kind=LetterEvent.Kind.CLARIFIED,
        status=asked.status,
        by="person",
        detail={"letter": str(letter.pk), "reference": letter.reference},
    )
    letter_due_refresh(letter=asked)


def _receipt(*, letter: Letter) -> None:
    """On screen, in the inbox and by SMS: the registration number and time (R-S-4)."""
    user = letter.user
    when = timezone.localtime(letter.submitted_at)
    subject, text = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            sent_at = formats.date_format(when, "DATETIME_FORMAT")
            subject[language] = _("Letter %(reference)s was sent") % {"reference": letter.reference}
            text[language] = _(
                "Your letter “%(subject)s” to %(body)s was registered on %(sent_at)s under the number "
                "%(reference)s. We will tell you when the body answers."
            ) % {
                "subject": letter.subject,
                "body": letter.body.name,
                "sent_at": sent_at,
                "reference": letter.reference,
            }
    inbox_post(
        user=user,
        kind="letter",
        subject=subject,
        body=text,
        link=f"/letters/{letter.pk}/",
        reference=f"letter-receipt:{letter.pk}",
    )
    language = user.language or "ka"
    with translation.override(language):
        context = {"reference": letter.reference, "sent_at": formats.date_format(when, "DATETIME_FORMAT")}
    channels = set(channels_for(user=user, group=STATUS))
    if user.mobile and user.mobile_confirmed_at:
        channels.add(SMS)  # the receipt by SMS is promised whatever the preferences say
    for channel in sorted(channels):
        notification_send(
            channel=channel,
            to=user.mobile if channel == SMS else user.email,
            template="correspondence.receipt",
            context=context,
            language=language,
            user=user,
        )
