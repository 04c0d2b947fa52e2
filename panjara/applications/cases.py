"""What agencies report about an application (protocol §6.4): `case.status` (received, in
progress, more information needed, approved, refused) and `case.answer` (the decision with its
reasons and documents). Both arrive as signed callbacks; the exchange verifies and logs them and
calls the handlers below inside its transaction.

The agency's words are passed on unchanged (R-P-3): its message is shown as sent, its signed bytes
are kept with the event, and its documents land in the person's vault marked as issued. A report
the agency sends again (its retry after a lost `ack`) is recognised by its event id and changes
nothing the second time.
"""

from __future__ import annotations

import uuid

from django.utils import translation
from django.utils.translation import gettext as _

from panjara.core import clock
from panjara.exchange.callbacks import CallbackRefused, callback_handler
from panjara.exchange.models import Agency
from panjara.exchange.reports import (
    report_documents,
    report_documents_store,
    report_event_id,
    report_texts,
)
from panjara.identity.preferences import ANSWERS, STATUS, channels_for
from panjara.inbox.services import inbox_post
from panjara.notifications.services import notification_send
from panjara_protocol import Envelope, digest_of
from panjara_protocol.kinds import CASE_ANSWER, CASE_STATUS

from .models import Application, ApplicationEvent

REPORTED = {
    "received": Application.Status.RECEIVED,
    "in_progress": Application.Status.IN_PROGRESS,
    "info_needed": Application.Status.INFO_NEEDED,
    "approved": Application.Status.APPROVED,
    "refused": Application.Status.REFUSED,
}
DECISIONS = {"approved", "refused"}


def _application(body: dict, agency: Agency) -> Application:
    try:
        application_id = uuid.UUID(str(body.get("application", "")))
    except ValueError:
        raise CallbackRefused("unknown_case", "application is not an application id") from None
    application = (
        Application.objects.select_related("service__agency", "user").filter(pk=application_id).first()
    )
    if application is None or application.service.agency.code != agency.code or application.is_draft:
        raise CallbackRefused("unknown_case", "no application of yours with this id")
    return application


@callback_handler(CASE_STATUS)
def case_status(envelope: Envelope, agency: Agency, data: bytes) -> dict:
    body = envelope.body if isinstance(envelope.body, dict) else {}
    application = _application(body, agency)
    status = body.get("status")
    if status not in REPORTED or status in DECISIONS:
        raise CallbackRefused(
            "malformed", "status is received, in_progress or info_needed (decisions are case.answer)"
        )
    return case_report(
        application=application,
        agency=agency,
        kind=ApplicationEvent.Kind.STATUS,
        status=REPORTED[status],
        event=report_event_id(body),
        message=report_texts(body.get("message")),
        documents=[],
        data=data,
    )


@callback_handler(CASE_ANSWER)
def case_answer(envelope: Envelope, agency: Agency, data: bytes) -> dict:
    body = envelope.body if isinstance(envelope.body, dict) else {}
    application = _application(body, agency)
    status = body.get("status")
    if status not in DECISIONS:
        raise CallbackRefused("malformed", "an answer's status is approved or refused")
    message = report_texts(body.get("message"))
    if status == "refused" and not (message.get("ka", "").strip() and message.get("en", "").strip()):
        raise CallbackRefused("reasons_required", "a refusal states its reasons in ka and en")
    return case_report(
        application=application,
        agency=agency,
        kind=ApplicationEvent.Kind.ANSWER,
        status=REPORTED[status],
        event=report_event_id(body),
        message=message,
        documents=report_documents(body),
        data=data,
    )


def case_report(
    *,
    application: Application,
    agency: Agency,
    kind: str,
    status: str,
    event: str,
    message: dict[str, str],
    documents: list[tuple[str, bytes]],
    data: bytes,
) -> dict:
    """Record one report: the new status, the event with the agency's signed bytes, its documents
    in the vault, and the person told (inbox; SMS or e-mail by their preferences)."""
    if application.events.filter(agency_event=event).exists():
        return {"repeat": True}
    if application.status in (Application.Status.APPROVED, Application.Status.REFUSED):
        raise CallbackRefused("case_closed", "this application was already decided")
    digest = digest_of(data)
    stored = report_documents_store(
        person=application.user,
        agency=agency,
        documents=documents,
        digest=digest,
        reference=f"{application.pk}:{event}",
    )
    Application.objects.filter(pk=application.pk).update(status=status, updated_at=clock.now())
    application.status = status
    ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        status=status,
        by=agency.code,
        agency_event=event,
        signed=data,
        digest=digest,
        detail={"message": message, "documents": stored},
    )
    _tell(application=application, message=message, answer=kind == ApplicationEvent.Kind.ANSWER)
    return {"repeat": False}


def _tell(*, application: Application, message: dict[str, str], answer: bool) -> None:
    user = application.user
    subject, text = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            state = str(Application.Status(application.status).label)
            subject[language] = _("Application %(reference)s: %(status)s") % {
                "reference": application.reference,
                "status": state,
            }
            said = message.get(language, "")
            text[language] = _("The agency reported on your application %(reference)s: %(status)s.") % {
                "reference": application.reference,
                "status": state,
            } + (f"\n\n{said}" if said else "")
    inbox_post(
        user=user,
        kind="application",
        subject=subject,
        body=text,
        link=f"/applications/{application.pk}/",
    )
    language = user.language or "ka"
    with translation.override(language):
        context = {
            "reference": application.reference,
            "status": str(Application.Status(application.status).label),
        }
    for channel in channels_for(user=user, group=ANSWERS if answer else STATUS):
        notification_send(
            channel=channel,
            to=user.mobile if channel == "sms" else user.email,
            template="applications.status",
            context=context,
            language=language,
            user=user,
        )
