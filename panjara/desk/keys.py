"""The signing keys the portal holds for the agencies it serves at the desk (ADR 0006).

Each desk agency signs with its own key, registered as one of its AgencyKeys like any agency's:
the portal then verifies the desk's reports and acknowledgements exactly as it verifies a remote
agency's, and what it keeps as evidence (R-P-3) names the agency, not the portal.

The private JWK is a file, never a database row (a database dump must not be able to speak for
an agency): EXCHANGE["DESK_KEYS_DIR"]/<code>.jwk, by default beside the portal's own key. It is
made on first need. When an administrator retires the key (a suspected leak), the next need
makes a new one and the old file is kept, renamed, for the record."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from panjara.audit.services import PORTAL
from panjara.core import clock
from panjara.exchange.models import Agency, AgencyKey
from panjara.exchange.services import agency_key_add
from panjara_protocol import KeyPair


def desk_keys_dir() -> Path:
    configured = settings.EXCHANGE.get("DESK_KEYS_DIR")
    return Path(configured) if configured else Path(settings.EXCHANGE["KEY_FILE"]).parent / "desk"


def _key_file(code: str) -> Path:
    return desk_keys_dir() / f"{code}.jwk"


@lru_cache(maxsize=64)
def _parsed(path: str, modified_ns: int) -> KeyPair:
    # Keyed by the file's modification time too, so a replaced key is read again.
    return KeyPair.load(Path(path))


def _load_or_create(code: str) -> KeyPair:
    path = _key_file(code)
    if not path.exists():
        key = KeyPair.generate(f"{code}-desk-{clock.now():%Y%m%d%H%M%S%f}")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w") as stream:
                stream.write(json.dumps(key.private_jwk()))
            # A link fails if the name exists: of two processes making the key at once, one wins
            # and the other reads the winner's key.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    return _parsed(str(path), path.stat().st_mtime_ns)


def desk_key_ensure(*, agency: Agency) -> KeyPair:
    """The key the desk signs with for `agency`, trusted by the portal as one of the agency's keys.
    Call it inside the transaction that uses the key: a first registration is part of it."""
    if not agency.is_desk:
        raise ImproperlyConfigured(f"agency {agency.code!r} is not served at the desk")
    key = _load_or_create(agency.code)
    registered = AgencyKey.objects.filter(kid=key.kid).values_list("agency_id", "is_active").first()
    if registered is not None and registered[0] != agency.pk:
        raise ImproperlyConfigured(f"the desk key {key.kid!r} is registered for another agency")
    if registered is not None and not registered[1]:
        # Retired by an administrator: put it aside and make a new one.
        path = _key_file(agency.code)
        path.rename(path.with_name(f"{agency.code}.{key.kid}.retired.jwk"))
        key = _load_or_create(agency.code)
        registered = None
    if registered is None:
        agency_key_add(agency=agency, jwk=key.public_jwk(), by=PORTAL)
    return key
