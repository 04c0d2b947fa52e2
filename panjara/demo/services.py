"""Seeding the demo: agencies and keys from the demo agencies' manifest (configuration, not code:
the portal never imports the demo agencies), staff and halls, the terms of use, the catalog.
Idempotent: a second run changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import backoffice_demo_seed
from panjara.catalog.services import SyncReport, catalog_sync
from panjara.consent.demo import demo_terms
from panjara.consent.selectors import terms_current
from panjara.consent.services import terms_publish
from panjara.demo import tbilisi
from panjara.demo.bodies import demo_bodies_seed
from panjara.demo.citizens import demo_citizens_seed, demo_staff_contacts
from panjara.desk.services import desk_agency_register
from panjara.exchange.keys import portal_key_ensure
from panjara.exchange.services import agency_register


@dataclass
class SeedReport:
    agencies: list[str] = field(default_factory=list)
    staff: list[str] = field(default_factory=list)
    citizens: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    terms_published: int | None = None
    catalog: SyncReport | None = None


def demo_seed(*, manifest: Path, sync_catalog: bool = True) -> SeedReport:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("demo data is seeded only in demo mode")
    portal_key_ensure()
    report = SeedReport()
    data = json.loads(manifest.read_text())
    with transaction.atomic():
        for agency in data["agencies"]:
            agency_register(
                code=agency["code"],
                name_ka=agency["name"]["ka"],
                name_en=agency["name"]["en"],
                kind=agency.get("kind", "state"),
                base_url=agency["base_url"],
                public_jwks=[agency["public_jwk"]],
                by=PORTAL,
            )
            report.agencies.append(agency["code"])
        # Tbilisi City Hall has no system of its own: the portal serves it at the agency desk.
        desk_agency_register(
            code=tbilisi.CODE,
            name_ka=tbilisi.NAME["ka"],
            name_en=tbilisi.NAME["en"],
            kind=tbilisi.KIND,
            services=tbilisi.services(),
            by=PORTAL,
        )
        report.agencies.append(tbilisi.CODE)
        report.bodies = demo_bodies_seed()
        logins = backoffice_demo_seed()
        report.staff = [f"{login.role}: {login.email}" for login in logins if not login.skipped]
        if terms_current() is None:
            administrator = get_user_model().objects.get(
                email=next(x.email for x in logins if x.role == Role.ADMINISTRATOR)
            )
            report.terms_published = terms_publish(**demo_terms(), published_by=administrator).version
        demo_staff_contacts(emails=[login.email for login in logins])
        report.citizens = demo_citizens_seed(personas=data.get("personas", []))
    if sync_catalog:
        report.catalog = catalog_sync()
    return report
