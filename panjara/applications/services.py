"""Writes of the applications app: start a draft (with pre-filled fields), save it, delete it,
submit it. Submission writes the application, its outbox row, the receipt in the inbox and the
receipt SMS in one transaction (R-S-2, issue 4 §4): all of them exist, or none."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from panjara.audit.services import audit_record
from panjara.catalog.models import Service
from panjara.core import clock
from panjara.exchange.outbox import outbox_put
from panjara.identity.models import ASSURANCE_ORDER
from panjara.identity.preferences import SMS, STATUS, channels_for
from panjara.identity.services.accounts import person_actor
from panjara.inbox.services import inbox_post
from panjara.notifications.services import notification_send
from panjara_protocol.kinds import APPLICATION_SUBMIT

from .forms import check
from .models import Application, ApplicationEvent
from .prefill import prefill_for

PURPOSE = "application"
# Registration numbers: no 0/O or 1/I, so they survive being read out on the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class SubmitRefused(Exception):
    """The application cannot be sent as it is; `errors` is {field: [messages]} ("" for the
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
    if ASSURANCE_ORDER.get(session_assurance, -1) < ASSURANCE_ORDER[service.assurance]:
        return Blocker(
            code="assurance",
            message=_(
                "This service needs a sign-in with your password and a one-time code. Sign out and "
                "sign in again with a code to continue."
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
                values={name: item["value"] for name, item in prefill.items()},
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
    _event(
        application=application,
        kind=ApplicationEvent.Kind.SUBMITTED,
        by="person",
        detail={"reference": reference},
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
        detail={"service": service.code, "reference": reference, "agency": service.agency.code},
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
