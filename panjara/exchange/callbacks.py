"""Signed callbacks from agencies (case status, answers, documents): receiving them, and the
registry of handlers the apps provide.

Apps register a handler per message kind (the applications app registers case.status and
case.answer); the exchange only verifies, logs and dispatches, so it never imports those apps.

`callback_receive` is the whole of receiving one callback, whoever brings the bytes: the HTTP
endpoint (views.callback) for agencies with their own system, and the agency desk in the back
office for agencies served there (ADR 0006). Both go through the same verification, replay guard,
message log and handler, so the portal treats a desk's report exactly like a remote agency's."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from panjara_protocol import MEDIA_TYPE, Envelope, ProtocolError, open_message, reply_to, seal
from panjara_protocol.kinds import ACK, ERROR
from panjara_protocol.messages import kid_of

from .keys import agency_public_key, portal_signing_key
from .models import Agency, ExchangeMessage
from .selectors import agency_key_by_kid, exchange_limits
from .services import message_log

log = logging.getLogger(__name__)

# (the verified envelope, the sending agency, the exact signed bytes it sent)
Handler = Callable[[Envelope, Agency, bytes], Any]
_HANDLERS: dict[str, Handler] = {}


def callback_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if kind in _HANDLERS and _HANDLERS[kind] is not handler:
            raise ValueError(f"a handler for {kind!r} is already registered")
        _HANDLERS[kind] = handler
        return handler

    return register


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)


class CallbackRefused(Exception):
    """A handler's way to refuse a well-signed callback (unknown case, wrong state): the agency
    gets a signed error with this code."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


@dataclass(frozen=True, kw_only=True)
class CallbackResult:
    """What the portal answers a callback with (protocol §6.4): the HTTP status, the body bytes
    (a signed ack or error, or an unsigned JSON error) and its media type. `code` is "" when the
    callback was accepted, else the error code; `answer` is the portal's signed reply, if any."""

    status: int
    body: bytes
    content_type: str
    code: str = ""
    answer: Envelope | None = None

    @property
    def accepted(self) -> bool:
        return self.status == 200


_STATUS_FOR = {"unknown_key": 401, "bad_signature": 401, "replayed": 409, "too_large": 413}


def _refused(data: bytes, *, agency_code: str, code: str, detail: str) -> CallbackResult:
    message_log(
        envelope=None,
        data=data,
        direction=ExchangeMessage.Direction.IN,
        status=ExchangeMessage.Status.REJECTED,
        agency_code=agency_code or "unknown",
        error=f"{code}: {detail}",
    )
    log.warning("refused callback from %s: %s %s", agency_code or "unknown", code, detail)
    return CallbackResult(
        status=_STATUS_FOR.get(code, 400),
        body=json.dumps({"error": code}).encode(),
        content_type="application/json",
        code=code,
    )


def callback_too_large(*, size: int) -> CallbackResult:
    """The answer to a callback larger than the exchange's limit, known from its declared length
    before a byte of it is read."""
    return _refused(b"", agency_code="", code="too_large", detail=f"{size} bytes")


def callback_receive(*, data: bytes) -> CallbackResult:
    """Verify one callback, log it, hand it to its kind's handler and answer it (protocol §6.4).
    Never raises for anything the sender got wrong: every refusal is a result."""
    if len(data) > settings.EXCHANGE["MAX_ANSWER_BYTES"]:
        return callback_too_large(size=len(data))
    key = agency_key_by_kid(kid=kid_of(data))
    if key is None:
        return _refused(data, agency_code="", code="unknown_key", detail="no trusted key")
    agency = key.agency
    limits = exchange_limits()
    try:
        envelope = open_message(
            data,
            key_for=lambda kid: agency_public_key(key.public_jwk) if kid == key.kid else None,
            expected_aud=limits.party,
            expected_iss=agency.code,
            window=limits.window,
        )
    except ProtocolError as error:
        return _refused(data, agency_code=agency.code, code=error.code, detail=str(error))
    handler = handler_for(envelope.kind)
    try:
        with transaction.atomic():
            # Logged as accepted first: the unique constraint makes a replay fail right here,
            # before its handler could act twice.
            message_log(
                envelope=envelope,
                data=data,
                direction=ExchangeMessage.Direction.IN,
                status=ExchangeMessage.Status.ACCEPTED,
                agency_code=agency.code,
            )
            if handler is None:
                raise CallbackRefused("unsupported_kind", f"no handler for {envelope.kind!r}")
            body = handler(envelope, agency, data)
            answer = reply_to(envelope, kind=ACK, body=body if body is not None else {})
            answer_bytes = seal(answer, portal_signing_key())
            message_log(
                envelope=answer,
                data=answer_bytes,
                direction=ExchangeMessage.Direction.OUT,
                status=ExchangeMessage.Status.SENT,
                agency_code=agency.code,
            )
    except IntegrityError:
        return _refused(data, agency_code=agency.code, code="replayed", detail=envelope.id)
    except CallbackRefused as refused:
        error = reply_to(envelope, kind=ERROR, body={"error": refused.code, "detail": str(refused)})
        error_bytes = seal(error, portal_signing_key())
        _refused(data, agency_code=agency.code, code=refused.code, detail=str(refused))
        return CallbackResult(
            status=422, body=error_bytes, content_type=MEDIA_TYPE, code=refused.code, answer=error
        )
    return CallbackResult(status=200, body=answer_bytes, content_type=MEDIA_TYPE, answer=answer)
