"""Writing audit events. Callers write inside their own transaction, so an event exists exactly
when the change it records does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from panjara.core import clock
from panjara.core.chain import append

from .models import AuditEvent


@dataclass(frozen=True, kw_only=True)
class Actor:
    kind: str  # one of AuditEvent.ActorKind
    id: str = ""
    label: str = ""


PORTAL = Actor(kind=AuditEvent.ActorKind.PORTAL, id="portal", label="portal")


def audit_record(
    *,
    actor: Actor,
    action: str,
    subject_person: str = "",
    acting_for: str = "",
    object_type: str = "",
    object_id: str = "",
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return audit_record_many(
        events=[
            dict(
                actor=actor,
                action=action,
                subject_person=subject_person,
                acting_for=acting_for,
                object_type=object_type,
                object_id=object_id,
                purpose=purpose,
                detail=detail or {},
            )
        ]
    )[0]


def audit_record_many(*, events: list[dict[str, Any]]) -> list[AuditEvent]:
    return append(audit_rows(events=events))


def audit_rows(*, events: list[dict[str, Any]]) -> list[AuditEvent]:
    """The unsaved rows for these events, for a caller that appends them with rows of another
    chain in one `core.chain.append` (one lock of the heads instead of one per chain)."""
    moment = clock.now()
    rows = []
    for event in events:
        actor: Actor = event["actor"]
        rows.append(
            AuditEvent(
                occurred_at=moment,
                actor_kind=actor.kind,
                actor_id=actor.id,
                actor_label=actor.label,
                acting_for=event.get("acting_for", ""),
                subject_person=event.get("subject_person", ""),
                action=event["action"],
                object_type=event.get("object_type", ""),
                object_id=str(event.get("object_id", "")),
                purpose=event.get("purpose", ""),
                detail=event.get("detail") or {},
            )
        )
    return rows
