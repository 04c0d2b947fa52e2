from django.core.management.base import BaseCommand

from panjara.correspondence.overdue import letters_overdue_mark


class Command(BaseCommand):
    help = (
        "Mark letters whose deadline passed without an answer and tell the writer and the body "
        "(the daily job, run by hand; running it again changes nothing)."
    )

    def handle(self, *args, **options) -> None:
        run = letters_overdue_mark()
        self.stdout.write(f"checked={run.checked} marked={run.marked}")
