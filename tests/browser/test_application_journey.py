"""Functional services end to end in a real browser, in Georgian and again in English (the
applications issue's "Done when"; R-S-2, R-V-1, R-C-4, R-P-3, R-P-4).

First a service a demo agency runs on its own system: the citizen opens the repeat birth
certificate, finds the fields pre-filled from the civil registry, saves a draft, signs out and in
again, completes it, attaches a document from the vault and sends it; the receipt is on screen and
in the SMS. The demo agency (a real server on loopback, walking the case with signed callbacks to
the live portal) approves it: the answer shows on the case, in the inbox and, as an issued PDF, in
the vault.

Then a service Tbilisi City Hall serves at the agency desk: the official takes the case and asks
for more information, the citizen answers, the official approves; the citizen sees the decision
and its letter. axe-core checks every page either browser lands on."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from django.utils import translation
from playwright.sync_api import expect

from panjara.applications.models import Application
from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.core import clock
from panjara.demo import tbilisi as demo_tbilisi
from panjara.desk.services import desk_agency_register
from panjara.exchange.models import Agency
from panjara.identity.services.accounts import person_actor
from panjara.identity.testing import CITIZEN_PASSWORD, citizen_create
from panjara.vault.services import vault_store
from panjara.vault.tests.samples import pdf
from tests.browser.journey import TIMEOUT_MS, Journey, new_page, read_while_serving

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY_SERVICE = "psda.birth-certificate"
DESK_SERVICE = "tbilisi.outdoor-seating-permit"
CITIZEN_MOBILE = "555100001"
OFFICIAL_EMAIL = "desk.journey@panjara.example"
OFFICIAL_PASSWORD = "Tamada-Churchkhela-Mtsvadi-58"
OFFICIAL_MOBILE = "599000005"
VAULT_DOCUMENT = "diploma-copy.pdf"
QUESTION = {
    "ka": "გთხოვთ, მიუთითოთ მაგიდების რაოდენობა.",
    "en": "Please tell us how many tables you will set.",
}
ANSWER = {"ka": "ექვსი მაგიდა და თორმეტი სკამი.", "en": "Six tables and twelve chairs."}
DECISION_REASONS = "ნებართვა გაიცა 2027 წლის სეზონისთვის."
# How long the demo agency may take to walk a case (four reports at the pace below).
WALK_SECONDS = 40


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def walking_agencies(live_server, agencies_config, synced_catalog):
    """The demo agencies again, on a server of their own that walks each case to a decision and
    reports every step to the live portal; the portal now sends applications there."""
    from demo_agencies.config import Config, Processing
    from demo_agencies.server import create_app
    from demo_agencies.tests.support import ServerThread

    config = Config(
        keys=agencies_config.keys,
        portal_keys=agencies_config.portal_keys,
        portal_url=live_server.url,
        processing=Processing(pace=0.3, retry_first=0.2, retry_max=2.0),
    )
    with ServerThread(create_app(config)) as server:
        for code in config.mounted:
            Agency.objects.filter(code=code).update(base_url=server.url(f"/{code}"))
        yield server


@pytest.fixture
def tbilisi_desk(synced_catalog):
    return desk_agency_register(
        code=demo_tbilisi.CODE,
        name_ka=demo_tbilisi.NAME["ka"],
        name_en=demo_tbilisi.NAME["en"],
        kind=demo_tbilisi.KIND,
        services=demo_tbilisi.services(),
        by=PORTAL,
    )


@pytest.fixture
def official(tbilisi_desk):
    user = staff_create(
        email=OFFICIAL_EMAIL,
        full_name="ეკა წერეთელი",
        role=Role.AGENCY_OFFICIAL,
        password=OFFICIAL_PASSWORD,
        agency=tbilisi_desk,
    )
    now = clock.now()
    user.mobile = OFFICIAL_MOBILE
    user.mobile_confirmed_at = user.email_confirmed_at = now
    user.save()
    return user


@pytest.fixture
def citizen_with_a_document(published_terms, synced_catalog):
    """Giorgi Beridze (a demo persona the civil registry knows), with a document in the vault."""
    user = citizen_create(mobile=CITIZEN_MOBILE)
    vault_store(
        person=user.person, name=VAULT_DOCUMENT, content=pdf("Diploma copy"), actor=person_actor(user)
    )
    return user


# --- steps ---------------------------------------------------------------------------------------


def sign_out(journey: Journey, page) -> None:
    journey.submit(page, page.locator("button.header__signout-button"), lands_on="/")


def wait_for_status(journey: Journey, page, path: str, status: str) -> None:
    """Reload the application's page, as a person would, until it shows `status`."""
    with translation.override(journey.language):
        label = str(Application.Status(status).label)
    deadline = time.monotonic() + WALK_SECONDS
    while time.monotonic() < deadline:
        journey.go(page, path)
        if page.locator(".application-status, main").filter(has_text=label).count():
            return
        time.sleep(0.5)
    raise AssertionError(f"{path} never showed {label!r}: {page.locator('main').inner_text()[:600]}")


def application_from(page) -> str:
    found = re.search(r"/applications/([0-9a-f-]{36})/", page.url)
    assert found, f"not on an application's page: {page.url}"
    return str(uuid.UUID(found.group(1)))


def applies_through_the_demo_agency(journey: Journey, page, mailbox, citizen) -> None:
    journey.go(page, f"/services/{AGENCY_SERVICE}/")
    page.locator("main form[action^='/applications/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/applications/[0-9a-f-]{36}/$"))
    application_path = f"/applications/{application_from(page)}/"
    journey.arrived(page, application_path)
    # Tell us once: the personal number comes from the civil registry, with its source shown.
    expect(page.locator("input[name=personal_number]")).to_have_value(citizen.person.personal_number)
    expect(page.locator("main")).to_contain_text("(psda)")
    page.locator("input[name=for_whom][value=self]").check()
    journey.submit(page, page.locator("button[name=action][value=save]"), lands_on=application_path)

    # The draft outlives the session.
    sign_out(journey, page)
    journey.sign_in(
        page,
        mailbox,
        email=citizen.email,
        password=CITIZEN_PASSWORD,
        mobile=CITIZEN_MOBILE,
        lands_on="/applications/",
    )
    journey.submit(page, page.locator(f"main a[href='{application_path}']").first, lands_on=application_path)
    expect(page.locator("input[name=for_whom][value=self]")).to_be_checked()

    # A document from the vault, then the application goes.
    page.locator("main label", has_text=VAULT_DOCUMENT).click()
    journey.submit(page, page.locator("button[name=action][value=attach]"), lands_on=application_path)
    expect(page.locator("#attachments")).to_contain_text(VAULT_DOCUMENT)
    journey.submit(page, page.locator("button[name=action][value=submit]"), lands_on=application_path)
    reference = read_while_serving(lambda: Application.objects.get(pk=application_from(page))).reference
    assert reference, f"not sent: {page.locator('main').inner_text()[:800]}"
    expect(page.locator("main")).to_contain_text(reference)

    # The receipt also came by SMS.
    journey.go(mailbox, "/dev/mailbox/")
    expect(
        mailbox.locator("article.devmailbox-message", has_text=f"+995{CITIZEN_MOBILE}").first
    ).to_contain_text(reference)

    # The agency walks the case; its answer reaches the case, the inbox and the vault.
    wait_for_status(journey, page, application_path, Application.Status.APPROVED)
    journey.go(page, "/inbox/")
    expect(page.locator("main")).to_contain_text(reference)
    journey.go(page, "/vault/?folder=issued", lands_on="/vault/")
    expect(page.locator("main table tbody tr").first).to_contain_text(journey.t("issued"))


def applies_at_the_desk(journey: Journey, citizen_page, official_page, official_mailbox) -> None:
    page = citizen_page
    journey.go(page, f"/services/{DESK_SERVICE}/")
    page.locator("main form[action^='/applications/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/applications/[0-9a-f-]{36}/$"))
    application_path = f"/applications/{application_from(page)}/"
    journey.arrived(page, application_path)
    values = {
        "business_name": "კაფე ფანჯარა",
        "address": "რუსთაველის გამზ. 12",
        "area_m2": "18.5",
        "season_start": "2027-05-01",
        "season_end": "2027-09-30",
        "mobile": CITIZEN_MOBILE,
    }
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)
    journey.submit(page, page.locator("button[name=action][value=submit]"), lands_on=application_path)
    wait_for_status(journey, page, application_path, Application.Status.DELIVERED)
    case_number = read_while_serving(lambda: Application.objects.get(pk=application_from(page))).agency_case

    # The official finds the case in the desk's queue, takes it and asks for more.
    journey.sign_in(
        official_page,
        official_mailbox,
        email=OFFICIAL_EMAIL,
        password=OFFICIAL_PASSWORD,
        mobile=OFFICIAL_MOBILE,
        lands_on="/backoffice/desk/",
    )
    case_path = f"/backoffice/desk/{case_number}/"
    journey.submit(official_page, official_page.get_by_role("link", name=case_number), lands_on=case_path)
    journey.submit(
        official_page,
        official_page.get_by_role("button", name=journey.t("Take into work")),
        lands_on=case_path,
    )
    official_page.get_by_label(journey.t("What is needed, in Georgian")).fill(QUESTION["ka"])
    official_page.get_by_label(journey.t("The same in English (optional)")).first.fill(QUESTION["en"])
    journey.submit(
        official_page,
        official_page.get_by_role("button", name=journey.t("Send the request")),
        lands_on=case_path,
    )

    # The citizen reads the question in their language and answers it.
    wait_for_status(journey, page, application_path, Application.Status.INFO_NEEDED)
    expect(page.locator("#answer")).to_contain_text(QUESTION[journey.language])
    page.locator("#answer textarea").fill(ANSWER[journey.language])
    journey.submit(
        page, page.get_by_role("button", name=journey.t("Send the answer")), lands_on=application_path
    )
    expect(page.locator("main")).to_contain_text(
        journey.t(
            "You have answered the agency's request for more information. The agency will continue with "
            "your application and tell you here what happens next."
        )
    )

    # The official sees the answer and approves.
    journey.go(official_page, case_path)
    expect(official_page.locator("main")).to_contain_text(ANSWER[journey.language])
    official_page.locator("input[type=radio][value=approved]").check()
    official_page.get_by_label(journey.t("Reasons, in Georgian")).fill(DECISION_REASONS)
    journey.submit(
        official_page,
        official_page.get_by_role("button", name=journey.t("Send the decision")),
        lands_on=case_path,
    )

    wait_for_status(journey, page, application_path, Application.Status.APPROVED)
    expect(page.locator("main")).to_contain_text(DECISION_REASONS)
    journey.go(page, "/vault/")
    expect(page.locator("main")).to_contain_text(case_number)


@pytest.mark.parametrize("language", ["ka", "en"])
def test_a_citizen_applies_to_an_agency_and_at_the_desk_and_gets_both_answers(
    language, chromium, live_server, immediate_tasks, walking_agencies, citizen_with_a_document, official
):
    expect.set_options(timeout=TIMEOUT_MS)
    journey = Journey(live_server.url, language)
    citizen_context, citizen_page = new_page(chromium, live_server.url, language)
    official_context, official_page = new_page(chromium, live_server.url, language)
    try:
        mailbox = citizen_context.new_page()
        journey.sign_in(
            citizen_page,
            mailbox,
            email=citizen_with_a_document.email,
            password=CITIZEN_PASSWORD,
            mobile=CITIZEN_MOBILE,
            lands_on="/me/",
        )
        applies_through_the_demo_agency(journey, citizen_page, mailbox, citizen_with_a_document)
        applies_at_the_desk(journey, citizen_page, official_page, official_context.new_page())
    finally:
        citizen_context.close()
        official_context.close()
    print("pages checked with axe:", *journey.visited, sep="\n  ")
    assert journey.problems == [], "serious or critical axe violations:\n" + "\n".join(journey.problems)
