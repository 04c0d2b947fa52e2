"""The civil-registry lookup a hall operator does before registering a citizen (R-ID-2): one
`psda.person` query through the exchange, which signs it, logs it and audits the read of the
person's data as done by the operator for the purpose "registration".

A frozen dataclass out, as plain values: the views keep it in the operator's session between the
lookup and the confirmation, so that the names given to `citizen_register` are the registry's,
never something typed in or sent back by the browser."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, Literal

from django.utils import translation

from panjara.exchange.client import Request
from panjara.exchange.services import exchange_ask_sync
from panjara.identity.models import User
from panjara.identity.services.accounts import PersonData, staff_actor
from panjara_protocol import Party

logger = logging.getLogger(__name__)

REGISTRY_AGENCY = "psda"
REGISTRY_SERVICE = "psda.person"
PURPOSE = "registration"


@dataclass(frozen=True, kw_only=True)
class RegistryPerson:
    personal_number: str
    given_name_ka: str
    surname_ka: str
    given_name_en: str
    surname_en: str
    birth_date: date | None
    birth_place_ka: str = ""
    birth_place_en: str = ""
    sex: str = ""
    alive: bool = True
    id_card_number: str = ""
    id_card_issued: date | None = None
    id_card_expires: date | None = None
    id_card_authority_ka: str = ""
    id_card_authority_en: str = ""
    photo_uri: str = ""  # a data: URI, allowed by the CSP's img-src

    @property
    def name_ka(self) -> str:
        return f"{self.given_name_ka} {self.surname_ka}"

    @property
    def name_en(self) -> str:
        return f"{self.given_name_en} {self.surname_en}".strip()

    # In the language of the page or document being rendered, like the halls' names.
    @property
    def birth_place(self) -> str:
        english = translation.get_language() == "en" and self.birth_place_en
        return self.birth_place_en if english else self.birth_place_ka

    @property
    def id_card_authority(self) -> str:
        english = translation.get_language() == "en" and self.id_card_authority_en
        return self.id_card_authority_en if english else self.id_card_authority_ka

    def person_data(self) -> PersonData:
        return PersonData(
            personal_number=self.personal_number,
            given_name_ka=self.given_name_ka,
            surname_ka=self.surname_ka,
            given_name_en=self.given_name_en,
            surname_en=self.surname_en,
            birth_date=self.birth_date,
        )

    def to_session(self) -> dict[str, Any]:
        """JSON-safe, for the session store."""
        values = asdict(self)
        for name in ("birth_date", "id_card_issued", "id_card_expires"):
            values[name] = values[name].isoformat() if values[name] else None
        return values

    @classmethod
    def from_session(cls, values: dict[str, Any]) -> RegistryPerson:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in values.items() if k in known}
        for name in ("birth_date", "id_card_issued", "id_card_expires"):
            values[name] = date.fromisoformat(values[name]) if values.get(name) else None
        return cls(**values)


@dataclass(frozen=True, kw_only=True)
class RegistryLookup:
    status: Literal["found", "not_found", "unavailable"]
    person: RegistryPerson | None = None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _photo_uri(photo: dict | None) -> str:
    if not photo or not photo.get("data"):
        return ""
    media_type = photo.get("media_type", "")
    # Only an image type goes into a data: URI the browser will render.
    if media_type not in ("image/png", "image/jpeg"):
        return ""
    return f"data:{media_type};base64,{photo['data']}"


def _person(data: dict[str, Any]) -> RegistryPerson:
    name = data["name"]
    id_card = data.get("id_card") or {}
    birth_place = data.get("birth_place") or {}
    authority = id_card.get("authority") or {}
    if isinstance(authority, str):
        authority = {"ka": authority, "en": authority}
    return RegistryPerson(
        personal_number=data["personal_number"],
        given_name_ka=name["ka"]["first"],
        surname_ka=name["ka"]["last"],
        given_name_en=name.get("en", {}).get("first", ""),
        surname_en=name.get("en", {}).get("last", ""),
        birth_date=_date(data.get("birth_date")),
        birth_place_ka=birth_place.get("ka", ""),
        birth_place_en=birth_place.get("en", ""),
        sex=data.get("sex", ""),
        alive=bool(data.get("alive", True)),
        id_card_number=id_card.get("number", ""),
        id_card_issued=_date(id_card.get("issued")),
        id_card_expires=_date(id_card.get("expires")),
        id_card_authority_ka=authority.get("ka", ""),
        id_card_authority_en=authority.get("en", ""),
        photo_uri=_photo_uri(data.get("photo")),
    )


def registry_person_lookup(*, personal_number: str, operator: User) -> RegistryLookup:
    """Ask the civil registry about one person for a registration at a hall. Never raises for the
    agency's sake: down, slow, tampered or malformed all come back as "unavailable"."""
    request = Request(
        agency=REGISTRY_AGENCY,
        kind="query",
        service=REGISTRY_SERVICE,
        purpose=PURPOSE,
        subject=Party(kind="person", id=personal_number),
        actor=Party(kind="staff", id=str(operator.pk)),
    )
    (outcome,) = exchange_ask_sync([request], on_behalf=staff_actor(operator))
    if not outcome.ok or outcome.answer is None:
        return RegistryLookup(status="unavailable")
    body = outcome.answer.body if isinstance(outcome.answer.body, dict) else {}
    if body.get("status") == "not_found":
        return RegistryLookup(status="not_found")
    if body.get("status") != "ok":
        return RegistryLookup(status="unavailable")
    try:
        person = _person(body["data"])
    except (KeyError, TypeError, ValueError, AttributeError):
        logger.warning("the civil registry answered %s with data the portal cannot read", outcome.answer.id)
        return RegistryLookup(status="unavailable")
    if person.personal_number != personal_number:
        # An answer about someone else must never end up on another person's account.
        logger.warning("the civil registry answered about another person (%s)", outcome.answer.id)
        return RegistryLookup(status="unavailable")
    return RegistryLookup(status="found", person=person)
