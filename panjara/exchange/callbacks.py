"""Handlers for signed callbacks from agencies (case status, answers, documents).

Apps register a handler per message kind (the applications app registers case.status and
case.answer); the exchange only verifies, logs and dispatches, so it never imports those apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from panjara_protocol import Envelope

from .models import Agency

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
