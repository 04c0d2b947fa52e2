import json
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from panjara.identity.gate import pending_step, step_url, steps_done

from . import selectors, services
from .models import TermsDecision

TEXT_LANGUAGES = ("ka", "en")


def terms(request, version: int | None = None):
    """The terms of use in force (or an earlier version) in the page language, with the list of
    all published versions (R-C-2: the DEA changes the terms; people can see what changed)."""
    history = selectors.terms_history()
    current = history[0] if history else None
    shown = current
    if version is not None:
        shown = selectors.terms_version(version=version)
        if shown is None:
            raise Http404
    language = get_language()
    context = {
        "current": current,
        "shown": shown,
        "shown_text": shown.text_in(language) if shown else "",
        "shown_summary": shown.summary_in(language) if shown else "",
        "history": [
            {"terms": item, "summary": item.summary_in(language), "is_current": item == current}
            for item in history
        ],
    }
    return render(request, "consent/terms.html", context)


def _next_url(request) -> str:
    """Where to go after accepting: `next` if it stays on this site and is not one of the terms
    decision pages themselves, otherwise the person's home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    decision_pages = (reverse("consent:decide"), reverse("consent:refused"))
    if candidate and safe and not candidate.startswith(decision_pages):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _text_language(request) -> str:
    """The language the person reads the terms in: chosen on the page, else the page language.
    Their decision records this language and the hash of the text in it."""
    chosen = request.POST.get("language") or request.GET.get("language")
    if chosen in TEXT_LANGUAGES:
        return chosen
    return "en" if get_language() == "en" else "ka"


def _decide_url(*, language: str = "", next_url: str = "") -> str:
    query = {key: value for key, value in (("language", language), ("next", next_url)) if value}
    return reverse("consent:decide") + (f"?{urlencode(query)}" if query else "")


def _is_stale(request, terms) -> bool:
    # A new version may be published while the person is reading: a decision counts only for the
    # version they had in front of them.
    return request.POST.get("version") != str(terms.version)


def _after_the_first_login_steps(view):
    """The terms come last in the first login (password, mobile, e-mail, then the terms): until
    the earlier steps are done, the decision pages lead back to the pending one. The account gate
    leaves every page under /terms/ open (the terms text must be readable by anyone), so these
    pages keep the order themselves."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not steps_done(request.user):
            return redirect(step_url(pending_step(request.user)))
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@login_required
@_after_the_first_login_steps
@require_http_methods(["GET", "POST"])
def decide(request):
    """The current version to accept or refuse (R-C-1, R-C-2): its full text in the person's
    language, what changed since the version they accepted before, and the two choices. Refusing
    goes through a confirmation page."""
    state, current = selectors.terms_state(user=request.user)
    next_url = _next_url(request)
    if current is None or state == "accepted":
        return redirect(next_url)
    language = _text_language(request)
    if request.method == "POST":
        if _is_stale(request, current):
            messages.error(
                request, _("A new version of the terms was published while you were reading. Please read it.")
            )
            return redirect(_decide_url(language=language, next_url=request.POST.get("next", "")))
        services.terms_decide(
            user=request.user, terms=current, decision=TermsDecision.Decision.ACCEPTED, language=language
        )
        messages.success(request, _("Thank you. You accepted the terms of use."))
        return redirect(next_url)
    accepted_before = selectors.terms_last_accepted(user=request.user)
    changes = selectors.terms_changes_since(version=accepted_before.version) if accepted_before else []
    other = "en" if language == "ka" else "ka"
    next_param = request.GET.get("next", "")
    context = {
        "terms": current,
        "state": state,
        "language": language,
        "text": current.text_in(language),
        "accepted_before": accepted_before,
        "changes": [{"terms": item, "summary": item.summary_in(language)} for item in changes],
        "other_language": other,
        "other_language_url": _decide_url(language=other, next_url=next_param),
        "next": next_param,
    }
    return render(request, "consent/decide.html", context)


@never_cache
@login_required
@_after_the_first_login_steps
@require_http_methods(["GET", "POST"])
def refuse(request):
    """The confirmation before refusing: what refusing means, then the refusal itself."""
    state, current = selectors.terms_state(user=request.user)
    if current is None:
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    if state == "refused":
        return redirect("consent:refused")
    language = _text_language(request)
    if request.method == "POST":
        if _is_stale(request, current):
            messages.error(
                request, _("A new version of the terms was published while you were reading. Please read it.")
            )
            return redirect(_decide_url(language=language))
        services.terms_decide(
            user=request.user, terms=current, decision=TermsDecision.Decision.REFUSED, language=language
        )
        return redirect("consent:refused")
    context = {"terms": current, "language": language, "back_url": _decide_url(language=language)}
    return render(request, "consent/refuse.html", context)


@never_cache
@login_required
@_after_the_first_login_steps
def refused(request):
    """What a person who refused the terms in force can still do: download their data, change
    their mind, sign out."""
    state, _terms = selectors.terms_state(user=request.user)
    if state == "pending":
        return redirect("consent:decide")
    if state != "refused":
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    context = {"decision": selectors.terms_latest_decision(user=request.user)}
    return render(request, "consent/refused.html", context)


@login_required
def history(request):
    """The person's consent history: each version accepted or refused, when, in which language,
    and the SHA-256 of the exact text they were shown."""
    language_names = dict(settings.LANGUAGES)
    decisions = [
        {"decision": decision, "language_name": language_names.get(decision.language, decision.language)}
        for decision in selectors.terms_decisions(user=request.user)
    ]
    return render(request, "consent/history.html", {"decisions": decisions})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    """Download my data (R-C-5). The download is a POST: it writes an audit event, and a link
    that any page could make a browser fetch must not write to a person's audit log."""
    if request.method == "GET":
        return render(request, "consent/export.html")
    data = services.account_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"panjara-data-{data['exported_at'][:10]}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
