"""The portal's own signing key. Agencies trust it by kid; the public half is published at
/exchange/v1/jwks.json and written beside the private key for demo agencies to read."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from panjara.core import clock
from panjara_protocol import KeyPair
from panjara_protocol.keys import Key, import_jwk


def _key_file() -> Path:
    return Path(settings.EXCHANGE["KEY_FILE"])


def public_keys_file() -> Path:
    return _key_file().with_name(_key_file().stem + ".public.json")


@lru_cache(maxsize=1)
def portal_signing_key() -> KeyPair:
    path = _key_file()
    if not path.exists():
        raise ImproperlyConfigured(
            f"The portal's signing key {path} does not exist; run `manage.py exchange_keys`."
        )
    return KeyPair.load(path)


def portal_public_jwks() -> dict:
    return {"keys": [portal_signing_key().public_jwk()]}


def portal_key_ensure() -> KeyPair:
    """Create the signing key when there is none (first run), and (re)write its public half."""
    path = _key_file()
    if not path.exists():
        key = KeyPair.generate(f"{settings.EXCHANGE['PARTY']}-{clock.now():%Y%m%d%H%M%S}")
        key.save(path)
        portal_signing_key.cache_clear()
    public_keys_file().write_text(json.dumps(portal_public_jwks(), indent=2))
    return portal_signing_key()


def agency_public_key(jwk: dict) -> Key:
    """An agency's public key, parsed once per process. The cache is keyed by the whole JWK, not
    the kid: whatever the database says now is what is used, and a changed key is a new entry."""
    return _parsed(json.dumps(jwk, sort_keys=True, separators=(",", ":")))


@lru_cache(maxsize=256)
def _parsed(canonical: str) -> Key:
    return import_jwk(json.loads(canonical))
