"""The personal page: after sign-in, the person's data from every agency, each card with its
source and time, one slow agency costing only its own card (R-PP-1, R-PP-5, R-S-1, R-C-5).

The demo agencies answer over real HTTP on loopback (root conftest `agencies`, timeout 600 ms)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import resolve_url

from panjara.audit.models import AuditEvent
from panjara.audit.services import PORTAL
from panjara.exchange.client import Request
from panjara.exchange.models import Agency, ExchangeMessage, StoredAnswer
from panjara.exchange.services import exchange_ask_sync
from panjara.identity.testing import sign_in
from panjara.personal.cards import PURPOSE
from panjara_protocol import Party

from .conftest import fetch

GIORGI = "01024085001"  # docs/personas.md: two cars, unpaid fines, director of an LLC, a flat
PERSON_CARDS = {
    "psda.person",
    "psda.civil-acts",
    "psda.family",
    "napr.property",
    "napr.participation",
    "rs.tax-balance",
    "rs.declarations",
    "mia.vehicles",
    "mia.fines",
    "mia.border-crossings",
    "nbe.debtor",
    "ssa.benefits",
    "ssa.health",
    "utilities.bills",
    "eqe.education",
}
MIA_CARDS = {"mia.vehicles", "mia.fines", "mia.border-crossings"}


def ask_agency(service: str, personal_number: str = GIORGI) -> dict:
    """What an agency holds, asked directly (not through the page), to compare with the page."""
    agency = service.split(".")[0]
    request = Request(
        agency=agency,
        kind="query",
        service=service,
        purpose="test",
        subject=Party(kind="person", id=personal_number),
    )
    [outcome] = exchange_ask_sync([request], on_behalf=PORTAL)
    assert outcome.ok, outcome.reason
    return outcome.answer.body["data"]


def test_the_personal_page_shows_the_persons_data_from_every_agency_each_card_with_its_source(
    catalog, english
):
    """R-PP-1, R-PP-5: every informational service about a person is a card with its source."""
    page = fetch(english)
    assert page.status == 200
    assert page.h1 == ["Your personal page"]
    assert set(page.cards) == PERSON_CARDS  # napr.company is about companies, not persons
    sources = {code.split(".")[0] for code in page.cards}
    assert len(sources) == 8
    for code, text in page.cards.items():
        assert f"Source: {code.split('.')[0]}" in text
        assert "Fetched" in text and "Kept until" in text
    assert "Giorgi Beridze" in page.cards["psda.person"]
    assert GIORGI in page.cards["psda.person"]
    plates = [vehicle["plate"] for vehicle in ask_agency("mia.vehicles")["vehicles"]]
    assert len(plates) == 2
    for plate in plates:
        assert plate in page.cards["mia.vehicles"]
    company = ask_agency("napr.participation")["companies"][0]
    assert company["name"]["en"] in page.cards["napr.participation"]
    fines = ask_agency("mia.fines")
    assert f"Unpaid: {fines['unpaid_total']} GEL" in page.cards["mia.fines"]
    assert "Tamar Beridze" in page.cards["psda.family"]
    # Giorgi's wife holds the household's utility accounts: the provider has nothing on him.
    assert "No records" in page.cards["utilities.bills"]


def test_the_page_is_in_georgian_with_dates_in_georgian(catalog, citizen_client):
    page = fetch(citizen_client)
    assert page.status == 200
    assert page.h1 == ["თქვენი პირადი გვერდი"]
    assert "17 მაისი 1984" in page.cards["psda.person"]
    assert "1984-05-17" in page.times("psda.person")
    assert "წყარო: psda" in page.cards["psda.person"]


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, catalog):
    for path in ("/me/", "/me/data/mia.vehicles/", "/me/kept/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == f"{resolve_url(settings.LOGIN_URL)}?next={path}"
    assert not ExchangeMessage.objects.filter(kind="query").exists()


def test_with_one_agency_hung_the_page_answers_within_its_timeout_and_only_its_cards_say_so(catalog, english):
    """One agency that never answers costs only its own cards and its own timeout; the page is
    served within that timeout plus 150 ms, without a server error."""
    # Warm up (templates, connections), then forget what that kept: the hung cards have no
    # earlier answer to fall back on.
    assert fetch(english).status == 200
    english.post("/me/kept/delete/")
    assert not StoredAnswer.objects.exists()
    timeout = Agency.objects.get(code="mia").timeout_ms / 1000  # 600 ms in the tests
    catalog["mia"].hang = True
    page = fetch(english)
    print(f"personal page with mia hung: {page.seconds * 1000:.0f} ms (timeout {timeout * 1000:.0f} ms)")
    assert page.status == 200
    assert page.seconds < timeout + 0.15
    for code in MIA_CARDS:
        assert "mia did not answer in time, so this information is unavailable now" in page.cards[code]
    for code in PERSON_CARDS - MIA_CARDS:
        assert "did not answer" not in page.cards[code]
        assert "Fetched" in page.cards[code]
    assert "Giorgi Beridze" in page.cards["psda.person"]


def test_an_answer_that_fails_verification_is_shown_as_unavailable(catalog, english):
    catalog["rs"].bad_signature = True
    page = fetch(english)
    assert page.status == 200
    for code in ("rs.tax-balance", "rs.declarations"):
        assert "rs did not answer in time, so this information is unavailable now" in page.cards[code]
    assert not StoredAnswer.objects.filter(service__startswith="rs.").exists()


def test_when_an_agency_fails_later_its_card_shows_the_kept_data_with_its_date(catalog, clock, english):
    plates = [vehicle["plate"] for vehicle in ask_agency("mia.vehicles")["vehicles"]]
    first = fetch(english)
    fetched = first.times("mia.vehicles")[0]
    clock.travel(minutes=5)
    catalog["mia"].hang = True
    page = fetch(english)
    assert page.status == 200
    card = page.cards["mia.vehicles"]
    assert "mia did not answer in time. Shown below is what it sent on" in card
    assert fetched in page.times("mia.vehicles")  # the first answer's time, not now
    for plate in plates:
        assert plate in card
    assert "did not answer" not in page.cards["psda.person"]


def test_after_the_keep_time_kept_data_is_gone_and_the_card_says_unavailable(catalog, clock, english):
    """R-C-5: what the page keeps is deleted after PERSONAL_PAGE_KEEP_SECONDS (15 minutes)."""
    from panjara.exchange.services import answers_purge_expired

    fetch(english)
    kept = StoredAnswer.objects.filter(subject=f"person:{GIORGI}", purpose=PURPOSE)
    assert set(kept.values_list("service", flat=True)) == PERSON_CARDS
    clock.travel(minutes=16)
    catalog["mia"].hang = True
    page = fetch(english)  # expired answers are not shown even before the purge job runs
    for code in MIA_CARDS:
        assert "mia did not answer in time, so this information is unavailable now" in page.cards[code]
    assert answers_purge_expired() == len(MIA_CARDS)
    assert not kept.filter(service__in=MIA_CARDS).exists()
    assert set(kept.values_list("service", flat=True)) == PERSON_CARDS - MIA_CARDS


def test_the_page_keeps_only_the_newest_answer_per_service(catalog, clock, english):
    fetch(english)
    clock.travel(minutes=1)
    fetch(english)
    kept = StoredAnswer.objects.filter(subject=f"person:{GIORGI}", purpose=PURPOSE)
    assert kept.count() == len(PERSON_CARDS)
    assert {a.received_at for a in kept} == {clock()}


def test_every_query_of_the_page_is_audited_with_the_personal_page_purpose(catalog, citizen_client):
    fetch(citizen_client)
    events = AuditEvent.objects.filter(action="exchange.query", subject_person=GIORGI)
    assert {e.object_id for e in events} == PERSON_CARDS
    assert {e.purpose for e in events} == {PURPOSE}
    sent = ExchangeMessage.objects.filter(direction="out", kind="query")
    assert sent.count() == len(PERSON_CARDS)
    assert set(sent.values_list("purpose", flat=True)) == {PURPOSE}
    assert set(sent.values_list("subject", flat=True)) == {f"person:{GIORGI}"}


def test_a_session_with_a_weaker_way_in_does_not_ask_for_data_that_needs_a_stronger_one(
    catalog, client, citizen
):
    """R-P-3: a service's data needs at least its assurance level; utilities.bills needs "low"."""
    sign_in(client, citizen, assurance="low", method="password")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = fetch(client)
    assert page.status == 200
    assert "sign in with a one-time code or with your ID card" in page.cards["mia.vehicles"]
    assert "Fetched" in page.cards["utilities.bills"]
    asked = AuditEvent.objects.filter(action="exchange.query", subject_person=GIORGI)
    assert list(asked.values_list("object_id", flat=True)) == ["utilities.bills"]


def test_an_informational_service_opens_a_page_with_the_persons_data(catalog, english):
    """R-S-1: the service's own page asks that one agency."""
    page = fetch(english, "/me/data/mia.vehicles/")
    assert page.status == 200
    assert page.h1 == ["Vehicle ownership"]
    for vehicle in ask_agency("mia.vehicles")["vehicles"]:
        assert vehicle["plate"] in page.html
    assert "Source: mia" in page.html
    asked = AuditEvent.objects.filter(action="exchange.query", purpose=PURPOSE)
    assert list(asked.values_list("object_id", flat=True)) == ["mia.vehicles"]
    assert english.get("/me/data/napr.company/").status_code == 404  # about companies
    assert english.get("/me/data/psda.birth-certificate/").status_code == 404  # functional
    assert english.get("/me/data/nothing.here/").status_code == 404
