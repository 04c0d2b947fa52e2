"""The Panjara exchange protocol, as a library both sides of the exchange can use.

It knows nothing of Django, of the portal or of any agency: an agency system written by someone
else would install this package (or follow docs/exchange-protocol.md) and nothing more.
"""

from .envelope import PROTOCOL_VERSION, Envelope, Party, new_envelope, reply_to
from .errors import (
    BadSignature,
    MalformedMessage,
    OutsideWindow,
    ProtocolError,
    Replayed,
    UnexpectedMessage,
    UnknownKey,
)
from .keys import KeyPair, public_jwk_from
from .messages import MEDIA_TYPE, digest_of, open_message, seal

__all__ = [
    "MEDIA_TYPE",
    "PROTOCOL_VERSION",
    "BadSignature",
    "Envelope",
    "KeyPair",
    "MalformedMessage",
    "OutsideWindow",
    "Party",
    "ProtocolError",
    "Replayed",
    "UnexpectedMessage",
    "UnknownKey",
    "digest_of",
    "new_envelope",
    "open_message",
    "public_jwk_from",
    "reply_to",
    "seal",
]
