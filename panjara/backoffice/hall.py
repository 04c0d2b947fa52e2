"""What the hall workspace keeps between an operator's steps (R-ID-2, R-ID-7), in the operator's
own server-side session and nowhere else:

- the registry lookup, so that the account is opened with the registry's data and not with values
  sent back by the browser; it is good for a short while and only for the operator who made it;
- the last registration or reset, so that its application can be printed shortly afterwards, from
  the same session only.

The one-time password is never kept: it exists only in the response that shows it."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from panjara.core import clock

from .registry import RegistryPerson

LOOKUP_KEY = "backoffice.hall.lookup"
PRINTABLE_KEY = "backoffice.hall.printable"
# Long enough to check a document and type an e-mail address; short enough that a workstation
# left alone does not keep a citizen's data on screen for the next person in the queue.
LOOKUP_LIFETIME = timedelta(minutes=20)
PRINTABLE_LIFETIME = timedelta(minutes=30)


class DocumentType(models.TextChoices):
    """The identity documents an operator may check (R-ID-2: "a valid ID document")."""

    ID_CARD = "id_card", _("ID card")
    PASSPORT = "passport", _("Passport")
    RESIDENCE_CARD = "residence_card", _("Residence card")


class Kind(StrEnum):
    """What the operator just did, as the application and its audit event name it."""

    REGISTRATION = "registration"
    RESET = "reset"


def _fresh(saved: dict[str, Any] | None, *, user, lifetime: timedelta) -> bool:
    if not saved or saved.get("operator") != user.pk:
        return False
    try:
        at = datetime.fromisoformat(saved["at"])
    except (KeyError, TypeError, ValueError):
        return False
    return clock.now() - at <= lifetime


def lookup_keep(request, *, person: RegistryPerson) -> None:
    request.session[LOOKUP_KEY] = {
        "operator": request.user.pk,
        "at": clock.now().isoformat(),
        "person": person.to_session(),
    }


def lookup_get(request) -> RegistryPerson | None:
    saved = request.session.get(LOOKUP_KEY)
    if not _fresh(saved, user=request.user, lifetime=LOOKUP_LIFETIME):
        return None
    return RegistryPerson.from_session(saved["person"])


def lookup_forget(request) -> None:
    request.session.pop(LOOKUP_KEY, None)


def printable_keep(request, *, account_id: int, kind: str, document: dict[str, str]) -> None:
    request.session[PRINTABLE_KEY] = {
        "operator": request.user.pk,
        "at": clock.now().isoformat(),
        "account": account_id,
        "kind": kind,
        "document": document,
    }


def printable_get(request, *, account_id: int) -> dict[str, Any] | None:
    """The registration this session may still print, or None (another account, another
    operator, or too late)."""
    saved = request.session.get(PRINTABLE_KEY)
    if not _fresh(saved, user=request.user, lifetime=PRINTABLE_LIFETIME):
        return None
    if saved.get("account") != account_id:
        return None
    return {**saved, "at": datetime.fromisoformat(saved["at"])}
