"""The personal page (R-PP-1, R-PP-5), an informational service's page (R-S-1) and "what the
portal keeps about you" (R-C-5).

Both pages that ask agencies are sent in two parts (web.streaming, ADR 0009): the page at once,
the cards when the agencies answered. The agencies are asked on the ASGI server's event loop, and
the database work happens in one trip to the request's thread after the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from panjara.catalog.selectors import favourite_services
from panjara.identity.services.sessions import session_state
from panjara.web.streaming import page_in_parts

from .cards import PURPOSE, anchor_of, area_links, areas_of
from .selectors import kept_answer, kept_answers, personal_service, personal_services, services_by_code
from .services import agency_name, cards_fetch, cards_targets, keep_for, kept_answers_delete, kept_card


def _assurance(request) -> str:
    return (session_state(request) or {}).get("assurance", "")


def _keep_minutes() -> int:
    return max(1, round(keep_for().total_seconds() / 60))


@login_required
def home(request):
    """The personal page, sent in two parts (web.streaming): the page and its list of areas at
    once, the cards when the agencies answered. Asking them, logging, keeping the answers and
    rendering the cards happen after the view returns, in `later`."""
    user = request.user
    services = personal_services() if user.personal_number else []
    context = {
        "person_name": user.person.name_in(get_language()) if user.person_id else user.get_full_name(),
        "has_person": bool(user.personal_number),
        "favourites": favourite_services(user=user),
        "keep_minutes": _keep_minutes(),
        "area_links": area_links(services),
    }
    if not services:
        return render(request, "personal/home.html", {**context, "cards": ""})
    targets = cards_targets(services=services)
    assurance = _assurance(request)

    def present(cards):
        # On a request thread after the log commits, in the page's language (web.streaming).
        return render_to_string("personal/includes/areas.html", {"areas": areas_of(cards), "h": "h4"})

    async def later() -> str:
        return await cards_fetch(
            user=user, services=services, assurance=assurance, targets=targets, present=present
        )

    return page_in_parts(request, template="personal/home.html", context=context, slot="cards", later=later)


@login_required
def service(request, code: str):
    """One informational service's page: the person's data from that agency alone, sent in two
    parts like the personal page."""
    found = personal_service(code=code) if request.user.personal_number else None
    if found is None:
        raise Http404
    user = request.user
    targets = cards_targets(services=[found])
    assurance = _assurance(request)

    def present(cards):
        [card] = cards
        return render_to_string("personal/includes/card.html", {"card": card, "heading": False, "h": "h2"})

    async def later() -> str:
        return await cards_fetch(
            user=user, services=[found], assurance=assurance, targets=targets, present=present
        )

    context = {
        "service": found,
        "agency_name": agency_name(found.agency),
        "anchor": anchor_of(found.code),
        "keep_minutes": _keep_minutes(),
    }
    return page_in_parts(request, template="personal/service.html", context=context, slot="card", later=later)


def _personal_number(request) -> str:
    number = request.user.personal_number
    if not number:
        raise Http404
    return number


@login_required
def kept(request):
    answers = kept_answers(personal_number=_personal_number(request))
    names = services_by_code(codes=[a.service for a in answers])
    rows = [
        {
            "answer": a,
            "service": names.get(a.service),
            "agency_name": agency_name(a.agency),
            "deletable": a.purpose == PURPOSE,
        }
        for a in answers
    ]
    return render(request, "personal/kept.html", {"rows": rows, "keep_minutes": _keep_minutes()})


@login_required
def kept_detail(request, pk: int):
    answer = kept_answer(personal_number=_personal_number(request), pk=pk)
    if answer is None:
        raise Http404
    service = services_by_code(codes=[answer.service]).get(answer.service)
    card = kept_card(stored=answer, service=service)
    context = {"answer": answer, "card": card, "deletable": answer.purpose == PURPOSE, "h": "h3"}
    return render(request, "personal/kept_answer.html", context)


@login_required
@require_POST
def kept_delete(request, pk: int):
    answer = kept_answer(personal_number=_personal_number(request), pk=pk)
    if answer is None or answer.purpose != PURPOSE:
        raise Http404
    kept_answers_delete(user=request.user, answers=[answer])
    messages.success(request, _("Deleted. The portal no longer keeps this information."))
    return redirect("personal:kept")


@login_required
@require_POST
def kept_delete_all(request):
    answers = kept_answers(personal_number=_personal_number(request))
    count = kept_answers_delete(user=request.user, answers=answers)
    if count:
        messages.success(
            request, _("Deleted. The portal no longer keeps the information of your personal page.")
        )
    return redirect("personal:kept")
