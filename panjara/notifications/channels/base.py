"""The contract every channel client keeps. One base class per channel (SMS, e-mail), one module
per implementation, picked by the registry from settings — the GOV.UK Notify shape: the service
never knows which provider it talks to, only what came back."""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class SmsMessage:
    to: str  # E.164, +9955XXXXXXXX
    text: str
    reference: str  # the notification's reference; providers may deduplicate on it
    language: str = "ka"


@dataclass(frozen=True, kw_only=True)
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str = ""
    reference: str
    language: str = "ka"


class Outcome(enum.Enum):
    SENT = "sent"
    # Worth trying again later: timeouts, 5xx, 429, connection refused.
    RETRY = "retry"
    # Trying again cannot help: the provider refused this message (bad number, bad request).
    PERMANENT = "permanent"


@dataclass(frozen=True, kw_only=True)
class DeliveryResult:
    outcome: Outcome
    provider_message_id: str = ""
    error: str = ""

    @classmethod
    def sent(cls, provider_message_id: str = "") -> DeliveryResult:
        return cls(outcome=Outcome.SENT, provider_message_id=provider_message_id)

    @classmethod
    def retry(cls, error: str) -> DeliveryResult:
        return cls(outcome=Outcome.RETRY, error=error)

    @classmethod
    def permanent(cls, error: str) -> DeliveryResult:
        return cls(outcome=Outcome.PERMANENT, error=error)


class SmsClient(ABC):
    """Sends one SMS. Implementations never raise for a delivery problem: they answer with a
    DeliveryResult saying whether trying again could help."""

    name: str = ""

    @abstractmethod
    def send(self, message: SmsMessage) -> DeliveryResult: ...

    def check_config(self) -> list[str]:
        """Problems with the configuration, in words an operator can act on; empty when fine."""
        return []


class EmailClient(ABC):
    name: str = ""

    @abstractmethod
    def send(self, message: EmailMessage) -> DeliveryResult: ...

    def check_config(self) -> list[str]:
        return []
