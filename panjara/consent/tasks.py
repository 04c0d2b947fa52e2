"""Background jobs of the consent app. Thin on purpose: load by id, call a service."""

from django_tasks import task

# The announcement fans out into many small jobs; the "default" queue keeps them apart from the
# deliveries they create (queue "notifications"), so e-mails start going out while later batches
# are still being prepared.
QUEUE = "default"


@task(queue_name=QUEUE)
def announce_terms(terms_id: int) -> int:
    from .services import terms_announce

    return terms_announce(terms_id=terms_id)


@task(queue_name=QUEUE)
def announce_terms_batch(terms_id: int, first_id: int, last_id: int) -> int:
    from .services import terms_announce_batch

    return terms_announce_batch(terms_id=terms_id, first_id=first_id, last_id=last_id)
