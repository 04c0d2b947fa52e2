import signal
import sys
import time

from django.core.management.base import BaseCommand

from panjara.core.schedule import registered_jobs, schedule_due


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due (run one or more beside the workers)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between checks")

    def handle(self, *args, once=False, interval=15.0, **options):
        # Stop at once on SIGTERM (the launcher's Ctrl-C, a process manager), even mid-sleep:
        # nothing is lost, the next scheduler enqueues whatever is due.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(f"periodic jobs: {', '.join(sorted(registered_jobs())) or 'none'}")
        while True:
            for name in schedule_due():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
