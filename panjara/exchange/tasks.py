from datetime import timedelta

from django_tasks import task

from panjara.core.schedule import periodic

from .services import answers_purge_expired


@periodic("exchange.purge_expired_answers", every=timedelta(minutes=10))
@task(queue_name="exchange")
def purge_expired_answers() -> int:
    """R-C-5: informational data is kept only as long as its purpose needs."""
    return answers_purge_expired()


@task(queue_name="exchange")
def deliver_outbox_message(message_id: int) -> str:
    from .outbox import outbox_deliver

    row = outbox_deliver(message_id=message_id)
    return "nothing due" if row is None else row.status


@periodic("exchange.outbox_sweep", every=timedelta(minutes=1))
@task(queue_name="exchange")
def sweep_outbox() -> int:
    """Re-queue pending deliveries whose job was lost; see exchange.outbox."""
    from .outbox import outbox_sweep

    return outbox_sweep()
