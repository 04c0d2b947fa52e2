"""Download my data (R-C-5): everything the portal keeps about the person, as a JSON file, with
the download itself in the audit log."""

import json

import pytest

from panjara.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_export_page_explains_the_file_and_downloads_with_a_post(signed_in):
    html = signed_in.get("/account/export/").content.decode()
    assert 'method="post" action="/account/export/"' in html
    assert AuditEvent.objects.filter(action="account.exported").count() == 0


def test_the_export_is_a_json_attachment_with_the_persons_data(
    signed_in, citizen, other_citizen, first_terms
):
    response = signed_in.post("/account/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="panjara-data-')
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    data = json.loads(body)
    assert data["account"]["email"] == citizen.email
    assert data["account"]["mobile"] == "555100001"
    assert data["account"]["email_confirmed_at"] and data["account"]["mobile_confirmed_at"]
    assert data["person"] == {
        "personal_number": "01024085001",
        "given_name_ka": "გიორგი",
        "surname_ka": "ბერიძე",
        "given_name_en": "Giorgi",
        "surname_en": "Beridze",
        "birth_date": "1984-05-17",
    }
    assert "გიორგი" in body  # readable, not \\u escapes
    [decision] = data["terms_decisions"]
    assert decision["version"] == 1 and decision["decision"] == "accepted"
    assert decision["text_sha256"] == first_terms.text_hash_ka
    actions = [event["action"] for event in data["audit_events"]]
    assert actions[0] == "account.exported"  # newest first, and the export itself is included
    assert "terms.accepted" in actions
    assert other_citizen.email not in body and other_citizen.personal_number not in body


def test_the_export_is_audited(signed_in, citizen):
    signed_in.post("/account/export/")
    event = AuditEvent.objects.get(action="account.exported")
    assert (event.actor_kind, event.actor_id) == ("person", str(citizen.pk))
    assert event.subject_person == citizen.personal_number
    assert event.purpose == "export"


def test_a_person_who_refused_can_still_download_their_data(signed_in, second_terms):
    signed_in.post("/terms/decide/refuse/", {"version": 2, "language": "ka"})
    response = signed_in.post("/account/export/")
    assert response.status_code == 200
    decisions = json.loads(response.content)["terms_decisions"]
    assert [d["decision"] for d in decisions] == ["refused", "accepted"]
