"""The catalog fills itself from agencies' signed service descriptions (R-S-5, R-PP-2): a new
agency joins by configuration, and a bad description never takes good ones down with it."""

from panjara.catalog.models import Service
from panjara.catalog.services import catalog_sync

GOOD = {
    "code": "testreg.extract",
    "name": {"ka": "ამონაწერი რეესტრიდან", "en": "Extract from the registry"},
    "description": {"ka": "ამონაწერი PDF ფორმატში", "en": "An extract as PDF"},
    "category": "business",
    "type": "functional",
    "assurance": "substantial",
    "signature_required": False,
    "fee": {"amount": "10.00", "currency": "GEL"},
    "deadline": {"value": 4, "unit": "working_days"},
    "form_schema": {"type": "object", "properties": {"company_id": {"type": "string"}}},
    "keywords": {"ka": ["ამონაწერი"], "en": ["extract"]},
}


def test_services_described_by_an_agency_enter_the_catalog(agency):
    agency.services = [GOOD]
    report = catalog_sync()
    assert report.synced == {"testreg": 1}
    service = Service.objects.get(code="testreg.extract")
    assert (service.name_ka, service.category, service.kind, str(service.fee_amount)) == (
        "ამონაწერი რეესტრიდან",
        "business",
        "functional",
        "10.00",
    )
    assert (service.deadline_value, service.deadline_unit) == (4, "working_days")


def test_an_invalid_service_is_skipped_with_its_reason_and_the_rest_are_kept(agency):
    bad = {**GOOD, "code": "testreg.bad", "category": "astrology"}
    no_form = {**GOOD, "code": "testreg.noform", "form_schema": None}
    foreign = {**GOOD, "code": "otheragency.x"}
    agency.services = [GOOD, bad, no_form, foreign, "nonsense"]
    report = catalog_sync()
    assert list(Service.objects.values_list("code", flat=True)) == ["testreg.extract"]
    assert "category" in report.skipped["testreg.bad"]
    assert "form schema" in report.skipped["testreg.noform"]
    assert "otheragency.x" in report.skipped


def test_an_unavailable_agency_keeps_its_services_and_a_withdrawn_one_stops_being_offered(agency):
    agency.services = [GOOD, {**GOOD, "code": "testreg.second"}]
    catalog_sync()
    agency.mode = "http503"
    report = catalog_sync()
    assert "testreg" in report.unavailable
    assert Service.objects.filter(is_active=True).count() == 2
    agency.mode = "ok"
    agency.services = [GOOD]
    catalog_sync()
    assert list(Service.objects.filter(is_active=True).values_list("code", flat=True)) == ["testreg.extract"]
    assert Service.objects.get(code="testreg.second").is_active is False


def test_malformed_keywords_or_fees_skip_only_that_service(agency):
    agency.services = [
        GOOD,
        {**GOOD, "code": "testreg.kw", "keywords": ["not", "a", "dict"]},
        {**GOOD, "code": "testreg.fee", "fee": {"amount": "5", "currency": "USD"}},
        {**GOOD, "code": "testreg.deadline", "deadline": {"value": True, "unit": "months"}},
    ]
    report = catalog_sync()
    assert report.synced == {"testreg": 1}
    assert set(report.skipped) == {"testreg.kw", "testreg.fee", "testreg.deadline"}
