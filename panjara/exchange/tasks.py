from datetime import timedelta

from django_tasks import task

from panjara.core.schedule import periodic

from .services import answers_purge_expired


@periodic("exchange.purge_expired_answers", every=timedelta(minutes=10))
@task(queue_name="exchange")
def purge_expired_answers() -> int:
    """R-C-5: informational data is kept only as long as its purpose needs."""
    return answers_purge_expired()
