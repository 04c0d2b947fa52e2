"""Writes of the applications app: start a draft (with pre-filled fields), save it, delete it,
submit it, answer the agency's request for more information. Submission writes the application, its outbox row, the receipt in the inbox and the
receipt SMS in one transaction (R-S-2, issue 4 §4): all of them exist, or none."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from panjara.audit.services import audit_record
from panjara.catalog.models import Service
from panjara.core import clock
from panjara.exchange.outbox import outbox_put
from panjara.identity.models import ASSURANCE_ORDER
from panjara.identity.preferences import SMS, STATUS, channels_for
from panjara.identity.services.accounts import person_actor
from panjara.inbox.services import inbox_post
from panjara.notifications.services import notification_send
from panjara_protocol.kinds import APPLICATION_SUBMIT, APPLICATION_SUPPLEMENT

from .attachments import AttachRefused, Upload, attachments_create, attachments_payload, attachments_take_in
from .forms import check, default_values
from .models import PURPOSE, Application, ApplicationEvent
from .prefill import prefill_for
from .selectors import supplement_event, supplement_state

# Registration numbers: no 0/O or 1/I, so they survive being read out on the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# The protocol's bound for the text of an answer to the agency (application.supplement).
SUPPLEMENT_MAX_CHARS = 4000


class SubmitRefused(Exception):
    """The application (or an answer to the agency) cannot be sent as it is; `errors` is {field: [messages]} ("" for the
    form as a whole), in the person's language."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("application refused")
        self.errors = errors


@dataclass(frozen=True, kw_only=True)
class Blocker:
    code: str  # signature | assurance_high | assurance | inactive
    message: Any


def submit_blocker(*, service: Service, session_assurance: str) -> Blocker | None:
    """Why this service cannot be applied for now in this session, or None."""
    if not service.is_active or service.form_schema is None or service.kind != Service.Kind.FUNCTIONAL:
        return Blocker(code="inactive", message=_("This service is not offered through the portal now."))
    if service.signature_required:
        return Blocker(
            code="signature",
            message=_(
                "This application needs a qualified electronic signature. Signing with the ID card "
                "comes to the portal with a later release; until then apply at the agency or a "
                "Public Service Hall."
            ),
        )
    if service.assurance == Service.Assurance.HIGH:
        return Blocker(
            code="assurance_high",
            message=_(
                "This service needs signing in with the electronic ID card, which comes to the portal "
                "with a later release; until then apply at the agency or a Public Service Hall."
            ),
        )
    return answer_blocker(service=service, session_assurance=session_assurance)


def answer_blocker(*, service: Service, session_assurance: str) -> Blocker | None:
    """Why the person cannot answer the agency on an application in this session, or None: the
    answer carries their data like the application did, so it needs the same sign-in."""
    if ASSURANCE_ORDER.get(session_assurance, -1) < ASSURANCE_ORDER.get(service.assurance, 0):
        return Blocker(
            code="assurance",
            message=_(
                "This service needs you to confirm your sign-in with a one-time code (by SMS or from "
                "your authenticator app)."
            ),
        )
    return None


def _event(*, application: Application, kind: str, by: str, detail: dict | None = None) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        status=application.status,
        by=by,
        detail=detail or {},
    )


def application_start(*, user, service: Service, idempotency_key: str) -> Application:
    """A new draft with every field the agencies can fill already filled. The key comes from the
    page that offered "apply": a double click or a reload gives the same draft, not two."""
    key = idempotency_key[:64]
    existing = Application.objects.filter(user=user, idempotency_key=key).first() if key else None
    if existing is not None:
        return existing
    prefill = prefill_for(user=user, schema=service.form_schema or {})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                user=user,
                personal_number=user.personal_number,
                service=service,
                values={
                    **default_values(service.form_schema or {}),
                    **{name: item["value"] for name, item in prefill.items()},
                },
                prefill=prefill,
                language=translation.get_language() or "ka",
                idempotency_key=key or secrets.token_hex(16),
            )
            _event(application=application, kind=ApplicationEvent.Kind.CREATED, by="person")
            audit_record(
                actor=person_actor(user),
                action="application.draft_started",
                subject_person=user.personal_number,
                object_type="application",
                object_id=str(application.pk),
                purpose=PURPOSE,
                detail={"service": service.code, "prefilled": sorted(prefill)},
            )
    except IntegrityError:
        # The same key raced in from a second request: that one made the draft.
        return Application.objects.get(user=user, idempotency_key=key)
    return application


def draft_save(*, application: Application, values: dict[str, str]) -> Application:
    """Keep what was typed, valid or not; a draft survives sign-out and session expiry."""
    saved = Application.objects.filter(pk=application.pk, status=Application.Status.DRAFT).update(
        values=values, updated_at=clock.now()
    )
    application.refresh_from_db()
    if not saved:
        raise SubmitRefused({"": [str(_("This application was already sent; it cannot be changed."))]})
    return application


@transaction.atomic
def draft_delete(*, application: Application) -> None:
    """Delete a draft and everything typed into it (R-C-5: nothing kept without a purpose)."""
    deleted, _rows = Application.objects.filter(pk=application.pk, status=Application.Status.DRAFT).delete()
    if not deleted:
        raise SubmitRefused({"": [str(_("This application was already sent; it cannot be deleted."))]})
    audit_record(
        actor=person_actor(application.user),
        action="application.draft_deleted",
        subject_person=application.personal_number,
        object_type="application",
        object_id=str(application.pk),
        purpose=PURPOSE,
        detail={"service": application.service.code},
    )


def _new_reference() -> str:
    day = clock.now().strftime("%Y%m%d")
    return f"PJ-{day}-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _i in range(6))


def application_submit(
    *, application: Application, values: dict[str, str], session_assurance: str
) -> Application:
    """Send the application. Checked against the agency's form; refused (with the values kept)
    when something is missing or wrong. Idempotent: a second submission of the same draft (a
    double click, a reload, a retried request) returns the application the first one sent."""
    if not application.is_draft:
        return application
    service = application.service
    blocker = submit_blocker(service=service, session_assurance=session_assurance)
    if blocker is not None:
        raise SubmitRefused({"": [str(blocker.message)]})
    schema = service.form_schema or {}
    checked = check(schema, values)
    if not checked.ok:
        draft_save(application=application, values=values)
        raise SubmitRefused(checked.errors)
    for _attempt in range(3):
        try:
            return _send(application=application, values=values, document=checked.document, schema=schema)
        except IntegrityError:
            continue  # a registration number drawn twice; draw again
        except SubmitRefused:
            # _send rolled back: the application is still the draft, and keeps what was typed.
            application.refresh_from_db()
            draft_save(application=application, values=values)
            raise
    raise RuntimeError("could not draw a unique registration number")


@transaction.atomic
def _send(*, application: Application, values: dict[str, str], document: dict, schema: dict) -> Application:
    now = clock.now()
    reference = _new_reference()
    language = translation.get_language() or application.language
    claimed = Application.objects.filter(pk=application.pk, status=Application.Status.DRAFT).update(
        status=Application.Status.SUBMITTED,
        values=values,
        document=document,
        form_schema=schema,
        reference=reference,
        language=language,
        submitted_at=now,
        updated_at=now,
    )
    application.refresh_from_db()
    if not claimed:
        return application  # another request sent it a moment ago
    user = application.user
    service = application.service
    attached = list(application.attachments.filter(supplement__isnull=True).select_related("document"))
    try:
        # Read here, in the transaction that sends: a document deleted from the vault a moment
        # ago refuses the sending rather than leaving a hole in what the agency receives.
        attachments = attachments_payload(attached)
    except AttachRefused as refused:
        raise SubmitRefused({"attachments": refused.messages}) from None
    _event(
        application=application,
        kind=ApplicationEvent.Kind.SUBMITTED,
        by="person",
        detail={"reference": reference, "attachments": [a.sha256 for a in attached]},
    )
    outbox_put(
        reference=f"application:{application.pk}",
        agency_code=service.agency.code,
        kind=APPLICATION_SUBMIT,
        purpose=PURPOSE,
        service=service.code,
        subject_person=application.personal_number,
        body={
            "application": {
                "id": str(application.pk),
                "reference": reference,
                "submitted_at": now.isoformat(),
                "language": language,
                "data": document,
                "attachments": attachments,
            }
        },
    )
    audit_record(
        actor=person_actor(user),
        action="application.submitted",
        subject_person=application.personal_number,
        object_type="application",
        object_id=str(application.pk),
        purpose=PURPOSE,
        detail={
            "service": service.code,
            "reference": reference,
            "agency": service.agency.code,
            # Digests, not names: the audit log outlives the documents, and a file's name can
            # say what it is about (as the vault's own audit events do).
            "attachments": [a.sha256 for a in attached],
        },
    )
    _receipt(application=application)
    return application


def _receipt(*, application: Application) -> None:
    """On screen (the page after submission), in the inbox, and by SMS (issue 4 §4)."""
    user = application.user
    service = application.service
    when = timezone.localtime(application.submitted_at)
    subject, body = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            name = service.name_en if language == "en" else service.name_ka
            sent_at = formats.date_format(when, "DATETIME_FORMAT")
            subject[language] = str(
                _("Application %(reference)s was sent") % {"reference": application.reference}
            )
            body[language] = str(
                _(
                    'Your application "%(service)s" was sent on %(sent_at)s. Its registration number is '
                    "%(reference)s. We will tell you when the agency answers."
                )
                % {"service": name, "sent_at": sent_at, "reference": application.reference}
            )
    inbox_post(
        user=user,
        kind="application",
        subject=subject,
        body=body,
        link=f"/applications/{application.pk}/",
        reference=f"receipt:{application.pk}",
    )
    language = user.language or "ka"
    with translation.override(language):
        context = {
            "reference": application.reference,
            "service": service.name_en if language == "en" else service.name_ka,
            "sent_at": formats.date_format(when, "DATETIME_FORMAT"),
        }
    channels = set(channels_for(user=user, group=STATUS))
    if user.mobile and user.mobile_confirmed_at:
        channels.add(SMS)  # the receipt by SMS is promised whatever the status preferences say
    for channel in sorted(channels):
        notification_send(
            channel=channel,
            to=user.mobile if channel == SMS else user.email,
            template="applications.receipt",
            context=context,
            language=language,
            user=user,
        )


def supplement_id(*, application: Application, key: str) -> uuid.UUID:
    """The id of the answer a form sends. The page gives each form a random key, so a double
    click or a reload of the POST sends the same answer, once."""
    return uuid.uuid5(application.pk, key[:64] or secrets.token_hex(16))


def supplement_send(
    *,
    application: Application,
    key: str,
    text: str,
    document_ids: Sequence[str],
    upload: Upload | None,
    session_assurance: str,
) -> ApplicationEvent:
    """Send the person's answer to the agency's "more information needed" (issue 4 §5): the
    event in the history, the outbox row (application.supplement) and the receipt in the inbox,
    in one transaction. Raises SubmitRefused with messages by field: "text", "documents",
    "file" or "" (the form)."""
    supplement = supplement_id(application=application, key=key)
    sent = supplement_event(application=application, supplement=supplement)
    if sent is not None:
        return sent
    if supplement_state(application=application) != "open":
        raise SubmitRefused(
            {"": [str(_("The agency is not waiting for more information on this application now."))]}
        )
    blocker = answer_blocker(service=application.service, session_assurance=session_assurance)
    if blocker is not None:
        raise SubmitRefused({"": [str(blocker.message)]})
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise SubmitRefused({"text": [str(_("Write your answer to the agency."))]})
    if len(text) > SUPPLEMENT_MAX_CHARS:
        raise SubmitRefused(
            {
                "text": [
                    ngettext(
                        "Your answer can have at most %(limit)d character; it has %(count)d.",
                        "Your answer can have at most %(limit)d characters; it has %(count)d.",
                        SUPPLEMENT_MAX_CHARS,
                    )
                    % {"limit": SUPPLEMENT_MAX_CHARS, "count": len(text)}
                ]
            }
        )
    try:
        documents = attachments_take_in(
            user=application.user, held=[], document_ids=document_ids, upload=upload
        )
    except AttachRefused as refused:
        raise SubmitRefused({refused.field: refused.messages}) from None
    try:
        return _supplement_write(
            application=application, supplement=supplement, text=text, documents=documents
        )
    except IntegrityError:
        # The same answer raced in from a second request (the outbox reference is unique).
        sent = supplement_event(application=application, supplement=supplement)
        if sent is None:
            raise
        return sent


@transaction.atomic
def _supplement_write(
    *, application: Application, supplement: uuid.UUID, text: str, documents: Sequence
) -> ApplicationEvent:
    # Locked, so two answers from two tabs cannot both pass the check below.
    application = (
        Application.objects.select_for_update()
        .select_related("service__agency", "user")
        .get(pk=application.pk)
    )
    if supplement_state(application=application) != "open":
        raise SubmitRefused(
            {"": [str(_("You have already answered; the agency will continue with your application."))]}
        )
    now = clock.now()
    attached = attachments_create(application=application, documents=documents, supplement=supplement)
    try:
        attachments = attachments_payload(attached)
    except AttachRefused as refused:
        raise SubmitRefused({"documents": refused.messages}) from None
    service = application.service
    event = _event(
        application=application,
        kind=ApplicationEvent.Kind.SUPPLEMENT,
        by="person",
        detail={
            "supplement": str(supplement),
            "text": text,
            "attachments": [
                {"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256}
                for a in attached
            ],
        },
    )
    outbox_put(
        reference=f"supplement:{supplement}",
        agency_code=service.agency.code,
        kind=APPLICATION_SUPPLEMENT,
        purpose=PURPOSE,
        service=service.code,
        subject_person=application.personal_number,
        body={
            "application": str(application.pk),
            "supplement": {
                "id": str(supplement),
                "submitted_at": now.isoformat(),
                "text": text,
                "attachments": attachments,
            },
        },
    )
    Application.objects.filter(pk=application.pk).update(updated_at=now)
    audit_record(
        actor=person_actor(application.user),
        action="application.supplement_sent",
        subject_person=application.personal_number,
        object_type="application",
        object_id=str(application.pk),
        purpose=PURPOSE,
        detail={
            "service": service.code,
            "supplement": str(supplement),
            "attachments": [a.sha256 for a in attached],
        },
    )
    subject, body = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            subject[language] = str(
                _("Your answer on application %(reference)s was sent") % {"reference": application.reference}
            )
            body[language] = str(
                _(
                    "Your answer to the agency's request for more information on application "
                    "%(reference)s was sent on %(sent_at)s. The agency will continue with your application."
                )
                % {
                    "reference": application.reference,
                    "sent_at": formats.date_format(timezone.localtime(now), "DATETIME_FORMAT"),
                }
            )
    inbox_post(
        user=application.user,
        kind="application",
        subject=subject,
        body=body,
        link=f"/applications/{application.pk}/",
        reference=f"supplement:{supplement}",
    )
    return event
