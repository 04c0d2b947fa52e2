"""The agency desk's pages (ADR 0006): the queue of an agency's cases and a case with its data,
files, supplements, history and the official's actions. Server-rendered, no JavaScript; every
action is a POST that redirects back to the case with its outcome (post/redirect/get).

Only agency officials of an agency served at the desk get in; everyone else sees a 403 page
saying why, and a case of another agency is not found (404)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from panjara.backoffice.access import forbidden
from panjara.backoffice.roles import Role
from panjara.core import clock

from .forms import DecisionForm, InfoForm, NoteForm, QueueFilterForm, TakeForm
from .letters import desk_letters_queue
from .models import DeskCase, DeskCaseEvent
from .selectors import (
    desk_attachment_of,
    desk_attachment_read,
    desk_case_files,
    desk_case_of,
    desk_case_rows,
    desk_counts,
    desk_queue,
)
from .services import (
    DECIDE_FROM,
    INFO_FROM,
    TAKE_FROM,
    ActionResult,
    desk_case_decide,
    desk_case_read,
    desk_case_take,
    desk_info_request,
    desk_note_add,
)

FORMS = {"take": TakeForm, "info": InfoForm, "decide": DecisionForm, "note": NoteForm}


def desk_official_required(view):
    """An agency official whose agency is served at the desk; the agency is handed to the view
    as request.desk_agency, since everything done here is done for it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        profile = getattr(request.user, "staff_profile", None)
        if profile is None or profile.role != Role.AGENCY_OFFICIAL or profile.agency is None:
            return forbidden(request, reason=_("The agency desk is only for agency officials."))
        agency = profile.agency
        if not agency.is_desk:
            return forbidden(
                request,
                reason=_("Your agency answers applications in its own system, not at the portal's desk."),
            )
        if not agency.is_active:
            return forbidden(request, reason=_("Your agency is not active on the portal."))
        request.desk_agency = agency
        return view(request, *args, **kwargs)

    return wrapper


# The statuses a report can carry, as the applicant's page names them.
_REPORTED = {
    "received": gettext_lazy("registered"),
    "in_progress": gettext_lazy("in progress"),
    "info_needed": gettext_lazy("more information needed"),
    "approved": gettext_lazy("approved"),
    "refused": gettext_lazy("refused"),
}
# Why the portal refused a report, for the official (the portal's error codes, protocol §6.4).
_REFUSED = {
    "case_closed": gettext_lazy("The portal refused the report: this application was already decided."),
    "reasons_required": gettext_lazy("The portal refused the report: a refusal must give its reasons."),
    "bad_document": gettext_lazy(
        "The portal refused the report: one of the documents is not an accepted file."
    ),
    "unknown_case": gettext_lazy("The portal refused the report: it does not know this application."),
}


def _refusal(code: str, known: Mapping[str, str] = _REFUSED) -> str:
    if code in known:
        return str(known[code])
    return _("The portal refused the report (%(code)s). Nothing was changed.") % {"code": code}


def action_page(
    request, template: str, context: dict, *, forms: dict, can: dict, bound: str, form, status: int
) -> HttpResponse:
    """A case's or a letter's page with the official's action forms; the form just submitted
    (`bound`) keeps what was typed and its errors, shown in the error summary."""
    return render(
        request,
        template,
        {**context, "forms": forms, "can": can, "error_form": form if bound else None},
        status=status,
    )


def outcome_tell(
    request, result: ActionResult, *, done: str, changed: str, refusals: Mapping[str, str]
) -> None:
    """Tell the official how the action ended: done, a repeated form, a changed state (`changed`),
    or the portal's refusal of the report in words (`refusals` by error code)."""
    if result.outcome == "done":
        messages.success(request, done)
    elif result.outcome == "repeat":
        messages.info(request, _("This form was already submitted; it was not sent again."))
    elif result.outcome == "not_now":
        messages.error(request, changed)
    else:
        messages.error(request, _refusal(result.code, refusals))


def file_download(*, content: bytes, name: str, media_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    # Always a download, never rendered by the browser: the file comes from outside.
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(content))
    add_never_cache_headers(response)
    return response


def _agency_name(agency) -> str:
    return agency.name_en if get_language() == "en" else agency.name_ka


@never_cache
@require_GET
@desk_official_required
def queue(request):
    agency = request.desk_agency
    form = QueueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    counts = desk_counts(agency=agency)
    return render(
        request,
        "desk/queue.html",
        {
            "agency_name": _agency_name(agency),
            "form": form,
            "status": status,
            "status_label": dict(DeskCase.Status.choices).get(status, ""),
            "cases": desk_queue(agency=agency, status=status),
            "counts": [(value, label, counts[value]) for value, label in DeskCase.Status.choices],
            "open_count": sum(counts[value] for value in DeskCase.OPEN),
            "today": timezone.localdate(clock.now()),
            "letters": desk_letters_queue(agency=agency),
        },
    )


def _history(case: DeskCase) -> list[dict]:
    language = get_language() or "ka"
    history = []
    for event in case.events.select_related("official"):
        detail = event.detail or {}
        history.append(
            {
                "event": event,
                "status_label": _REPORTED.get(event.status, event.status),
                "message": (detail.get("message") or {}).get(language, ""),
                "note": detail.get("text", ""),
                "documents": detail.get("documents") or detail.get("attachments") or [],
                "refusal": _refusal(event.outcome_code)
                if event.outcome == DeskCaseEvent.Outcome.REFUSED
                else "",
            }
        )
    return history


def _case_page(request, case: DeskCase, *, bound: str = "", form=None, status: int = 200):
    return action_page(
        request,
        "desk/case.html",
        {
            "case": case,
            "agency_name": _agency_name(case.agency),
            "rows": desk_case_rows(case=case),
            "files": desk_case_files(case=case),
            "supplements": list(case.supplements.all()),
            "history": _history(case),
        },
        forms={name: (form if name == bound else cls(prefix=name)) for name, cls in FORMS.items()},
        can={
            "take": case.status in TAKE_FROM,
            "info": case.status in INFO_FROM,
            "decide": case.status in DECIDE_FROM,
        },
        bound=bound,
        form=form,
        status=status,
    )


@never_cache
@require_GET
@desk_official_required
def case_detail(request, number: str):
    case = desk_case_of(agency=request.desk_agency, number=number)
    desk_case_read(case=case, official=request.user)
    return _case_page(request, case)


def _tell(request, result: ActionResult, *, done: str) -> None:
    outcome_tell(
        request,
        result,
        done=done,
        changed=_("The case has changed in the meantime; this action is not possible now."),
        refusals=_REFUSED,
    )


@never_cache
@require_POST
@desk_official_required
def case_action(request, number: str, action: str):
    case = desk_case_of(agency=request.desk_agency, number=number)
    form_class = FORMS[action]
    form = form_class(request.POST, request.FILES, prefix=action)
    if not form.is_valid():
        return _case_page(request, case, bound=action, form=form, status=400)
    data, official, token = form.cleaned_data, request.user, form.cleaned_data["token"]
    if action == "take":
        result = desk_case_take(case=case, official=official, token=token)
        _tell(request, result, done=_("The case is in progress; the applicant was told."))
    elif action == "info":
        result = desk_info_request(
            case=case, official=official, token=token, text_ka=data["text_ka"], text_en=data["text_en"]
        )
        _tell(request, result, done=_("The applicant was asked for more information."))
    elif action == "decide":
        approved = data["decision"] == "approved"
        result = desk_case_decide(
            case=case,
            official=official,
            token=token,
            approved=approved,
            reasons_ka=data["reasons_ka"],
            reasons_en=data["reasons_en"],
            documents=data["documents"],
        )
        _tell(
            request,
            result,
            done=_("The application is approved; the applicant received the decision.")
            if approved
            else _("The application is refused; the applicant received the decision with its reasons."),
        )
    else:
        result = desk_note_add(case=case, official=official, token=token, text=data["text"])
        _tell(request, result, done=_("The note is added to the case file."))
    return redirect("backoffice:desk:case", number=case.number)


@require_GET
@desk_official_required
def attachment(request, number: str, attachment_id):
    case = desk_case_of(agency=request.desk_agency, number=number)
    item = desk_attachment_of(case=case, attachment_id=attachment_id)
    content = desk_attachment_read(attachment=item)
    desk_case_read(case=case, official=request.user, attachment=item.name)
    return file_download(content=content, name=item.name, media_type=item.media_type)
