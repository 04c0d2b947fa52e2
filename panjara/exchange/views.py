"""The portal's side of the exchange: agencies' signed callbacks, and the portal's public keys."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .callbacks import callback_receive, callback_too_large
from .keys import portal_public_jwks


@csrf_exempt  # machine-to-machine: authenticity comes from the message signature, not a cookie
@require_POST
def callback(request: HttpRequest) -> HttpResponse:
    # Read the stream ourselves: request.body would apply the form upload cap (2.5 MiB), which is
    # the wrong limit for signed documents. A body declared larger than the cap is not read.
    cap = settings.EXCHANGE["MAX_ANSWER_BYTES"]
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > cap:
        result = callback_too_large(size=declared)
    else:
        result = callback_receive(data=request.read(cap + 1))
    return HttpResponse(result.body, status=result.status, content_type=result.content_type)


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(portal_public_jwks()), content_type="application/jwk-set+json")
