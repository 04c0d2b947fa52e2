"""The envelope every exchange message carries inside its signature."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from .errors import MalformedMessage

PROTOCOL_VERSION = "1"

# Receivers keep these fields in fixed-width columns; longer values are refused up front.
MAX_LENGTHS = {"id": 64, "iss": 32, "aud": 32, "kind": 32, "purpose": 64, "service": 64, "in_reply_to": 64}

PartyKind = Literal["person", "company", "staff", "system"]
_PARTY_KINDS = {"person", "company", "staff", "system"}


@dataclass(frozen=True, kw_only=True)
class Party:
    """Someone a message is about or is sent for: a person (11-digit personal number), a company
    (9-digit identification number), a staff member or a system."""

    kind: PartyKind
    id: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id}

    @classmethod
    def from_json(cls, data: Any) -> Party | None:
        if data is None:
            return None
        if (
            not isinstance(data, dict)
            or data.get("kind") not in _PARTY_KINDS
            or not isinstance(data.get("id"), str)
            or not 0 < len(data["id"]) <= 24
        ):
            raise MalformedMessage("party must be {kind, id}")
        return cls(kind=data["kind"], id=data["id"])


@dataclass(frozen=True, kw_only=True)
class Envelope:
    """What is signed. `subject` is whom the data is about; `actor` and `principal` are set when
    someone acts for another (a representative for a company, an attorney for a person)."""

    id: str
    ts: datetime
    iss: str
    aud: str
    kind: str
    purpose: str
    subject: Party | None = None
    actor: Party | None = None
    principal: Party | None = None
    service: str | None = None
    in_reply_to: str | None = None
    body: Any = field(default_factory=dict)
    v: str = PROTOCOL_VERSION

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "v": self.v,
            "id": self.id,
            "ts": self.ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "iss": self.iss,
            "aud": self.aud,
            "kind": self.kind,
            "purpose": self.purpose,
            "body": self.body,
        }
        for name in ("subject", "actor", "principal"):
            party = getattr(self, name)
            if party is not None:
                data[name] = party.to_json()
        if self.service is not None:
            data["service"] = self.service
        if self.in_reply_to is not None:
            data["in_reply_to"] = self.in_reply_to
        return data

    @classmethod
    def from_json(cls, data: Any) -> Envelope:
        if not isinstance(data, dict):
            raise MalformedMessage("envelope must be a JSON object")
        try:
            required = {name: data[name] for name in ("v", "id", "ts", "iss", "aud", "kind", "purpose")}
        except KeyError as missing:
            raise MalformedMessage(f"envelope lacks {missing.args[0]!r}") from None
        if not all(isinstance(value, str) and value for value in required.values()):
            raise MalformedMessage("envelope header fields must be non-empty strings")
        for name, limit in MAX_LENGTHS.items():
            value = data.get(name)
            if isinstance(value, str) and len(value) > limit:
                raise MalformedMessage(f"{name} is longer than {limit} characters")
        if required["v"] != PROTOCOL_VERSION:
            raise MalformedMessage(f"unsupported protocol version {required['v']!r}")
        try:
            ts = datetime.strptime(required["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        except ValueError:
            raise MalformedMessage("ts must be an RFC 3339 UTC time with microseconds") from None
        for optional in ("service", "in_reply_to"):
            if data.get(optional) is not None and not isinstance(data[optional], str):
                raise MalformedMessage(f"{optional} must be a string")
        return cls(
            v=required["v"],
            id=required["id"],
            ts=ts,
            iss=required["iss"],
            aud=required["aud"],
            kind=required["kind"],
            purpose=required["purpose"],
            subject=Party.from_json(data.get("subject")),
            actor=Party.from_json(data.get("actor")),
            principal=Party.from_json(data.get("principal")),
            service=data.get("service"),
            in_reply_to=data.get("in_reply_to"),
            body=data.get("body", {}),
        )


def new_envelope(
    *,
    iss: str,
    aud: str,
    kind: str,
    purpose: str,
    body: Any = None,
    subject: Party | None = None,
    actor: Party | None = None,
    principal: Party | None = None,
    service: str | None = None,
    now: datetime | None = None,
) -> Envelope:
    """A fresh message: a random id (UUID4) and the current time."""
    return Envelope(
        id=str(uuid.uuid4()),
        ts=now or datetime.now(UTC),
        iss=iss,
        aud=aud,
        kind=kind,
        purpose=purpose,
        subject=subject,
        actor=actor,
        principal=principal,
        service=service,
        body={} if body is None else body,
    )


def reply_to(request: Envelope, *, kind: str, body: Any, now: datetime | None = None) -> Envelope:
    """The answer to `request`: same subject, purpose and service, sender and receiver swapped."""
    return replace(
        request,
        id=str(uuid.uuid4()),
        ts=now or datetime.now(UTC),
        iss=request.aud,
        aud=request.iss,
        kind=kind,
        in_reply_to=request.id,
        body=body,
    )
