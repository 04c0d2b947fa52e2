"""Command line: `python -m demo_agencies serve|manifest …` (see docs/demo-agencies.md)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from demo_agencies.agencies import AGENCIES
from demo_agencies.behaviour import ENVIRONMENT_VARIABLE, behaviours_for
from demo_agencies.keystore import load_or_create_keys, read_jwks
from demo_agencies.manifest import build_manifest, write_manifest
from demo_agencies.world import DEFAULT_SEED


def parse_mounts(text: str | None) -> tuple[tuple[str, ...], dict[str, str]]:
    """`psda,mia,bench1=psda` → codes to mount and which are clones of which agency."""
    if not text:
        return tuple(AGENCIES), {}
    codes: list[str] = []
    clone_of: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        code, _, implementation = (piece.strip() for piece in item.partition("="))
        codes.append(code)
        if implementation:
            clone_of[code] = implementation
    return tuple(codes), clone_of


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo_agencies", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "manifest"):
        command = commands.add_parser(name)
        command.add_argument("--keys-dir", type=Path, default=Path("var/keys"))
        command.add_argument("--seed", type=int, default=DEFAULT_SEED)
        command.add_argument(
            "--agencies",
            default=os.environ.get("DEMO_AGENCIES", ""),
            help="codes to mount, CODE or CODE=AGENCY for a clone (e.g. bench1=psda); default all eight",
        )
    serve = commands.choices["serve"]
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8100)
    serve.add_argument("--portal-jwks", type=Path, default=Path("var/keys/portal.public.json"))
    serve.add_argument("--portal-party", default="portal")
    serve.add_argument(
        "--portal-url",
        default=os.environ.get("PANJARA_PORTAL_URL", "http://127.0.0.1:8000"),
        help="where case reports go (its /exchange/v1/callbacks); empty: cases do not move",
    )
    serve.add_argument("--pace", type=float, default=3.0, help="seconds between a case's steps")
    serve.add_argument("--behaviour", default=os.environ.get(ENVIRONMENT_VARIABLE, ""))
    serve.add_argument("--log-level", default="info")
    manifest = commands.choices["manifest"]
    manifest.add_argument("--base-url", default="http://127.0.0.1:8100")
    manifest.add_argument("--out", type=Path, default=Path("var/demo/agencies.json"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    codes, clone_of = parse_mounts(args.agencies)
    keys = load_or_create_keys(keys_dir=args.keys_dir, codes=codes)
    if args.command == "manifest":
        write_manifest(
            build_manifest(keys=keys, base_url=args.base_url, clone_of=clone_of, seed=args.seed), out=args.out
        )
        print(f"wrote {args.out}: {len(keys)} agencies")
        return 0
    return _serve(args, codes=codes, clone_of=clone_of, keys=keys)


def _serve(args: argparse.Namespace, *, codes: tuple[str, ...], clone_of: dict[str, str], keys: dict) -> int:
    import uvicorn  # only the server needs it

    from demo_agencies.config import Config, Processing
    from demo_agencies.server import create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    # WeasyPrint and its font subsetter narrate every document at INFO; the agencies' own lines
    # (each case report and its outcome) would drown in them.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    portal_keys: tuple[dict, ...] = ()
    if args.portal_jwks.exists():
        portal_keys = read_jwks(args.portal_jwks)
    else:
        # The portal may not have written its keys yet; they are read when its first request comes.
        logging.getLogger("demo_agencies").warning(
            "%s not found yet: will read it on first request", args.portal_jwks
        )
    config = Config(
        keys=keys,
        portal_keys=portal_keys,
        portal_keys_file=args.portal_jwks,
        portal_party=args.portal_party,
        seed=args.seed,
        agencies=codes,
        clone_of=clone_of,
        behaviours=behaviours_for(codes, text=args.behaviour),
        portal_url=args.portal_url or None,
        processing=Processing(pace=args.pace),
    )
    uvicorn.run(
        create_app(config), host=args.host, port=args.port, log_level=args.log_level, access_log=False
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
