"""The manifest the portal's seed command reads: agencies (code, names, URL, public key) and the
demo personas. The portal cannot import this package, so this JSON file is the hand-over."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from demo_agencies.agencies import AGENCIES
from demo_agencies.personas import persona_list
from demo_agencies.world import DEFAULT_SEED
from panjara_protocol import KeyPair


def build_manifest(
    *,
    keys: dict[str, KeyPair],
    base_url: str,
    clone_of: dict[str, str] | None = None,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    clone_of = clone_of or {}
    agencies = []
    for code, key in keys.items():
        implementation = AGENCIES[clone_of.get(code, code)]
        agency = implementation.describe(code=code)["agency"]
        agencies.append(
            {**agency, "base_url": f"{base_url.rstrip('/')}/{code}", "public_jwk": key.public_jwk()}
        )
    return {"seed": seed, "agencies": agencies, "personas": persona_list()}


def write_manifest(manifest: dict[str, Any], *, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
