"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.
No browser is ever downloaded; a missing Chromium is a failure, not a skip, so that CI cannot
pass by silently not testing."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from panjara.catalog.services import catalog_sync
from panjara.consent.demo import demo_terms
from panjara.consent.services import terms_publish

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/lib/chromium/chromium")  # /usr/bin/chromium is a wrapper script
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, and later tests (async_to_sync, asyncio.run) must not find one there.
@pytest.fixture(scope="module")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install Debian's chromium package "
            "(`make system-packages`); the browser tests never download a browser."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() (not launch_persistent_context) starts from a fresh temporary profile that
        # Playwright deletes on close, and every test gets its own incognito-like context.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_context(chromium):
    # bypass_csp: axe is injected as a script tag, which the portal's CSP (rightly) refuses.
    context = chromium.new_context(bypass_csp=True, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(15000)
    return page


# --- what the journeys need in the portal ---------------------------------------------------------


@pytest.fixture
def immediate_tasks(settings):
    """Notifications delivered in the request that sends them: SMS land in the development
    mailbox, e-mail at the test's SMTP server, before the next page loads."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "notifications", "exchange"],
        }
    }


@pytest.fixture
def synced_catalog(agencies):
    """The catalog filled from the demo agencies (like the root `catalog` fixture), synced in a
    worker thread: the module's Playwright keeps an event loop running in this one, where the
    exchange's async_to_sync refuses to run."""

    def sync():
        try:
            return catalog_sync()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(sync).result()
    assert not report.unavailable, report
    return agencies


@pytest.fixture
def published_terms():
    administrator = get_user_model().objects.create_superuser("dea-admin@example.ge", "x")
    return terms_publish(**demo_terms(), published_by=administrator)
