"""An agency's case register: applications received over `application.submit` (protocol §6.3).

The portal delivers at least once, so the same application can arrive again in a new message
(after a timeout, or a portal worker that died before it recorded our `ack`). The register knows
an application by the portal's application id in the body and answers a repeat with the case it
already opened: one application, one case, one set of effects, however often it arrives.

A case then walks on its own (`walk.py`) and keeps here what happened to it: the files that came
with it, the supplements the person sent when asked (each once, by its id), and every report
sent to the portal with its outcome.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from demo_agencies.attachments import Attachment, BadAttachment, attachments_check
from demo_agencies.services import Service

MAX_SUPPLEMENT_TEXT = 4000


class CaseRefused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, kw_only=True)
class Supplement:
    """The person's answer to "more information needed"."""

    id: str
    text: str
    attachments: tuple[Attachment, ...]
    submitted_at: str  # as the portal stated it
    received_at: datetime


@dataclass(kw_only=True)
class Report:
    """One report to the portal (`case.status` or `case.answer`) and what became of it."""

    event: str  # our id for the report, the same in every retry
    kind: str
    body: dict[str, Any]
    outcome: str = "pending"  # acknowledged | repeat (the portal had it) | replayed | refused
    attempts: int = 0
    refusal: str | None = None  # the portal's error code and detail when it refused the report


@dataclass(kw_only=True)
class Case:
    number: str
    application_id: str
    reference: str  # the portal's registration number
    service: str
    applicant: str
    data: dict[str, Any]
    received_at: datetime
    language: str = "ka"
    deliveries: int = 1  # how many times the application arrived; effects happen once
    attachments: list[Attachment] = field(default_factory=list)
    supplements: list[Supplement] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    # open → waiting (asked for more information) → open → decided; "stopped" when the portal
    # refused a report: the case cannot go on without someone looking at why.
    stage: str = "open"
    supplied: asyncio.Event = field(default_factory=asyncio.Event, repr=False)  # set per supplement

    def files(self) -> list[Attachment]:
        """Every file the person sent: with the application and in supplements."""
        return [*self.attachments, *(a for s in self.supplements for a in s.attachments)]


@dataclass(kw_only=True)
class CaseRegister:
    agency: str
    cases: dict[str, Case] = field(default_factory=dict)  # by the portal's application id
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def receive(self, *, service: Service, code: str, applicant: str, body: Any) -> tuple[Case, bool]:
        """Open a case for the application, or find the one it opened before. Returns the case
        and whether this delivery was a repeat."""
        application = body.get("application") if isinstance(body, dict) else None
        if not isinstance(application, dict) or not isinstance(application.get("id"), str):
            raise CaseRefused("malformed_application", "body.application.id is missing")
        if service.signature_required:
            raise CaseRefused("signature_required", f"{code} needs a qualified electronic signature")
        data = application.get("data")
        errors = sorted(
            Draft202012Validator(service.form_schema or {}, format_checker=FormatChecker()).iter_errors(data),
            key=lambda error: list(error.path),
        )
        if errors:
            where = "/".join(str(part) for part in errors[0].path) or "(form)"
            raise CaseRefused("invalid_application", f"{where}: {errors[0].message}"[:300])
        try:
            attachments = attachments_check(application.get("attachments"))
        except BadAttachment as bad:
            raise CaseRefused("bad_attachment", str(bad)[:300]) from None
        with self._lock:
            case = self.cases.get(application["id"])
            if case is not None:
                case.deliveries += 1
                return case, True
            case = Case(
                number=f"{self.agency.upper()}-{len(self.cases) + 1:06d}",
                application_id=application["id"],
                reference=str(application.get("reference", ""))[:32],
                service=code,
                applicant=applicant,
                data=data,
                received_at=datetime.now(UTC),
                language="en" if application.get("language") == "en" else "ka",
                attachments=attachments,
            )
            self.cases[case.application_id] = case
            return case, False

    def supplement(self, *, applicant: str | None, body: Any) -> tuple[Case, bool]:
        """Record the person's supplement on their case, or recognise one recorded before.
        Returns the case and whether this delivery was a repeat."""
        application = body.get("application") if isinstance(body, dict) else None
        given = body.get("supplement") if isinstance(body, dict) else None
        if not isinstance(application, str) or not isinstance(given, dict):
            raise CaseRefused("malformed_supplement", "body is {application, supplement}")
        supplement_id, text = given.get("id"), given.get("text", "")
        if not isinstance(supplement_id, str) or not 0 < len(supplement_id) <= 64:
            raise CaseRefused("malformed_supplement", "supplement.id is missing")
        if not isinstance(text, str) or len(text) > MAX_SUPPLEMENT_TEXT:
            raise CaseRefused("malformed_supplement", f"text is at most {MAX_SUPPLEMENT_TEXT} characters")
        try:
            attachments = attachments_check(given.get("attachments"))
        except BadAttachment as bad:
            raise CaseRefused("bad_attachment", str(bad)[:300]) from None
        with self._lock:
            case = self.cases.get(application)
            # A case is shown only to its applicant: another person's supplement finds nothing.
            if case is None or (applicant is not None and applicant != case.applicant):
                raise CaseRefused("unknown_case", "no case for this application")
            if any(known.id == supplement_id for known in case.supplements):
                return case, True
            if case.stage == "decided":
                raise CaseRefused("case_closed", f"case {case.number} is already decided")
            case.supplements.append(
                Supplement(
                    id=supplement_id,
                    text=text,
                    attachments=tuple(attachments),
                    submitted_at=str(given.get("submitted_at", ""))[:40],
                    received_at=datetime.now(UTC),
                )
            )
        case.supplied.set()
        return case, False
