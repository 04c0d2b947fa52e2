"""What the portal takes into the vault and as attachments (R-V-1): PDF, JPEG and PNG decided by
their bytes, and every other file refused with a reason the person can act on."""

import pytest
from django.utils import translation

from panjara.vault.files import Rejected, check_name, inspect_upload
from panjara.vault.tests import samples


def _rejected(**kwargs) -> Rejected:
    with pytest.raises(Rejected) as caught:
        inspect_upload(**kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "declared", "content_type"),
    [
        ("ცნობა.pdf", samples.pdf(), "application/pdf", "application/pdf"),
        ("scan.PDF", samples.pillow_pdf(), "application/octet-stream", "application/pdf"),
        ("photo.jpg", samples.jpeg(), "image/jpeg", "image/jpeg"),
        ("photo.jpeg", samples.jpeg(), "image/pjpeg", "image/jpeg"),
        ("map.png", samples.png(), "image/png", "image/png"),
    ],
)
def test_each_allowed_type_is_accepted_by_its_content(name, content, declared, content_type):
    inspected = inspect_upload(name=name, content=content, declared_type=declared)
    assert inspected.content_type == content_type
    assert inspected.name == name
    assert inspected.size == len(content) and len(inspected.sha256) == 64


def test_a_name_without_an_extension_gets_the_one_its_content_has():
    assert inspect_upload(name="passport scan", content=samples.png()).name == "passport scan.png"
    assert inspect_upload(name="Mr. Beridze", content=samples.pdf()).name == "Mr. Beridze.pdf"


def test_a_georgian_name_is_kept_in_composed_unicode_form():
    decomposed = "cafe\u0301 ცნობა.pdf"
    assert inspect_upload(name=decomposed, content=samples.pdf()).name == "café ცნობა.pdf"


def test_a_png_renamed_to_pdf_is_refused_as_claiming_to_be_another_type():
    with translation.override("en"):
        rejected = _rejected(name="certificate.pdf", content=samples.png(), declared_type="application/pdf")
    assert rejected.reason == "mismatch"
    assert "PNG image" in rejected.message


def test_a_declared_type_that_disagrees_with_the_content_is_refused():
    rejected = _rejected(name="photo", content=samples.jpeg(), declared_type="application/pdf")
    assert rejected.reason == "mismatch"
    assert _rejected(name="page", content=samples.png(), declared_type="text/html").reason == "mismatch"


def test_a_zip_renamed_to_pdf_is_refused_as_an_archive():
    with translation.override("en"):
        rejected = _rejected(
            name="documents.pdf", content=samples.zip_archive(), declared_type="application/pdf"
        )
    assert rejected.reason == "archive"
    assert "ZIP archive" in rejected.message


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64, "RAR"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64, "7z"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "gzip"),
        (b"\x00" * 257 + b"ustar\x0000" + b"\x00" * 64, "tar"),
    ],
)
def test_other_archives_are_refused(content, kind):
    with translation.override("en"):
        rejected = _rejected(name="bundle.pdf", content=content)
    assert rejected.reason == "archive" and kind in rejected.message


def test_a_word_document_is_refused_as_an_office_archive_with_advice_to_save_as_pdf():
    with translation.override("en"):
        rejected = _rejected(
            name="application.docx",
            content=samples.docx(),
            declared_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    assert rejected.reason == "office"
    assert "Save it as PDF" in rejected.message


def test_an_image_with_an_archive_glued_on_is_refused():
    rejected = _rejected(name="photo.png", content=samples.png() + samples.zip_archive())
    assert rejected.reason == "archive"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00 an executable",
        b"GIF89a\x01\x00\x01\x00",
        b"plain text",
    ],
)
def test_other_types_are_refused(content):
    with translation.override("ka"):
        rejected = _rejected(name="file", content=content)
    assert rejected.reason == "type"
    assert rejected.message and "PDF" in rejected.message


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.VAULT_MAX_FILE_BYTES = 1000
    with translation.override("en"):
        rejected = _rejected(
            name="big.png", content=samples.png(size=(400, 400), colour="red") + b"\x00" * 1000
        )
    assert rejected.reason == "too_big"
    assert "largest file you can add" in rejected.message


def test_an_empty_file_is_refused():
    assert _rejected(name="empty.pdf", content=b"").reason == "empty"


def test_a_truncated_image_is_refused_as_damaged():
    whole = samples.jpeg(size=(300, 300), colour="orange")
    assert _rejected(name="cut.jpg", content=whole[: len(whole) // 2]).reason == "damaged"
    png = samples.png(size=(300, 300))
    assert _rejected(name="cut.png", content=png[: len(png) - 30]).reason == "damaged"


def test_a_file_that_only_starts_like_an_image_is_refused():
    assert _rejected(name="fake.png", content=b"\x89PNG\r\n\x1a\n" + b"not an image" * 10).reason == "damaged"
    assert _rejected(name="fake.jpg", content=b"\xff\xd8\xff\xe0" + b"junk" * 20).reason == "damaged"


def test_a_pdf_without_its_end_marker_is_refused():
    whole = samples.pdf()
    assert _rejected(name="cut.pdf", content=whole[: whole.rindex(b"%%EOF")]).reason == "damaged"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..",
        "folder/file.pdf",
        "C:\\Users\\file.pdf",
        "file\x00.pdf",
        "file\n.pdf",
        "invoice\u202efdp.exe",
        ".htaccess",
        ".hidden.pdf",
        "a" * 200 + ".pdf",
        "",
        "   ",
        "trailing.",
        "CON.pdf",
    ],
)
def test_a_name_with_path_tricks_is_refused(name):
    rejected = _rejected(name=name, content=samples.pdf())
    assert rejected.reason == "name"
    with pytest.raises(Rejected):
        check_name(name)


def test_every_reason_reads_in_georgian_too():
    with translation.override("ka"):
        messages = [
            _rejected(name="a/b.pdf", content=samples.pdf()).message,
            _rejected(name="a.pdf", content=samples.png()).message,
            _rejected(name="a.pdf", content=samples.zip_archive()).message,
            _rejected(name="a", content=b"text").message,
        ]
    for message in messages:
        assert any("\u10d0" <= ch <= "\u10ff" for ch in message), message


def test_a_truncated_image_is_refused_even_when_pillow_is_told_to_accept_truncated_files(monkeypatch):
    # WeasyPrint, which the portal imports for the hall's PDFs, turns this global on.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = samples.jpeg(size=(300, 300), colour="orange")
    assert _rejected(name="cut.jpg", content=whole[: len(whole) // 2]).reason == "damaged"
    png = samples.png(size=(300, 300))
    assert _rejected(name="cut.png", content=png[: len(png) - 30]).reason == "damaged"
    assert inspect_upload(name="whole.jpg", content=whole).content_type == "image/jpeg"
