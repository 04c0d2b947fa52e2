"""The vault's pages (R-V-1) as a person uses them: upload with reasons for refusals that keep
what was typed, download and preview that never render a file inline, rename, move and delete,
and nothing of another person's reachable by any vault URL."""

import io
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from PIL import Image

from panjara.identity.services.accounts import person_actor
from panjara.identity.testing import sign_in
from panjara.vault import storage, urls
from panjara.vault.models import Document
from panjara.vault.services import vault_folder_create, vault_store, vault_store_issued
from panjara.vault.tests import samples

pytestmark = pytest.mark.django_db

LIST = reverse("vault:list")
UPLOAD = reverse("vault:upload")


def _upload(client, filename, content, content_type="application/octet-stream", **fields):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile(filename, content, content_type=content_type), **fields}
    )


def _store(user, name="ცნობა.pdf", content=None):
    return vault_store(person=user, name=name, content=content or samples.pdf(), actor=person_actor(user))


@pytest.mark.parametrize("language", ["ka", "en"])
def test_the_vault_pages_have_one_heading_and_are_never_cached(citizen_client, citizen, settings, language):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    document = _store(citizen)
    for url in (
        LIST,
        UPLOAD,
        reverse("vault:document", args=[document.pk]),
        reverse("vault:delete", args=[document.pk]),
    ):
        response = citizen_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1 and f'<html lang="{language}"' in html
        assert "no-store" in response["Cache-Control"]
        assert re.search(r"\sstyle\s*=", html) is None
    html = citizen_client.get(LIST).content.decode()
    assert "<meter" in html and 'aria-labelledby="vault-usage-text"' in html
    assert ("დოკუმენტების საცავი" if language == "ka" else "Document vault") in html


def test_an_uploaded_pdf_is_listed_and_opens_on_its_page(citizen_client, citizen):
    response = _upload(citizen_client, "ცნობა.pdf", samples.pdf(), "application/pdf")
    document = Document.objects.get(person=citizen.person)
    assert response.status_code == 302 and response["Location"] == reverse(
        "vault:document", args=[document.pk]
    )
    assert document.name == "ცნობა.pdf" and document.content_type == "application/pdf"
    assert "ცნობა.pdf" in citizen_client.get(LIST).content.decode()
    page = citizen_client.get(response["Location"]).content.decode()
    assert f'src="{reverse("vault:preview", args=[document.pk])}"' in page


def test_an_upload_goes_into_the_chosen_folder_under_the_typed_name(citizen_client, citizen):
    folder = vault_folder_create(person=citizen, name="Car", actor=person_actor(citizen))
    _upload(
        citizen_client,
        "IMG_0001.JPG",
        samples.jpeg(),
        "image/jpeg",
        name="Driving licence",
        folder=str(folder.pk),
    )
    document = Document.objects.get(person=citizen.person)
    assert document.name == "Driving licence.jpg" and document.folder == folder
    listed = citizen_client.get(LIST, {"folder": str(folder.pk)}).content.decode()
    assert "Driving licence.jpg" in listed


def test_an_upload_error_keeps_the_typed_fields_and_says_why(citizen_client, citizen, settings):
    folder = vault_folder_create(person=citizen, name="Passport", actor=person_actor(citizen))
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _upload(
        citizen_client,
        "scan.pdf",
        samples.zip_archive(),
        "application/pdf",
        name="My passport",
        folder=str(folder.pk),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_file"' in html
    assert "ZIP archive" in html and 'aria-invalid="true"' in html
    assert 'value="My passport"' in html
    assert re.search(rf'<option value="{folder.pk}" selected>', html)
    assert not Document.objects.exists()


def test_a_typed_name_that_hides_another_type_is_reported_on_the_name_field(citizen_client, settings):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _upload(citizen_client, "photo.png", samples.png(), "image/png", name="certificate.pdf")
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#id_name"' in html and "PNG image" in html
    assert 'value="certificate.pdf"' in html


def test_a_file_over_the_limit_is_refused_by_its_size(citizen_client, settings):
    settings.VAULT_MAX_FILE_BYTES = 2000
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _upload(citizen_client, "big.pdf", samples.pdf() + b"%" * 50_000, "application/pdf")
    assert response.status_code == 400 and "the largest file you can add is 2.0" in response.content.decode()
    assert not Document.objects.exists()


def test_an_upload_over_the_quota_is_refused_on_the_page(citizen_client, citizen, settings):
    settings.VAULT_QUOTA_BYTES = 100
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _upload(citizen_client, "a.pdf", samples.pdf(), "application/pdf")
    assert response.status_code == 400 and "Your vault has 100" in response.content.decode()


def test_the_upload_needs_the_csrf_token(citizen):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, citizen)
    assert _upload(client, "a.pdf", samples.pdf(), "application/pdf").status_code == 403
    assert not Document.objects.exists()


def test_a_download_is_always_an_attachment_with_the_stored_type(citizen_client, citizen):
    content = samples.png()
    document = _store(citizen, name="ჩემი ფოტო.png", content=content)
    response = citizen_client.get(reverse("vault:download", args=[document.pk]))
    assert response.status_code == 200 and response.content == content
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('ჩემი ფოტო.png')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "content"), [("photo.jpg", samples.jpeg(size=(1600, 1200))), ("page.pdf", samples.pdf())]
)
def test_the_preview_of_an_image_or_a_pdf_is_a_png_made_by_the_portal(citizen_client, citizen, name, content):
    document = _store(citizen, name=name, content=content)
    response = citizen_client.get(reverse("vault:preview", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n") and response.content != content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as preview:
        assert preview.format == "PNG" and max(preview.size) <= 900


def test_a_tampered_file_is_not_served(citizen_client, citizen):
    document = _store(citizen)
    path = storage.path_for(document.pk)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    response = citizen_client.get(reverse("vault:download", args=[document.pk]))
    assert response.status_code == 500 and b"%PDF" not in response.content


def test_renaming_and_moving_on_the_document_page(citizen_client, citizen):
    document = _store(citizen, name="scan.pdf")
    folder = vault_folder_create(person=citizen, name="Tax", actor=person_actor(citizen))
    url = reverse("vault:document", args=[document.pk])
    response = citizen_client.post(url, {"name": "საგადასახადო", "folder": str(folder.pk)})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.name == "საგადასახადო.pdf" and document.folder == folder
    refused = citizen_client.post(url, {"name": "../x.pdf", "folder": ""})
    assert refused.status_code == 400 and 'href="#id_name"' in refused.content.decode()


def test_deleting_asks_first_then_removes_the_document_and_its_file(
    citizen_client, citizen, django_capture_on_commit_callbacks
):
    document = _store(citizen)
    url = reverse("vault:delete", args=[document.pk])
    assert citizen_client.get(url).status_code == 200
    assert Document.objects.filter(pk=document.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not storage.path_for(document.pk).exists()


def test_an_issued_document_shows_no_change_forms_and_refuses_changes(citizen_client, citizen):
    document = vault_store_issued(
        person=citizen, name="certificate.pdf", content=samples.pdf(), issuer="psda"
    )
    page = citizen_client.get(reverse("vault:document", args=[document.pk])).content.decode()
    assert "psda" in page and 'name="name"' not in page
    assert (
        citizen_client.post(reverse("vault:document", args=[document.pk]), {"name": "x.pdf"}).status_code
        == 403
    )
    assert citizen_client.get(reverse("vault:delete", args=[document.pk])).status_code == 403
    assert citizen_client.post(reverse("vault:delete", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.name == "certificate.pdf" and storage.path_for(document.pk).exists()


def test_folders_are_created_and_deleted_from_the_list(citizen_client, citizen):
    response = citizen_client.post(reverse("vault:folder_create"), {"folder-name": "Health"})
    folder = citizen.person.vault_folders.get()
    assert response.status_code == 302 and folder.name == "Health"
    assert citizen_client.post(reverse("vault:folder_create"), {"folder-name": ""}).status_code == 400
    assert citizen_client.post(reverse("vault:folder_delete", args=[folder.pk])).status_code == 302
    assert not citizen.person.vault_folders.exists()


def _vault_urls_with_ids() -> set[str]:
    return {
        pattern.name
        for pattern in get_resolver(urls).url_patterns
        if isinstance(pattern, URLPattern) and pattern.pattern.converters
    }


def test_person_a_gets_404_for_person_b_document_on_every_vault_url(citizen_client, other_citizen):
    theirs = _store(other_citizen)
    folder = vault_folder_create(person=other_citizen, name="B", actor=person_actor(other_citizen))
    attempts = {
        "document": ({"document_id": theirs.pk}, ["get", "post"]),
        "download": ({"document_id": theirs.pk}, ["get"]),
        "preview": ({"document_id": theirs.pk}, ["get"]),
        "delete": ({"document_id": theirs.pk}, ["get", "post"]),
        "folder_delete": ({"folder_id": folder.pk}, ["post"]),
    }
    assert set(attempts) == _vault_urls_with_ids()
    for name, (kwargs, methods) in attempts.items():
        for method in methods:
            response = getattr(citizen_client, method)(
                reverse(f"vault:{name}", kwargs=kwargs), {"name": "x.pdf"}
            )
            assert response.status_code == 404, (name, method)
    assert citizen_client.get(LIST, {"folder": str(folder.pk)}).status_code == 404
    assert (
        Document.objects.filter(pk=theirs.pk).exists()
        and folder.__class__.objects.filter(pk=folder.pk).exists()
    )


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in (LIST, UPLOAD):
        response = client.get(url)
        assert response.status_code == 302 and reverse("identity:signin") in response["Location"]


def test_an_account_without_a_person_has_no_vault(client, django_user_model):
    staff = django_user_model.objects.create_user(
        "staff@example.ge", "a long enough pass phrase", is_staff=True
    )
    sign_in(client, staff)
    assert client.get(LIST).status_code == 404
