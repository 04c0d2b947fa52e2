import pytest
from django.conf import settings

from panjara.consent.models import TermsVersion
from panjara.consent.services import terms_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(administrator):
    terms_publish(
        text_ka="## პირველი\nძველი ტექსტი.",
        text_en="## First\nOld text.",
        summary_ka="პირველი ვერსია.",
        summary_en="The first version.",
        published_by=administrator,
    )
    return terms_publish(
        text_ka="## მეორე\nახალი ტექსტი.\n\nმეორე აბზაცი.",
        text_en="## Second\nNew text.\n\nSecond paragraph.",
        summary_ka="დაემატა მეორე აბზაცი.",
        summary_en="A second paragraph was added.",
        published_by=administrator,
    )


def test_without_published_terms_the_page_says_so(client):
    html = client.get("/terms/").content.decode()
    assert "გამოყენების პირობები ჯერ არ გამოქვეყნებულა" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "The terms of use have not been published yet" in client.get("/terms/").content.decode()


def test_the_page_shows_the_current_version_in_georgian_with_its_number_date_and_summary(
    client, two_versions
):
    html = client.get("/terms/").content.decode()
    assert '<h2 class="heading-m">მეორე</h2>' in html
    assert "<p>ახალი ტექსტი.</p>" in html and "<p>მეორე აბზაცი.</p>" in html
    assert "ძველი ტექსტი" not in html
    assert "<dd>2</dd>" in html
    assert "დაემატა მეორე აბზაცი." in html
    assert f'datetime="{two_versions.published_at.astimezone().isoformat()[:10]}' in html


def test_the_page_lists_earlier_versions_and_links_to_them(client, two_versions):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/terms/").content.decode()
    assert "<p>New text.</p>" in html
    assert '<a class="version-list__title" href="/terms/1/">Version 1</a>' in html
    assert '<span class="version-list__title" aria-current="page">Version 2</span>' in html
    assert "The first version." in html


def test_an_earlier_version_can_be_read_and_says_it_is_no_longer_in_force(client, two_versions):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/terms/1/").content.decode()
    assert "<p>Old text.</p>" in html
    assert "no longer in force" in html
    assert '<a class="version-list__title" href="/terms/">Version 2</a>' in html


def test_drafts_and_unknown_versions_are_not_found(client, two_versions):
    draft = TermsVersion.objects.create(
        text_ka="საიდუმლო", text_en="Secret draft", summary_ka="", summary_en=""
    )
    assert client.get("/terms/3/").status_code == 404
    assert "Secret draft" not in client.get("/terms/").content.decode()
    assert draft.version is None


def test_terms_text_is_escaped(client, administrator):
    terms_publish(
        text_ka="<script>alert(1)</script>",
        text_en="x",
        summary_ka="",
        summary_en="",
        published_by=administrator,
    )
    html = client.get("/terms/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
