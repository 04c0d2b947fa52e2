from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from panjara.demo.services import demo_seed


def citizen_emails(manifest: Path) -> list[str]:
    import json

    from panjara.demo.citizens import READY

    if not manifest.exists():
        return []
    personas = json.loads(manifest.read_text()).get("personas", [])
    return [p["email"] for p in personas if p["personal_number"] in READY]


def desk_officials() -> list[tuple[str, str]]:
    """The ministries' officials demo.bodies seeds, as (e-mail, ministry in English). Tbilisi City
    Hall's official is among the demo staff, so it is not repeated here."""
    from panjara.demo import tbilisi
    from panjara.demo.bodies import MINISTRIES, desk_official_email

    return [(desk_official_email(code=m.code), m.en) for m in MINISTRIES if m.desk and m.code != tbilisi.CODE]


class Command(BaseCommand):
    help = "Seed demo data (agencies from the demo manifest, staff, terms, catalog). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--manifest", type=Path, default=settings.VAR_DIR / "demo" / "agencies.json")
        parser.add_argument(
            "--no-catalog", action="store_true", help="do not ask agencies for their services"
        )
        parser.add_argument("--print-logins", action="store_true", help="only print the demo staff logins")

    def handle(self, *args, manifest, no_catalog=False, print_logins=False, **options):
        if print_logins:
            from panjara.backoffice.demo import DEMO_STAFF_PASSWORD, demo_staff
            from panjara.demo.citizens import DEMO_CITIZEN_PASSWORD

            logins = [(staff.email, DEMO_STAFF_PASSWORD, staff.role) for staff in demo_staff()]
            logins += [
                (email, DEMO_STAFF_PASSWORD, f"agency_official, {body}") for email, body in desk_officials()
            ]
            logins += [(email, DEMO_CITIZEN_PASSWORD, "citizen") for email in citizen_emails(manifest)]
            width = max(32, *(len(email) for email, _, _ in logins))
            for email, password, who in logins:
                self.stdout.write(f"    {email:<{width}} {password}   ({who})")
            self.stdout.write("    sign-in codes arrive in the development mailbox: /dev/mailbox/")
            return
        if not manifest.exists():
            raise CommandError(f"{manifest} does not exist: run `python -m demo_agencies manifest` first")
        report = demo_seed(manifest=manifest, sync_catalog=not no_catalog)
        self.stdout.write(f"agencies: {', '.join(report.agencies)}")
        self.stdout.write(f"demo citizens: {', '.join(report.citizens)}")
        if report.terms_published:
            self.stdout.write(f"terms of use version {report.terms_published} published")
        if report.catalog:
            total = sum(report.catalog.synced.values())
            self.stdout.write(f"catalog: {total} services from {len(report.catalog.synced)} agencies")
            for code, reason in report.catalog.unavailable.items():
                self.stderr.write(f"  agency {code} unavailable: {reason}")
            for code, reason in report.catalog.skipped.items():
                self.stderr.write(f"  service {code} skipped: {reason}")
