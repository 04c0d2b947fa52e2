import pytest

from panjara.notifications.models import Notification
from panjara.notifications.services import notification_send

pytestmark = pytest.mark.django_db(transaction=True)


def test_georgian_email_goes_through_a_real_smtp_server(smtp_server, run_worker):
    notification = notification_send(
        channel="email", to="nino@example.ge", template="test", context={"code": "825301"}, language="ka"
    )
    run_worker()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert notification.provider_message_id == f"<{notification.reference}@panjara.example>"
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "nino@example.ge"
    # Long encoded subjects are folded onto a continuation line; the parser keeps the fold's
    # leading space, which is not part of the subject.
    assert str(message["Subject"]).strip() == "ფანჯარა: სატესტო შეტყობინება"
    assert message["Content-Language"] == "ka"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "გამარჯობა," in text
    assert "825301" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'lang="ka"' in html and "825301" in html


def test_english_security_notice_by_email(smtp_server, run_worker):
    notification_send(
        channel="email",
        to="nino@example.ge",
        template="security.notice",
        context={"event": "Your password was changed."},
        language="en",
    )
    run_worker()
    message = smtp_server.messages[0]
    assert str(message["Subject"]).strip() == "Panjara security notice"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Your password was changed." in text and "(Tbilisi time)" in text


def test_unreachable_smtp_server_is_retried(settings, clock):
    from panjara.notifications.services import notification_deliver
    from panjara.notifications.tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    notification = notification_send(channel="email", to="nino@example.ge", template="test", context={})
    result = notification_deliver(notification_id=notification.pk)
    assert result.status == Notification.Status.QUEUED
    assert result.attempts == 1 and result.last_error
    assert result.next_attempt_at > clock()
