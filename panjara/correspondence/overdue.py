"""The daily overdue job (issue 5 §4, R-S-3): a sent letter the body has not answered, whose
deadline (recomputed with today's working calendar) is before today in Tbilisi, is marked overdue
once, and the person and the body are told once.

Once, whatever runs twice or at the same time: the mark is a conditional UPDATE of `overdue_at`
(on PostgreSQL a second writer waits for the first and then finds no row left to claim), and the
history line has a unique constraint besides. The messages are written in the same transaction,
so a job that fails half way leaves nothing behind and the next run does it all.

How the body is told depends on how it is connected:
- a desk-served body: an e-mail to each of its active officials. The desk queue already flags a
  late letter from the desk's own records; what it lacks is reaching officials who are not
  looking at the queue, and an e-mail does that without a second record of the same fact.
- a body with its own system: a signed `letter.reminder` (protocol §6.8) through the outbox, written
  with the mark, so it leaves with the mark or not at all. Its reference is the letter's, and the
  outbox keeps references unique: even a mark that somehow ran twice could not remind twice.
- a body no longer reachable through any agency (its route was removed after the letter left):
  told through the portal only, as the letter's history says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from panjara.audit.services import PORTAL, audit_record
from panjara.backoffice.models import StaffProfile
from panjara.backoffice.roles import Role
from panjara.core import clock
from panjara.deadlines.selectors import local_date
from panjara.exchange.models import Agency
from panjara.exchange.outbox import outbox_put
from panjara.identity.preferences import SMS, STATUS, channels_for
from panjara.inbox.services import inbox_post
from panjara.notifications.services import notification_send
from panjara_protocol.kinds import LETTER_REMINDER

from .models import PURPOSE, Letter, LetterEvent
from .selectors import body_route, letter_deadline

# Letters still waiting for the body (a draft has no deadline; a closed letter is answered).
WAITING = tuple(
    status for status in Letter.Status.values if status not in (Letter.Status.DRAFT, *Letter.CLOSED)
)
# The cached due date is only a filter: an administrator who removes a day off can pull a deadline
# a few days earlier, so letters due up to two weeks ahead are recomputed too.
MARGIN = timedelta(days=14)

TOLD_BY_EMAIL = "officials_emailed"
TOLD_IN_PORTAL_ONLY = "portal_only"
TOLD_BY_PROTOCOL = "reminder_sent"


@dataclass(frozen=True)
class OverdueRun:
    checked: int
    marked: int


def letters_overdue_mark(*, today: date | None = None) -> OverdueRun:
    """Mark every letter whose deadline has passed; each in its own transaction."""
    today = today or local_date(clock.now())
    candidates = list(
        Letter.objects.filter(
            status__in=WAITING, overdue_at=None, paused=False, due_on__lt=today + MARGIN
        ).values_list("pk", flat=True)
    )
    marked = sum(1 for letter_id in candidates if letter_overdue_mark(letter_id=letter_id, today=today))
    return OverdueRun(checked=len(candidates), marked=marked)


@transaction.atomic
def letter_overdue_mark(*, letter_id, today: date) -> bool:
    """Mark one letter overdue if its deadline, recomputed now, is before `today`. True if this
    call marked it (and told the person and the body)."""
    letter = Letter.objects.select_related("body", "user").get(pk=letter_id)
    deadline = letter_deadline(letter, today=today)
    if deadline is None:
        return False
    if (letter.due_on, letter.paused) != (deadline.due, deadline.paused):
        Letter.objects.filter(pk=letter.pk).update(due_on=deadline.due, paused=deadline.paused)
    if deadline.paused or deadline.due >= today:
        return False
    now = clock.now()
    claimed = Letter.objects.filter(pk=letter.pk, overdue_at=None, status__in=WAITING).update(
        overdue_at=now, due_on=deadline.due
    )
    if not claimed:
        return False
    letter.overdue_at, letter.due_on = now, deadline.due
    agency, _unit = body_route(letter.body)
    officials = _officials(agency)
    told = _how_told(agency)
    LetterEvent.objects.create(
        letter=letter,
        kind=LetterEvent.Kind.OVERDUE,
        status=letter.status,
        at=now,
        by="portal",
        detail={
            "due": deadline.due.isoformat(),
            "body_told": told,
            "officials": len(officials) if told == TOLD_BY_EMAIL else 0,
            "message": _history_line(told=told, count=len(officials), due=deadline.due),
        },
    )
    audit_record(
        actor=PORTAL,
        action="letter.overdue",
        subject_person=letter.personal_number,
        object_type="letter",
        object_id=str(letter.pk),
        purpose=PURPOSE,
        detail={"body": letter.body.code, "due": deadline.due.isoformat(), "body_told": told},
    )
    _tell_person(letter=letter, due=deadline.due)
    if told == TOLD_BY_EMAIL:
        _tell_officials(letter=letter, officials=officials, due=deadline.due)
    elif told == TOLD_BY_PROTOCOL:
        _remind_body(letter=letter, agency=agency, due=deadline.due)
    return True


def _how_told(agency: Agency | None) -> str:
    if agency is None:
        return TOLD_IN_PORTAL_ONLY
    return TOLD_BY_EMAIL if agency.channel == Agency.Channel.DESK else TOLD_BY_PROTOCOL


def _officials(agency: Agency | None) -> list:
    if agency is None or agency.channel != Agency.Channel.DESK:
        return []
    return [
        profile.user
        for profile in StaffProfile.objects.filter(
            role=Role.AGENCY_OFFICIAL, agency=agency, user__is_active=True
        ).select_related("user")
    ]


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _history_line(*, told: str, count: int, due: date) -> dict[str, str]:
    lines = {}
    for language in ("ka", "en"):
        with translation.override(language):
            if told == TOLD_BY_EMAIL:
                said = (
                    _("The body's officials were told by e-mail.")
                    if count
                    else _(
                        "The body has no official at the desk to tell; it sees the letter as overdue in its queue."
                    )
                )
            elif told == TOLD_BY_PROTOCOL:
                said = _("The body was sent a reminder through the exchange.")
            else:
                said = _("The body was told through the portal only.")
            lines[language] = (
                _("The answer was due by %(due)s and has not come.") % {"due": _day(due)} + " " + said
            )
    return lines


def _tell_person(*, letter: Letter, due: date) -> None:
    user = letter.user
    subject, text = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            subject[language] = _("Letter %(reference)s is overdue") % {"reference": letter.reference}
            text[language] = _(
                "%(body)s had to answer your letter “%(subject)s” (%(reference)s) by %(due)s and has not. "
                "You can complain to the superior body: open the letter and choose “Complain to the superior body”."
            ) % {
                "body": letter.body.name,
                "subject": letter.subject,
                "reference": letter.reference,
                "due": _day(due),
            }
    inbox_post(
        user=user,
        kind="letter",
        subject=subject,
        body=text,
        link=f"/letters/{letter.pk}/",
        reference=f"letter-overdue:{letter.pk}",
    )
    language = user.language or "ka"
    with translation.override(language):
        context = {"reference": letter.reference, "due": _day(due)}
    for channel in channels_for(user=user, group=STATUS):
        notification_send(
            channel=channel,
            to=user.mobile if channel == SMS else user.email,
            template="correspondence.overdue",
            context=context,
            language=language,
            user=user,
        )


def _remind_body(*, letter: Letter, agency: Agency, due: date) -> None:
    # Overdue from the day after the deadline, whichever later day the job got to it.
    outbox_put(
        reference=f"letter-reminder:{letter.pk}",
        agency_code=agency.code,
        kind=LETTER_REMINDER,
        purpose=PURPOSE,
        subject_person=letter.personal_number,
        body={
            "letter": {
                "id": str(letter.pk),
                "reference": letter.reference,
                "agency_case": letter.agency_case,
                "due_on": due.isoformat(),
                "overdue_since": (due + timedelta(days=1)).isoformat(),
            }
        },
    )


def _tell_officials(*, letter: Letter, officials: list, due: date) -> None:
    for official in officials:
        language = official.language if official.language in ("ka", "en") else "ka"
        with translation.override(language):
            context = {
                "reference": letter.reference,
                "body": letter.body.name,
                "due": _day(due),
                "registered": _day(letter.registered_on),
            }
        notification_send(
            channel="email",
            to=official.email,
            template="correspondence.overdue_body",
            context=context,
            language=language,
            user=official,
        )
