"""The development SMS gateway: keeps each SMS for the development mailbox page instead of sending
it, so the demo shows one-time codes without a provider. Demo mode only — production settings
refuse it, and it refuses to work if it is ever selected outside demo mode."""

from __future__ import annotations

from django.conf import settings

from .base import DeliveryResult, SmsClient, SmsMessage


class DevelopmentSmsGateway(SmsClient):
    name = "development"

    def send(self, message: SmsMessage) -> DeliveryResult:
        if not settings.DEMO_MODE:
            return DeliveryResult.permanent("the development SMS gateway works only in demo mode")
        from panjara.notifications.services import devmailbox_store

        stored = devmailbox_store(
            channel="sms",
            to=message.to,
            sender=settings.SMS.get("HTTP_SENDER", ""),
            body=message.text,
            language=message.language,
            reference=message.reference,
        )
        return DeliveryResult.sent(provider_message_id=f"devmailbox-{stored.pk}")

    def check_config(self) -> list[str]:
        if not settings.DEMO_MODE:
            return ["the development SMS gateway is selected outside demo mode; use the HTTP gateway"]
        return []
