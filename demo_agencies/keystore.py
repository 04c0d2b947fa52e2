"""Key files: each agency's signing key on disk, and the portal's public keys (a JWKS file).

A key is generated on first use and kept, so the public keys the portal's administrator registered
stay valid across restarts. Never reuse a kid for new key material (protocol §4.1): a new key gets
a new, time-stamped kid.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from panjara_protocol import KeyPair
from panjara_protocol.errors import MalformedMessage
from panjara_protocol.keys import Key, import_jwk


def agency_key_path(*, keys_dir: Path, code: str) -> Path:
    return keys_dir / "agencies" / f"{code}.jwk"


def load_or_create_key(*, keys_dir: Path, code: str) -> KeyPair:
    path = agency_key_path(keys_dir=keys_dir, code=code)
    if path.exists():
        return KeyPair.load(path)
    key = KeyPair.generate(f"{code}-{datetime.now(UTC):%Y%m%d%H%M%S}")
    key.save(path)
    return key


def load_or_create_keys(*, keys_dir: Path, codes: Iterable[str]) -> dict[str, KeyPair]:
    return {code: load_or_create_key(keys_dir=keys_dir, code=code) for code in codes}


def read_jwks(path: Path) -> tuple[dict[str, Any], ...]:
    """The public keys in a `{"keys": [...]}` file; private parts, if any, are dropped."""
    data = json.loads(path.read_text())
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ValueError(f'{path} is not a JWKS document ({{"keys": [...]}})')
    return tuple(import_jwk(jwk).as_dict(private=False) for jwk in data["keys"])


class PortalKeys:
    """The portal's public keys by kid.

    When a request names a kid we do not have, the keys file is read again (at most once per
    `reload_after` seconds) before the request is refused: that is how a portal key rotation
    reaches a running agency (protocol §4.4), and why the agencies may start before the portal
    has written its keys.
    """

    def __init__(
        self, jwks: Sequence[dict[str, Any]], *, path: Path | None = None, reload_after: float = 5.0
    ) -> None:
        self._path = path
        self._reload_after = reload_after
        self._keys = self._index(jwks)
        # With no keys yet (the portal had not written them), the first request may re-read at once.
        self._loaded_at = time.monotonic() - (reload_after if not self._keys else 0.0)

    @staticmethod
    def _index(jwks: Sequence[dict[str, Any]]) -> dict[str, Key]:
        keys: dict[str, Key] = {}
        for jwk in jwks:
            key = import_jwk(jwk)
            if key.is_private:
                key = import_jwk(key.as_dict(private=False))
            keys[jwk["kid"]] = key
        return keys

    def key_for(self, kid: str) -> Key | None:
        key = self._keys.get(kid)
        if (
            key is None
            and self._path is not None
            and time.monotonic() - self._loaded_at >= self._reload_after
        ):
            self._loaded_at = time.monotonic()
            # An unreadable file keeps the keys we have; the request is then refused as unknown_key.
            with contextlib.suppress(OSError, ValueError, MalformedMessage):
                self._keys = {**self._keys, **self._index(read_jwks(self._path))}
            key = self._keys.get(kid)
        return key

    def kids(self) -> list[str]:
        return list(self._keys)
