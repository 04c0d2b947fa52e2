"""Correspondence with a public body end to end in a real browser, in Georgian and again in
English (the correspondence issue's "Done when"; R-S-3, R-S-4, R-P-4).

A citizen sends a public-information request to Tbilisi City Hall, a body served at the agency
desk, and sees its registration number (R-S-4). The body's official takes it and asks for a
clarification: the citizen sees the deadline's clock stopped and answers in the same thread. The
official extends the deadline on a legal ground: the citizen sees the new due date and the ground
in how it was computed (R-S-3); the official answers, and the answer is on the letter and in the
inbox. A second request, to a unit of City Hall, goes unanswered: days later the daily job marks
it overdue, and the escalation assistant prepares the complaint to City Hall, the unit's superior
body, with its evidence, as a PDF and as a letter with its own registration number.

axe-core checks every page either browser lands on (R-P-4): no serious or critical violation."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.correspondence.models import Letter, PublicBody
from panjara.correspondence.services import body_register
from panjara.deadlines.rules import EXTENSIONS
from panjara.demo import tbilisi as demo_tbilisi
from panjara.demo.bodies import MINISTRIES
from panjara.desk.services import desk_agency_register
from panjara.identity.testing import CITIZEN_PASSWORD
from tests.browser.journey import TIMEOUT_MS, Journey, new_page, read_while_serving

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A Monday with no public holiday in the month after it: a public-information request sent that
# morning is due the same day, and a few days later it is overdue.
MONDAY = datetime(2027, 9, 6, 10, 0, tzinfo=ZoneInfo("Asia/Tbilisi"))
UNIT = "tbilisi-transport"
CITIZEN_MOBILE = "555100001"  # the root `citizen` fixture's
OFFICIAL_EMAIL = "desk.letters@panjara.example"
OFFICIAL_PASSWORD = "Mtatsminda-Funicular-Lari-63"
OFFICIAL_MOBILE = "599000007"
GROUND = "public_information.search"
REQUEST = {
    "ka": ("ქუჩის განათების ხარჯები", "გთხოვთ, მომაწოდოთ 2026 წლის ქუჩის განათების ხარჯების ინფორმაცია."),
    "en": ("Street lighting costs", "Please send me what the city spent on street lighting in 2026."),
}
QUESTION = {
    "ka": "რომელი რაიონის ქუჩები გაინტერესებთ?",
    "en": "Which district's streets do you mean?",
}
CLARIFICATION = {"ka": "ვაკე-საბურთალოს რაიონის.", "en": "The Vake-Saburtalo district."}
ANSWER = "2026 წელს ქუჩის განათებაზე დაიხარჯა 4,2 მილიონი ლარი."
UNANSWERED = {
    "ka": ("ავტობუსების განრიგი", "გთხოვთ, მომაწოდოთ 61-ე ავტობუსის განრიგი."),
    "en": ("Bus timetable", "Please send me the timetable of bus line 61."),
}


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def city_hall(clock):
    """Tbilisi City Hall at the desk, with one of its units, as the demo's directory has them;
    the clock stands on a Monday morning."""
    clock.set(MONDAY)
    agency = desk_agency_register(
        code=demo_tbilisi.CODE,
        name_ka=demo_tbilisi.NAME["ka"],
        name_en=demo_tbilisi.NAME["en"],
        kind=demo_tbilisi.KIND,
        services=[],
        by=PORTAL,
    )
    top = body_register(
        code=demo_tbilisi.CODE,
        name_ka=demo_tbilisi.NAME["ka"],
        name_en=demo_tbilisi.NAME["en"],
        level=PublicBody.Level.MINISTRY,
        agency=agency,
        by=PORTAL,
    )
    (demo,) = [ministry for ministry in MINISTRIES if ministry.code == demo_tbilisi.CODE]
    (unit,) = [child for child in demo.children if child.code == UNIT]
    body_register(
        code=unit.code,
        name_ka=unit.ka,
        name_en=unit.en,
        level=PublicBody.Level.UNIT,
        parent=top,
        unit_code=unit.code,
        by=PORTAL,
    )
    return top


@pytest.fixture
def desk_official(city_hall):
    user = staff_create(
        email=OFFICIAL_EMAIL,
        full_name="ლაშა კვარაცხელია",
        role=Role.AGENCY_OFFICIAL,
        password=OFFICIAL_PASSWORD,
        agency=city_hall.agency,
    )
    user.mobile = OFFICIAL_MOBILE
    user.mobile_confirmed_at = user.email_confirmed_at = MONDAY
    user.save()
    return user


# --- steps ---------------------------------------------------------------------------------------


def letter_from(page) -> str:
    found = re.search(r"/letters/([0-9a-f-]{36})/", page.url)
    assert found, f"not on a letter's page: {page.url}"
    return str(uuid.UUID(found.group(1)))


def arrive_at_a_letter(journey: Journey, page) -> str:
    page.wait_for_url(re.compile(r"/letters/[0-9a-f-]{36}/$"))
    path = f"/letters/{letter_from(page)}/"
    journey.arrived(page, path)
    return path


def writes_a_request(journey: Journey, page, *, body: str, subject: str, text: str) -> Letter:
    """From the body's page in the directory: a public-information request, sent; returns it."""
    journey.go(page, f"/bodies/{body}/")
    page.get_by_role("button", name=journey.t("Write to this body")).click()
    path = arrive_at_a_letter(journey, page)
    page.get_by_label(journey.t("public information request"), exact=True).check()
    page.get_by_label(journey.t("Subject")).fill(subject)
    page.get_by_label(journey.t("Your letter")).fill(text)
    journey.submit(page, page.get_by_role("button", name=journey.t("Send the letter")), lands_on=path)
    letter = read_while_serving(lambda: Letter.objects.get(pk=letter_from(page)))
    assert letter.reference, f"not sent: {page.locator('main').inner_text()[:800]}"
    # The registration number, on screen at once (R-S-4).
    expect(page.locator("main")).to_contain_text(
        journey.t("Your letter was sent and registered under the number %(reference)s.")
        % {"reference": letter.reference}
    )
    return letter


def deadline_text(page) -> str:
    return page.locator("section[aria-labelledby=deadline-title] > p").first.inner_text()


def section(page, name: str):
    """The part of the page headed by the heading with id `<name>-title`."""
    return page.locator(f"section[aria-labelledby={name}-title]")


def official_acts(journey: Journey, page, path: str, action: str, button: str) -> None:
    """The official presses `button` in the desk page's section for `action`."""
    journey.submit(page, section(page, action).get_by_role("button", name=journey.t(button)), lands_on=path)


def asks_clarifies_extends_and_answers(journey: Journey, citizen_page, official_page, official_mailbox):
    page, language = citizen_page, journey.language
    subject, text = REQUEST[language]
    letter = writes_a_request(journey, page, body=demo_tbilisi.CODE, subject=subject, text=text)
    letter_path = f"/letters/{letter.pk}/"
    letter.refresh_from_db()
    assert letter.agency_case, "the letter did not reach the desk"
    expect(page.locator("main")).to_contain_text(letter.agency_case)

    # The official finds the letter in the desk's queue, takes it and asks for a clarification.
    journey.sign_in(
        official_page,
        official_mailbox,
        email=OFFICIAL_EMAIL,
        password=OFFICIAL_PASSWORD,
        mobile=OFFICIAL_MOBILE,
        lands_on="/backoffice/desk/",
    )
    desk_path = f"/backoffice/desk/letters/{letter.agency_case}/"
    journey.submit(
        official_page, official_page.get_by_role("link", name=letter.agency_case), lands_on=desk_path
    )
    expect(official_page.locator("h1")).to_have_text(subject)
    official_acts(journey, official_page, desk_path, "take", "Take into work")
    clarify = section(official_page, "clarify")
    clarify.get_by_label(journey.t("What needs clarifying, in Georgian")).fill(QUESTION["ka"])
    clarify.get_by_label(journey.t("The same in English (optional)")).fill(QUESTION["en"])
    official_acts(journey, official_page, desk_path, "clarify", "Ask for a clarification")
    expect(official_page.locator("main")).to_contain_text(
        journey.t("The writer was asked for a clarification; the deadline is paused.")
    )

    # The citizen sees the clock stopped, reads the question in their language and answers it.
    journey.go(page, letter_path)
    expect(page.locator("main .tag").first).to_have_text(journey.t("clarification needed"))
    expect(page.locator("main .notice")).to_contain_text(
        journey.t("The clock is stopped: the body is waiting for your clarification.")
    )
    expect(section(page, "question")).to_contain_text(QUESTION[language])
    section(page, "question").get_by_role(
        "button", name=journey.t("Answer the clarification request")
    ).click()
    clarification_path = arrive_at_a_letter(journey, page)
    expect(page.locator("h1")).to_contain_text(journey.t("Your clarification"))
    page.get_by_label(journey.t("Your letter")).fill(CLARIFICATION[language])
    journey.submit(
        page, page.get_by_role("button", name=journey.t("Send the letter")), lands_on=clarification_path
    )
    clarification = read_while_serving(lambda: Letter.objects.get(pk=letter_from(page)))
    assert clarification.reference and clarification.thread == letter.thread

    # The clock runs again; the clarification is a letter of the same thread.
    journey.go(page, letter_path)
    expect(page.locator("main .notice")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(clarification.reference)
    expect(page.locator("main .tag").first).to_have_text(journey.t("in progress"))
    due_before = deadline_text(page)

    # The official sees the clarification and extends the deadline on the "search" ground.
    journey.go(official_page, desk_path)
    official_page.get_by_role("link", name=clarification.agency_case).click()
    journey.arrived(official_page, f"/backoffice/desk/letters/{clarification.agency_case}/")
    expect(official_page.locator("main")).to_contain_text(CLARIFICATION[language])
    journey.go(official_page, desk_path)
    ground = EXTENSIONS[GROUND].ground[0 if language == "ka" else 1]
    section(official_page, "extend").get_by_label(ground).check()
    official_acts(journey, official_page, desk_path, "extend", "Record the extension")
    expect(official_page.locator("main")).to_contain_text(
        journey.t("The extension is recorded; the writer was told.")
    )

    # The citizen's deadline moved, and how it was computed names the ground.
    journey.go(page, letter_path)
    expect(page.locator("main .tag").first).to_have_text(journey.t("deadline extended"))
    due_after = deadline_text(page)
    assert due_after != due_before, f"the deadline did not move: {due_after!r}"
    explained = section(page, "deadline").locator("details")
    explained.locator("summary").click()
    expect(explained.locator("ol")).to_be_visible()
    expect(explained).to_contain_text(ground)

    # The official answers; the citizen sees it on the letter and in the inbox.
    answer = section(official_page, "answer")
    answer.get_by_label(journey.t("Answer the letter"), exact=True).check()
    answer.get_by_label(journey.t("The answer or the reasons, in Georgian")).fill(ANSWER)
    official_acts(journey, official_page, desk_path, "answer", "Send the answer")
    expect(official_page.locator("main")).to_contain_text(journey.t("The answer was sent to the writer."))

    journey.go(page, letter_path)
    expect(page.locator("main .tag").first).to_have_text(journey.t("answered"))
    expect(page.locator("main")).to_contain_text(ANSWER)
    journey.go(page, "/inbox/")
    expect(page.locator("main .inbox-list").first).to_contain_text(
        journey.t("Letter %(reference)s: %(status)s")
        % {"reference": letter.reference, "status": journey.t("answered")}
    )


def complains_about_an_unanswered_request(journey: Journey, page, mailbox, clock, citizen) -> None:
    language = journey.language
    subject, text = UNANSWERED[language]
    letter = writes_a_request(journey, page, body=UNIT, subject=subject, text=text)
    letter_path = f"/letters/{letter.pk}/"
    expect(page.locator("main")).not_to_contain_text(journey.t("The deadline passed without an answer"))

    # Days pass without an answer; the daily job runs.
    clock.travel(days=3)
    call_command("letters_overdue", stdout=io.StringIO())

    # The session has long been idle: the citizen signs in again and finds the letter overdue.
    journey.go(page, letter_path, lands_on="/signin/")
    journey.sign_in(
        page,
        mailbox,
        email=citizen.email,
        password=CITIZEN_PASSWORD,
        mobile=CITIZEN_MOBILE,
        lands_on=letter_path,
    )
    expect(page.locator("main .tag", has_text=journey.t("overdue"))).to_be_visible()
    escalate = section(page, "escalate")
    expect(escalate.locator("h2")).to_have_text(journey.t("The deadline passed without an answer"))

    # The escalation assistant: the complaint to City Hall, pre-filled, with its evidence.
    complaint_path = f"/letters/{letter.pk}/complaint/"
    journey.submit(
        page,
        escalate.get_by_role("link", name=journey.t("Complain to the superior body")),
        lands_on=complaint_path,
    )
    journey.heading_in_language(page, "Complain to the superior body")
    superior = demo_tbilisi.NAME[language]
    expect(page.locator("main dl").first).to_contain_text(superior)
    drafted = page.get_by_label(journey.t("Your complaint")).input_value()
    assert letter.reference in drafted and superior in drafted, drafted
    expect(section(page, "asked")).to_contain_text(text)
    expect(section(page, "arrived")).to_contain_text(letter.reference)
    expect(section(page, "deadline").locator("ol li").first).to_be_visible()

    # The evidence as a PDF...
    with page.expect_download() as downloading:
        page.get_by_role("button", name=journey.t("Download as PDF")).click()
    with open(downloading.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # ...and the complaint sent through the portal, with its own registration number.
    page.get_by_role("button", name=journey.t("Send the complaint through the portal")).click()
    arrive_at_a_letter(journey, page)
    complaint = read_while_serving(lambda: Letter.objects.get(pk=letter_from(page)))
    assert complaint.escalates_id == letter.pk and complaint.reference
    expect(page.locator("main")).to_contain_text(
        journey.t("Your complaint was sent to %(body)s and registered under the number %(reference)s.")
        % {"body": superior, "reference": complaint.reference}
    )
    expect(page.locator("main .caption")).to_contain_text(superior)


@pytest.mark.parametrize("language", ["ka", "en"])
def test_a_citizen_writes_to_a_desk_body_is_answered_and_complains_about_a_late_answer(
    language, chromium, live_server, immediate_tasks, clock, citizen, desk_official
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
            email=citizen.email,
            password=CITIZEN_PASSWORD,
            mobile=CITIZEN_MOBILE,
            lands_on="/me/",
        )
        asks_clarifies_extends_and_answers(journey, citizen_page, official_page, official_context.new_page())
        complains_about_an_unanswered_request(journey, citizen_page, mailbox, clock, citizen)
    finally:
        citizen_context.close()
        official_context.close()
    print("pages checked with axe:", *journey.visited, sep="\n  ")
    assert journey.problems == [], "serious or critical axe violations:\n" + "\n".join(journey.problems)
