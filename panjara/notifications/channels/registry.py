"""Which client serves which channel. Adding a provider is one module and one line here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import EmailClient, SmsClient

SMS_GATEWAYS: dict[str, str] = {
    "development": "panjara.notifications.channels.sms_development.DevelopmentSmsGateway",
    "http": "panjara.notifications.channels.sms_http.HttpSmsGateway",
}
EMAIL_CLIENTS: dict[str, str] = {
    # Django's e-mail backend (SMTP, or the development mailbox in demo mode) is the one e-mail
    # client; the backend setting chooses where the message goes.
    "django": "panjara.notifications.channels.email.DjangoEmailClient",
}


def sms_client() -> SmsClient:
    name = settings.SMS.get("GATEWAY", "development")
    try:
        path = SMS_GATEWAYS[name]
    except KeyError:
        raise ImproperlyConfigured(f"SMS['GATEWAY']={name!r}: choose one of {sorted(SMS_GATEWAYS)}") from None
    return import_string(path)()


def email_client() -> EmailClient:
    return import_string(EMAIL_CLIENTS["django"])()


def client_for(channel: str) -> SmsClient | EmailClient:
    if channel == "sms":
        return sms_client()
    if channel == "email":
        return email_client()
    raise ValueError(f"unknown channel {channel!r}")


def configuration_problems() -> list[str]:
    """Every configured client's check_config(), for the system check."""
    problems: list[str] = []
    for channel in ("sms", "email"):
        try:
            problems += [f"{channel}: {problem}" for problem in client_for(channel).check_config()]
        except ImproperlyConfigured as error:
            problems.append(f"{channel}: {error}")
    return problems
