"""Writing inbox messages. Posting is not audited: a message is the portal speaking to the
person, not a use of their data, and whatever caused it (a terms publication, a security event)
is audited by the app that sends it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise

from panjara.core import clock

from .models import InboxMessage

LANGUAGES = ("ka", "en")

# Either the text in each language, or a lazy translation that is rendered in each language here.
Text = Mapping[str, str] | Promise


class InboxError(ValueError):
    pass


def _in_each_language(value: Text, *, field: str) -> dict[str, str]:
    if isinstance(value, Promise):
        texts = {}
        for language in LANGUAGES:
            with translation.override(language):
                texts[language] = str(value)
        return texts
    if isinstance(value, Mapping):
        missing = [language for language in LANGUAGES if not str(value.get(language, "")).strip()]
        if missing:
            raise InboxError(f"{field}: no text in {', '.join(missing)}")
        return {language: str(value[language]) for language in LANGUAGES}
    # A plain string would reach a Georgian reader in English or the other way round.
    raise InboxError(f"{field}: give a text per language or a lazy translation, not {type(value).__name__}")


def _check_link(link: str) -> str:
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise InboxError(f"link must be a path inside the portal, not {link!r}")
    return link


def _message(*, user, kind: str, subject: dict[str, str], body: dict[str, str], link: str, reference: str):
    if kind not in InboxMessage.Kind.values:
        raise InboxError(f"unknown kind {kind!r}")
    return InboxMessage(
        user=user,
        kind=kind,
        subject_ka=subject["ka"][:255],
        subject_en=subject["en"][:255],
        body_ka=body["ka"],
        body_en=body["en"],
        link=link,
        reference=reference,
        created_at=clock.now(),
    )


def inbox_post(
    *, user, kind: str, subject: Text, body: Text, link: str = "", reference: str = ""
) -> InboxMessage:
    """Post one message to one person."""
    message = _message(
        user=user,
        kind=kind,
        subject=_in_each_language(subject, field="subject"),
        body=_in_each_language(body, field="body"),
        link=_check_link(link),
        reference=reference,
    )
    message.save()
    return message


def inbox_post_many(
    *, users: Iterable, kind: str, subject: Text, body: Text, link: str = "", reference: str = ""
) -> list[InboxMessage]:
    """Post the same message to many people in one insert. With a reference, people who already
    have a message with that reference are skipped (a batch that runs again sends nothing twice)."""
    texts = {
        "subject": _in_each_language(subject, field="subject"),
        "body": _in_each_language(body, field="body"),
    }
    _check_link(link)
    users = list(users)
    if reference:
        already = set(
            InboxMessage.objects.filter(user__in=users, reference=reference).values_list("user_id", flat=True)
        )
        users = [user for user in users if user.pk not in already]
    messages = [_message(user=user, kind=kind, link=link, reference=reference, **texts) for user in users]
    return InboxMessage.objects.bulk_create(messages)


def inbox_mark_read(*, message: InboxMessage) -> InboxMessage:
    """Mark one message read; reading it again keeps the first moment."""
    if message.read_at is None:
        message.read_at = clock.now()
        # Conditional, so two tabs opening the message at once keep the first moment.
        InboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


@transaction.atomic
def inbox_mark_all_read(*, user) -> int:
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).update(read_at=clock.now())
