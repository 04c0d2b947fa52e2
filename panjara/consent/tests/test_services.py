import hashlib

import pytest

from panjara.audit.models import AuditEvent
from panjara.consent.demo import demo_terms
from panjara.consent.models import TermsVersion
from panjara.consent.selectors import terms_current, terms_history
from panjara.consent.services import TermsError, terms_draft_publish, terms_publish

pytestmark = pytest.mark.django_db


def publish(administrator, n: int) -> TermsVersion:
    return terms_publish(
        text_ka=f"ტექსტი {n}",
        text_en=f"Text {n}",
        summary_ka=f"ცვლილება {n}",
        summary_en=f"Change {n}",
        published_by=administrator,
    )


def test_before_anything_is_published_there_are_no_current_terms():
    assert terms_current() is None
    assert terms_history() == []


def test_publishing_makes_a_new_current_version_and_keeps_the_earlier_ones(administrator):
    first = publish(administrator, 1)
    second = publish(administrator, 2)
    assert (first.version, second.version) == (1, 2)
    assert terms_current() == second
    assert terms_history() == [second, first]
    assert second.published_by == administrator
    assert second.published_at is not None


def test_publishing_stores_the_sha256_of_each_exact_text(administrator):
    terms = publish(administrator, 1)
    assert terms.text_hash_ka == hashlib.sha256("ტექსტი 1".encode()).hexdigest()
    assert terms.text_hash_en == hashlib.sha256(b"Text 1").hexdigest()
    assert terms.text_hash_in("en") == terms.text_hash_en


def test_publishing_writes_an_audit_event_naming_the_administrator(administrator):
    terms = publish(administrator, 1)
    event = AuditEvent.objects.get(action="terms.published")
    assert event.actor_kind == "staff"
    assert event.actor_id == str(administrator.pk)
    assert event.actor_label == "dea-admin@example.ge"
    assert (event.object_type, event.object_id, event.purpose) == ("terms", "1", "terms")
    assert event.detail["text_hash_ka"] == terms.text_hash_ka


def test_a_failed_audit_leaves_no_published_version(administrator, monkeypatch):
    from panjara.consent import services

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        publish(administrator, 1)
    assert TermsVersion.objects.count() == 0


def test_terms_need_both_languages(administrator):
    with pytest.raises(TermsError):
        terms_publish(
            text_ka="ტექსტი", text_en="  ", summary_ka="", summary_en="", published_by=administrator
        )
    assert TermsVersion.objects.count() == 0


def test_a_draft_is_invisible_until_published(administrator):
    publish(administrator, 1)
    draft = TermsVersion.objects.create(text_ka="ახალი", text_en="New", summary_ka="ს", summary_en="S")
    assert draft.version is None
    assert terms_current().version == 1
    published = terms_draft_publish(draft_id=draft.pk, published_by=administrator)
    assert published.pk == draft.pk
    assert published.version == 2
    assert terms_current() == published
    with pytest.raises(TermsError):
        terms_draft_publish(draft_id=draft.pk, published_by=administrator)
    assert AuditEvent.objects.filter(action="terms.published").count() == 2


def test_the_demo_terms_are_complete_in_both_languages(administrator):
    kwargs = demo_terms()
    assert set(kwargs) == {"text_ka", "text_en", "summary_ka", "summary_en"}
    assert kwargs["text_ka"].count("\n## ") == kwargs["text_en"].count("\n## ") >= 10
    assert "იუსტიციის სახლ" in kwargs["text_ka"] and "Public Service Hall" in kwargs["text_en"]
    assert terms_publish(**kwargs, published_by=administrator).version == 1
