"""Message templates, registered by key. Each is a small set of Django template files rendered
under translation.override(language), so the Georgian and English texts live in this app's
catalogs like every other string. Later issues register their own keys with register()."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from panjara.core import clock


@dataclass(frozen=True, kw_only=True)
class MessageTemplate:
    key: str
    description: str
    channels: frozenset[str] = frozenset({"sms", "email"})
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    # Where the files live: subject.txt, body.txt, optional body.html (e-mail) and sms.txt.
    directory: str = ""

    def path(self, part: str) -> str:
        return f"{self.directory or f'notifications/messages/{self.key}'}/{part}"


@dataclass(frozen=True, kw_only=True)
class RenderedMessage:
    subject: str = ""
    text: str
    html: str = ""


@dataclass
class _Registry:
    templates: dict[str, MessageTemplate] = field(default_factory=dict)


_registry = _Registry()


def register(template: MessageTemplate) -> MessageTemplate:
    existing = _registry.templates.get(template.key)
    if existing is not None and existing != template:
        raise ValueError(f"message template {template.key!r} is already registered differently")
    _registry.templates[template.key] = template
    return template


def get(key: str) -> MessageTemplate:
    try:
        return _registry.templates[key]
    except KeyError:
        raise LookupError(f"no message template {key!r}") from None


def keys() -> list[str]:
    return sorted(_registry.templates)


def check_context(template: MessageTemplate, context: dict[str, Any]) -> None:
    missing = template.required - context.keys()
    unknown = context.keys() - template.required - template.optional
    if missing or unknown:
        # A typo in a context key would otherwise render as an empty string, silently.
        raise ValueError(f"template {template.key!r}: missing {sorted(missing)}, unknown {sorted(unknown)}")


def _one_line(text: str) -> str:
    # A subject is a header: no line breaks, whatever a translation contains.
    return re.sub(r"\s+", " ", text).strip()


def render(
    *, template: MessageTemplate, channel: str, context: dict[str, Any], language: str
) -> RenderedMessage:
    full = {
        "portal_url": settings.PUBLIC_URL,
        "support_phone": settings.SUPPORT["PHONE"],
        "support_email": settings.SUPPORT["EMAIL"],
        "now": clock.now(),
        **context,
    }
    # The worker and management commands have no request: language and time zone are set here.
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        if channel == "sms":
            return RenderedMessage(text=render_to_string(template.path("sms.txt"), full).strip())
        subject = _one_line(render_to_string(template.path("subject.txt"), full))
        text = render_to_string(template.path("body.txt"), full).strip() + "\n"
        try:
            html = render_to_string(template.path("body.html"), full).strip()
        except TemplateDoesNotExist:
            html = ""
        return RenderedMessage(subject=subject, text=text, html=html)


TEST = register(
    MessageTemplate(
        key="test",
        description=_("Test message: checks that a channel delivers."),
        optional=frozenset({"code"}),
    )
)
SECURITY_NOTICE = register(
    MessageTemplate(
        key="security.notice",
        description=_("Security notice: something important happened to the account."),
        required=frozenset({"event"}),
        optional=frozenset({"occurred_at"}),
    )
)
