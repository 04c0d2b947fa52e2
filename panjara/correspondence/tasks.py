"""Background jobs of correspondence: thin, they call a service."""

from datetime import timedelta

from django_tasks import task

from panjara.core.schedule import periodic

from .overdue import letters_overdue_mark


# Daily: a deadline is a date in Tbilisi. Running more often would change nothing (the job marks
# a letter once), running less often would tell people late.
@periodic("correspondence.overdue", every=timedelta(days=1))
@task(queue_name="default")
def mark_overdue_letters() -> int:
    """Issue 5 §4: mark letters whose deadline passed without an answer, and tell both sides."""
    return letters_overdue_mark().marked
