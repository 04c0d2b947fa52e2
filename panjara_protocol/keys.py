"""Signing keys. Ed25519 by default, ECDSA P-256 accepted; each key is named by its key id (kid)
so that keys can be rotated: a receiver keeps every key it trusts and picks by kid."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, OKPKey

from .errors import MalformedMessage

Key = OKPKey | ECKey

# RFC 9864 fully specified names: "Ed25519" replaces the deprecated polymorphic "EdDSA".
ALGORITHM_FOR = {"OKP": "Ed25519", "EC": "ES256"}


@dataclass(frozen=True)
class KeyPair:
    kid: str
    key: Key

    @classmethod
    def generate(cls, kid: str, *, kty: str = "OKP") -> KeyPair:
        if kty == "OKP":
            key: Key = OKPKey.generate_key("Ed25519", parameters={"kid": kid}, private=True)
        elif kty == "EC":
            key = ECKey.generate_key("P-256", parameters={"kid": kid}, private=True)
        else:
            raise ValueError(f"unsupported key type {kty!r}")
        return cls(kid=kid, key=key)

    @property
    def algorithm(self) -> str:
        return ALGORITHM_FOR[self.key.key_type]

    def private_jwk(self) -> dict[str, Any]:
        return self.key.as_dict(private=True)

    def public_jwk(self) -> dict[str, Any]:
        return self.key.as_dict(private=False)

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any]) -> KeyPair:
        key = import_jwk(jwk)
        if not key.is_private:
            raise MalformedMessage("a signing key needs its private part")
        return cls(kid=jwk["kid"], key=key)

    @classmethod
    def load(cls, path: Path) -> KeyPair:
        return cls.from_jwk(json.loads(path.read_text()))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(json.dumps(self.private_jwk()))


def import_jwk(jwk: dict[str, Any]) -> Key:
    if not isinstance(jwk, dict) or not jwk.get("kid"):
        raise MalformedMessage("a key must be a JWK object with a kid")
    if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
        return OKPKey.import_key(jwk)
    if jwk.get("kty") == "EC" and jwk.get("crv") == "P-256":
        return ECKey.import_key(jwk)
    raise MalformedMessage("only Ed25519 (OKP) and P-256 (EC) keys are accepted")


def public_jwk_from(jwk: dict[str, Any]) -> dict[str, Any]:
    """The public half of a JWK, checked: what an administrator registers for a party."""
    return import_jwk(jwk).as_dict(private=False)
