from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_POST

from . import selectors, services

PAGE_SIZE = 20


@login_required
def message_list(request):
    """The person's messages, newest first, unread ones marked."""
    page = Paginator(selectors.inbox_messages(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    context = {
        "page": page,
        "items": [
            {"message": message, "subject": message.subject_in(language)} for message in page.object_list
        ],
        "unread": selectors.inbox_unread_count(user=request.user),
    }
    return render(request, "inbox/list.html", context)


@login_required
def message_detail(request, message_id: int):
    """One message; opening it marks it read. Another person's message is simply not there (404),
    so ids reveal nothing."""
    message = selectors.inbox_message(user=request.user, message_id=message_id)
    if message is None:
        raise Http404
    services.inbox_mark_read(message=message)
    language = get_language()
    context = {
        "message": message,
        "subject": message.subject_in(language),
        "body": message.body_in(language),
    }
    return render(request, "inbox/message.html", context)


@require_POST
@login_required
def mark_all_read(request):
    count = services.inbox_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)d message marked as read.", "%(count)d messages marked as read.", count)
            % {"count": count},
        )
    return redirect("inbox:list")
