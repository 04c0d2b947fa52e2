"""Demo citizens: a few personas from the demo agencies' manifest with ready accounts, so that
`make run` can be tried at once. The others (e.g. Levan Tsiklauri, 60001077004) are left for a
hall operator to register, which is the real way in (R-ID-2)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from panjara.consent.selectors import terms_current, terms_state
from panjara.consent.services import terms_decide
from panjara.core import clock
from panjara.identity.models import Person, User

# Personas with ready accounts; everyone else in the manifest registers at a hall.
READY = ("01024085001", "01017029002", "01030057007")
DEMO_CITIZEN_PASSWORD = "Panjara-demo-citizen"  # noqa: S105 (published demo login)
# Demo staff have no persona; their sign-in codes go to these invented mobiles (the demo mailbox).
STAFF_MOBILES = ("599000001", "599000002", "599000003", "599000004", "599000005", "599000006")


@transaction.atomic
def demo_citizens_seed(*, personas: list[dict]) -> list[str]:
    """Accounts for the READY personas: confirmed contacts, current terms accepted. Idempotent;
    an existing account is left as the person left it."""
    emails = []
    terms = terms_current()
    for persona in personas:
        if persona["personal_number"] not in READY:
            continue
        person, _created = Person.objects.get_or_create(
            personal_number=persona["personal_number"],
            defaults=dict(
                given_name_ka=persona["first_name"]["ka"],
                surname_ka=persona["last_name"]["ka"],
                given_name_en=persona["first_name"]["en"],
                surname_en=persona["last_name"]["en"],
                birth_date=date.fromisoformat(persona["birth_date"]),
            ),
        )
        user = User.objects.filter(person=person).first()
        if user is None:
            now = clock.now()
            user = User.objects.create_user(
                persona["email"],
                DEMO_CITIZEN_PASSWORD,
                person=person,
                full_name=persona["name"]["ka"],
                mobile=persona["mobile"],
                mobile_confirmed_at=now,
                email_confirmed_at=now,
                password_changed_at=now,
            )
            if terms is not None and terms_state(user=user)[0] == "pending":
                terms_decide(user=user, terms=terms, decision="accepted", language="ka")
        emails.append(user.email)
    return emails


@transaction.atomic
def demo_staff_contacts(*, emails: list[str]) -> None:
    """Demo staff sign in like everyone else (password, then an SMS code), so they need a
    confirmed mobile; a real administrator's staff go through the first-login steps instead."""
    now = clock.now()
    for email, mobile in zip(sorted(emails), STAFF_MOBILES, strict=False):
        User.objects.filter(email=email, mobile_confirmed_at__isnull=True).update(
            mobile=mobile, mobile_confirmed_at=now, email_confirmed_at=now
        )
