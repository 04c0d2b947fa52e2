import time

from django.core.management.base import BaseCommand

from panjara.notifications.services import notifications_sweep
from panjara.notifications.tasks import delivery_retry_policy


class Command(BaseCommand):
    help = "Re-queue notifications stuck in 'sending' past their lease and queued ones whose job was lost."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every", type=float, default=0, help="Repeat every N seconds until stopped (default: run once)."
        )

    def handle(self, *, every: float, verbosity: int, **options) -> None:
        while True:
            result = notifications_sweep(retry=delivery_retry_policy())
            if verbosity > 1 or any(result.as_dict().values()):
                self.stdout.write(" ".join(f"{key}={value}" for key, value in result.as_dict().items()))
            if every <= 0:
                return
            time.sleep(every)
