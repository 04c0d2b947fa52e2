from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .selectors import devmailbox_messages


@never_cache
def devmailbox_list(request):
    """The development mailbox: what the demo "sent" by SMS and e-mail, newest first, with full
    text so one-time codes can be read. The URL is only mounted in demo mode; the check here
    keeps the page shut even if it were mounted by mistake."""
    if not settings.DEMO_MODE:
        raise Http404
    return render(request, "notifications/devmailbox/list.html", {"messages_list": devmailbox_messages()})
