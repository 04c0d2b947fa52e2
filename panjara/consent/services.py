"""Writing terms of use versions and people's decisions. Publishing is the DEA's unilateral change
of the terms (R-C-2): it is audited in the same transaction, so a version exists exactly when its
audit event does, and once it commits everyone is told (inbox and e-mail, in background batches)."""

from __future__ import annotations

import hashlib
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from panjara.audit.services import Actor, audit_record
from panjara.core import clock
from panjara.identity.preferences import TERMS, channels_for
from panjara.inbox.models import InboxMessage
from panjara.inbox.services import inbox_post_many
from panjara.notifications.services import notification_send

from . import selectors
from .messages import TERMS_CHANGED
from .models import TermsDecision, TermsVersion

logger = logging.getLogger(__name__)

# Accounts per background job when a new version is announced: small enough that one job is a
# short transaction, large enough that a million accounts are two thousand jobs.
ANNOUNCE_BATCH = 500


class TermsError(Exception):
    pass


def text_hash(text: str) -> str:
    """SHA-256 of the exact text (UTF-8): what a later acceptance records as "the text I saw"."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _publish(*, terms: TermsVersion, published_by) -> TermsVersion:
    # The unique constraint on version is the guard against two administrators publishing at
    # the same moment: the second transaction fails instead of both getting the same number.
    latest = TermsVersion.objects.aggregate(latest=Max("version"))["latest"] or 0
    terms.version = latest + 1
    terms.published_at = clock.now()
    terms.published_by = published_by
    terms.text_hash_ka = text_hash(terms.text_ka)
    terms.text_hash_en = text_hash(terms.text_en)
    terms.save()
    audit_record(
        actor=Actor(kind="staff", id=str(published_by.pk), label=published_by.email),
        action="terms.published",
        object_type="terms",
        object_id=str(terms.version),
        purpose="terms",
        detail={"text_hash_ka": terms.text_hash_ka, "text_hash_en": terms.text_hash_en},
    )
    transaction.on_commit(partial(_enqueue_announcement, terms.pk))
    return terms


def _enqueue_announcement(terms_id: int) -> None:
    from .tasks import announce_terms

    announce_terms.enqueue(terms_id)


def _check_texts(*, text_ka: str, text_en: str) -> None:
    if not text_ka.strip() or not text_en.strip():
        raise TermsError(_("The terms need a text in Georgian and in English."))


@transaction.atomic
def terms_publish(
    *, text_ka: str, text_en: str, summary_ka: str, summary_en: str, published_by
) -> TermsVersion:
    """Publish a new version of the terms; it becomes the current one."""
    _check_texts(text_ka=text_ka, text_en=text_en)
    terms = TermsVersion(text_ka=text_ka, text_en=text_en, summary_ka=summary_ka, summary_en=summary_en)
    return _publish(terms=terms, published_by=published_by)


@transaction.atomic
def terms_draft_publish(*, draft_id: int, published_by) -> TermsVersion:
    """Publish a draft the administrator prepared in the back office (the admin "publish" action)."""
    terms = TermsVersion.objects.select_for_update().get(pk=draft_id)
    if terms.is_published:
        raise TermsError(_("Version %(version)d is already published.") % {"version": terms.version})
    _check_texts(text_ka=terms.text_ka, text_en=terms.text_en)
    return _publish(terms=terms, published_by=published_by)


@transaction.atomic
def terms_decide(*, user, terms: TermsVersion, decision: str, language: str) -> TermsDecision:
    """Record a person's acceptance or refusal of a published version, with the hash of the text in
    the language they read it in, and audit it in the same transaction."""
    if not terms.is_published:
        raise TermsError(_("Only a published version can be accepted or refused."))
    if decision not in TermsDecision.Decision.values:
        raise TermsError(_("Unknown decision."))
    language = "en" if language == "en" else "ka"
    row = TermsDecision.objects.create(
        user=user,
        terms=terms,
        decision=decision,
        language=language,
        text_hash=terms.text_hash_in(language),
        decided_at=clock.now(),
    )
    audit_record(
        actor=Actor(kind="person", id=str(user.pk), label=user.email),
        action=f"terms.{decision}",
        subject_person=user.personal_number,
        object_type="terms",
        object_id=str(terms.version),
        purpose="terms",
        detail={"language": language, "text_hash": row.text_hash},
    )
    return row


def _person_actor(user) -> Actor:
    return Actor(kind="person", id=str(user.pk), label=user.email)


def account_data_export(*, user) -> dict[str, Any]:
    """The person's data for download (R-C-5), with the export itself recorded in the audit log
    (and so in the file: the event is written first)."""
    with transaction.atomic():
        audit_record(
            actor=_person_actor(user),
            action="account.exported",
            subject_person=user.personal_number,
            object_type="account",
            object_id=str(user.pk),
            purpose="export",
        )
        data = selectors.account_data(user=user)
    return {"exported_at": clock.now().isoformat(), "portal": settings.PUBLIC_URL, **data}


# Announcing a new version (R-C-2). Publishing only enqueues one job; that job splits the
# accounts into ranges of ids and enqueues a job per range, so publishing takes the same time for
# ten accounts or a million, and several workers share the work.


def terms_announce(*, terms_id: int, batch_size: int | None = None) -> int:
    """Enqueue one announcement job per batch of recipients; returns the number of batches."""
    from .tasks import announce_terms_batch

    batch_size = batch_size or ANNOUNCE_BATCH
    batches = 0
    chunk: list[int] = []
    ids = selectors.terms_announcement_recipients().values_list("pk", flat=True)
    for pk in ids.iterator(chunk_size=batch_size * 4):
        chunk.append(pk)
        if len(chunk) == batch_size:
            announce_terms_batch.enqueue(terms_id, chunk[0], chunk[-1])
            batches += 1
            chunk = []
    if chunk:
        announce_terms_batch.enqueue(terms_id, chunk[0], chunk[-1])
        batches += 1
    logger.info("terms %s: announcement split into %s batch(es)", terms_id, batches)
    return batches


def _announcement_texts(terms: TermsVersion) -> tuple[dict[str, str], dict[str, str]]:
    subject, body = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            subject[language] = _("The terms of use have changed")
            paragraphs = [
                _("The Data Exchange Agency has published version %(version)s of the portal's terms of use.")
                % {"version": terms.version}
            ]
            summary = terms.summary_in(language).strip()
            if summary:
                paragraphs.append(_("What changed: %(summary)s") % {"summary": summary})
            paragraphs.append(
                _(
                    "Read the new terms and accept or refuse them. You can use the portal again "
                    "as soon as you have accepted them."
                )
            )
            body[language] = "\n\n".join(paragraphs)
    return subject, body


def terms_announce_batch(*, terms_id: int, first_id: int, last_id: int) -> int:
    """Tell the recipients with ids from first_id to last_id that version `terms_id` was published:
    an inbox message for each, and an e-mail in the account's language to each confirmed address
    whose owner has not turned e-mail off for terms changes.
    One message per person and version, however often the job runs. Returns how many were told."""
    terms = TermsVersion.objects.get(pk=terms_id, published_at__isnull=False)
    if terms != selectors.terms_current():
        # A newer version was published before this batch ran: its own announcement tells the
        # same people, and the decide page lists every change since the version they accepted.
        return 0
    subject, body = _announcement_texts(terms)
    link = reverse("consent:decide")
    decide_url = settings.PUBLIC_URL.rstrip("/") + link
    # Someone who already accepted this version (a new account accepting at its first sign-in,
    # before its batch ran) has nothing to be told.
    accepted = TermsDecision.objects.filter(
        user=OuterRef("pk"), terms=terms, decision=TermsDecision.Decision.ACCEPTED
    )
    users = (
        selectors.terms_announcement_recipients()
        .filter(pk__gte=first_id, pk__lte=last_id)
        .exclude(Exists(accepted))
    )
    with transaction.atomic():
        posted = inbox_post_many(
            users=users,
            kind=InboxMessage.Kind.TERMS_CHANGED,
            subject=subject,
            body=body,
            link=link,
            reference=f"terms:{terms.version}",
        )
        for message in posted:
            user = message.user
            # The person's choice for terms changes, limited to confirmed contacts; without
            # e-mail they still have the inbox message.
            if "email" not in channels_for(user=user, group=TERMS):
                continue
            language = "en" if user.language == "en" else "ka"
            notification_send(
                channel="email",
                to=user.email,
                template=TERMS_CHANGED.key,
                context={
                    "version": terms.version,
                    "summary": terms.summary_in(language).strip(),
                    "decide_url": decide_url,
                },
                language=language,
                user=user,
            )
    return len(posted)
