"""The portal and the demo agencies across a real HTTP boundary (R-P-3, R-S-5, R-PP-2, R-PP-5):
the catalog fills from the agencies' signed descriptions, a person's data comes back from every
agency at once, and a hung, garbage-speaking or forging agency costs only its own answer."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from demo_agencies.personas import persona_list
from panjara.audit.services import PORTAL
from panjara.catalog.categories import LABELS
from panjara.catalog.models import Service
from panjara.catalog.services import catalog_sync
from panjara.exchange.client import Request, Status
from panjara.exchange.models import ExchangeMessage
from panjara.exchange.services import exchange_ask_sync
from panjara_protocol import Party

TIMEOUT_MS = 600  # as the root conftest registers the agencies


def _personal_requests(personal_number: str) -> list[Request]:
    person = Party(kind="person", id=personal_number)
    return [
        Request(agency=s.agency.code, kind="query", service=s.code, purpose="personal-page", subject=person)
        for s in Service.objects.filter(kind="informational", is_active=True).select_related("agency")
        # A company's registry record is asked by company id, not by a person's number.
        if s.code != "napr.company"
    ]


def test_the_catalog_fills_from_every_agencys_signed_description(agencies):
    report = catalog_sync()
    assert report.unavailable == {} and report.skipped == {}
    assert len(report.synced) == 8
    categories = set(Service.objects.values_list("category", flat=True))
    # Every category of R-PP-2 but correspondence (the portal's own service) has services.
    assert categories >= set(LABELS) - {"correspondence"}
    assert Service.objects.filter(kind="functional").exclude(form_schema=None).count() >= 8


def test_a_persons_data_comes_back_from_every_agency_at_once(agencies):
    catalog_sync()
    persona = persona_list()[0]
    outcomes = exchange_ask_sync(_personal_requests(persona["personal_number"]), on_behalf=PORTAL)
    assert len({o.request.agency for o in outcomes}) >= 5
    assert all(o.status is Status.OK for o in outcomes), [(o.request.service, o.reason) for o in outcomes]
    found = [o for o in outcomes if o.answer.body.get("status") == "ok"]
    assert len({o.request.agency for o in found}) >= 5


def test_a_hung_agency_costs_only_its_own_timeout_and_the_rest_still_answer(agencies):
    catalog_sync()
    agencies["mia"].hang = True
    persona = persona_list()[0]
    started = time.monotonic()
    outcomes = exchange_ask_sync(_personal_requests(persona["personal_number"]), on_behalf=PORTAL)
    elapsed = time.monotonic() - started
    hung = [o for o in outcomes if o.request.agency == "mia"]
    others = [o for o in outcomes if o.request.agency != "mia"]
    assert hung and all(o.status is Status.UNAVAILABLE for o in hung)
    assert all(o.status is Status.OK for o in others)
    # All cards wait at most for the slowest agency's timeout, not the sum of them.
    assert elapsed < TIMEOUT_MS / 1000 + 1.0, f"{elapsed:.2f} s"


@pytest.mark.parametrize("knob", ["garbage", "bad_signature"])
def test_a_garbage_or_forging_agency_is_refused_and_logged_not_raised(agencies, knob):
    catalog_sync()
    setattr(agencies["rs"], knob, True)
    persona = persona_list()[0]
    outcomes = exchange_ask_sync(_personal_requests(persona["personal_number"]), on_behalf=PORTAL)
    refused = [o for o in outcomes if o.request.agency == "rs"]
    assert refused and all(o.status is Status.REJECTED for o in refused)
    assert ExchangeMessage.objects.filter(agency_code="rs", direction="in", status="rejected").count() == len(
        refused
    )
    call_command("verify_chains")


def test_seeding_the_demo_twice_changes_nothing(db, tmp_path: Path, agencies_config, agencies_server):
    from django.apps import apps

    from panjara.demo.services import demo_seed

    manifest = tmp_path / "agencies.json"
    manifest.write_text(
        json.dumps(
            {
                "agencies": [
                    {
                        "code": code,
                        "name": {"ka": code, "en": code},
                        "kind": "state",
                        "base_url": agencies_server.url(f"/{code}"),
                        "public_jwk": agencies_config.keys[code].public_jwk(),
                    }
                    for code in agencies_config.mounted
                ]
            }
        )
    )

    def counts():
        return {
            m._meta.label: m.objects.count()
            for m in apps.get_models()
            if not m._meta.label.startswith("django_tasks")
        }

    demo_seed(manifest=manifest)
    first = counts()
    demo_seed(manifest=manifest)
    second = counts()
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k]}
    # A second catalog sync asks the agencies again: that is new traffic in the message log
    # (and its chain head), not new data.
    changed.pop("exchange.ExchangeMessage", None)
    assert changed == {}
    assert first["catalog.Service"] >= 30
