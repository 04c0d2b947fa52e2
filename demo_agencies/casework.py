"""An agency's case register: applications received over `application.submit` (protocol §6.3).

The portal delivers at least once, so the same application can arrive again in a new message
(after a timeout, or a portal worker that died before it recorded our `ack`). The register knows
an application by the portal's application id in the body and answers a repeat with the case it
already opened: one application, one case, one set of effects, however often it arrives.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from demo_agencies.services import Service


class CaseRefused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(kw_only=True)
class Case:
    number: str
    application_id: str
    reference: str  # the portal's registration number
    service: str
    applicant: str
    data: dict[str, Any]
    received_at: datetime
    deliveries: int = 1  # how many times the application arrived; effects happen once


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
            )
            self.cases[case.application_id] = case
            return case, False
