"""The explanation of a deadline in the reader's language: one sentence per step of the
computation (engine.Step), so a person can check the date by hand."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .engine import Deadline, Step
from .rules import Term, Unit


def _pick(pair: tuple[str, str] | None) -> str:
    if pair is None:
        return ""
    return pair[0] if (get_language() or "ka").startswith("ka") else pair[1]


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value is not None else ""


def term_text(term: Term) -> str:
    if term.amount == 0:
        return _("immediately (on the working day the request arrives)")
    if term.unit == Unit.WORKING_DAYS:
        return ngettext("%(count)d working day", "%(count)d working days", term.amount) % {
            "count": term.amount
        }
    if term.unit == Unit.MONTHS:
        return ngettext("%(count)d month", "%(count)d months", term.amount) % {"count": term.amount}
    return ngettext("%(count)d calendar day", "%(count)d calendar days", term.amount) % {"count": term.amount}


def step_text(step: Step) -> str:
    if step.kind == "start":
        return _("Registered on %(day)s; the term is %(term)s (%(basis)s), counted from the next day.") % {
            "day": _day(step.day),
            "term": term_text(step.term),
            "basis": _pick(step.basis),
        }
    if step.kind == "extension":
        return _("On %(day)s the body stated that %(ground)s: the term is %(term)s (%(basis)s).") % {
            "day": _day(step.day),
            "ground": _pick(step.ground),
            "term": term_text(step.term),
            "basis": _pick(step.basis),
        }
    if step.kind == "holiday":
        return _("%(day)s is not counted: %(name)s.") % {"day": _day(step.day), "name": _pick(step.names)}
    if step.kind == "weekends":
        return ngettext(
            "%(count)d Saturday or Sunday between %(first)s and %(last)s is not counted.",
            "%(count)d Saturdays and Sundays between %(first)s and %(last)s are not counted.",
            step.count,
        ) % {"count": step.count, "first": _day(step.day), "last": _day(step.until)}
    if step.kind == "pause":
        if step.until is None:
            return _("The clock stands still since %(day)s: the body asked for a clarification.") % {
                "day": _day(step.day)
            }
        return _(
            "The clock stood still from %(day)s to %(until)s while the body waited for a clarification."
        ) % {
            "day": _day(step.day),
            "until": _day(step.until),
        }
    if step.kind == "rolled":
        return _("%(day)s is a day off, so the term ends on the next working day, %(until)s.") % {
            "day": _day(step.day),
            "until": _day(step.until),
        }
    return _("The deadline is %(day)s.") % {"day": _day(step.day)}


def explanation(deadline: Deadline) -> list[str]:
    return [step_text(step) for step in deadline.steps]
