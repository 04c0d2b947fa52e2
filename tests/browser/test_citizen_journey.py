"""The whole citizen journey in a real browser, in Georgian and again in English (the identity
issue's "Done when"): a hall operator registers a demo person, the citizen signs in with the
one-time password, sets a password, confirms the mobile (the code read from the development
mailbox) and the e-mail (through the test's own SMTP server), accepts the terms, sees cards from
at least five agencies, adds a favourite, finds a service by Latin transliteration and signs out.

axe-core runs on every page the browser lands on; no page may have a serious or critical
violation. Notifications are delivered at once (the immediate task backend), so the codes are
there as soon as the page that sent them has loaded."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from panjara.backoffice.demo import demo_halls
from panjara.backoffice.roles import Role
from panjara.backoffice.services import hall_ensure, staff_create
from panjara.core import clock
from tests.browser.journey import TIMEOUT_MS, Journey, email_code, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Persona:
    personal_number: str
    name_ka: str
    mobile: str
    email: str


# Two different people (docs/personas.md): each run registers its own.
PERSONAS = {
    "ka": Persona("60001077004", "ლევან წიკლაური", "555100004", "levan.tsiklauri@example.ge"),
    "en": Persona("01024085006", "მარიამ ბერიძე", "555100006", "mariam.beridze@example.ge"),
}
OPERATOR_EMAIL = "operator.journey@panjara.example"
OPERATOR_PASSWORD = "Kvevri-Saperavi-Hall-47"
OPERATOR_MOBILE = "599000002"
CITIZEN_PASSWORD = "Mtsvane-kvevri-Rtveli-47"
FAVOURITE = "rs.tax-balance"
FAVOURITE_NAME = {"ka": "საგადასახადო ბალანსი და დავალიანება", "en": "Tax balance and debt"}
TRANSLITERATED = "dabadebis"
FOUND = "psda.birth-certificate"
FOUND_NAME = {"ka": "დაბადების მოწმობის განმეორებით გაცემა", "en": "Repeat birth certificate"}


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def operator():
    """A hall operator at the Tbilisi hall whose sign-in codes go to the development mailbox."""
    user = staff_create(
        email=OPERATOR_EMAIL,
        full_name="ნინო გელაშვილი",
        role=Role.HALL_OPERATOR,
        password=OPERATOR_PASSWORD,
        hall=hall_ensure(**vars(demo_halls()[0])),
    )
    now = clock.now()
    user.mobile = OPERATOR_MOBILE
    user.mobile_confirmed_at = user.email_confirmed_at = now
    user.save()
    return user


# --- the journey ---------------------------------------------------------------------------------


def operator_registers(journey: Journey, page, mailbox, persona: Persona) -> str:
    """The operator signs in (password, then the SMS code), looks the person up in the civil
    registry and opens the account; returns the one-time password shown once."""
    # Anonymous, the hall workspace leads to the sign-in, and back to the workspace after it.
    journey.go(page, "/backoffice/hall/", lands_on="/signin/")
    journey.heading_in_language(page, "Sign in")
    page.locator("input[name=email]").fill(OPERATOR_EMAIL)
    page.locator("input[name=password]").fill(OPERATOR_PASSWORD)
    journey.submit(
        page, page.locator("main form[action$='/signin/'] button[type=submit]"), lands_on="/signin/code/"
    )
    journey.heading_in_language(page, "Enter the code we sent to your mobile")
    code = journey.sms_code(mailbox, to=OPERATOR_MOBILE)
    page.locator("input[name=code]").fill(code)
    journey.submit(
        page,
        page.locator("form:has(input[name=action][value=check]) button[type=submit]"),
        lands_on="/backoffice/hall/",
    )
    journey.heading_in_language(page, "Register a citizen")

    page.locator("input[name=personal_number]").fill(persona.personal_number)
    journey.submit(
        page,
        page.get_by_role("button", name=journey.t("Look up in the civil registry")),
        lands_on="/backoffice/hall/person/",
    )
    # The civil registry's answer: the person's name, as the registry holds it.
    expect(page.locator("h1")).to_have_text(persona.name_ka)
    expect(page.locator(".registry-person")).to_contain_text(persona.personal_number)

    page.locator("input[name=document_type][value=passport]").check()
    page.locator("input[name=document_number]").fill("15AB12345")
    page.locator("input[name=document_valid_until]").fill("2031-03-27")
    page.locator("input[name=email]").fill(persona.email)
    page.locator(f"input[name=language][value={journey.language}]").check()
    journey.submit(
        page,
        page.get_by_role("button", name=journey.t("Confirm and open the account")),
        lands_on="/backoffice/hall/person/",
    )
    journey.heading_in_language(page, "Account opened")
    slip = page.locator(".slip")
    expect(slip).to_contain_text(persona.name_ka)
    expect(slip).to_contain_text(persona.email)
    one_time_password = page.locator("#one-time-password").inner_text().strip()
    assert len(one_time_password) >= 8, f"no one-time password shown: {one_time_password!r}"

    journey.submit(page, page.locator("button.header__signout-button"), lands_on="/")
    return one_time_password


def citizen_first_sign_in(
    journey: Journey, page, mailbox, smtp_server, persona: Persona, one_time_password: str
):
    """The one-time password, then every first-login step in order; no step can be skipped."""
    journey.go(page, "/signin/")
    page.locator("input[name=email]").fill(persona.email)
    page.locator("input[name=password]").fill(one_time_password)
    journey.submit(
        page,
        page.locator("main form[action$='/signin/'] button[type=submit]"),
        lands_on="/account/setup/password/",
    )
    journey.heading_in_language(page, "Choose your own password")

    page.locator("input[name=password]").fill(CITIZEN_PASSWORD)
    page.locator("input[name=password_again]").fill(CITIZEN_PASSWORD)
    journey.submit(page, page.locator("main form button[type=submit]"), lands_on="/account/setup/mobile/")

    # The personal page is not open yet: the gate leads back to the step still pending.
    journey.go(page, "/me/", lands_on="/account/setup/mobile/")
    journey.heading_in_language(page, "Confirm your mobile number")

    page.locator("input[name=mobile]").fill(persona.mobile)
    journey.submit(
        page,
        page.locator("form:has(input[name=action][value=send]) button[type=submit]"),
        lands_on="/account/setup/mobile/",
    )
    code = journey.sms_code(mailbox, to=persona.mobile)
    page.locator("input[name=code]").fill(code)
    journey.submit(
        page,
        page.locator("form:has(input[name=action][value=check]) button[type=submit]"),
        lands_on="/account/setup/email/",
    )
    journey.heading_in_language(page, "Confirm your e-mail address")

    already = len(smtp_server.messages)
    journey.submit(
        page,
        page.locator("form:has(input[name=action][value=send]) button[type=submit]"),
        lands_on="/account/setup/email/",
    )
    page.locator("input[name=code]").fill(email_code(smtp_server, to=persona.email, after=already))
    journey.submit(
        page,
        page.locator("form:has(input[name=action][value=check]) button[type=submit]"),
        lands_on="/terms/decide/",
    )

    journey.heading_in_language(page, "Accept the terms of use")
    journey.submit(
        page, page.get_by_role("button", name=journey.t("I accept the terms of use")), lands_on="/me/"
    )


def citizen_uses_the_portal(journey: Journey, page):
    journey.heading_in_language(page, "Your personal page")
    cards = page.locator("section.data-card")
    expect(cards.first).to_be_visible()
    # Each card names its source ("Source: <agency>"), found or not.
    sources = {text.strip() for text in page.locator(".data-card__meta > span:first-child").all_inner_texts()}
    assert len(sources) >= 5, f"cards from only {len(sources)} agencies: {sorted(sources)}"

    # A favourite, added on the service's page, shows on the personal page.
    journey.go(page, f"/services/{FAVOURITE}/")
    expect(page.locator("h1")).to_have_text(FAVOURITE_NAME[journey.language])
    journey.submit(
        page,
        page.get_by_role("button", name=journey.t("Add to favourites")),
        lands_on=f"/services/{FAVOURITE}/",
    )
    expect(page.get_by_text(journey.t("This service is in your favourites."))).to_be_visible()
    journey.go(page, "/me/")
    favourites = page.locator("section[aria-labelledby=favourites-title]")
    expect(favourites.get_by_role("link", name=FAVOURITE_NAME[journey.language])).to_be_visible()

    # Georgian typed in Latin letters finds the Georgian service.
    journey.go(page, "/services/search/")
    journey.heading_in_language(page, "Search for a service")
    page.locator("main").get_by_role("searchbox").fill(TRANSLITERATED)
    journey.submit(page, page.locator("form[role=search] button[type=submit]"), lands_on="/services/search/")
    results = page.locator("section[aria-labelledby=results-title]")
    expect(results.get_by_role("link", name=FOUND_NAME[journey.language])).to_have_attribute(
        "href", f"/services/{FOUND}/"
    )

    # Signed out, the personal page asks to sign in again.
    journey.submit(page, page.locator("button.header__signout-button"), lands_on="/")
    journey.go(page, "/me/", lands_on="/signin/")
    assert "next=/me/" in page.url.replace("%2F", "/")
    journey.heading_in_language(page, "Sign in")


@pytest.mark.parametrize("language", ["ka", "en"])
def test_the_whole_citizen_journey_from_the_hall_to_the_personal_page(
    language, chromium, live_server, synced_catalog, smtp_server, immediate_tasks, published_terms, operator
):
    expect.set_options(timeout=TIMEOUT_MS)
    persona = PERSONAS[language]
    journey = Journey(live_server.url, language)
    operator_context, operator_page = new_page(chromium, live_server.url, language)
    citizen_context, citizen_page = new_page(chromium, live_server.url, language)
    try:
        # The development mailbox, open in a second tab of each person's browser.
        one_time_password = operator_registers(journey, operator_page, operator_context.new_page(), persona)
        citizen_first_sign_in(
            journey, citizen_page, citizen_context.new_page(), smtp_server, persona, one_time_password
        )
        citizen_uses_the_portal(journey, citizen_page)
    finally:
        operator_context.close()
        citizen_context.close()
    print("pages checked with axe:", *journey.visited, sep="\n  ")
    assert journey.problems == [], "serious or critical axe violations:\n" + "\n".join(journey.problems)
