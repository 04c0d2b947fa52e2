"""What the portal keeps about a person: each kept answer, its source, when it came and when it
is deleted, deletable at once (R-C-5), provably unchanged (R-P-3), and only the person's own."""

from __future__ import annotations

import re

from django.test import Client

from panjara.audit.models import AuditEvent
from panjara.exchange.models import StoredAnswer
from panjara.identity.testing import sign_in
from panjara.personal.cards import PURPOSE

from .conftest import fetch, text_of

GIORGI, NINO = "01024085001", "01017029002"


def kept_rows(page) -> list[str]:
    table = page.tree.find(".//table")
    return [text_of(row) for row in table.find("tbody").iter("tr")] if table is not None else []


def test_the_kept_page_lists_each_answer_with_its_source_and_times_and_deletes_on_request(catalog, english):
    fetch(english)
    kept = StoredAnswer.objects.filter(subject=f"person:{GIORGI}")
    page = fetch(english, "/me/kept/")
    assert page.status == 200
    assert page.h1 == ["What the portal keeps about you"]
    rows = kept_rows(page)
    assert len(rows) == kept.count() == 15
    vehicles = kept.get(service="mia.vehicles")
    [row] = [r for r in rows if r.startswith("Vehicle ownership")]
    assert "mia" in row and "Delete now" in row
    times = [t.get("datetime") for t in page.tree.iter("time")]
    assert vehicles.received_at.isoformat() in times and vehicles.expires_at.isoformat() in times

    response = english.post(f"/me/kept/{vehicles.pk}/delete/")
    assert response.status_code == 302
    assert not kept.filter(pk=vehicles.pk).exists()
    assert kept.count() == 14
    event = AuditEvent.objects.get(action="personal.kept_deleted")
    assert (event.subject_person, event.object_id) == (GIORGI, vehicles.message_id)
    page = fetch(english, "/me/kept/")
    assert "Deleted. The portal no longer keeps this information." in page.html

    english.post("/me/kept/delete/")
    assert not kept.exists()
    assert "The portal keeps nothing about you right now." in fetch(english, "/me/kept/").html


def test_a_kept_answer_is_shown_as_the_agency_signed_it_and_proven_unchanged(catalog, english):
    fetch(english)
    vehicles = StoredAnswer.objects.get(subject=f"person:{GIORGI}", service="mia.vehicles")
    page = fetch(english, f"/me/kept/{vehicles.pk}/")
    assert page.status == 200
    assert "yes: the agency's signature and the portal's log both confirm it" in page.html
    assert vehicles.digest in page.html
    # Bytes changed after they were kept no longer prove themselves: nothing of them is shown,
    # here or on the personal page when the agency is down.
    raw = bytes(vehicles.raw)
    vehicles.raw = raw[:-3] + (b"AAA" if raw[-3:] != b"AAA" else b"BBB")
    vehicles.save(update_fields=["raw"])
    page = fetch(english, f"/me/kept/{vehicles.pk}/")
    assert "cannot be confirmed, so the answer is not shown" in page.html
    assert "What the agency sent" not in page.html
    catalog["mia"].hang = True
    card = fetch(english).cards["mia.vehicles"]
    assert "mia did not answer in time, so this information is unavailable now" in card


def test_a_person_cannot_see_or_delete_another_persons_kept_answers(catalog, citizen_client, other_citizen):
    client = Client()  # the `client` fixture is citizen_client itself
    sign_in(client, other_citizen)
    fetch(client)
    ninos = StoredAnswer.objects.filter(subject=f"person:{NINO}")
    assert ninos.exists()
    hers = ninos.first()
    assert citizen_client.get(f"/me/kept/{hers.pk}/").status_code == 404
    assert citizen_client.post(f"/me/kept/{hers.pk}/delete/").status_code == 404
    citizen_client.post("/me/kept/delete/")
    assert ninos.filter(pk=hers.pk).exists()
    assert kept_rows(fetch(citizen_client, "/me/kept/")) == []
    assert not AuditEvent.objects.filter(action="personal.kept_deleted").exists()
    assert client.get(f"/me/kept/{hers.pk}/").status_code == 200


def test_deleting_needs_a_post(catalog, citizen_client):
    fetch(citizen_client)
    answer = StoredAnswer.objects.filter(purpose=PURPOSE).first()
    assert citizen_client.get(f"/me/kept/{answer.pk}/delete/").status_code == 405
    assert StoredAnswer.objects.filter(pk=answer.pk).exists()


def test_the_pages_have_one_h1_and_no_inline_script_or_style(catalog, citizen_client):
    """Strict CSP: no inline code; the pages work without JavaScript."""
    paths = ["/me/", "/me/data/psda.person/", "/me/kept/", "/me/kept/{answer}/"]
    for path in paths:
        # Every visit of /me/ keeps new answers in place of the old: look the kept one up last.
        answer = StoredAnswer.objects.filter(purpose=PURPOSE, service="mia.vehicles").first()
        path = path.format(answer=answer.pk if answer else 0)
        page = fetch(citizen_client, path)
        assert page.status == 200, path
        assert len(page.h1) == 1, path
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.html) is None
        assert "<style" not in page.html
        assert re.search(r"\sstyle\s*=", page.html) is None
        assert re.search(r"\son[a-z]+\s*=", page.html) is None
        for table in page.tree.iter("table"):
            assert table.find("thead") is not None and table.find(".//th[@scope='col']") is not None
