"""Writing terms of use versions. Publishing is the DEA's unilateral change of the terms (R-C-2):
it is audited in the same transaction, so a version exists exactly when its audit event does."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from panjara.audit.services import Actor, audit_record
from panjara.core import clock

from .models import TermsVersion


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
    return terms


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
