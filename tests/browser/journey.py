"""What the browser journeys share: a run in one language that checks every page it lands on with
axe-core, reads codes from the development mailbox and the test's SMTP server, and opens a fresh
browser context per person."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import axe_playwright_python
from django.db import OperationalError
from django.utils import translation
from playwright.sync_api import expect

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
TIMEOUT_MS = 15_000
GEORGIAN_LETTERS = re.compile(r"[\u10a0-\u10ff]")


T = TypeVar("T")


def translated(language: str, message: str) -> str:
    """The text the portal shows for `message` in `language`, from the same catalogs."""
    with translation.override(language):
        return translation.gettext(message)


class Journey:
    """One run: the base URL, the language, and what axe found on every page visited."""

    def __init__(self, base_url: str, language: str) -> None:
        self.base_url = base_url
        self.language = language
        self.visited: list[str] = []
        self.problems: list[str] = []

    def t(self, message: str) -> str:
        return translated(self.language, message)

    def url(self, path: str) -> str:
        return self.base_url + path

    def path_of(self, page) -> str:
        return urlsplit(page.url).path

    def arrived(self, page, path: str | None = None) -> None:
        """The page has loaded (at `path`, if given): check its language and run axe on it."""
        if path is not None:
            page.wait_for_url(lambda url: urlsplit(url).path == path)
        page.wait_for_load_state("load")
        where = page.url.removeprefix(self.base_url)
        self.visited.append(where)
        assert page.locator("html").get_attribute("lang") == self.language, f"{where}: wrong page language"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run()")
        assert result["passes"], f"{where}: axe ran no checks: was it injected?"
        for violation in result["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append(f"{where}: {violation['id']} ({violation['impact']}) at {targets}")

    def go(self, page, path: str, *, lands_on: str | None = None) -> None:
        page.goto(self.url(path))
        self.arrived(page, lands_on if lands_on is not None else path)

    def submit(self, page, button, *, lands_on: str) -> None:
        """Click a submit button and wait for the page the server answers with."""
        with page.expect_navigation():
            button.click()
        self.arrived(page, lands_on)

    def heading_in_language(self, page, message: str) -> None:
        """The page's h1 says `message` in the run's language, and is visibly in that language."""
        heading = page.locator("h1")
        expect(heading).to_have_text(self.t(message))
        text = heading.inner_text()
        if self.language == "ka":
            assert GEORGIAN_LETTERS.search(text), (
                f"{self.path_of(page)}: the heading is not in Georgian: {text!r}"
            )
        else:
            assert not GEORGIAN_LETTERS.search(text), (
                f"{self.path_of(page)}: the heading is not in English: {text!r}"
            )

    def sign_in(self, page, mailbox, *, email: str, password: str, mobile: str, lands_on: str) -> None:
        """Sign in with password and the SMS code read from the development mailbox."""
        self.go(page, f"/signin/?next={lands_on}", lands_on="/signin/")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(password)
        self.submit(
            page, page.locator("main form[action$='/signin/'] button[type=submit]"), lands_on="/signin/code/"
        )
        page.locator("input[name=code]").fill(self.sms_code(mailbox, to=mobile))
        self.submit(
            page,
            page.locator("form:has(input[name=action][value=check]) button[type=submit]"),
            lands_on=lands_on,
        )

    def sms_code(self, mailbox, *, to: str) -> str:
        """The newest code sent by SMS to this number, read in the browser from the development
        mailbox (newest first)."""
        number = "+995" + to
        for _attempt in range(20):
            self.go(mailbox, "/dev/mailbox/")
            self.heading_in_language(mailbox, "Development mailbox")
            message = mailbox.locator("article.devmailbox-message").filter(
                has=mailbox.locator("h2", has_text=number)
            )
            if message.count():
                text = message.first.locator(".devmailbox-text").inner_text()
                found = re.search(r"(?<!\d)(\d{6})(?!\d)", text)
                assert found, f"the SMS to {number} has no 6-digit code: {text!r}"
                return found.group(1)
            time.sleep(0.25)
        raise AssertionError(f"no SMS to {number} in the development mailbox")


def email_code(smtp_server, *, to: str, after: int) -> str:
    """The code in the first e-mail to `to` among the messages received after the first `after`."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for message in smtp_server.messages[after:]:
            if to in str(message["To"]):
                text = message.get_body(preferencelist=("plain",)).get_content()
                found = re.search(r"(?<!\d)(\d{6})(?!\d)", text)
                assert found, f"the e-mail to {to} has no 6-digit code: {text!r}"
                return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no e-mail to {to} reached the SMTP server")


def read_while_serving(query: Callable[[], T], *, seconds: float = 10) -> T:
    """A read of the test database by the test itself while the live server, and the agencies'
    reports to it, may be writing. On SQLite the tests' database is one in-memory database that
    threads share (shared cache), where a read meeting another connection's open write fails at
    once with "database table is locked" instead of waiting as a file database would: such a
    read is tried again for a while. On PostgreSQL it succeeds the first time."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return query()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def new_page(chromium, base_url: str, language: str):
    context = chromium.new_context(bypass_csp=True, locale="ka-GE" if language == "ka" else "en-GB")
    context.add_cookies([{"name": "panjara_language", "value": language, "url": base_url}])
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()
