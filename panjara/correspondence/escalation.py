"""The escalation assistant's reads (issue 5 §4): for a refused or overdue letter, the body to
complain to (the body's parent in the directory) or, for a body with nothing above it, the court;
the evidence (what was asked, when it arrived, the deadline and how it was computed, what was
answered) and the complaint's first draft in the reader's language.

The legal references are the project's reading of Georgian law, kept here as data like
`deadlines.rules`; the Data Exchange Agency's lawyers own them:
- an administrative complaint goes to the superior administrative body (General Administrative
  Code, Chapter XIII, Articles 177–178);
- a claim against a body with no superior body goes to the administrative chamber of the district
  (city) court (Administrative Procedure Code): to annul a refusal (Article 22), to oblige the
  body to issue an act or to act (Articles 23–24).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.http import Http404
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from panjara.core import clock
from panjara.deadlines.engine import Deadline
from panjara.deadlines.explain import explanation
from panjara.deadlines.rules import rule_for
from panjara.deadlines.selectors import local_date

from .models import Letter, LetterAttachment, LetterEvent, PublicBody
from .selectors import body_route, letter_deadline, letter_of

COMPLAINT_BASIS = (
    "ზოგადი ადმინისტრაციული კოდექსი, XIII თავი, მუხლები 177–178",
    "General Administrative Code, Chapter XIII, Articles 177–178",
)
COURT = (
    "რაიონული (საქალაქო) სასამართლოს ადმინისტრაციულ საქმეთა კოლეგია (თბილისში — თბილისის საქალაქო "
    "სასამართლოს ადმინისტრაციულ საქმეთა კოლეგია)",
    "the administrative chamber of the district (city) court (in Tbilisi, the Chamber of "
    "Administrative Cases of Tbilisi City Court)",
)
COURT_BASIS = (
    "საქართველოს ადმინისტრაციული საპროცესო კოდექსი, მუხლები 22–24",
    "Administrative Procedure Code of Georgia, Articles 22–24",
)


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if (get_language() or "ka").startswith("en") else pair[0]


def _day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """What the complaint rests on, in the language that was active when it was gathered."""

    letter: Letter
    refused: bool
    superior: PublicBody | None
    can_send: bool  # the superior body takes letters through the portal
    court: str
    basis: str
    deadline: Deadline | None
    explanation: list[str]
    basis_of_deadline: str
    attachments: list[LetterAttachment]
    delivered_at: datetime | None
    answer: LetterEvent | None
    answer_text: str
    refusal_ground: str
    answered_in_time: bool | None
    today: date
    person_name: str


def superior_of(body: PublicBody) -> PublicBody | None:
    """The body above in the directory, active; None when the body stands at the top."""
    parent = body.parent
    while parent is not None and not parent.is_active:
        parent = parent.parent
    return parent


def escalable_letter(*, user, letter_id) -> Letter:
    """The person's letter, if the assistant applies to it (refused or overdue); else 404."""
    letter = letter_of(user=user, letter_id=letter_id)
    if letter.is_draft or not letter.can_escalate:
        raise Http404
    return letter


def complaint_sent(*, letter: Letter) -> Letter | None:
    """The complaint the person already sent about this letter, if any."""
    return letter.complaints.exclude(status=Letter.Status.DRAFT).order_by("submitted_at").first()


def evidence_of(*, letter: Letter) -> Evidence:
    superior = superior_of(letter.body)
    agency = body_route(superior)[0] if superior is not None else None
    deadline = letter_deadline(letter)
    answer = letter.events.filter(kind=LetterEvent.Kind.ANSWER).last()
    english = (get_language() or "ka").startswith("en")
    answer_text = ((answer.detail.get("message") or {}) if answer else {}).get("en" if english else "ka", "")
    in_time = None
    if letter.answered_at is not None and deadline is not None:
        in_time = local_date(letter.answered_at) <= deadline.due
    delivered = letter.events.filter(kind=LetterEvent.Kind.DELIVERED).first()
    person = getattr(letter.user, "person", None)
    return Evidence(
        letter=letter,
        refused=letter.status == Letter.Status.REFUSED,
        superior=superior,
        can_send=superior is not None and agency is not None and agency.is_active,
        court=_pick(COURT),
        basis=_pick(COMPLAINT_BASIS if superior is not None else COURT_BASIS),
        deadline=deadline,
        explanation=explanation(deadline) if deadline is not None else [],
        basis_of_deadline=_pick(rule_for(letter.kind).basis),
        attachments=list(letter.attachments.all()),
        delivered_at=delivered.at if delivered else None,
        answer=answer,
        answer_text=answer_text,
        refusal_ground=letter.refusal_ground_en if english else letter.refusal_ground_ka,
        answered_in_time=in_time,
        today=local_date(clock.now()),
        person_name=person.name_in("en" if english else "ka") if person else letter.user.full_name,
    )


def complaint_subject(evidence: Evidence) -> str:
    letter = evidence.letter
    return _("Complaint about %(body)s: letter %(reference)s") % {
        "body": letter.body.name,
        "reference": letter.reference,
    }


def complaint_text(evidence: Evidence) -> str:
    """The first draft the person edits: the facts, what they ask for, and the legal basis."""
    letter = evidence.letter
    facts = {
        "body": letter.body.name,
        "kind": letter.get_kind_display(),
        "subject": letter.subject,
        "reference": letter.reference,
        "registered": _day(letter.registered_on),
        "due": _day(evidence.deadline.due if evidence.deadline else None),
        "basis": evidence.basis_of_deadline,
        "today": _day(evidence.today),
        "answered": _day(local_date(letter.answered_at) if letter.answered_at else None),
        "ground": evidence.refusal_ground,
    }
    paragraphs = [
        _(
            "On %(registered)s I sent %(body)s my %(kind)s “%(subject)s” through the Panjara portal; it "
            "was registered under the number %(reference)s."
        )
        % facts
    ]
    if evidence.refused:
        paragraphs.append(_("On %(answered)s the body refused it, on the ground: %(ground)s.") % facts)
    else:
        paragraphs.append(
            _("The body had to answer by %(due)s (%(basis)s). It has not answered by %(today)s.") % facts
        )
    if evidence.superior is not None:
        ask = (
            _(
                "I ask %(superior)s to examine this complaint, to annul the refusal and to have %(body)s "
                "answer my request, and to tell me of its decision (%(law)s)."
            )
            if evidence.refused
            else _(
                "I ask %(superior)s to examine this complaint, to have %(body)s answer my request without "
                "further delay, and to tell me of its decision (%(law)s)."
            )
        )
        paragraphs.append(
            ask % {"superior": evidence.superior.name, "body": letter.body.name, "law": evidence.basis}
        )
    else:
        paragraphs.append(
            _(
                "%(body)s has no superior body. The claim is brought to %(court)s (%(law)s): to annul the "
                "refusal, if any, and to oblige the body to answer the request. Before filing, check the "
                "time limit for the claim and whether the law asks for an administrative complaint first."
            )
            % {"body": letter.body.name, "court": evidence.court, "law": evidence.basis}
        )
    paragraphs.append(
        _(
            "The evidence — what I asked, when it arrived, the deadline and how it was computed, and what "
            "was answered — is in the attached PDF."
        )
    )
    paragraphs.append(
        _("%(name)s, personal number %(number)s")
        % {"name": evidence.person_name, "number": letter.personal_number}
    )
    return "\n\n".join(paragraphs)
