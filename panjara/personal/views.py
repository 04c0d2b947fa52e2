"""The personal page (R-PP-1, R-PP-5), an informational service's page (R-S-1) and "what the
portal keeps about you" (R-C-5).

The two pages that ask agencies are async views: the ASGI server runs the fan-out on its event
loop, and the database work happens in a few short sync hops (load, the exchange's log, keep and
render)."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from panjara.catalog.selectors import favourite_services
from panjara.identity.services.sessions import session_state

from .cards import PURPOSE, areas_of
from .selectors import kept_answer, kept_answers, personal_service, personal_services, services_by_code
from .services import agency_name, cards_fetch, cards_targets, keep_for, kept_answers_delete, kept_card


def _assurance(request) -> str:
    return (session_state(request) or {}).get("assurance", "")


def _keep_minutes() -> int:
    return max(1, round(keep_for().total_seconds() / 60))


# The async views check the sign-in themselves, in their first sync hop, instead of wearing
# @login_required: its async form loads the user again, and the (sync) middleware in front of
# every view has already loaded it.
def _home_load(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    services = personal_services() if user.personal_number else []
    return {
        "user": user,
        "personal_number": user.personal_number,
        "person_name": user.person.name_in(get_language()) if user.person_id else user.get_full_name(),
        "services": services,
        "targets": cards_targets(services=services) if services else {},
        "favourites": favourite_services(user=user),
        "assurance": _assurance(request),
    }


async def home(request):
    # Two trips to a worker thread in all: loading (with the agencies to ask), then, once the
    # agencies answered, logging, keeping and rendering (`present`) together.
    loaded = await sync_to_async(_home_load)(request)
    if loaded is None:
        return redirect_to_login(request.get_full_path())

    def present(cards):
        context = {
            "areas": areas_of(cards),
            "favourites": loaded["favourites"],
            "has_person": bool(loaded["personal_number"]),
            "person_name": loaded["person_name"],
            "keep_minutes": _keep_minutes(),
            "h": "h4",
        }
        # Rendered in the worker thread: an included template may still touch the database lazily.
        return render(request, "personal/home.html", context)

    if not loaded["services"]:
        return await sync_to_async(present)([])
    return await cards_fetch(
        user=loaded["user"],
        services=loaded["services"],
        assurance=loaded["assurance"],
        targets=loaded["targets"],
        present=present,
    )


def _service_load(request, code: str) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = personal_service(code=code) if user.personal_number else None
    return {"user": user, "service": found, "assurance": _assurance(request)}


async def service(request, code: str):
    """One informational service's page: the person's data from that agency alone."""
    loaded = await sync_to_async(_service_load)(request, code)
    if loaded is None:
        return redirect_to_login(request.get_full_path())
    found = loaded["service"]
    if found is None:
        raise Http404
    [card] = await cards_fetch(user=loaded["user"], services=[found], assurance=loaded["assurance"])
    context = {"service": found, "card": card, "keep_minutes": _keep_minutes(), "h": "h2"}
    return await sync_to_async(render)(request, "personal/service.html", context)


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
