"""The demo seeds Tbilisi City Hall as an agency served at the agency desk (issue 4 §6), with its
services in the catalog and an official who can sign in to the desk. Idempotent."""

from __future__ import annotations

import json

import pytest

from panjara.backoffice.demo import DEMO_STAFF_PASSWORD
from panjara.catalog.models import Service
from panjara.demo.services import demo_seed
from panjara.exchange.models import Agency, AgencyKey
from panjara.identity.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def manifest(tmp_path):
    # No demo agencies: the desk agency needs none (the portal keeps its catalog).
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps({"agencies": [], "personas": []}))
    return path


def test_the_demo_serves_tbilisi_city_hall_at_the_desk_with_an_official(manifest):
    report = demo_seed(manifest=manifest, sync_catalog=False)
    assert "tbilisi" in report.agencies
    agency = Agency.objects.get(code="tbilisi")
    assert (agency.channel, agency.base_url, agency.kind) == ("desk", "", "state")
    assert (agency.name_ka, agency.name_en) == ("თბილისის მერია", "Tbilisi City Hall")
    services = Service.objects.filter(agency=agency, is_active=True).order_by("code")
    assert [s.code for s in services] == [
        "tbilisi.entrance-repair-cofinancing",
        "tbilisi.outdoor-seating-permit",
    ]
    for service in services:
        assert service.kind == "functional" and service.assurance == "substantial"
        assert not service.signature_required
        assert (service.deadline_unit, service.deadline_value > 0) == ("working_days", True)
        assert service.form_schema["properties"]["personal_number"]["readOnly"] is True
    assert AgencyKey.objects.filter(agency=agency, is_active=True).count() == 1
    official = User.objects.get(email="desk@panjara.example")
    assert official.check_password(DEMO_STAFF_PASSWORD)
    assert (official.staff_profile.role, official.staff_profile.agency) == ("agency_official", agency)
    assert "agency_official: desk@panjara.example" in report.staff


def test_seeding_the_demo_twice_changes_nothing_at_the_desk(manifest):
    demo_seed(manifest=manifest, sync_catalog=False)
    keys = list(AgencyKey.objects.filter(agency__code="tbilisi").values_list("kid", flat=True))
    demo_seed(manifest=manifest, sync_catalog=False)
    assert list(AgencyKey.objects.filter(agency__code="tbilisi").values_list("kid", flat=True)) == keys
    assert Service.objects.filter(agency__code="tbilisi").count() == 2
    assert User.objects.filter(email="desk@panjara.example").count() == 1
