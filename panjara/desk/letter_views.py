"""The desk's letter pages: a letter with its text, files, thread, deadline and how it was
computed, and the official's actions (take, ask for clarification, extend, answer or refuse).
Every action is a POST that redirects back with its outcome (post/redirect/get)."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from panjara.deadlines.explain import explanation
from panjara.deadlines.rules import extensions_for

from .forms import ActionForm, DecisionForm, DocumentsField, _text
from .letters import (
    ANSWER_FROM,
    CLARIFY_FROM,
    EXTEND_FROM,
    TAKE_FROM,
    desk_letter_answer,
    desk_letter_clarify,
    desk_letter_deadline,
    desk_letter_extend,
    desk_letter_read,
    desk_letter_take,
)
from .models import DeskCaseEvent, DeskLetter, DeskLetterAttachment
from .selectors import desk_attachment_read
from .services import ActionResult
from .views import action_page, desk_official_required, file_download, outcome_tell


class LetterTakeForm(ActionForm):
    pass


class ClarifyForm(ActionForm):
    text_ka = _text(gettext_lazy("What needs clarifying, in Georgian"))
    text_en = _text(gettext_lazy("The same in English (optional)"), required=False)


class ExtendForm(ActionForm):
    ground = forms.ChoiceField(label=gettext_lazy("Legal ground of the extension"), widget=forms.RadioSelect)

    def __init__(self, *args, kind: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        english = (get_language() or "ka").startswith("en")
        self.fields["ground"].choices = [
            (e.code, f"{e.ground[1] if english else e.ground[0]} ({e.basis[1] if english else e.basis[0]})")
            for e in extensions_for(kind)
        ]


class AnswerForm(ActionForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        choices=[("answered", gettext_lazy("Answer the letter")), ("refused", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )
    text_ka = _text(gettext_lazy("The answer or the reasons, in Georgian"))
    text_en = _text(gettext_lazy("The same in English (optional)"), required=False)
    ground_ka = _text(
        gettext_lazy("Legal ground of the refusal, in Georgian"),
        required=False,
        help_text=gettext_lazy("Required for a refusal: the law the refusal rests on."),
    )
    ground_en = _text(gettext_lazy("Legal ground in English (optional)"), required=False)
    documents = DocumentsField(label=gettext_lazy("Documents (optional)"), required=False)
    clean_documents = DecisionForm.clean_documents


FORMS = {"take": LetterTakeForm, "clarify": ClarifyForm, "extend": ExtendForm, "answer": AnswerForm}
_REFUSED = {
    "ground_required": gettext_lazy("The portal refused the report: a refusal must name its legal ground."),
    "unknown_ground": gettext_lazy(
        "The portal refused the report: this ground does not apply to this letter."
    ),
    "letter_closed": gettext_lazy("The portal refused the report: this letter was already answered."),
}


def _letter_of(agency, number: str) -> DeskLetter:
    try:
        return DeskLetter.objects.select_related("agency", "assigned_to").get(agency=agency, number=number)
    except DeskLetter.DoesNotExist as missing:
        raise Http404 from missing


def _file_of(letter: DeskLetter, attachment_id) -> DeskLetterAttachment:
    try:
        return DeskLetterAttachment.objects.get(letter=letter, pk=attachment_id)
    except (DeskLetterAttachment.DoesNotExist, ValueError) as missing:
        raise Http404 from missing


def _form(name: str, letter: DeskLetter, *args, **kwargs):
    if name == "extend":
        kwargs["kind"] = letter.kind
    return FORMS[name](*args, prefix=name, **kwargs)


def _page(request, letter: DeskLetter, *, bound: str = "", form=None, status: int = 200):
    deadline = desk_letter_deadline(letter=letter)
    language = get_language() or "ka"
    thread = DeskLetter.objects.filter(agency=letter.agency, thread=letter.thread).order_by("submitted_at")
    history = [
        {
            "event": event,
            "message": (event.detail.get("message") or {}).get(language, ""),
            "ground": (event.detail.get("refusal_ground") or {}).get(language, ""),
            "refused": event.outcome == DeskCaseEvent.Outcome.REFUSED,
            "code": event.outcome_code,
        }
        for event in letter.events.select_related("official")
    ]
    return action_page(
        request,
        "desk/desk_letter.html",
        {
            "letter": letter,
            "files": list(letter.attachments.defer("sealed")),
            "thread": thread,
            "history": history,
            "deadline": deadline,
            "explanation": explanation(deadline),
        },
        forms={name: (form if name == bound else _form(name, letter)) for name in FORMS},
        can={
            "take": letter.status in TAKE_FROM,
            "clarify": letter.status in CLARIFY_FROM,
            "extend": letter.status in EXTEND_FROM and bool(extensions_for(letter.kind)),
            "answer": letter.status in ANSWER_FROM,
        },
        bound=bound,
        form=form,
        status=status,
    )


@never_cache
@require_GET
@desk_official_required
def letter_detail(request, number: str):
    letter = _letter_of(request.desk_agency, number)
    # The page shows what the writer wrote: a read of their data, recorded as opening a case is,
    # so the writer can see who read it.
    desk_letter_read(letter=letter, official=request.user)
    return _page(request, letter)


def _tell(request, result: ActionResult, done: str) -> None:
    outcome_tell(
        request,
        result,
        done=done,
        changed=_("The letter has changed in the meantime; this action is not possible now."),
        refusals=_REFUSED,
    )


@require_GET
@desk_official_required
def letter_attachment(request, number: str, attachment_id):
    """A file the writer sent with the letter, for the official: a download, recorded as a read
    of the writer's data. Another agency's letter is not found."""
    letter = _letter_of(request.desk_agency, number)
    item = _file_of(letter, attachment_id)
    content = desk_attachment_read(attachment=item)
    desk_letter_read(letter=letter, official=request.user, attachment=item.name)
    return file_download(content=content, name=item.name, media_type=item.media_type)


@never_cache
@require_POST
@desk_official_required
def letter_action(request, number: str, action: str):
    letter = _letter_of(request.desk_agency, number)
    form = _form(action, letter, request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, letter, bound=action, form=form, status=400)
    data, official, token = form.cleaned_data, request.user, form.cleaned_data["token"]
    if action == "take":
        result = desk_letter_take(letter=letter, official=official, token=token)
        _tell(request, result, _("The letter is in progress; the writer was told."))
    elif action == "clarify":
        result = desk_letter_clarify(
            letter=letter, official=official, token=token, text_ka=data["text_ka"], text_en=data["text_en"]
        )
        _tell(request, result, _("The writer was asked for a clarification; the deadline is paused."))
    elif action == "extend":
        result = desk_letter_extend(letter=letter, official=official, token=token, ground=data["ground"])
        _tell(request, result, _("The extension is recorded; the writer was told."))
    else:
        result = desk_letter_answer(
            letter=letter,
            official=official,
            token=token,
            refused=data["outcome"] == "refused",
            text_ka=data["text_ka"],
            text_en=data["text_en"],
            ground_ka=data["ground_ka"],
            ground_en=data["ground_en"],
            documents=data["documents"],
        )
        _tell(request, result, _("The answer was sent to the writer."))
    return redirect("backoffice:desk:letter", number=letter.number)
