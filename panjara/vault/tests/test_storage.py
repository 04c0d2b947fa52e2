"""The vault's files at rest (R-V-1): sealed with authenticated encryption under a key outside
the database, bound to their row, and never left behind by a failed or deleted upload."""

import base64
import os
import uuid
from datetime import timedelta
from unittest import mock

import pytest

from panjara.audit.models import AuditEvent
from panjara.vault import crypto, storage
from panjara.vault.crypto import VaultIntegrityError
from panjara.vault.models import Document
from panjara.vault.selectors import vault_read
from panjara.vault.services import vault_delete, vault_store, vault_sweep_unreferenced
from panjara.vault.tests import samples

pytestmark = pytest.mark.django_db


def _store(citizen, actor, content=None, name="secret.pdf"):
    return vault_store(person=citizen, name=name, content=content or samples.pdf(), actor=actor)


def test_the_bytes_on_disk_do_not_contain_the_document(citizen, person_actor):
    content = samples.pdf("PLAINTEXT MARKER 01024085001")
    document = vault_store(person=citizen, name="secret.pdf", content=content, actor=person_actor)
    on_disk = storage.path_for(document.pk).read_bytes()
    assert b"PLAINTEXT MARKER" not in on_disk and b"%PDF" not in on_disk
    assert len(on_disk) == len(content) + 4 + 12 + 16  # format marker, nonce, tag
    assert vault_read(document=document) == content


def test_each_file_gets_its_own_nonce(citizen, person_actor):
    content = samples.png()
    first = vault_store(person=citizen, name="a.png", content=content, actor=person_actor)
    second = vault_store(person=citizen, name="b.png", content=content, actor=person_actor)
    assert storage.read(first.pk)[4:16] != storage.read(second.pk)[4:16]


def test_the_key_is_not_in_the_database_only_its_id(citizen, person_actor, settings):
    document = _store(citizen, person_actor)
    secret = base64.urlsafe_b64decode(settings.VAULT_KEY)
    assert document.key_id == crypto.key_id(secret) and secret.hex() not in document.key_id
    assert settings.VAULT_KEY not in str(Document.objects.filter(pk=document.pk).values().get())


def test_a_flipped_byte_on_disk_gives_an_error_not_wrong_content(citizen, person_actor):
    document = _store(citizen, person_actor)
    path = storage.path_for(document.pk)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(VaultIntegrityError):
        vault_read(document=document)


def test_swapping_two_rows_files_fails_to_open_either(citizen, person_actor):
    first = _store(citizen, person_actor, name="first.pdf")
    second = _store(citizen, person_actor, content=samples.pdf("another"), name="second.pdf")
    one, two = storage.path_for(first.pk), storage.path_for(second.pk)
    a, b = one.read_bytes(), two.read_bytes()
    one.write_bytes(b)
    two.write_bytes(a)
    for document in (first, second):
        with pytest.raises(VaultIntegrityError):
            vault_read(document=document)


def test_a_file_sealed_under_another_key_does_not_open(citizen, person_actor, settings):
    document = _store(citizen, person_actor)
    settings.VAULT_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(VaultIntegrityError):
        vault_read(document=document)


def test_after_a_key_rotation_old_files_open_with_the_retired_key(citizen, person_actor, settings):
    old = _store(citizen, person_actor, name="old.pdf")
    retired = settings.VAULT_KEY
    settings.VAULT_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    settings.VAULT_RETIRED_KEYS = [retired]
    new = _store(citizen, person_actor, name="new.pdf")
    assert new.key_id != old.key_id
    assert vault_read(document=old).startswith(b"%PDF-")
    assert vault_read(document=new).startswith(b"%PDF-")


def test_a_malformed_key_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.VAULT_KEY = "too-short"
    with pytest.raises(ImproperlyConfigured):
        crypto.active_key()


def test_a_failed_upload_leaves_no_file_and_no_row(citizen, person_actor, vault_root):
    with (
        mock.patch("panjara.vault.services.audit_record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        _store(citizen, person_actor)
    assert not Document.objects.exists()
    assert [path for path in vault_root.rglob("*") if path.is_file()] == []


def test_a_refused_upload_leaves_no_file_and_no_row(citizen, person_actor, vault_root):
    from panjara.vault.files import Rejected

    with pytest.raises(Rejected):
        vault_store(person=citizen, name="a.pdf", content=samples.png(), actor=person_actor)
    assert not Document.objects.exists()
    assert not vault_root.exists() or [p for p in vault_root.rglob("*") if p.is_file()] == []


def test_deleting_removes_the_file_from_disk_when_the_deletion_commits(
    citizen, person_actor, django_capture_on_commit_callbacks
):
    document = _store(citizen, person_actor)
    document_id, path = document.pk, storage.path_for(document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        vault_delete(document=document, actor=person_actor)
    assert not path.exists()
    assert not Document.objects.filter(pk=document_id).exists()
    assert AuditEvent.objects.filter(action="vault.deleted", object_id=str(document_id)).exists()


def test_the_sweep_removes_only_old_files_no_row_points_at(citizen, person_actor, clock, vault_root):
    kept = _store(citizen, person_actor)
    orphan = storage.write(uuid.uuid4(), b"sealed bytes of a rolled-back store")
    fresh = storage.write(uuid.uuid4(), b"a store whose transaction is still open")
    old = (clock() - timedelta(hours=2)).timestamp()
    for path in (storage.path_for(kept.pk), orphan):
        os.utime(path, (old, old))
    assert vault_sweep_unreferenced() == 1
    assert storage.path_for(kept.pk).exists() and fresh.exists() and not orphan.exists()
