"""Publishing a version tells everyone (R-C-2: "users are notified through the portal"): an inbox
message to every active citizen account and an e-mail to each confirmed address, in the account's
language, prepared by background jobs after the publication commits."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from panjara.consent import services
from panjara.consent.services import terms_announce_batch, terms_publish
from panjara.identity.testing import citizen_create
from panjara.inbox.models import InboxMessage
from panjara.notifications.models import Notification

# Transactional: the announcement is enqueued when the publication commits, and the worker
# closes its database connection when it ends.
pytestmark = pytest.mark.django_db(transaction=True)


class RolledBack(Exception):
    pass


def run_announcements() -> None:
    # Only the consent jobs: the e-mail deliveries they create stay queued (no SMTP server here).
    call_command(
        "db_worker", batch=True, queue_name="default", startup_delay=False, reload=False, verbosity=0
    )


@pytest.fixture
def people(citizen, other_citizen, administrator):
    other_citizen.language = "en"
    other_citizen.save(update_fields=["language"])
    unconfirmed = citizen_create(personal_number="01001000003", mobile="555100003")
    unconfirmed.email_confirmed_at = None
    unconfirmed.save(update_fields=["email_confirmed_at"])
    inactive = citizen_create(personal_number="01001000004", mobile="555100004")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    return {"ka": citizen, "en": other_citizen, "unconfirmed": unconfirmed, "inactive": inactive}


def publish(administrator, n: int = 1):
    return terms_publish(
        text_ka=f"ტექსტი {n}",
        text_en=f"Text {n}",
        summary_ka=f"შეიცვალა მე-{n} პუნქტი.",
        summary_en=f"Clause {n} changed.",
        published_by=administrator,
    )


def test_publishing_only_enqueues_the_announcement(people, administrator):
    publish(administrator)
    assert DBTaskResult.objects.filter(task_path__endswith=".announce_terms", status="READY").count() == 1
    assert InboxMessage.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_rolled_back_publication_announces_nothing(people, administrator):
    with pytest.raises(RolledBack), transaction.atomic():
        publish(administrator)
        raise RolledBack
    run_announcements()
    assert DBTaskResult.objects.count() == 0
    assert InboxMessage.objects.count() == 0


def test_every_active_citizen_gets_an_inbox_message_and_confirmed_addresses_an_email(people, administrator):
    publish(administrator)
    run_announcements()

    told = set(InboxMessage.objects.values_list("user_id", flat=True))
    assert told == {people["ka"].pk, people["en"].pk, people["unconfirmed"].pk}  # not staff, not inactive
    message = InboxMessage.objects.get(user=people["ka"])
    assert message.kind == "terms_changed"
    assert message.link == "/terms/decide/"
    assert message.subject_ka == "გამოყენების პირობები შეიცვალა"
    assert message.subject_en == "The terms of use have changed"
    assert "შეიცვალა მე-1 პუნქტი." in message.body_ka and "Clause 1 changed." in message.body_en
    assert message.read_at is None

    emails = Notification.objects.filter(channel="email", template="consent.terms_changed")
    assert sorted(emails.values_list("to", "language")) == sorted(
        [(people["ka"].email, "ka"), (people["en"].email, "en")]
    )
    georgian = emails.get(language="ka")
    assert "ვერსია 1" in georgian.subject
    assert "შეიცვალა მე-1 პუნქტი." in georgian.body
    assert "http://127.0.0.1:8000/terms/decide/" in georgian.body
    english = emails.get(language="en")
    assert english.subject == "Panjara: the terms of use have changed (version 1)"
    assert "Clause 1 changed." in english.body and "Clause 1 changed." in english.html_body
    assert set(emails.values_list("status", flat=True)) == {"queued"}  # delivered by their own jobs


def test_the_work_is_split_into_batches_and_a_batch_that_runs_twice_tells_nobody_twice(
    people, administrator, monkeypatch
):
    monkeypatch.setattr(services, "ANNOUNCE_BATCH", 2)
    terms = publish(administrator)
    run_announcements()
    batches = DBTaskResult.objects.filter(task_path__endswith=".announce_terms_batch")
    assert batches.count() == 2
    assert set(batches.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert InboxMessage.objects.count() == 3

    first, last = min(u.pk for u in people.values()), max(u.pk for u in people.values())
    assert terms_announce_batch(terms_id=terms.pk, first_id=first, last_id=last) == 0
    assert InboxMessage.objects.count() == 3
    assert Notification.objects.count() == 2


def test_each_new_version_is_announced_again(people, administrator):
    publish(administrator, 1)
    run_announcements()
    publish(administrator, 2)
    run_announcements()
    assert InboxMessage.objects.filter(user=people["ka"]).count() == 2
    assert Notification.objects.filter(user=people["en"]).count() == 2


def test_a_version_superseded_before_its_announcement_ran_is_not_announced(people, administrator):
    publish(administrator, 1)
    publish(administrator, 2)
    run_announcements()
    assert list(InboxMessage.objects.filter(user=people["ka"]).values_list("reference", flat=True)) == [
        "terms:2"
    ]
    assert Notification.objects.filter(user=people["en"]).count() == 1


def test_someone_who_already_accepted_the_version_is_not_told(people, administrator):
    from panjara.consent.services import terms_decide

    terms = publish(administrator)
    terms_decide(user=people["en"], terms=terms, decision="accepted", language="en")
    run_announcements()
    assert not InboxMessage.objects.filter(user=people["en"]).exists()
    assert not Notification.objects.filter(user=people["en"]).exists()
    assert InboxMessage.objects.filter(user=people["ka"]).exists()


def test_someone_who_turned_email_off_for_terms_changes_gets_the_inbox_message_only(people, administrator):
    people["en"].notification_preferences = {"terms": []}
    people["en"].save(update_fields=["notification_preferences"])
    publish(administrator)
    run_announcements()
    assert InboxMessage.objects.filter(user=people["en"]).exists()
    assert not Notification.objects.filter(user=people["en"]).exists()
