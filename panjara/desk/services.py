"""What officials do at the desk (ADR 0006): take a case into work, ask the applicant for more
information, decide, keep notes. Each report to the applicant is a signed case.status or
case.answer from the agency, received by the portal through exchange.callbacks.callback_receive,
the same path as a remote agency's callback: the person sees no difference.

Every action comes from one form submission (its `token`); a second submission of the same form
finds the first one's events and does nothing again, so a double click reports once. The case row
is locked for the action, and the reports run in the action's transaction: the desk's state and
what the portal recorded agree."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from panjara.audit.services import Actor, audit_record
from panjara.catalog.services import catalog_keep
from panjara.core import clock
from panjara.exchange.callbacks import callback_receive
from panjara.exchange.models import Agency
from panjara.exchange.services import agency_register
from panjara.identity.models import User
from panjara.identity.services.accounts import staff_actor
from panjara_protocol import Party, new_envelope, seal
from panjara_protocol.kinds import CASE_ANSWER, CASE_STATUS

from .keys import desk_key_ensure
from .letter import decision_letter_pdf, letter_name
from .models import DeskCase, DeskCaseEvent

PURPOSE = "application"
# case.answer carries at most 10 documents; one of them is the desk's decision letter.
MAX_UPLOADS = 9

S = DeskCase.Status
# In which states of the case each action is possible.
TAKE_FROM = (S.NEW, S.SUPPLEMENTED)
INFO_FROM = (S.IN_PROGRESS, S.SUPPLEMENTED)
DECIDE_FROM = (S.IN_PROGRESS, S.INFO_NEEDED, S.SUPPLEMENTED)


@dataclass(frozen=True, kw_only=True)
class ActionResult:
    outcome: str  # done | repeat (this form was handled before) | not_now (case state) | refused
    code: str = ""  # the portal's error code when refused

    @property
    def done(self) -> bool:
        return self.outcome == "done"


def texts_both(ka: str, en: str) -> dict[str, str]:
    """Both languages, as the protocol wants; English falls back to the Georgian text."""
    ka, en = ka.strip(), en.strip()
    return {"ka": ka, "en": en or ka} if ka else {}


def _audit(*, case: DeskCase, official: User, action: str, detail: dict[str, Any]) -> None:
    audit_record(
        actor=staff_actor(official),
        action=action,
        subject_person=case.personal_number,
        object_type="desk_case",
        object_id=case.number,
        purpose=PURPOSE,
        detail={"agency": case.agency.code, **detail},
    )


def report_deliver(
    *,
    agency: Agency,
    personal_number: str,
    kind: str,
    purpose: str,
    body: dict[str, Any],
    official: User,
    token: str,
    service: str | None = None,
) -> dict[str, Any]:
    """Send one report as the agency through the portal's own callback endpoint; returns the
    fields every desk event records about it (how the portal answered, who, when)."""
    envelope = new_envelope(
        iss=agency.code,
        aud=settings.EXCHANGE["PARTY"],
        kind=kind,
        purpose=purpose,
        subject=Party(kind="person", id=personal_number),
        service=service,
        body=body,
    )
    result = callback_receive(data=seal(envelope, desk_key_ensure(agency=agency)))
    if not result.accepted:
        outcome = DeskCaseEvent.Outcome.REFUSED
    elif isinstance(result.answer.body, dict) and result.answer.body.get("repeat"):
        outcome = DeskCaseEvent.Outcome.REPEAT
    else:
        outcome = DeskCaseEvent.Outcome.ACCEPTED
    return {
        "at": clock.now(),
        "official": official,
        "report_event": body["event"],
        "outcome": outcome,
        "outcome_code": result.code,
        "token": token,
    }


def _report(
    *,
    case: DeskCase,
    official: User,
    token: str,
    kind: str,
    status: str,
    message: dict[str, str],
    documents: Sequence[tuple[str, bytes]] = (),
) -> DeskCaseEvent:
    """Send one report as the agency and record how the portal answered it."""
    body: dict[str, Any] = {
        "application": str(case.application_id),
        "event": f"{token}-{status}",
        "status": status,
    }
    if message:
        body["message"] = message
    if kind == CASE_ANSWER:
        body["documents"] = [
            {"name": name, "content": base64.b64encode(content).decode("ascii")}
            for name, content in documents
        ]
    reported = report_deliver(
        agency=case.agency,
        personal_number=case.personal_number,
        kind=kind,
        purpose=PURPOSE,
        body=body,
        official=official,
        token=token,
        service=case.service.code,
    )
    return DeskCaseEvent.objects.create(
        case=case,
        kind=DeskCaseEvent.Kind.ANSWER if kind == CASE_ANSWER else DeskCaseEvent.Kind.STATUS,
        status=status,
        detail={"message": message, "documents": [name for name, _content in documents]},
        **reported,
    )


def _locked(case: DeskCase, token: str, allowed: Sequence[str]) -> tuple[DeskCase, ActionResult | None]:
    """The case, locked for this action, or why the action stops here."""
    locked = DeskCase.objects.select_for_update().select_related("agency", "service").get(pk=case.pk)
    if DeskCaseEvent.objects.filter(case=locked, token=token).exists():
        return locked, ActionResult(outcome="repeat")
    if locked.status not in allowed:
        return locked, ActionResult(outcome="not_now")
    return locked, None


def desk_case_take(*, case: DeskCase, official: User, token: str) -> ActionResult:
    """Take a case into work: the applicant hears it was registered (for a new case) and that
    it is in progress. A case whose applicant sent the information asked for is taken up again."""
    with transaction.atomic():
        case, stop = _locked(case, token, TAKE_FROM)
        if stop is not None:
            return stop
        statuses = ["received", "in_progress"] if case.status == S.NEW else ["in_progress"]
        for status in statuses:
            event = _report(
                case=case, official=official, token=token, kind=CASE_STATUS, status=status, message={}
            )
            if event.outcome == DeskCaseEvent.Outcome.REFUSED:
                return ActionResult(outcome="refused", code=event.outcome_code)
        case.status, case.assigned_to = S.IN_PROGRESS, official
        case.save(update_fields=["status", "assigned_to"])
        _audit(case=case, official=official, action="desk.case_taken", detail={"reported": statuses})
    return ActionResult(outcome="done")


def desk_info_request(
    *, case: DeskCase, official: User, token: str, text_ka: str, text_en: str
) -> ActionResult:
    """Ask the applicant for more information (case.status "info_needed" with the official's
    words, in Georgian and, if given, English)."""
    message = texts_both(text_ka, text_en)
    if not message:
        raise ValueError("a request for information says what is needed")
    with transaction.atomic():
        case, stop = _locked(case, token, INFO_FROM)
        if stop is not None:
            return stop
        event = _report(
            case=case, official=official, token=token, kind=CASE_STATUS, status="info_needed", message=message
        )
        if event.outcome == DeskCaseEvent.Outcome.REFUSED:
            return ActionResult(outcome="refused", code=event.outcome_code)
        case.status = S.INFO_NEEDED
        case.assigned_to = case.assigned_to or official
        case.save(update_fields=["status", "assigned_to"])
        _audit(case=case, official=official, action="desk.info_requested", detail={})
    return ActionResult(outcome="done")


def desk_case_decide(
    *,
    case: DeskCase,
    official: User,
    token: str,
    approved: bool,
    reasons_ka: str,
    reasons_en: str,
    documents: Sequence[tuple[str, bytes]] = (),
) -> ActionResult:
    """Approve or refuse (case.answer) with the reasons, the documents the official issues and
    the desk's decision letter; a refusal must give its reasons."""
    reasons = texts_both(reasons_ka, reasons_en)
    if not approved and not reasons:
        raise ValueError("a refusal gives its reasons")
    if len(documents) > MAX_UPLOADS:
        raise ValueError(f"at most {MAX_UPLOADS} documents besides the letter")
    decided_at = clock.now()
    # Rendered before the case is locked: it takes a moment, and nobody should wait for it.
    letter = decision_letter_pdf(
        case=case,
        approved=approved,
        reasons=reasons,
        decided_at=decided_at,
        official_name=official.full_name or official.email,
    )
    status = "approved" if approved else "refused"
    with transaction.atomic():
        case, stop = _locked(case, token, DECIDE_FROM)
        if stop is not None:
            return stop
        event = _report(
            case=case,
            official=official,
            token=token,
            kind=CASE_ANSWER,
            status=status,
            message=reasons,
            documents=[(letter_name(case=case), letter), *documents],
        )
        if event.outcome == DeskCaseEvent.Outcome.REFUSED:
            return ActionResult(outcome="refused", code=event.outcome_code)
        case.status = S.APPROVED if approved else S.REFUSED
        case.decided_at = decided_at
        case.assigned_to = case.assigned_to or official
        case.save(update_fields=["status", "decided_at", "assigned_to"])
        _audit(
            case=case,
            official=official,
            action="desk.case_decided",
            detail={"decision": status, "documents": len(documents) + 1},
        )
    return ActionResult(outcome="done")


def desk_note_add(*, case: DeskCase, official: User, token: str, text: str) -> ActionResult:
    """A note for the case file: for the agency's officials only, never sent to the applicant."""
    text = text.strip()
    if not text:
        raise ValueError("a note has text")
    with transaction.atomic():
        case, stop = _locked(case, token, tuple(S.values))
        if stop is not None:
            return stop
        DeskCaseEvent.objects.create(
            case=case,
            kind=DeskCaseEvent.Kind.NOTE,
            at=clock.now(),
            official=official,
            token=token,
            detail={"text": text},
        )
        _audit(case=case, official=official, action="desk.note_added", detail={})
    return ActionResult(outcome="done")


def desk_case_read(*, case: DeskCase, official: User, attachment: str = "") -> None:
    """Record that an official read an application (or one of its files): the applicant's data,
    shown in their "who used my data" page like every read of it."""
    _audit(
        case=case,
        official=official,
        action="desk.attachment_read" if attachment else "desk.case_read",
        detail={"attachment": attachment} if attachment else {},
    )


@transaction.atomic
def desk_agency_register(
    *, code: str, name_ka: str, name_en: str, kind: str, services: list[dict[str, Any]], by: Actor
) -> Agency:
    """Register (or update) an agency served at the desk: the agency, the key the desk signs with
    for it, and its services, which the portal keeps for it (protocol §7 shape, checked like a
    description received over the exchange; services left out stop being offered)."""
    agency = agency_register(
        code=code,
        name_ka=name_ka,
        name_en=name_en,
        kind=kind,
        channel=Agency.Channel.DESK,
        base_url="",
        by=by,
    )
    desk_key_ensure(agency=agency)
    report = catalog_keep(agency_code=code, services=services)
    if report.skipped or report.unavailable:
        raise ValueError(f"the services of {code} are not valid: {report.skipped or report.unavailable}")
    return agency
