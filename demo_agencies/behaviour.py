"""Misbehaviour on demand, per agency: what tests and benchmarks use to see how the portal copes.

A `Behaviour` is deliberately mutable: a test changes `config.behaviours["psda"].latency_ms`
while the server runs and the next request sees it. The error-rate draw uses the behaviour's own
seeded generator, so a sequence of requests fails the same way on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

KNOBS = ("latency", "error_rate", "hang", "garbage", "bad_signature")
ENVIRONMENT_VARIABLE = "DEMO_AGENCIES_BEHAVIOUR"


@dataclass(kw_only=True)
class Behaviour:
    latency_ms: float = 0.0  # the answer leaves this long after the request came (asyncio.sleep)
    error_rate: float = 0.0  # share of requests answered 503, 0..1
    hang: bool = False  # never answer; the request ends only when the client gives up
    garbage: bool = False  # answer 200 with bytes that are not a JWS
    bad_signature: bool = False  # answer a well-formed JWS with one byte of its signature changed
    seed: str = "0"
    _rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.latency_ms < 0:
            raise ValueError("latency must not be negative")
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError("error_rate must be between 0 and 1")
        self._rng = random.Random(f"behaviour:{self.seed}")

    def draw_error(self) -> bool:
        """True when this request should fail; draws only when an error rate is set."""
        return self.error_rate > 0 and self._rng.random() < self.error_rate

    def reseed(self, seed: str) -> None:
        self.seed = seed
        self._rng = random.Random(f"behaviour:{seed}")


def parse_behaviours(text: str) -> dict[str, dict[str, Any]]:
    """Read the environment syntax into knob values per agency code.

    `CODE:KNOB[=VALUE][,KNOB[=VALUE]...]` entries separated by `;`. `*` as CODE means every
    agency (an entry for a named agency overrides it knob by knob). Knobs: `latency=MS`,
    `error_rate=0..1`, and the flags `hang`, `garbage`, `bad_signature` (`=0`/`=false` turns a
    flag off). Example: `psda:latency=50;mia:error_rate=0.2,latency=10;rs:hang`.
    """
    result: dict[str, dict[str, Any]] = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        code, sep, knobs = entry.partition(":")
        code = code.strip()
        if not sep or not code or not knobs.strip():
            raise ValueError(f"behaviour entry {entry!r} is not CODE:KNOB[=VALUE],...")
        values = result.setdefault(code, {})
        for knob in filter(None, (k.strip() for k in knobs.split(","))):
            name, has_value, raw = (piece.strip() for piece in knob.partition("="))
            if name not in KNOBS:
                raise ValueError(f"unknown behaviour {name!r}; known: {', '.join(KNOBS)}")
            if name in ("latency", "error_rate"):
                if not has_value:
                    raise ValueError(f"{name} needs a value, e.g. {name}=50")
                try:
                    number = float(raw)
                except ValueError:
                    raise ValueError(f"{name}={raw!r} is not a number") from None
                values["latency_ms" if name == "latency" else "error_rate"] = number
            else:
                if has_value and raw.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(f"{name}={raw!r}: a flag takes 1/0, true/false, yes/no or on/off")
                values[name] = not has_value or raw.lower() in ("1", "true", "yes", "on")
    return result


def behaviours_for(codes: list[str] | tuple[str, ...], *, text: str = "") -> dict[str, Behaviour]:
    """A fresh Behaviour per code, with the knobs `text` sets (see `parse_behaviours`)."""
    parsed = parse_behaviours(text)
    unknown = sorted(set(parsed) - {"*", *codes})
    if unknown:
        raise ValueError(f"behaviour for unknown agencies: {', '.join(unknown)}")
    return {code: Behaviour(seed=code, **{**parsed.get("*", {}), **parsed.get(code, {})}) for code in codes}
