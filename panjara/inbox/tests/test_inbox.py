"""The portal inbox: each person reads only their own messages, newest first, unread ones marked."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.translation import gettext_lazy

from panjara.inbox.context_processors import inbox
from panjara.inbox.models import InboxMessage
from panjara.inbox.selectors import inbox_messages, inbox_unread_count
from panjara.inbox.services import InboxError, inbox_post, inbox_post_many

pytestmark = pytest.mark.django_db


def post(user, n: int = 1, **extra) -> InboxMessage:
    return inbox_post(
        user=user,
        kind="security",
        subject={"ka": f"შეტყობინება {n}", "en": f"Message {n}"},
        body={"ka": f"ტექსტი {n}", "en": f"Text {n}"},
        **extra,
    )


def test_a_lazy_translation_is_stored_in_both_languages(citizen):
    message = inbox_post(
        user=citizen,
        kind="terms_changed",
        subject=gettext_lazy("The terms of use have changed"),
        body={"ka": "ტექსტი", "en": "Text"},
        link="/terms/decide/",
    )
    assert (message.subject_ka, message.subject_en) == (
        "გამოყენების პირობები შეიცვალა",
        "The terms of use have changed",
    )


def test_a_message_needs_both_languages_and_a_link_inside_the_portal(citizen):
    with pytest.raises(InboxError):
        inbox_post(user=citizen, kind="security", subject={"ka": "ს"}, body={"ka": "ტ", "en": "t"})
    with pytest.raises(InboxError):
        inbox_post(user=citizen, kind="security", subject="plain", body={"ka": "ტ", "en": "t"})
    for link in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        with pytest.raises(InboxError):
            post(citizen, link=link)
    assert InboxMessage.objects.count() == 0


def test_posting_to_many_people_skips_those_who_already_have_the_reference(citizen, other_citizen):
    first = inbox_post_many(
        users=[citizen],
        kind="security",
        subject={"ka": "ს", "en": "s"},
        body={"ka": "ტ", "en": "t"},
        reference="r1",
    )
    again = inbox_post_many(
        users=[citizen, other_citizen],
        kind="security",
        subject={"ka": "ს", "en": "s"},
        body={"ka": "ტ", "en": "t"},
        reference="r1",
    )
    assert [m.user for m in first] == [citizen] and [m.user for m in again] == [other_citizen]
    assert InboxMessage.objects.count() == 2


def test_the_unread_count_counts_only_the_persons_unread_messages(citizen, other_citizen):
    post(citizen, 1)
    read = post(citizen, 2)
    post(other_citizen, 3)
    read.read_at = read.created_at
    read.save()
    assert inbox_unread_count(user=citizen) == 1
    assert inbox_unread_count(user=other_citizen) == 1


def test_the_list_shows_the_persons_messages_newest_first_with_unread_ones_marked(
    citizen_client, citizen, other_citizen, clock
):
    post(citizen, 1)
    clock.travel(minutes=1)
    InboxMessage.objects.filter(pk=post(citizen, 2).pk).update(read_at=clock())
    clock.travel(minutes=1)
    post(citizen, 3)
    post(other_citizen, 4)
    html = citizen_client.get("/inbox/").content.decode()
    assert html.index("შეტყობინება 3") < html.index("შეტყობინება 2") < html.index("შეტყობინება 1")
    assert "შეტყობინება 4" not in html
    assert html.count('<strong class="tag">წაუკითხავი</strong>') == 2
    assert "<strong>შეტყობინება 3</strong>" in html and "<strong>შეტყობინება 2</strong>" not in html
    assert "2 წაუკითხავი შეტყობინება" in html


def test_opening_a_message_shows_it_in_the_page_language_and_marks_it_read(citizen_client, citizen):
    message = post(citizen, 1, link="/terms/history/")
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = citizen_client.get(f"/inbox/{message.pk}/").content.decode()
    assert '<h1 class="heading-l">Message 1</h1>' in html and "Text 1" in html
    assert 'href="/terms/history/"' in html
    message.refresh_from_db()
    first_read = message.read_at
    assert first_read is not None
    citizen_client.get(f"/inbox/{message.pk}/")
    message.refresh_from_db()
    assert message.read_at == first_read
    assert inbox_unread_count(user=citizen) == 0


def test_another_persons_message_is_not_found_and_stays_unread(citizen_client, other_citizen):
    theirs = post(other_citizen, 1)
    assert citizen_client.get(f"/inbox/{theirs.pk}/").status_code == 404
    assert citizen_client.get("/inbox/999999/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_the_persons_own_messages(citizen_client, citizen, other_citizen):
    post(citizen, 1)
    post(citizen, 2)
    post(other_citizen, 3)
    assert citizen_client.get("/inbox/read-all/").status_code == 405
    response = citizen_client.post("/inbox/read-all/", follow=True)
    assert response.redirect_chain == [("/inbox/", 302)]
    assert inbox_unread_count(user=citizen) == 0
    assert inbox_unread_count(user=other_citizen) == 1
    assert "2 შეტყობინება მოინიშნა წაკითხულად" in response.content.decode()


def test_the_list_is_paginated(citizen_client, citizen, clock):
    for n in range(25):
        clock.travel(seconds=1)
        post(citizen, n)
    first = citizen_client.get("/inbox/").content.decode()
    assert "შეტყობინება 24" in first and "შეტყობინება 4<" not in first
    assert 'href="?page=2"' in first
    second = citizen_client.get("/inbox/?page=2").content.decode()
    assert "შეტყობინება 4<" in second and "შეტყობინება 0<" in second and "შეტყობინება 24" not in second
    assert citizen_client.get("/inbox/?page=99").status_code == 200  # the last page, not an error
    assert inbox_messages(user=citizen).first().subject_en == "Message 24"


def test_an_empty_inbox_says_so(citizen_client):
    assert "ჯერ არ გაქვთ შეტყობინებები" in citizen_client.get("/inbox/").content.decode()


def test_the_inbox_needs_a_signed_in_person(client):
    assert client.get("/inbox/")["Location"].startswith("/signin/?next=")


def test_the_context_processor_gives_the_unread_count_for_the_header(citizen):
    post(citizen, 1)
    request = RequestFactory().get("/")
    request.user = citizen
    assert inbox(request)["inbox_unread"]() == 1
    header = Template("{% if inbox_unread %}{{ inbox_unread }} unread{% endif %}")
    assert header.render(Context(inbox(request))) == "1 unread"
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert inbox(request) == {"inbox_unread": 0}


def test_messages_are_removed_with_the_account(citizen):
    post(citizen, 1)
    citizen.delete()
    assert InboxMessage.objects.count() == 0


def test_a_message_is_dated_by_the_portal_clock(citizen, clock):
    moment = clock.travel(days=3)
    assert post(citizen).created_at == moment
