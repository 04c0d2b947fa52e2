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

            for staff in demo_staff():
                self.stdout.write(f"    {staff.email:<32} {DEMO_STAFF_PASSWORD}   ({staff.role})")
            for email in citizen_emails(manifest):
                self.stdout.write(f"    {email:<32} {DEMO_CITIZEN_PASSWORD}   (citizen)")
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
