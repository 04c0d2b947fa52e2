"""Finding a service by what one needs (R-PP-4), in Georgian, in English, or in Georgian typed
with Latin letters — by the national romanisation system or the informal ways people type it —
without knowing which agency provides it."""

import re

import pytest
from django.urls import reverse

from panjara.catalog.models import Service
from panjara.catalog.selectors import service_search
from panjara.catalog.services import catalog_sync

from .test_sync import GOOD


def _codes(query: str) -> list[str]:
    return [service.code for service in service_search(query=query).services]


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize(
    "query",
    [
        "dabadebis motsmoba",  # the national system: წ → ts
        "dabadebis mowmoba",  # informal: w for წ
        "Dabadebis Motsmoba",  # capitals at the start of words are only capitals
        "motsmoba dabadebis",  # word order does not matter
        "dabad motsm",  # nor do unfinished words
        "დაბადების მოწმობა",  # Georgian script, other grammatical case than the name's
        "birth certificate",
        "BIRTH CERTIFICATE",
        "repeat birth certificate for a child",  # R-PP-4's own example
    ],
)
def test_the_repeat_birth_certificate_is_found_however_it_is_typed(catalog, query):
    assert _codes(query)[0] == "psda.birth-certificate"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("ojakhis tsevrebi", "psda.family"),  # ოჯახის წევრები, national system
        ("ojaxis wevrebi", "psda.family"),  # x for ხ, w for წ
        ("udzravi koneba", "napr.property"),  # უძრავი ქონება
        ("uZravi qoneba", "napr.property"),  # keyboard-layout Z for ძ, q for ქ
        ("mshenebloba", "psda.building-permit"),  # მშენებლობის ნებართვა
        ("mSenebloba", "psda.building-permit"),  # keyboard-layout S for შ
        ("tsetskhlsasroli iaraghi", "mia.firearm-permit"),  # ცეცხლსასროლი იარაღი
        ("cecxlsasroli iaraRi", "mia.firearm-permit"),  # c for ც, x for ხ, R for ღ
        ("saqoveltao jandatsva", "ssa.health"),  # საყოველთაო ჯანდაცვა: q for ყ
        ("sayoveltao jandacva", "ssa.health"),  # y for ყ, c for ც
        ("saarsebo Semweoba", "ssa.social-assistance"),  # საარსებო შემწეობა
        ("komunaluri gadasakhadebi", "utilities.bills"),
        ("საგადასახადო ბალანსი", "rs.tax-balance"),
        ("traffic fines", "mia.fines"),
    ],
)
def test_georgian_typed_in_latin_letters_finds_the_georgian_name(catalog, query, code):
    assert _codes(query)[0] == code


def test_a_word_in_the_name_ranks_above_the_same_word_in_a_description(catalog):
    found = service_search(query="certificate").services
    in_name = [" certipicat" in service.search_name for service in found]
    assert in_name[0] and not all(in_name), "some services have it only in their description"
    assert in_name == sorted(in_name, reverse=True)


def test_the_index_follows_what_the_agency_describes_at_each_sync(agency):
    """'mosakrebeli' finds 'მოსაკრებელი'; the index is refreshed by the sync, not by hand."""
    fee = {
        **GOOD,
        "code": "testreg.fee",
        "name": {"ka": "სახელმწიფო მოსაკრებელი", "en": "State fee"},
        "description": {"ka": "გადახდა", "en": "Payment"},
    }
    agency.services = [fee]
    catalog_sync()
    assert _codes("mosakrebeli") == ["testreg.fee"]
    assert _codes("saxelmwifo mosakrebeli") == ["testreg.fee"]
    agency.services = [{**fee, "name": {"ka": "ამონაწერი", "en": "Extract"}}]
    catalog_sync()
    assert _codes("mosakrebeli") == []
    assert Service.objects.get(code="testreg.fee").search_name == " amonaceri extract"


def test_a_search_with_no_full_match_offers_partial_ones_and_says_so(catalog):
    result = service_search(query="birth certificate zanzibar")
    assert result.partial
    assert result.services[0].code == "psda.birth-certificate"
    assert service_search(query="qwzxqwzx").services == []


def test_the_search_page_keeps_the_query_and_helps_when_nothing_is_found(catalog, client):
    client.cookies["panjara_language"] = "en"
    response = client.get(reverse("catalog:search"), {"q": "qwzxqwzx"})
    assert 'value="qwzxqwzx"' in response.content.decode()
    page = _text(response)
    assert "No service has every word of “qwzxqwzx”" in page
    assert "browse the services by category" in page

    response = client.get(reverse("catalog:search"), {"q": "dabadebis motsmoba"})
    page = _text(response)
    assert 'value="dabadebis motsmoba"' in response.content.decode()
    assert "found for “dabadebis motsmoba”" in page
    assert "Repeat birth certificate" in page

    page = _text(client.get(reverse("catalog:search"), {"q": "   "}))
    assert "Type what you need in the box above" in page


def test_the_query_is_shown_escaped(catalog, client):
    response = client.get(reverse("catalog:search"), {"q": '<script>alert("x")</script>'})
    assert "<script>alert" not in response.content.decode()
