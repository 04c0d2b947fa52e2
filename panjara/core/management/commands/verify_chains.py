"""Verify the hash-chained logs; exit non-zero and name the first broken link if any is broken."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from panjara.core.chain import verify
from panjara.core.models import ChainedRecord


def chained_models() -> dict[str, type[ChainedRecord]]:
    return {m.CHAIN: m for m in apps.get_models() if issubclass(m, ChainedRecord)}


class Command(BaseCommand):
    help = "Verify the message log and audit log hash chains."

    def add_arguments(self, parser):
        parser.add_argument("--chain", choices=sorted(chained_models()), help="only this chain")

    def handle(self, *args, chain=None, **options):
        models = chained_models()
        broken = []
        for name in [chain] if chain else sorted(models):
            report = verify(models[name])
            if report.intact:
                self.stdout.write(f"{name}: intact, {report.checked} links")
            else:
                broken.append(f"{name}: broken at link {report.broken_at}: {report.reason}")
        if broken:
            raise CommandError("; ".join(broken))
