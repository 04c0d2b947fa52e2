"""Why a message was refused. Each class has a stable `code` that travels in error replies."""


class ProtocolError(Exception):
    code = "protocol_error"


class MalformedMessage(ProtocolError):
    code = "malformed"


class UnknownKey(ProtocolError):
    code = "unknown_key"


class BadSignature(ProtocolError):
    code = "bad_signature"


class OutsideWindow(ProtocolError):
    code = "outside_window"


class Replayed(ProtocolError):
    code = "replayed"


class UnexpectedMessage(ProtocolError):
    """Signed correctly, but not the message the receiver was waiting for (audience, reply id…)."""

    code = "unexpected"
