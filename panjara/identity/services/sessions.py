"""Sessions: opened with a new id and a recorded way in and assurance, ended on the server.

Django's session store holds the session; `AccountSession` is the person's view of it (the
sessions page). The timeouts live in the session itself ("panjara_auth"), checked by
identity.middleware on every request: 30 minutes idle, 12 hours absolute."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction

from panjara.audit.services import Actor
from panjara.core import clock
from panjara.identity.loading import BACKEND
from panjara.identity.models import AccountSession, Assurance, User

from .accounts import account_audit, person_actor

SESSION_KEY = "panjara_auth"
# Writing "last seen" on every request would make every page a database write; a minute's
# precision is plenty for a 30-minute idle limit.
TOUCH_EVERY = timedelta(seconds=60)


def idle_timeout() -> timedelta:
    return timedelta(seconds=settings.SESSION_IDLE_SECONDS)


def absolute_timeout() -> timedelta:
    return timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS)


def client_ip(request) -> str:
    # Behind the deployment's reverse proxy REMOTE_ADDR is the proxy; production sets
    # PANJARA_TRUSTED_PROXY_HEADER to the header the proxy writes (e.g. X-Real-IP).
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header:
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


@transaction.atomic
def session_open(*, request, user: User, method: str, assurance: str) -> AccountSession:
    """Sign the person in on this request: a new session id (login() cycles it), the way in and
    its assurance recorded in the session and in the sessions list, and a security-log event."""
    # Keep what the language switch stored; drop everything the anonymous session held.
    login(request, user, backend=BACKEND)
    now = clock.now()
    request.session[SESSION_KEY] = {
        "method": method,
        "assurance": assurance,
        "started": now.isoformat(),
        "seen": now.isoformat(),
    }
    request.session.save()
    row = AccountSession.objects.create(
        session_key=request.session.session_key,
        user=user,
        method=method,
        assurance=assurance,
        started_at=now,
        last_seen_at=now,
        ip_address=client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    account_audit(
        user=user,
        actor=person_actor(user),
        action="auth.signed_in",
        detail={"method": method, "assurance": assurance, "ip": client_ip(request)},
    )
    return row


def session_raise_assurance(*, request, method: str, assurance: str) -> None:
    """After the first-login steps the session's assurance rises: the person has proved the
    mobile with a code in this very session."""
    data = dict(request.session.get(SESSION_KEY) or {})
    data.update(method=method, assurance=assurance)
    request.session[SESSION_KEY] = data
    AccountSession.objects.filter(session_key=request.session.session_key).update(
        method=method, assurance=assurance
    )


@transaction.atomic
def session_step_up(*, request, method: str) -> None:
    """The person proved a second factor in this session (the step-up page): raise it to
    substantial, give it a new id as sign-in and re-authentication do (ASVS V7.2.4), and say so
    in the security log."""
    before = session_assurance(request)
    session_raise_assurance(request=request, method=method, assurance=Assurance.SUBSTANTIAL)
    session_rotate(request=request)
    account_audit(
        user=request.user,
        actor=person_actor(request.user),
        action="auth.stepped_up",
        detail={"from": before, "to": Assurance.SUBSTANTIAL, "method": method, "ip": client_ip(request)},
    )


def session_state(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def session_assurance(request) -> str:
    """The assurance this session was opened (or raised) with; "" when not signed in by us."""
    return (session_state(request) or {}).get("assurance", "")


def session_expired(*, state: dict, now: datetime) -> str:
    """ "idle", "absolute" or "" for a live session."""
    started = datetime.fromisoformat(state["started"])
    seen = datetime.fromisoformat(state["seen"])
    if now - started >= absolute_timeout():
        return "absolute"
    if now - seen >= idle_timeout():
        return "idle"
    return ""


def session_touch(*, request, state: dict, now: datetime) -> None:
    seen = datetime.fromisoformat(state["seen"])
    if now - seen >= TOUCH_EVERY:
        request.session[SESSION_KEY] = {**state, "seen": now.isoformat()}
        AccountSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=now)


def session_close(*, request, reason: str = "signed_out") -> None:
    """End this session on the server (logout() flushes the store's row) and in the list."""
    user = request.user if request.user.is_authenticated else None
    key = request.session.session_key
    if key:
        AccountSession.objects.filter(session_key=key, ended_at__isnull=True).update(ended_at=clock.now())
    if user is not None:
        account_audit(user=user, actor=person_actor(user), action=f"session.{reason}")
    logout(request)


@transaction.atomic
def sessions_end_others(*, request) -> int:
    """Sign out every other session of this account: delete them from the session store, so the
    next request on any of them finds no session at all."""
    user = request.user
    store = import_module(settings.SESSION_ENGINE).SessionStore
    others = AccountSession.objects.select_for_update().filter(user=user, ended_at__isnull=True)
    others = others.exclude(session_key=request.session.session_key)
    count = 0
    for row in others:
        store(session_key=row.session_key).delete()
        count += 1
    others.update(ended_at=clock.now())
    if count:
        account_audit(
            user=user, actor=person_actor(user), action="session.others_ended", detail={"count": count}
        )
    return count


@transaction.atomic
def session_end_one(*, request, session_id: int) -> bool:
    """Sign out one other session of this account, chosen on the sessions page. False when
    there is no such open session of this account (another person's, an ended one, or this very
    session, which "Sign out" ends instead)."""
    row = (
        AccountSession.objects.select_for_update()
        .filter(pk=session_id, user=request.user, ended_at__isnull=True)
        .exclude(session_key=request.session.session_key)
        .first()
    )
    if row is None:
        return False
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=row.session_key).delete()
    row.ended_at = clock.now()
    row.save(update_fields=["ended_at"])
    account_audit(
        user=request.user,
        actor=person_actor(request.user),
        action="session.one_ended",
        detail={
            "started": row.started_at.isoformat(),
            "method": row.method,
            "ip": row.ip_address or "",
            "by_ip": client_ip(request),
        },
    )
    return True


@transaction.atomic
def sessions_end_all(*, user: User, by: Actor | None = None) -> int:
    """End every session of the account on the server: after a password reset or recovery (no
    session opened with the old password survives), or when an administrator ends them (`by`,
    audited here; recovery audits its own event)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = AccountSession.objects.select_for_update().filter(user=user, ended_at__isnull=True)
    count = 0
    for row in rows:
        store(session_key=row.session_key).delete()
        count += 1
    rows.update(ended_at=clock.now())
    if by is not None:
        account_audit(user=user, actor=by, action="session.ended_by_administrator", detail={"count": count})
    return count


def session_rotate(*, request) -> None:
    """A new session id for this session, keeping its data (the way in, the times) and its row
    in the sessions list: after re-authentication, as after sign-in (ASVS V7.2.4), so an id
    that leaked before the password was typed again is worth nothing afterwards."""
    old = request.session.session_key
    request.session.cycle_key()
    AccountSession.objects.filter(session_key=old).update(session_key=request.session.session_key)


def session_keep_after_password_change(*, request, user: User) -> None:
    """Changing the password rotates the session's auth hash (other sessions with the old one
    end) and the session key; this session stays signed in and its row follows the new key."""
    from django.contrib.auth import update_session_auth_hash

    old = request.session.session_key
    update_session_auth_hash(request, user)
    AccountSession.objects.filter(session_key=old).update(session_key=request.session.session_key)
