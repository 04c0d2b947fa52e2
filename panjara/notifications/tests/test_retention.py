"""R-C-5: the text of a delivered message (it can hold a one-time code) is kept only for a day."""

from datetime import timedelta

import pytest

from panjara.notifications.models import Notification
from panjara.notifications.services import REDACTED, notification_send, notifications_redact_delivered

pytestmark = pytest.mark.django_db


def test_delivered_texts_are_removed_after_the_keep_time_and_queued_ones_are_not(clock):
    sent = notification_send(channel="sms", to="555100001", template="test", context={"code": "424242"})
    queued = notification_send(channel="sms", to="555100002", template="test", context={"code": "737373"})
    Notification.objects.filter(pk=sent.pk).update(status=Notification.Status.SENT, updated_at=clock())
    clock.travel(hours=23)
    assert notifications_redact_delivered() == 0
    clock.travel(hours=2)
    assert notifications_redact_delivered() == 1
    sent.refresh_from_db()
    queued.refresh_from_db()
    assert "424242" not in sent.body and sent.body == REDACTED
    assert "737373" in queued.body  # still to be delivered: its text is needed
    assert notifications_redact_delivered(older_than=timedelta(0)) == 0  # idempotent
