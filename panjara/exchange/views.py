"""The portal's side of the exchange: agencies' signed callbacks, and the portal's public keys."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from panjara_protocol import MEDIA_TYPE, ProtocolError, open_message, reply_to, seal
from panjara_protocol.keys import import_jwk
from panjara_protocol.kinds import ACK, ERROR
from panjara_protocol.messages import kid_of

from .callbacks import CallbackRefused, handler_for
from .keys import portal_public_jwks, portal_signing_key
from .models import ExchangeMessage
from .selectors import agency_key_by_kid, exchange_limits
from .services import message_log

log = logging.getLogger(__name__)


def _refuse(data: bytes, *, agency_code: str, code: str, detail: str, status: int) -> JsonResponse:
    message_log(
        envelope=None,
        data=data,
        direction=ExchangeMessage.Direction.IN,
        status=ExchangeMessage.Status.REJECTED,
        agency_code=agency_code or "unknown",
        error=f"{code}: {detail}",
    )
    log.warning("refused callback from %s: %s %s", agency_code or "unknown", code, detail)
    return JsonResponse({"error": code}, status=status)


_STATUS_FOR = {"unknown_key": 401, "bad_signature": 401, "replayed": 409}


@csrf_exempt  # machine-to-machine: authenticity comes from the message signature, not a cookie
@require_POST
def callback(request: HttpRequest) -> HttpResponse:
    # Read the stream ourselves: request.body would apply the form upload cap (2.5 MiB), which is
    # the wrong limit for signed documents.
    cap = settings.EXCHANGE["MAX_ANSWER_BYTES"]
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    data = request.read(cap + 1) if declared <= cap else b""
    if declared > cap or len(data) > cap:
        return _refuse(
            b"", agency_code="", code="too_large", detail=f"{max(declared, len(data))} bytes", status=413
        )
    key = agency_key_by_kid(kid=kid_of(data))
    if key is None:
        return _refuse(data, agency_code="", code="unknown_key", detail="no trusted key", status=401)
    agency = key.agency
    limits = exchange_limits()
    try:
        envelope = open_message(
            data,
            key_for=lambda kid: import_jwk(key.public_jwk) if kid == key.kid else None,
            expected_aud=limits.party,
            expected_iss=agency.code,
            window=limits.window,
        )
    except ProtocolError as error:
        return _refuse(
            data,
            agency_code=agency.code,
            code=error.code,
            detail=str(error),
            status=_STATUS_FOR.get(error.code, 400),
        )
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
        return _refuse(data, agency_code=agency.code, code="replayed", detail=envelope.id, status=409)
    except CallbackRefused as refused:
        error = reply_to(envelope, kind=ERROR, body={"error": refused.code, "detail": str(refused)})
        error_bytes = seal(error, portal_signing_key())
        _refuse(data, agency_code=agency.code, code=refused.code, detail=str(refused), status=422)
        return HttpResponse(error_bytes, status=422, content_type=MEDIA_TYPE)
    return HttpResponse(answer_bytes, content_type=MEDIA_TYPE)


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(portal_public_jwks()), content_type="application/jwk-set+json")
