"""Sealing and opening messages: JWS Compact Serialization (RFC 7515) over the JSON envelope.

A message is self-contained: the bytes on the wire are the bytes kept, and anyone holding the
sender's public key can verify them again later. That is how the portal proves it passed an
agency's answer on unchanged (R-P-3). See docs/adr/0003-signing-standard.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jws import JWSRegistry

from .envelope import Envelope
from .errors import BadSignature, MalformedMessage, OutsideWindow, UnexpectedMessage, UnknownKey
from .keys import ALGORITHM_FOR, Key, KeyPair

MEDIA_TYPE = "application/jose"
TYPE_HEADER = "panjara-exchange+jws"
DEFAULT_WINDOW = timedelta(minutes=5)


class _Registry(JWSRegistry):
    # Answers can carry documents (a PDF extract, a certificate); joserfc's default payload cap of
    # 128 kB would refuse them. The HTTP layer caps request size before we get here.
    max_payload_length = 24 * 1024 * 1024
    max_header_length = 1024


_REGISTRY = _Registry(algorithms=sorted(set(ALGORITHM_FOR.values())))


def digest_of(data: bytes) -> str:
    """The digest kept in logs: "sha-256=" and lowercase hex."""
    return "sha-256=" + hashlib.sha256(data).hexdigest()


def seal(envelope: Envelope, key: KeyPair) -> bytes:
    payload = json.dumps(envelope.to_json(), ensure_ascii=False, separators=(",", ":")).encode()
    header = {"alg": key.algorithm, "kid": key.kid, "typ": TYPE_HEADER}
    return jws.serialize_compact(header, payload, key.key, registry=_REGISTRY).encode("ascii")


def open_message(
    data: bytes,
    *,
    key_for: Callable[[str], Key | None],
    expected_aud: str,
    expected_iss: str | None = None,
    in_reply_to: str | None = None,
    now: datetime | None = None,
    window: timedelta | None = DEFAULT_WINDOW,
) -> Envelope:
    """Verify `data` and return its envelope, or raise the ProtocolError that says why not.

    `key_for(kid)` returns the public key trusted under that kid — for the expected sender only,
    so that one party's key can never vouch for another. Replays of a fresh message (same id) are
    the caller's to check: only the caller knows which ids it has seen.
    """
    try:
        compact = jws.extract_compact(data, registry=_REGISTRY)
        header = compact.headers()
    except (JoseError, ValueError, UnicodeDecodeError) as error:
        raise MalformedMessage(f"not a JWS compact message: {error}") from None
    if header.get("typ") != TYPE_HEADER:
        raise MalformedMessage("wrong typ header")
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise MalformedMessage("the message names no key id")
    key = key_for(kid)
    if key is None:
        raise UnknownKey(f"no trusted key {kid!r}")
    if ALGORITHM_FOR.get(key.key_type) != header.get("alg"):
        raise BadSignature("algorithm does not match the key")
    try:
        valid = jws.validate_compact(compact, key, registry=_REGISTRY)
    except JoseError as error:
        raise BadSignature(str(error)) from None
    if not valid:
        raise BadSignature("signature does not verify")
    try:
        envelope = Envelope.from_json(json.loads(compact.payload))
    except (ValueError, UnicodeDecodeError):
        raise MalformedMessage("payload is not JSON") from None
    moment = now or datetime.now(UTC)
    # window=None re-verifies a message kept from the past (proving it unchanged), not a fresh one.
    if window is not None and abs(moment - envelope.ts) > window:
        raise OutsideWindow(f"message time {envelope.ts.isoformat()} is outside the accepted window")
    if envelope.aud != expected_aud:
        raise UnexpectedMessage(f"message is for {envelope.aud!r}, not {expected_aud!r}")
    if expected_iss is not None and envelope.iss != expected_iss:
        raise UnexpectedMessage(f"message is from {envelope.iss!r}, not {expected_iss!r}")
    if in_reply_to is not None and envelope.in_reply_to != in_reply_to:
        raise UnexpectedMessage("answer does not refer to the request")
    return envelope


_BASE64URL = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def signature_of(data: bytes) -> str:
    """The signature segment of a compact JWS, as kept in the message log; "" for bytes that are
    not a JWS (garbage must not reach a text column: PostgreSQL refuses NUL bytes)."""
    if data.count(b".") != 2:
        return ""
    segment = data.rsplit(b".", 1)[-1]
    return segment.decode("ascii") if set(segment) <= _BASE64URL else ""


def kid_of(data: bytes) -> str:
    """The key id a message claims, read before verification to find the sender's key; "" when the
    bytes are not a JWS at all."""
    try:
        kid = jws.extract_compact(data, registry=_REGISTRY).headers().get("kid", "")
    except (JoseError, ValueError, UnicodeDecodeError):
        return ""
    return kid if isinstance(kid, str) else ""
