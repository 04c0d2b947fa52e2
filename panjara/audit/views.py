from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors

PER_PAGE = 50


@login_required
def data_use(request):
    """Who used my data: every read of the signed-in person's data, newest first, only theirs."""
    events = selectors.data_reads_about(personal_number=request.user.personal_number)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    uses = selectors.data_uses(events=page.object_list, viewer_id=request.user.pk)
    return render(request, "audit/data_use.html", {"page": page, "uses": uses})
