"""Encryption at rest for the vault (R-V-1): AES-256-GCM, a fresh random nonce per file, and the
document's id as associated data, so a file copied onto another row's path fails to open instead
of showing one person's document as another's.

The key lives in the environment (PANJARA_VAULT_KEY), never in the database: a stolen database
dump or backup of the files alone reveals nothing. Each document records the id of the key that
sealed it; after a rotation the old key stays in PANJARA_VAULT_RETIRED_KEYS until every file has
been sealed again under the new one."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import uuid
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# A file starts with a format marker, then the nonce, then ciphertext and tag. The marker lets a
# later format live next to this one.
MAGIC = b"PJV1"
NONCE_BYTES = 12


class VaultIntegrityError(Exception):
    """A stored file does not open: changed on disk, swapped with another, or sealed under a key
    this installation does not have. Never answered with the bytes."""


@dataclass(frozen=True)
class Key:
    id: str
    secret: bytes = b""

    def __repr__(self) -> str:  # keep the secret out of logs and tracebacks
        return f"Key(id={self.id!r})"


def _decode(value: str, *, setting: str) -> bytes:
    try:
        secret = base64.urlsafe_b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{setting} must be 32 bytes in URL-safe base64") from None
    if len(secret) != 32:
        raise ImproperlyConfigured(f"{setting} must be 32 bytes in URL-safe base64, not {len(secret)} bytes")
    return secret


def key_id(secret: bytes) -> str:
    """A short name for a key, derived from it, so two keys can never share an id by mistake.
    A truncated hash of a 256-bit random key tells nothing about the key."""
    return hashlib.sha256(b"panjara-vault-key-id\x00" + secret).hexdigest()[:16]


@lru_cache(maxsize=4)
def _keyring(active: str, retired: tuple[str, ...]) -> tuple[Key, dict[str, Key]]:
    current = _decode(active, setting="VAULT_KEY")
    keys = [Key(id=key_id(current), secret=current)]
    keys += [
        Key(id=key_id(secret), secret=secret)
        for secret in (_decode(value, setting="VAULT_RETIRED_KEYS") for value in retired)
    ]
    return keys[0], {key.id: key for key in keys}


def _settings_keyring() -> tuple[Key, dict[str, Key]]:
    # Read on every use rather than at import, so a test (or a reload) that changes the setting
    # gets the keys it set.
    return _keyring(settings.VAULT_KEY, tuple(getattr(settings, "VAULT_RETIRED_KEYS", ())))


def active_key() -> Key:
    return _settings_keyring()[0]


def key_by_id(identifier: str) -> Key:
    key = _settings_keyring()[1].get(identifier)
    if key is None:
        raise VaultIntegrityError(f"vault key {identifier!r} is not configured")
    return key


def _associated_data(document_id: uuid.UUID) -> bytes:
    return b"panjara-vault/1/" + document_id.bytes


def seal(*, plaintext: bytes, document_id: uuid.UUID, key: Key) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key.secret).encrypt(nonce, plaintext, _associated_data(document_id))


def unseal(*, sealed: bytes, document_id: uuid.UUID, key: Key) -> bytes:
    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + NONCE_BYTES + 16:
        raise VaultIntegrityError(f"vault file {document_id} is not a sealed vault file")
    nonce = sealed[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key.secret).decrypt(
            nonce, sealed[len(MAGIC) + NONCE_BYTES :], _associated_data(document_id)
        )
    except InvalidTag:
        raise VaultIntegrityError(f"vault file {document_id} failed authentication") from None
