"""Accepting and refusing the terms (R-C-1, R-C-2): the account gate sends a person with an open
decision to the decide page; a refusal ends use of the portal until they accept."""

import hashlib

import pytest
from django.conf import settings

from panjara.audit.models import AuditEvent
from panjara.consent.models import TermsDecision
from panjara.consent.selectors import terms_state

pytestmark = pytest.mark.django_db


def decide(client, version, **extra):
    return client.post("/terms/decide/", {"version": version, "language": "ka", **extra})


def test_a_new_version_sends_the_person_to_the_decide_page_from_any_page(signed_in, second_terms):
    """R-C-2: after a change nothing else can be used before deciding."""
    for path in ["/me/", "/inbox/", "/inbox/1/", "/account/export/", "/somewhere/else/"]:
        response = signed_in.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/terms/decide/", path
    assert signed_in.get("/terms/decide/").status_code == 200


def test_the_decide_page_shows_the_text_the_summary_since_the_accepted_version_and_both_choices(
    signed_in, second_terms
):
    html = signed_in.get("/terms/decide/").content.decode()
    assert "გამოყენების პირობები შეიცვალა" in html
    assert '<div class="terms-text" lang="ka">' in html and "<p>ახალი ტექსტი.</p>" in html
    assert "ძველი ტექსტი" not in html
    assert "დაემატა სერვისის საკუთარი პირობები." in html  # what changed since version 1
    assert 'href="/terms/decide/?language=en" lang="en" hreflang="en">English</a>' in html
    assert 'action="/terms/decide/"' in html and 'name="version" value="2"' in html
    assert 'action="/terms/decide/refuse/"' in html


def test_the_text_can_be_read_in_the_other_language(signed_in, second_terms):
    html = signed_in.get("/terms/decide/?language=en").content.decode()
    assert '<div class="terms-text" lang="en">' in html and "<p>New text.</p>" in html
    assert "Services may now have their own extra terms." in html
    assert 'lang="ka" hreflang="ka">ქართული</a>' in html


def test_the_first_acceptance_shows_no_changes(administrator, first_terms, client, django_user_model):
    """R-C-1: a person who never accepted sees the terms, not a list of changes."""
    from panjara.identity.testing import citizen_create, sign_in

    newcomer = citizen_create(personal_number="01001000001", mobile="555100009", accept_terms=False)
    sign_in(client, newcomer)
    assert client.get("/me/")["Location"] == "/terms/decide/"
    html = client.get("/terms/decide/").content.decode()
    assert "მიიღეთ გამოყენების პირობები" in html
    assert "პირველი ვერსია." not in html


def test_accepting_records_version_language_and_hash_and_lets_the_person_in(signed_in, second_terms, citizen):
    response = signed_in.post("/terms/decide/", {"version": 2, "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    decision = TermsDecision.objects.filter(user=citizen).first()
    assert (decision.terms.version, decision.decision, decision.language) == (2, "accepted", "en")
    assert decision.text_hash == hashlib.sha256(b"## Second\nNew text.").hexdigest()
    assert terms_state(user=citizen)[0] == "accepted"
    event = AuditEvent.objects.filter(action="terms.accepted").latest("seq")
    assert (event.subject_person, event.object_id) == (citizen.personal_number, "2")
    assert signed_in.get("/inbox/").status_code == 200
    # Nothing left to decide: the decide page sends the person on.
    assert signed_in.get("/terms/decide/")["Location"] == settings.LOGIN_REDIRECT_URL


def test_accepting_goes_to_next_only_on_this_site(signed_in, second_terms, administrator):
    assert decide(signed_in, 2, next="/inbox/?page=2")["Location"] == "/inbox/?page=2"
    from panjara.consent.services import terms_publish

    for version, unsafe in [(3, "https://evil.example/me/"), (4, "//evil.example/"), (5, "/terms/refused/")]:
        terms_publish(text_ka="ტ", text_en="t", summary_ka="", summary_en="", published_by=administrator)
        assert decide(signed_in, version, next=unsafe)["Location"] == settings.LOGIN_REDIRECT_URL


def test_a_decision_on_a_version_that_is_no_longer_current_is_not_recorded(signed_in, second_terms, citizen):
    response = decide(signed_in, 1)
    assert response["Location"].startswith("/terms/decide/")
    assert TermsDecision.objects.filter(user=citizen).count() == 1  # only version 1, from before
    assert terms_state(user=citizen)[0] == "pending"
    assert "გამოქვეყნდა პირობების ახალი ვერსია" in signed_in.get(response["Location"]).content.decode()


def test_refusing_asks_for_confirmation_first(signed_in, second_terms, citizen):
    html = signed_in.get("/terms/decide/refuse/?language=ka").content.decode()
    assert "პორტალით სარგებლობას ვეღარ შეძლებთ" in html
    assert "თქვენი მონაცემების ჩამოტვირთვა კვლავ შეგეძლებათ" in html
    assert "პირობების მიღება მოგვიანებითაც შეგიძლიათ" in html
    assert terms_state(user=citizen)[0] == "pending"  # only reading it changes nothing


def test_refusing_is_recorded_and_blocks_every_page_but_refused_decide_export_and_sign_out(
    signed_in, second_terms, citizen
):
    response = signed_in.post("/terms/decide/refuse/", {"version": 2, "language": "ka"})
    assert response["Location"] == "/terms/refused/"
    decision = TermsDecision.objects.filter(user=citizen).first()
    assert (decision.terms.version, decision.decision, decision.language) == (2, "refused", "ka")
    assert decision.text_hash == second_terms.text_hash_ka
    assert AuditEvent.objects.filter(action="terms.refused", subject_person=citizen.personal_number).exists()

    for path in ["/me/", "/inbox/", "/somewhere/"]:
        assert signed_in.get(path)["Location"] == "/terms/refused/", path
    page = signed_in.get("/terms/refused/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "პორტალით სარგებლობა დასრულდა" in html
    assert 'href="/account/export/"' in html and 'href="/terms/decide/"' in html
    assert 'action="/signout/"' in html
    assert signed_in.get("/terms/decide/").status_code == 200
    assert signed_in.get("/account/export/").status_code == 200
    assert signed_in.post("/signout/").get("Location") != "/terms/refused/"


def test_accepting_later_restores_use_of_the_portal(signed_in, second_terms, citizen):
    signed_in.post("/terms/decide/refuse/", {"version": 2, "language": "ka"})
    assert signed_in.get("/inbox/")["Location"] == "/terms/refused/"
    html = signed_in.get("/terms/decide/").content.decode()
    assert "თქვენ უარი თქვით ამ პირობებზე" in html
    assert decide(signed_in, 2)["Location"] == settings.LOGIN_REDIRECT_URL
    assert terms_state(user=citizen)[0] == "accepted"
    assert signed_in.get("/inbox/").status_code == 200
    assert signed_in.get("/terms/refused/")["Location"] == settings.LOGIN_REDIRECT_URL


def test_the_history_lists_every_decision_with_its_hash(signed_in, second_terms, first_terms):
    signed_in.post("/terms/decide/refuse/", {"version": 2, "language": "en"})
    decide(signed_in, 2)
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = signed_in.get("/terms/history/").content.decode()
    assert html.count("<tr>") == 4  # header and three decisions
    assert html.count('href="/terms/2/">Version 2</a>') == 2
    assert 'href="/terms/1/">Version 1</a>' in html
    assert f'<code class="consent-history__hash">{first_terms.text_hash_ka}</code>' in html
    assert f'<code class="consent-history__hash">{second_terms.text_hash_en}</code>' in html
    assert f'<code class="consent-history__hash">{second_terms.text_hash_ka}</code>' in html
    assert "<td>English</td>" in html and "<td>Georgian</td>" in html
    accepted, refused = '<strong class="tag">accepted</strong>', "<td>refused</td>"
    assert html.count(accepted) == 2 and html.count(refused) == 1
    # Newest first: the acceptance of version 2 comes before its refusal.
    assert html.index(accepted) < html.index(refused)


def test_the_decision_pages_need_a_signed_in_person(client, first_terms):
    for path in ["/terms/decide/", "/terms/refused/", "/terms/history/", "/account/export/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/signin/?next="), path


def test_the_decision_waits_for_the_earlier_first_login_steps(first_terms, client):
    """R-C-1 comes last in the first login: the terms text stays readable, deciding does not."""
    from django.urls import reverse

    from panjara.identity.testing import citizen_create, sign_in

    newcomer = citizen_create(personal_number="01001000002", mobile="555100008", accept_terms=False)
    newcomer.must_change_password = True
    newcomer.save(update_fields=["must_change_password"])
    sign_in(client, newcomer)
    for path in ["/terms/decide/", "/terms/decide/refuse/", "/terms/refused/"]:
        assert client.get(path)["Location"] == reverse("identity:setup_password"), path
    assert client.post("/terms/decide/", {"version": 1, "language": "ka"})["Location"] == reverse(
        "identity:setup_password"
    )
    assert not TermsDecision.objects.filter(user=newcomer).exists()
    assert client.get("/terms/").status_code == 200
