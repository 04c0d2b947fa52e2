import re

import pytest
from django.conf import settings

PAGES = ["/", "/help/", "/signin/", "/terms/"]


def test_home_is_georgian_even_when_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ka">' in html
    assert "ყველა ელ-სერვისი ერთ ფანჯარაში</h1>" in html
    assert response.headers["Content-Language"] == "ka"


def test_the_language_switch_posts_and_the_choice_persists_in_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/help/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/help/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    for path in ["/help/", "/"]:
        html = client.get(path).content.decode()
        assert '<html lang="en">' in html
    assert "Every e-service in one window</h1>" in html
    client.post("/i18n/setlang/", {"language": "ka", "next": "/"})
    assert '<html lang="ka">' in client.get("/").content.decode()


def test_the_language_switch_is_a_form_that_works_without_javascript(client):
    html = client.get("/signin/").content.decode()
    form = re.search(
        r'<form class="language-switch" method="post" action="/i18n/setlang/".*?</form>', html, re.S
    )
    assert form
    assert 'name="csrfmiddlewaretoken"' in form.group()
    assert '<input type="hidden" name="next" value="/signin/">' in form.group()
    assert ">ქართული</button>" in form.group()
    assert ">English</button>" in form.group()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["ka", "en"])
def test_every_page_has_a_translated_title_one_h1_and_the_landmarks(client, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(path).content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    has_georgian = re.search("[\u10d0-\u10ff]", title) is not None
    assert has_georgian == (language == "ka"), title
    for landmark in [
        '<header class="site-header">',
        "<nav ",
        '<main class="main" id="main-content"',
        "<footer",
    ]:
        assert landmark in html
    assert 'href="#main-content"' in html
    assert 'href="/signin/"' in html and 'href="/help/"' in html and 'href="/terms/"' in html


@pytest.mark.parametrize(("language", "heading"), [("ka", "გვერდი ვერ მოიძებნა"), ("en", "Page not found")])
def test_the_404_page_is_translated(client, settings, language, heading):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert f'<h1 class="heading-xl">{heading}</h1>' in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("ka", "ბოდიშს გიხდით, სერვისის მუშაობაში პრობლემაა"),
        ("en", "Sorry, there is a problem with the service"),
    ],
)
def test_the_500_page_renders_without_a_request_context(rf, language, heading):
    from django.utils import translation

    from panjara.web.views import server_error

    with translation.override(language):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert heading in html
    assert "/static/web/panjara.css" in html


def test_the_500_page_falls_back_to_static_text_when_its_template_fails(rf, monkeypatch):
    from panjara.web import views

    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.content.decode()


@pytest.mark.django_db
def test_a_view_that_raises_gets_the_500_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    settings.ROOT_URLCONF = "panjara.web.tests.failing_urls"
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "ბოდიშს გიხდით" in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_lists_every_service_category(client):
    from django.utils import translation

    from panjara.catalog.categories import CHOICES

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    with translation.override("en"):
        for _code, label in CHOICES:
            assert f">{label}</li>" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ka"
    assert ">ოჯახი</li>" in client.get("/").content.decode()


def test_the_help_page_shows_hours_phone_and_e_mail(client, settings):
    settings.SUPPORT = {"PHONE": "+995 32 2 11 22 33", "EMAIL": "desk@example.ge"}
    html = client.get("/help/").content.decode()
    assert "10:00–18:00" in html
    assert 'href="tel:+995322112233"' in html
    assert 'href="mailto:desk@example.ge"' in html
