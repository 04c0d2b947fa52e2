"""Keys for one purpose each (the authenticator app's secret at rest, verification-code digests,
typed-address digests), derived from the deployment's SECRET_KEY and from each key in
SECRET_KEY_FALLBACKS, Django's own rotation setting, which its signing and sessions already use.

A key is SHA-256(purpose ":" root key). SECRET_KEY is a long random string (production refuses
the default), so a hash with a distinct purpose label already gives independent keys; HKDF's
extract step exists for inputs that are not uniformly random, and a password KDF would add
nothing against a random root. Keeping the derivation that the first release used means every
secret, digest and logged address hash written before key ids existed stays valid as it is.

Each key has an id, a short fingerprint of the derived key (never of SECRET_KEY itself), so that
a stored value can say which key sealed it and be opened with that key after a rotation. How to
rotate, and what a rotation costs: ADR 0008."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.encoding import force_bytes

# The purpose labels. Changing one changes its key: everything stored under the old label would
# no longer open or match.
FOR_TOTP = "panjara-totp-secret"
FOR_CODES = "panjara-verification-code"
FOR_ADDRESSES = "panjara-typed-address"

KEY_ID_LENGTH = 16


@dataclass(frozen=True)
class PurposeKey:
    id: str
    secret: bytes

    def __repr__(self) -> str:  # keep the key out of logs and tracebacks
        return f"PurposeKey(id={self.id!r})"


def _derive(purpose: str, root: str | bytes) -> PurposeKey:
    secret = hashlib.sha256(f"{purpose}:".encode() + force_bytes(root)).digest()
    # A truncated hash of a 256-bit derived key tells nothing about the key or SECRET_KEY, and
    # 64 bits keep ids of different keys apart.
    key_id = hashlib.sha256(b"panjara-key-id\x00" + secret).hexdigest()[:KEY_ID_LENGTH]
    return PurposeKey(id=key_id, secret=secret)


def current_key(purpose: str) -> PurposeKey:
    """The key that seals and hashes anything new. Derived on every use rather than cached, so a
    changed setting (a test's override, a restart after a rotation) takes effect at once."""
    return _derive(purpose, settings.SECRET_KEY)


def known_keys(purpose: str) -> list[PurposeKey]:
    """The current key first, then one per SECRET_KEY_FALLBACKS entry, in the order listed."""
    keys = [current_key(purpose)]
    for root in getattr(settings, "SECRET_KEY_FALLBACKS", ()):
        key = _derive(purpose, root)
        if key.id not in {known.id for known in keys}:
            keys.append(key)
    return keys


def known_key_ids(purpose: str) -> list[str]:
    return [key.id for key in known_keys(purpose)]


def keys_to_try(purpose: str, key_id: str) -> list[PurposeKey]:
    """The key with `key_id`, or none when that key is no longer configured. A value stored
    before key ids existed (blank id) is tried with every known key, the current one first."""
    if not key_id:
        return known_keys(purpose)
    return [key for key in known_keys(purpose) if key.id == key_id]
