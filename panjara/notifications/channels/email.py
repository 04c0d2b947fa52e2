"""E-mail through Django's e-mail backend: SMTP in production, and in demo mode the development
mailbox (DevMailboxEmailBackend), so `make run` needs no SMTP server. The dotted path
panjara.notifications.channels.email.DevMailboxEmailBackend is named by settings/dev.py."""

from __future__ import annotations

import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .base import DeliveryResult, EmailClient, EmailMessage

DEV_BACKEND = "panjara.notifications.channels.email.DevMailboxEmailBackend"


class DjangoEmailClient(EmailClient):
    name = "django"

    def check_config(self) -> list[str]:
        if settings.EMAIL_BACKEND == DEV_BACKEND and not settings.DEMO_MODE:
            return ["the development mailbox e-mail backend is selected outside demo mode"]
        if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") and not settings.EMAIL_HOST:
            return ["EMAIL_HOST is not set"]
        return []

    def send(self, message: EmailMessage) -> DeliveryResult:
        # The Message-ID is derived from the notification's reference, so a retried delivery
        # carries the same id and receiving systems can recognise the duplicate.
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "panjara.invalid"
        message_id = f"<{message.reference}@{domain}>"
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={
                "Message-ID": message_id,
                "X-Panjara-Reference": message.reference,
                "Content-Language": message.language,
            },
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        try:
            sent = get_connection(fail_silently=False).send_messages([email])
        except smtplib.SMTPRecipientsRefused as error:
            return self._classify_refusal(error)
        except smtplib.SMTPResponseException as error:
            # SMTP reply codes: 5xx is a permanent refusal, 4xx asks to try again later.
            text = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
            if 500 <= error.smtp_code < 600:
                return DeliveryResult.permanent(text)
            return DeliveryResult.retry(text)
        except (smtplib.SMTPException, OSError) as error:
            return DeliveryResult.retry(f"{type(error).__name__}: {error}")
        if not sent:
            return DeliveryResult.retry("the e-mail backend accepted no message")
        # SMTP gives no provider id; the Message-ID is what a bounce or a log will quote.
        return DeliveryResult.sent(provider_message_id=message_id[:128])

    @staticmethod
    def _classify_refusal(error: smtplib.SMTPRecipientsRefused) -> DeliveryResult:
        codes = [code for code, _ in error.recipients.values()]
        text = f"recipient refused: {error.recipients!r}"
        if codes and all(500 <= code < 600 for code in codes):
            return DeliveryResult.permanent(text)
        return DeliveryResult.retry(text)


class DevMailboxEmailBackend(BaseEmailBackend):
    """Keeps e-mail in the development mailbox instead of sending it. Demo mode only."""

    def send_messages(self, email_messages) -> int:
        if not settings.DEMO_MODE:
            raise ImproperlyConfigured("DevMailboxEmailBackend works only in demo mode")
        from panjara.notifications.services import devmailbox_store

        count = 0
        for email in email_messages:
            html = ""
            for content, mimetype in getattr(email, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            devmailbox_store(
                channel="email",
                to=", ".join(email.recipients()),
                sender=email.from_email or settings.DEFAULT_FROM_EMAIL,
                subject=str(email.subject),
                body=str(email.body),
                html_body=html,
                language=email.extra_headers.get("Content-Language", ""),
                reference=email.extra_headers.get("X-Panjara-Reference", ""),
            )
            count += 1
        return count
