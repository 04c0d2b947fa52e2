"""The personal page under load (personal page issue, "Done when"): server latency of `/me/` with
the eight demo agencies answering after 50 ms each, for 50 signed-in users at once.

The real portal runs under uvicorn (`panjara.asgi:application`, SQLite in WAL mode as in
`make run`; one process, or PANJARA_BENCH_WORKERS of them) in a fresh var dir seeded like the
demo (`demo_seed`: agencies from the manifest, terms, catalog). The demo agencies (`python -m
demo_agencies serve`, all eight, `*:latency=50`) run in a third process (or one process each with
PANJARA_BENCH_AGENCIES_APART=1). 50 citizens — the demo personas with accounts and adults of the demo
population — each have a signed-in session cookie. Every page asks 15 informational services of
the 8 agencies (the floor is the agencies' 50 ms), keeps the 15 signed answers, logs and audits 15
queries and renders the cards.

Measured, in the same run, client-side wall time per page (loopback; the client is this process):
- `single`: one user at a time (the floor of one page: 50 ms plus the portal's own work);
- `fanout_floor`, the baseline, alternated with `single`: the same 15 signed queries sent from
  this process with the portal's own exchange client (`call_agencies`: seal, POST, verify; no
  Django request, database, log or rendering) to the same agencies. It is what asking the
  agencies costs on this machine before the portal does anything, so `single` / `fanout_floor`
  is the portal's own share;
- `users_50`: 50 users, each opening the page and reading it for 5–15 s (uniform) before
  opening it again, for 30 s — 50 people using the portal at once (about 5 pages/s);
- `concurrent_50`: 50 requests always in flight (no reading time), for 10 s — the stress case,
  where the two cores are the limit and latency is queueing.
The goal is p95 ≤ 1.3 × 50 ms; each case reports p95 / 50 ms. A page counts only if it is 200
and every card came from its agency (none says the agency did not answer); anything else is an
error and reported. Because the machine is shared, each case also reports the CPU the portal and
the agencies' processes spent per page (from /proc), which contention does not inflate much, and
the CPU of the load generator (this process), which shares the two cores with them.

Run: `cd bench && ../.venv/bin/python personal_page.py` (or `make bench`).
Results: bench/results/personal_page.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from common import (
    ROOT,
    cpu_seconds_of_tree,
    free_port,
    percentile,
    save,
    start_process,
    summary,
    wait_for_port,
)

AGENCIES = ("psda", "napr", "rs", "mia", "nbe", "ssa", "utilities", "eqe")
LATENCY_MS = 50
USERS = 50
CARDS = 15
SINGLE_PAGES = 40
READING_SECONDS = (5.0, 15.0)
USERS_SECONDS = 30.0
CONCURRENT_SECONDS = 10.0
WARMUP_PAGES = 3  # per user, before anything is measured (connections, templates, caches)
GOAL = 1.3
# Portal processes (uvicorn --workers). One process runs Python on one core at a time; production
# runs several per node (docs/architecture.md, "Scale-out"). PANJARA_BENCH_WORKERS overrides.
WORKERS = int(os.environ.get("PANJARA_BENCH_WORKERS", "1"))
# The demo agencies in one process (default: one server signs all 15 answers of a page one after
# another, which lengthens every page) or one process per agency, as real agencies are separate
# servers (PANJARA_BENCH_AGENCIES_APART=1). On two cores the processes still share the machine.
AGENCIES_APART = os.environ.get("PANJARA_BENCH_AGENCIES_APART", "") == "1"


def setup_django(var_dir: Path) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "panjara.settings.dev",
        "PANJARA_VAR_DIR": str(var_dir),
        "PANJARA_DEBUG": "false",
        "PANJARA_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def write_manifest(var_dir: Path, ports: dict[str, int]) -> Path:
    """Agency keys, the portal's public key for the agencies, and the manifest demo_seed reads
    (each agency at the port of the process that serves it)."""
    from demo_agencies.keystore import load_or_create_keys
    from demo_agencies.manifest import build_manifest
    from demo_agencies.manifest import write_manifest as write
    from panjara.exchange.keys import portal_key_ensure

    keys_dir = var_dir / "keys"
    keys = load_or_create_keys(keys_dir=keys_dir, codes=AGENCIES)
    (keys_dir / "portal.public.json").write_text(json.dumps({"keys": [portal_key_ensure().public_jwk()]}))
    manifest = var_dir / "demo" / "agencies.json"
    built = build_manifest(keys=keys, base_url="http://127.0.0.1")
    for agency in built["agencies"]:
        agency["base_url"] = f"http://127.0.0.1:{ports[agency['code']]}/{agency['code']}"
    write(built, out=manifest)
    return manifest


def serve_agencies(var_dir: Path, codes: tuple[str, ...], port: int):
    return start_process(
        "-m", "demo_agencies", "serve",
        "--keys-dir", str(var_dir / "keys"),
        "--portal-jwks", str(var_dir / "keys" / "portal.public.json"),
        "--agencies", ",".join(codes),
        "--behaviour", f"*:latency={LATENCY_MS}",
        "--port", str(port),
        "--log-level", "warning",
    )  # fmt: skip


def bench_users() -> list[tuple[str, str]]:
    """USERS signed-in citizens: the personas demo_seed gave accounts, then adults of the demo
    population; returns (personal number, session cookie value)."""
    from django.conf import settings
    from django.test import Client

    from demo_agencies.names import bilingual
    from demo_agencies.world import build_population
    from panjara.identity.models import User
    from panjara.identity.testing import citizen_create, sign_in

    users = list(User.objects.filter(person__isnull=False).select_related("person"))
    known = {user.personal_number for user in users}
    population = build_population()
    for person in sorted(population.persons.values(), key=lambda p: p.personal_number):
        if len(users) >= USERS:
            break
        if not person.adult or person.persona or person.personal_number in known:
            continue
        users.append(
            citizen_create(
                personal_number=person.personal_number,
                given_name_ka=person.first,
                surname_ka=person.last,
                given_name_en=bilingual(person.first)["en"],
                surname_en=bilingual(person.last)["en"],
                mobile=f"5{len(users):08d}",
            )
        )
    cookies = []
    for user in users[:USERS]:
        client = Client()
        sign_in(client, user)
        cookies.append((user.personal_number, client.cookies[settings.SESSION_COOKIE_NAME].value))
    return cookies


class Load:
    def __init__(
        self, url: str, cookie_name: str, users: list[tuple[str, str]], pids: dict[str, list[int]]
    ) -> None:
        self.url = url
        self.cookie_name = cookie_name
        self.users = users
        self.pids = pids  # "portal", "agencies": the processes of each
        self.errors: list[str] = []
        self.cpu: dict[str, dict[str, float]] = {}

    def cpu_of(self, who: str) -> float:
        return sum(cpu_seconds_of_tree(pid) for pid in self.pids[who])

    async def measured(self, name: str, phase) -> list[float]:
        """Run one phase; keep the servers' CPU per page it served."""
        before = {who: self.cpu_of(who) for who in self.pids}
        client_before = time.process_time()
        samples = await phase
        pages = max(1, len(samples))
        self.cpu[name] = {
            f"{who}_cpu_ms_per_page": round((self.cpu_of(who) - before[who]) * 1000 / pages, 1)
            for who in self.pids
        }
        # The load generator shares the two cores with the servers: say what it took.
        self.cpu[name]["client_cpu_ms_per_page"] = round(
            (time.process_time() - client_before) * 1000 / pages, 1
        )
        return samples

    async def page(self, session: aiohttp.ClientSession, cookie: str) -> float | None:
        started = time.perf_counter()
        async with session.get(
            self.url, headers={"Cookie": f"{self.cookie_name}={cookie}"}, allow_redirects=False
        ) as response:
            body = await response.read()
        elapsed = (time.perf_counter() - started) * 1000
        cards = body.count(b'<section class="data-card')
        unavailable = body.count(b"data-card--unavailable")
        if response.status != 200 or cards != CARDS or unavailable:
            self.errors.append(f"HTTP {response.status}, {cards} cards, {unavailable} unavailable")
            return None
        return elapsed

    async def single(self, session) -> list[float]:
        samples = []
        self.floor: list[float] = []
        for index in range(SINGLE_PAGES):
            number, cookie = self.users[index % len(self.users)]
            if (ms := await self.page(session, cookie)) is not None:
                samples.append(ms)
            self.floor.append(await self.fanout(number))
        return samples

    async def fanout(self, personal_number: str) -> float:
        """The baseline: the page's 15 queries for this person, asked by this process with the
        portal's exchange client, every answer verified (the sealing and verifying included)."""
        from panjara.exchange.client import call_agencies

        requests = self.fanout_requests(personal_number)
        started = time.perf_counter()
        outcomes = await call_agencies(requests, targets=self.targets, key=self.key, limits=self.limits)
        elapsed = (time.perf_counter() - started) * 1000
        if not all(outcome.ok for outcome in outcomes) or len(outcomes) != CARDS:
            raise RuntimeError(f"the baseline fan-out failed: {[o.reason for o in outcomes if not o.ok]}")
        return elapsed

    async def reading_users(self, session) -> list[float]:
        samples: list[float] = []
        stop = time.perf_counter() + USERS_SECONDS
        rng = random.Random(2026)

        async def user(cookie: str, first_wait: float) -> None:
            await asyncio.sleep(first_wait)  # people arrive spread over one reading time
            while time.perf_counter() < stop:
                if (ms := await self.page(session, cookie)) is not None:
                    samples.append(ms)
                await asyncio.sleep(rng.uniform(*READING_SECONDS))

        await asyncio.gather(*(user(cookie, rng.uniform(0, READING_SECONDS[1])) for _n, cookie in self.users))
        return samples

    async def concurrent(self, session) -> list[float]:
        samples: list[float] = []
        stop = time.perf_counter() + CONCURRENT_SECONDS

        async def user(cookie: str) -> None:
            while time.perf_counter() < stop:
                if (ms := await self.page(session, cookie)) is not None:
                    samples.append(ms)

        started = time.perf_counter()
        await asyncio.gather(*(user(cookie) for _n, cookie in self.users))
        self.concurrent_seconds = time.perf_counter() - started
        return samples

    def prepare_fanout(self) -> None:
        """What the baseline needs, read before the load (as the portal reads it per page)."""
        from types import SimpleNamespace

        from panjara.exchange.keys import portal_signing_key
        from panjara.exchange.selectors import exchange_limits
        from panjara.personal.selectors import personal_services
        from panjara.personal.services import cards_requests, cards_targets

        services = personal_services()
        self.targets = cards_targets(services=services)
        self.key = portal_signing_key()
        self.limits = exchange_limits()
        self.fanout_requests = lambda number: cards_requests(
            user=SimpleNamespace(personal_number=number), services=services, assurance="substantial"
        )

    async def run(self) -> dict:
        connector = aiohttp.TCPConnector(limit=USERS * 2)
        # No cookie jar: each request carries its own user's session cookie.
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:
            for _ in range(WARMUP_PAGES):
                await asyncio.gather(*(self.page(session, cookie) for _n, cookie in self.users[:10]))
            for number, cookie in self.users:
                await self.page(session, cookie)
                await self.fanout(number)
            warmup_errors, self.errors = self.errors, []
            single = await self.measured("single", self.single(session))
            users = await self.measured("users_50", self.reading_users(session))
            concurrent = await self.measured("concurrent_50", self.concurrent(session))
        return {
            "single": single,
            "fanout_floor": self.floor,
            "users_50": users,
            "concurrent_50": concurrent,
            "concurrent_seconds": self.concurrent_seconds,
            "warmup_errors": warmup_errors,
            "cpu": self.cpu,
        }


def summary_rounded(samples: list[float]) -> dict:
    return {
        key: round(value, 1) if isinstance(value, float) else value for key, value in summary(samples).items()
    }


def described(samples: list[float]) -> dict:
    stats = summary(samples)
    return {
        **summary_rounded(samples),
        "p95_over_latency": round(stats["p95"] / LATENCY_MS, 2),
        "meets_goal": stats["p95"] <= GOAL * LATENCY_MS,
    }


def main() -> dict:
    with tempfile.TemporaryDirectory(prefix="panjara-bench-") as folder:
        var_dir = Path(folder)
        env = setup_django(var_dir)
        portal_port = free_port()
        groups = [(code,) for code in AGENCIES] if AGENCIES_APART else [AGENCIES]
        group_ports = [free_port() for _ in groups]
        ports = {code: port for group, port in zip(groups, group_ports, strict=True) for code in group}
        manifest = write_manifest(var_dir, ports)
        agencies = [
            serve_agencies(var_dir, group, port) for group, port in zip(groups, group_ports, strict=True)
        ]
        portal = None
        try:
            for port in group_ports:
                wait_for_port(port)
            from django.conf import settings
            from django.db import connections

            from panjara.demo.services import demo_seed

            report = demo_seed(manifest=manifest, sync_catalog=True)
            if report.catalog is None or report.catalog.unavailable:
                raise RuntimeError(f"catalog sync failed: {report.catalog}")
            users = bench_users()
            connections.close_all()
            portal = start_process(
                "-m", "uvicorn", "panjara.asgi:application",
                "--port", str(portal_port), "--no-access-log", "--log-level", "warning",
                *(("--workers", str(WORKERS)) if WORKERS > 1 else ()),
                env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            wait_for_port(portal_port)
            load = Load(
                f"http://127.0.0.1:{portal_port}/me/",
                settings.SESSION_COOKIE_NAME,
                users,
                pids={"portal": [portal.pid], "agencies": [process.pid for process in agencies]},
            )
            load.prepare_fanout()
            connections.close_all()
            measured = asyncio.run(load.run())
            errors = load.errors
        finally:
            for process in (portal, *agencies):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=10)
    users_seconds = USERS_SECONDS
    result = {
        "agencies": len(AGENCIES),
        "cards_per_page": CARDS,
        "latency_ms": LATENCY_MS,
        "users": USERS,
        "portal_workers": WORKERS,
        "agencies_apart": AGENCIES_APART,
        "goal_p95_ms": GOAL * LATENCY_MS,
        "single_user_ms": {**described(measured["single"]), **measured["cpu"]["single"]},
        "fanout_floor_ms": {
            **summary_rounded(measured["fanout_floor"]),
            "single_over_floor_p50": round(
                statistics.median(measured["single"]) / statistics.median(measured["fanout_floor"]), 2
            ),
            "single_over_floor_p95": round(
                percentile(measured["single"], 95) / percentile(measured["fanout_floor"], 95), 2
            ),
        },
        "users_50_reading_ms": {
            **described(measured["users_50"]),
            **measured["cpu"]["users_50"],
            "pages_per_second": round(len(measured["users_50"]) / users_seconds, 1),
            "reading_seconds": READING_SECONDS,
        },
        "concurrent_50_ms": {
            **described(measured["concurrent_50"]),
            **measured["cpu"]["concurrent_50"],
            "pages_per_second": round(len(measured["concurrent_50"]) / measured["concurrent_seconds"], 1),
        },
        "errors": errors,
        "warmup_errors": measured["warmup_errors"],
        "raw_ms": {key: measured[key] for key in ("single", "fanout_floor", "users_50", "concurrent_50")},
    }
    save("personal_page", result)
    return result


if __name__ == "__main__":
    out = main()
    for label, key in (
        ("one user at a time", "single_user_ms"),
        (f"{USERS} users reading 5–15 s", "users_50_reading_ms"),
        (f"{USERS} requests in flight", "concurrent_50_ms"),
    ):
        case = out[key]
        rate = f", {case['pages_per_second']} pages/s" if "pages_per_second" in case else ""
        print(
            f"personal page, {label}: p50 {case['p50']:.1f} / p95 {case['p95']:.1f} ms (n={case['n']}{rate}); "
            f"p95 / {LATENCY_MS} ms = {case['p95_over_latency']:.2f} (goal ≤ {GOAL}); CPU per page: portal "
            f"{case['portal_cpu_ms_per_page']} ms, agencies {case['agencies_cpu_ms_per_page']} ms, "
            f"load generator {case['client_cpu_ms_per_page']} ms"
        )
    floor = out["fanout_floor_ms"]
    print(
        f"baseline, the page's {CARDS} signed queries alone from this process: p50 {floor['p50']:.1f} / "
        f"p95 {floor['p95']:.1f} ms; one user's page over it: {floor['single_over_floor_p50']:.2f}× (p50), "
        f"{floor['single_over_floor_p95']:.2f}× (p95)"
    )
    if out["errors"]:
        print(f"{len(out['errors'])} pages failed: {sorted(set(out['errors']))[:5]}", file=sys.stderr)
        sys.exit(1)
