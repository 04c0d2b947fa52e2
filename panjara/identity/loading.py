"""Loading the session and the person behind it on every signed-in request, each with one plain
statement.

Every signed-in page loads its session row and its user row before anything else, and building
the ORM's queries for them cost more than running them (about 0.25 ms each against 0.02 ms for
the statement, docs/performance.md, "Third round"). What is loaded, and when a session counts as
expired or unknown, is exactly what Django's own database session store and model backend do:
nothing is cached between requests, so a session ended or a password changed in any process
counts on the very next request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

# The path the sign-in stores in the session (django.contrib.auth.login's `backend`).
BACKEND = "panjara.identity.loading.PortalBackend"


class SessionStore(db.SessionStore):
    """Django's database session store (SESSION_ENGINE "panjara.identity.loading"), with the
    load on every request as one statement."""

    def load(self) -> dict:
        key = self.session_key  # None unless the cookie holds a well-formed key
        row = None
        if key:
            connection = connections[router.db_for_read(self.model)]
            table = connection.ops.quote_name(self.model._meta.db_table)
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 (the model's table, values as parameters)
                    [key, now],
                )
                row = cursor.fetchone()
        if row is None:
            # As Django's store: an unknown or expired key is forgotten, and a new one is made
            # when the session is saved.
            self._session_key = None
            return {}
        return self.decode(row[0])


class PortalBackend(ModelBackend):
    """Django's model backend, with the user of a signed-in request loaded by one raw statement
    (still turned into a model instance with Django's converters)."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        found = list(
            model._default_manager.raw(
                f"SELECT * FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s",  # noqa: S608 (the model's table, values as parameters)
                [pk],
            )
        )
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None
