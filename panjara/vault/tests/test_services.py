"""The vault's rules (R-V-1): the quota, agencies' issued documents that the person keeps but
cannot alter, and an audit event for every write, for the applications app and the pages alike."""

import pytest
from django.http import Http404

from panjara.audit.models import AuditEvent
from panjara.vault.files import Rejected
from panjara.vault.models import Document
from panjara.vault.selectors import vault_document, vault_documents, vault_read, vault_usage
from panjara.vault.services import (
    VaultError,
    vault_delete,
    vault_folder_create,
    vault_folder_delete,
    vault_store,
    vault_store_issued,
    vault_update,
)
from panjara.vault.tests import samples

pytestmark = pytest.mark.django_db


def _issued(citizen, **kwargs):
    return vault_store_issued(
        person=citizen.person,
        name=kwargs.pop("name", "ამონაწერი.pdf"),
        content=kwargs.pop("content", samples.pdf("extract")),
        issuer="napr",
        source_digest="sha-256=:abc:",
        **kwargs,
    )


def test_an_upload_over_the_quota_is_refused_with_the_space_left(citizen, person_actor, settings):
    first = samples.png(size=(64, 64))
    settings.VAULT_QUOTA_BYTES = len(first) + 100
    vault_store(person=citizen, name="one.png", content=first, actor=person_actor)
    with pytest.raises(Rejected) as caught:
        vault_store(person=citizen, name="two.pdf", content=samples.pdf(), actor=person_actor)
    assert caught.value.reason == "over_quota"
    assert Document.objects.filter(person=citizen.person).count() == 1
    usage = vault_usage(person=citizen)
    assert usage.used == len(first) and usage.free == 100 and usage.count == 1


def test_the_quota_is_per_person(citizen, other_citizen, person_actor, settings):
    content = samples.pdf()
    settings.VAULT_QUOTA_BYTES = len(content)
    vault_store(person=citizen, name="mine.pdf", content=content, actor=person_actor)
    from panjara.identity.services.accounts import person_actor as actor_of

    vault_store(person=other_citizen, name="theirs.pdf", content=content, actor=actor_of(other_citizen))
    assert vault_usage(person=other_citizen).used == len(content)


def test_an_issued_document_lands_marked_with_its_agency_and_digest(citizen):
    document = _issued(citizen)
    assert document.is_issued and document.issuer == "napr" and document.source_digest == "sha-256=:abc:"
    assert vault_read(document=document).startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="vault.issued")
    assert event.actor_kind == "agency" and event.actor_id == "napr"
    assert event.subject_person == citizen.personal_number


def test_an_issued_document_arrives_even_when_the_vault_is_full(citizen, settings):
    settings.VAULT_QUOTA_BYTES = 10
    assert _issued(citizen).pk


def test_an_issued_document_delivered_twice_is_kept_once(citizen):
    first = _issued(citizen, reference="msg-1/0")
    again = _issued(citizen, reference="msg-1/0")
    assert again.pk == first.pk and Document.objects.count() == 1


def test_an_issued_document_cannot_be_renamed_moved_or_deleted(citizen, person_actor):
    document = _issued(citizen)
    folder = vault_folder_create(person=citizen, name="Certificates", actor=person_actor)
    with pytest.raises(VaultError):
        vault_update(document=document, name="other.pdf", folder=None, actor=person_actor)
    with pytest.raises(VaultError):
        vault_update(document=document, name=document.name, folder=folder, actor=person_actor)
    with pytest.raises(VaultError):
        vault_delete(document=document, actor=person_actor)
    document.refresh_from_db()
    assert document.name == "ამონაწერი.pdf" and document.folder is None


def test_renaming_keeps_the_extension_honest(citizen, person_actor):
    document = vault_store(person=citizen, name="photo.png", content=samples.png(), actor=person_actor)
    assert (
        vault_update(document=document, name="passport", folder=None, actor=person_actor).name
        == "passport.png"
    )
    with pytest.raises(Rejected) as caught:
        vault_update(document=document, name="passport.pdf", folder=None, actor=person_actor)
    assert caught.value.reason == "mismatch"
    with pytest.raises(Rejected):
        vault_update(document=document, name="../passport.png", folder=None, actor=person_actor)


def test_folders_filter_and_deleting_one_keeps_its_documents(citizen, person_actor):
    folder = vault_folder_create(person=citizen, name="Car", actor=person_actor)
    inside = vault_store(
        person=citizen, name="a.png", content=samples.png(), folder=folder, actor=person_actor
    )
    outside = vault_store(person=citizen, name="b.png", content=samples.png(), actor=person_actor)
    issued = _issued(citizen)
    assert list(vault_documents(person=citizen, folder=folder)) == [inside]
    assert list(vault_documents(person=citizen, folder="none")) == [outside]
    assert list(vault_documents(person=citizen, folder="issued")) == [issued]
    with pytest.raises(VaultError):
        vault_folder_create(person=citizen, name="car", actor=person_actor)
    assert vault_folder_delete(folder=folder, actor=person_actor) == 1
    inside.refresh_from_db()
    assert inside.folder is None


def test_another_persons_folder_cannot_be_used(citizen, other_citizen, person_actor):
    from panjara.identity.services.accounts import person_actor as actor_of

    theirs = vault_folder_create(person=other_citizen, name="Theirs", actor=actor_of(other_citizen))
    with pytest.raises(VaultError):
        vault_store(person=citizen, name="a.png", content=samples.png(), folder=theirs, actor=person_actor)


def test_every_write_is_audited_about_the_person(citizen, person_actor, django_capture_on_commit_callbacks):
    folder = vault_folder_create(person=citizen, name="Home", actor=person_actor)
    document = vault_store(person=citizen, name="a.pdf", content=samples.pdf(), actor=person_actor)
    vault_update(document=document, name="b.pdf", folder=folder, actor=person_actor)
    with django_capture_on_commit_callbacks(execute=True):
        vault_delete(document=document, actor=person_actor)
    vault_folder_delete(folder=folder, actor=person_actor)
    events = AuditEvent.objects.filter(subject_person=citizen.personal_number, action__startswith="vault.")
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "vault.folder_created",
        "vault.uploaded",
        "vault.renamed",
        "vault.moved",
        "vault.deleted",
        "vault.folder_deleted",
    ]
    assert {event.actor_id for event in events} == {str(citizen.pk)}


def test_a_document_is_found_only_through_its_owner(citizen, other_citizen, person_actor):
    document = vault_store(person=citizen, name="a.pdf", content=samples.pdf(), actor=person_actor)
    assert vault_document(person=citizen, document_id=document.pk) == document
    assert vault_document(person=citizen, document_id=str(document.pk)) == document
    for wrong in (other_citizen, other_citizen.person):
        with pytest.raises(Http404):
            vault_document(person=wrong, document_id=document.pk)
    with pytest.raises(Http404):
        vault_document(person=citizen, document_id="not-a-uuid")
    assert list(vault_documents(person=other_citizen)) == []
