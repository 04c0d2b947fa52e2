"""The public pages in a real browser, in Georgian and in English: no serious or critical axe
violations, the language switch works by clicking, and the Georgian font is served and used."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

from panjara.consent.demo import demo_terms
from panjara.consent.services import terms_publish

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PAGES = ["/", "/help/", "/terms/", "/signin/", "/terms/1/", "/no-such-page/"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_terms(django_user_model):
    administrator = django_user_model.objects.create_superuser("dea-admin@example.ge", "x")
    return terms_publish(**demo_terms(), published_by=administrator)


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run()")
    assert result["passes"], "axe ran no checks: was it injected?"
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def check_pages(page, base_url: str, language: str) -> None:
    problems = {}
    for path in PAGES:
        page.goto(base_url + path)
        assert page.locator("html").get_attribute("lang") == language, path
        assert page.locator("h1").count() == 1, path
        found = serious_violations(page)
        if found:
            problems[path] = found
    if problems:
        print(json.dumps(problems, indent=2, ensure_ascii=False))
    assert problems == {}


def test_pages_in_georgian_have_no_serious_accessibility_violations(page, live_server, published_terms):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "ყველა ელ-სერვისი ერთ ფანჯარაში"
    check_pages(page, live_server.url, "ka")


def test_switching_to_english_by_clicking_persists_across_pages(page, live_server, published_terms):
    page.goto(live_server.url + "/help/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_server.url + "/help/")
    assert page.locator("h1").inner_text() == "Help and contact"
    check_pages(page, live_server.url, "en")
    page.get_by_role("button", name="ქართული").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ka"


def test_the_language_switch_works_without_javascript(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/signin/")
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.url == live_server.url + "/signin/"
        assert page.locator("h1").inner_text() == "Sign in"
        cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
        assert cookies["panjara_language"] == "en"
    finally:
        context.close()


def test_the_skip_link_appears_on_the_first_tab_and_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_the_georgian_font_is_served_and_used(page, live_server):
    for name in ["NotoSansGeorgian-Regular.woff2", "NotoSansGeorgian-Bold.woff2"]:
        response = page.request.get(f"{live_server.url}/static/web/fonts/{name}")
        assert response.status == 200, name
        assert response.headers["content-type"] == "font/woff2"
        assert response.body()[:4] == b"wOF2"
    page.goto(live_server.url + "/")
    loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return document.fonts.check('16px "Panjara Sans"', 'ფანჯარა');
        }"""
    )
    assert loaded is True
