"""Submission to acknowledgement (applications issue, "Done when"): how long after a person sends
an application the agency has it, with 20 submissions arriving per second.

Everything runs as it does in `make run`, each part its own process: the portal under uvicorn
(`panjara.asgi:application`, SQLite in WAL mode, one process), the task worker (`manage.py
db_worker --queue-name * --no-reload --interval 0.5`, as tools/run_all.py starts it; several with
PANJARA_BENCH_DB_WORKERS), and the eight demo agencies (`python -m demo_agencies serve`, with no
portal address, so that their cases stay as opened and send no reports back). The
database is a fresh var dir seeded like the demo (`demo_seed`), with USERS signed-in citizens of
the demo population and a draft of `nbe.debtor-certificate` (one field, filled in from the
registry) ready for every submission.

Load: open loop. Submission i is sent at t0 + i / RATE whether or not the earlier ones have been
answered (a "send" POST of the draft's form, as the browser sends it, from the citizens in turn),
for SECONDS, after a warm-up that is not counted. Measured:
- submit → ack: from the outbox row's creation (inside the submission's transaction, which commits
  a few milliseconds later, after the audit event and the receipt) to the moment the worker marked
  it delivered, right after the agency's signed `ack` arrived (`created_at`, `delivered_at`: both
  from the system clock of this machine);
- the baseline, in the same run: the bare round trip of one `application.submit` to the same demo
  agency from this process with the portal's exchange client (`call_agencies`: seal, POST, verify
  the `ack`; no database, no outbox, no queue), one at a time, half before and half after the load;
- the person's wait for the "sent" page (the POST's response time);
- CPU per submission of the portal, the worker(s), the agencies and this load generator (/proc),
  over the load and until the last application was delivered. The worker's share includes the
  two receipts (SMS and e-mail, development channels) each submission queues;
- the workers' main threads' time per submission: running, waiting for a core (other work on the
  machine), and sleeping (the poll interval when idle, else the agency or SQLite's write lock).

Run: `cd bench && ../.venv/bin/python submission.py` (or `make bench`). PANJARA_BENCH_SECONDS
(default 60), PANJARA_BENCH_RATE (20), PANJARA_BENCH_DB_WORKERS (1), PANJARA_BENCH_WORKER_INTERVAL
(0.5, the worker's idle poll) and PANJARA_BENCH_AGENCY_LATENCY (0 ms) change the set-up.
Results: bench/results/submission.json.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
from common import ROOT, cpu_seconds_of_tree, free_port, save, start_process, summary, wait_for_port
from personal_page import setup_django, write_manifest

AGENCIES = ("psda", "napr", "rs", "mia", "nbe", "ssa", "utilities", "eqe")
SERVICE = "nbe.debtor-certificate"
RATE = float(os.environ.get("PANJARA_BENCH_RATE", "20"))
SECONDS = float(os.environ.get("PANJARA_BENCH_SECONDS", "60"))
DB_WORKERS = int(os.environ.get("PANJARA_BENCH_DB_WORKERS", "1"))
WORKER_INTERVAL = os.environ.get("PANJARA_BENCH_WORKER_INTERVAL", "0.5")
AGENCY_LATENCY_MS = float(os.environ.get("PANJARA_BENCH_AGENCY_LATENCY", "0"))
USERS = 20
WARMUP = 40  # submissions at the same rate before the measured ones
BASELINE = 200  # bare round trips, half before and half after the load
DRAIN_SECONDS = 180  # how long the last submissions may take to be delivered before it counts as lost


def citizens() -> list:
    """USERS citizens of the demo population (adults without a persona), as the registry knows
    them, so that the agencies fill in their forms."""
    from demo_agencies.names import bilingual
    from demo_agencies.world import build_population
    from panjara.identity.testing import citizen_create

    users = []
    for person in sorted(build_population().persons.values(), key=lambda p: p.personal_number):
        if len(users) >= USERS:
            break
        if person.adult and not person.persona:
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
    return users


def sessions(users: list) -> list[str]:
    from django.conf import settings
    from django.test import Client

    from panjara.identity.testing import sign_in

    cookies = []
    for user in users:
        client = Client()
        sign_in(client, user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def drafts(users: list, count: int) -> list[tuple[int, str]]:
    """(user index, draft id) for `count` submissions, the users in turn; each draft filled in
    from the registry as the "apply" button fills it."""
    from panjara.applications.services import application_start
    from panjara.catalog.models import Service

    service = Service.objects.get(code=SERVICE)
    made = []
    for number in range(count):
        index = number % len(users)
        draft = application_start(user=users[index], service=service, idempotency_key=f"bench-{number}")
        if not draft.values.get("personal_number"):
            raise RuntimeError(f"draft {number} was not filled in from the registry: {draft.values}")
        made.append((index, str(draft.pk)))
    return made


class Load:
    def __init__(self, base: str, cookie_name: str, cookies: list[str], pids: dict[str, list[int]]) -> None:
        self.base = base
        self.cookie_name = cookie_name
        self.cookies = cookies
        self.tokens: list[str] = []  # the form's CSRF token, per user
        self.csrf_cookies: list[str] = []
        self.csrf_cookie_name = "csrftoken"
        self.pids = pids
        self.errors: list[str] = []
        self.lag_ms: list[float] = []  # how late each arrival left against its schedule

    def headers(self, user: int) -> dict[str, str]:
        return {
            "Cookie": f"{self.cookie_name}={self.cookies[user]}; "
            f"{self.csrf_cookie_name}={self.csrf_cookies[user]}"
        }

    async def csrf(self, session: aiohttp.ClientSession, items: list[tuple[int, str]]) -> None:
        """One form token and CSRF cookie per user, from a draft page as the browser gets it."""
        first_draft = {}
        for user, draft in items:
            first_draft.setdefault(user, draft)
        self.csrf_cookies = [""] * len(self.cookies)
        self.tokens = [""] * len(self.cookies)
        for user, draft in sorted(first_draft.items()):
            cookie = {"Cookie": f"{self.cookie_name}={self.cookies[user]}"}
            async with session.get(f"{self.base}/applications/{draft}/", headers=cookie) as response:
                page = await response.text()
                self.csrf_cookies[user] = response.cookies[self.csrf_cookie_name].value
            self.tokens[user] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    async def submit(self, session: aiohttp.ClientSession, user: int, draft: str) -> float | None:
        started = time.perf_counter()
        async with session.post(
            f"{self.base}/applications/{draft}/",
            data={"csrfmiddlewaretoken": self.tokens[user], "action": "submit"},
            headers=self.headers(user),
            allow_redirects=False,
        ) as response:
            await response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 302 or response.headers.get("Location") != f"/applications/{draft}/":
            self.errors.append(f"HTTP {response.status} {response.headers.get('Location', '')}")
            return None
        return elapsed

    async def open_loop(self, session: aiohttp.ClientSession, items: list[tuple[int, str]]) -> list[float]:
        """Each submission leaves at its scheduled moment, answered or not the ones before."""
        start = time.perf_counter() + 0.2
        answered: list[float] = []

        async def one(number: int, user: int, draft: str) -> None:
            await asyncio.sleep(max(0.0, start + number / RATE - time.perf_counter()))
            self.lag_ms.append((time.perf_counter() - start - number / RATE) * 1000)
            if (ms := await self.submit(session, user, draft)) is not None:
                answered.append(ms)

        await asyncio.gather(*(one(number, user, draft) for number, (user, draft) in enumerate(items)))
        return answered

    def cpu(self) -> dict[str, float]:
        return {who: sum(cpu_seconds_of_tree(pid) for pid in pids) for who, pids in self.pids.items()}

    def worker_time(self) -> tuple[float, float]:
        """Seconds the workers' main threads have run and have waited, runnable, for a core
        (Linux schedstat). The rest of their wall time they slept: on the poll interval when the
        queue was empty, on the agency's answer, or on SQLite's lock (its busy handler sleeps)."""
        running = waiting = 0.0
        for pid in self.pids["workers"]:
            fields = Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()
            running, waiting = running + int(fields[0]) / 1e9, waiting + int(fields[1]) / 1e9
        return running, waiting


def undelivered(ids: list[str]) -> int:
    from panjara.exchange.models import OutboxMessage

    return (
        OutboxMessage.objects.filter(reference__in=[f"application:{i}" for i in ids])
        .exclude(status=OutboxMessage.Status.DELIVERED)
        .count()
    )


def wait_delivered(ids: list[str], seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while (left := undelivered(ids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def submit_to_ack_ms(ids: list[str]) -> tuple[list[float], int]:
    from panjara.exchange.models import OutboxMessage

    rows = (
        OutboxMessage.objects.filter(
            reference__in=[f"application:{i}" for i in ids], status=OutboxMessage.Status.DELIVERED
        )
        .order_by("created_at")
        .values_list("created_at", "delivered_at", "attempts")
    )
    latencies, retried = [], 0
    for created, delivered, attempts in rows:
        latencies.append((delivered - created).total_seconds() * 1000)
        retried += attempts > 1
    return latencies, retried


def bare_round_trips(count: int, personal_number: str) -> list[float]:
    """The floor: one application.submit at a time, straight to the agency with the exchange
    client, no database, no outbox, no queue; a new application each time, as a new case."""
    from panjara.exchange.keys import portal_signing_key
    from panjara.exchange.selectors import exchange_limits, exchange_targets

    targets, key, limits = exchange_targets(codes={"nbe"}), portal_signing_key(), exchange_limits()
    return asyncio.run(_round_trips(count, personal_number, targets=targets, key=key, limits=limits))


async def _round_trips(count: int, personal_number: str, *, targets, key, limits) -> list[float]:
    from django.utils import timezone

    from panjara.applications.services import PURPOSE
    from panjara.exchange.client import Request, call_agencies
    from panjara_protocol import Party
    from panjara_protocol.kinds import APPLICATION_SUBMIT

    samples = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=10)) as session:
        for number in range(count + 5):
            request = Request(
                agency="nbe",
                kind=APPLICATION_SUBMIT,
                purpose=PURPOSE,
                service=SERVICE,
                subject=Party(kind="person", id=personal_number),
                body={
                    "application": {
                        "id": str(uuid.uuid4()),
                        "reference": f"PJ-BENCH-{number:06d}",
                        "submitted_at": timezone.now().isoformat(),
                        "language": "ka",
                        "data": {"personal_number": personal_number},
                    }
                },
            )
            started = time.perf_counter()
            (outcome,) = await call_agencies(
                [request], targets=targets, key=key, limits=limits, session=session
            )
            elapsed = (time.perf_counter() - started) * 1000
            if not outcome.ok or not outcome.answer.body.get("case"):
                raise RuntimeError(f"the agency did not acknowledge: {outcome.status} {outcome.reason}")
            if number >= 5:  # the first ones open the connection and warm the caches
                samples.append(elapsed)
    return samples


def rounded(stats: dict) -> dict:
    return {key: round(value, 1) if isinstance(value, float) else value for key, value in stats.items()}


def main() -> dict:
    # Other work on the machine shares its two cores: say how busy it was.
    load_at_start = round(os.getloadavg()[0], 2)
    measured_count = round(RATE * SECONDS)
    with tempfile.TemporaryDirectory(prefix="panjara-bench-") as folder:
        var_dir = Path(folder)
        env = setup_django(var_dir)
        agencies_port, portal_port = free_port(), free_port()
        manifest = write_manifest(var_dir, dict.fromkeys(AGENCIES, agencies_port))
        agencies = start_process(
            "-m", "demo_agencies", "serve",
            "--keys-dir", str(var_dir / "keys"),
            "--portal-jwks", str(var_dir / "keys" / "portal.public.json"),
            "--behaviour", f"*:latency={AGENCY_LATENCY_MS:g}",
            "--port", str(agencies_port), "--log-level", "warning",
            # Cases stay as opened: no agency walks them to a decision with callbacks (and PDF
            # answers) to the portal, which is other work than getting the application there.
            env={**os.environ, "PANJARA_PORTAL_URL": ""},
        )  # fmt: skip
        portal, workers = None, []
        try:
            wait_for_port(agencies_port)
            from django.conf import settings
            from django.db import connections

            from panjara.demo.services import demo_seed

            report = demo_seed(manifest=manifest, sync_catalog=True)
            if report.catalog is None or report.catalog.unavailable:
                raise RuntimeError(f"catalog sync failed: {report.catalog}")
            users = citizens()
            cookies = sessions(users)
            prepared = time.perf_counter()
            items = drafts(users, WARMUP + measured_count)
            print(f"{len(items)} drafts in {time.perf_counter() - prepared:.0f} s", flush=True)
            connections.close_all()
            process_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
            portal = start_process(
                "-m", "uvicorn", "panjara.asgi:application", "--port", str(portal_port),
                "--no-access-log", "--log-level", "warning", "--lifespan", "off",
                env=process_env,
            )  # fmt: skip
            worker_command = ("manage.py", "db_worker", "--queue-name", "*", "--no-reload")
            workers = [
                start_process(
                    *worker_command, "--interval", WORKER_INTERVAL, "--verbosity", "0", env=process_env
                )
                for _ in range(DB_WORKERS)
            ]
            wait_for_port(portal_port)
            load = Load(
                f"http://127.0.0.1:{portal_port}",
                settings.SESSION_COOKIE_NAME,
                cookies,
                pids={
                    "portal": [portal.pid],
                    "workers": [worker.pid for worker in workers],
                    "agencies": [agencies.pid],
                },
            )
            load.csrf_cookie_name = settings.CSRF_COOKIE_NAME
            warmup, measured = items[:WARMUP], items[WARMUP:]
            agencies_cpu = cpu_seconds_of_tree(agencies.pid)
            baseline = bare_round_trips(BASELINE // 2, users[0].personal_number)
            agencies_cpu = cpu_seconds_of_tree(agencies.pid) - agencies_cpu

            async def run_load() -> tuple[list[float], dict, float, float]:
                connector = aiohttp.TCPConnector(limit=200)
                async with aiohttp.ClientSession(
                    connector=connector, cookie_jar=aiohttp.DummyCookieJar()
                ) as session:
                    await load.csrf(session, items)
                    await load.open_loop(session, warmup)
                    if left := await asyncio.to_thread(wait_delivered, [d for _u, d in warmup], 60):
                        raise RuntimeError(f"{left} warm-up submissions were not delivered")
                    warm_errors, load.errors, load.lag_ms = list(load.errors), [], []
                    if warm_errors:
                        raise RuntimeError(f"warm-up failed: {sorted(set(warm_errors))[:5]}")
                    cpu_before, client_before = load.cpu(), time.process_time()
                    ran, waited = load.worker_time()
                    started = time.perf_counter()
                    answered = await load.open_loop(session, measured)
                    sending = time.perf_counter() - started
                    left = await asyncio.to_thread(wait_delivered, [d for _u, d in measured], DRAIN_SECONDS)
                    drained = time.perf_counter() - started
                    cpu_after, client_after = load.cpu(), time.process_time()
                    cpu = {
                        f"{who}_cpu_ms_per_submission": round(
                            (cpu_after[who] - cpu_before[who]) * 1000 / len(measured), 1
                        )
                        for who in cpu_before
                    }
                    cpu["client_cpu_ms_per_submission"] = round(
                        (client_after - client_before) * 1000 / len(measured), 1
                    )
                    ran_after, waited_after = load.worker_time()
                    per = 1000 / len(measured)
                    cpu["worker_main_threads_ms_per_submission"] = {
                        "running": round((ran_after - ran) * per, 1),
                        "waiting_for_a_core": round((waited_after - waited) * per, 1),
                        "sleeping": round(
                            (drained * len(workers) - (ran_after - ran) - (waited_after - waited)) * per, 1
                        ),
                    }
                    cpu["undelivered"] = left
                    return answered, cpu, sending, drained

            answered, cpu, sending, drained = asyncio.run(run_load())
            agencies_cpu -= cpu_seconds_of_tree(agencies.pid)
            baseline += bare_round_trips(BASELINE - BASELINE // 2, users[0].personal_number)
            agencies_cpu += cpu_seconds_of_tree(agencies.pid)
            acks, retried = submit_to_ack_ms([draft for _u, draft in measured])
        finally:
            for process in (portal, *workers, agencies):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=10)
    ack_stats, base_stats = summary(acks), summary(baseline)
    result = {
        "load_average_at_start_and_end": [load_at_start, round(os.getloadavg()[0], 2)],
        "rate_per_second": RATE,
        "seconds": SECONDS,
        "submissions": len(measured),
        "db_workers": DB_WORKERS,
        "worker_interval_s": float(WORKER_INTERVAL),
        "agency_latency_ms": AGENCY_LATENCY_MS,
        "users": USERS,
        "submit_to_ack_ms": rounded(ack_stats),
        "bare_round_trip_ms": rounded(base_stats),
        # The agency's own CPU per bare round trip (5 warm-up calls per half included).
        "agencies_cpu_ms_per_bare_round_trip": round(agencies_cpu * 1000 / (len(baseline) + 10), 1),
        "ratio_p50": round(ack_stats["p50"] / base_stats["p50"], 1),
        "ratio_p95": round(ack_stats["p95"] / base_stats["p95"], 1),
        "overhead_p50_ms": round(ack_stats["p50"] - base_stats["p50"], 1),
        "submit_response_ms": rounded(summary(answered)) if answered else {},
        "arrival_lag_ms": rounded(summary(load.lag_ms)),
        "sending_seconds": round(sending, 1),
        "all_delivered_after_s": round(drained, 1),
        "retried": retried,
        # The median of each 10 s of arrivals: a backlog that builds and drains shows here.
        "submit_to_ack_p50_per_10s_ms": [
            round(statistics.median(acks[start : start + round(RATE * 10)]), 1)
            for start in range(0, len(acks), round(RATE * 10))
        ],
        **cpu,
        "errors": load.errors,
        "raw_ms": {"submit_to_ack": acks, "bare_round_trip": baseline, "submit_response": answered},
    }
    save("submission", result)
    return result


if __name__ == "__main__":
    out = main()
    ack, base = out["submit_to_ack_ms"], out["bare_round_trip_ms"]
    print(
        f"submission → ack at {RATE:g}/s for {SECONDS:g} s (n={ack['n']}): p50 {ack['p50']:.1f} / p95 "
        f"{ack['p95']:.1f} ms; bare round trip p50 {base['p50']:.1f} / p95 {base['p95']:.1f} ms; ratio p50 "
        f"{out['ratio_p50']}×, p95 {out['ratio_p95']}×; the person waits p50 "
        f"{out['submit_response_ms'].get('p50', float('nan')):.1f} ms for the receipt; CPU per submission: "
        f"portal {out['portal_cpu_ms_per_submission']} ms, worker(s) {out['workers_cpu_ms_per_submission']} ms, "
        f"agencies {out['agencies_cpu_ms_per_submission']} ms, load generator "
        f"{out['client_cpu_ms_per_submission']} ms; worker main thread(s) per submission: "
        f"{out['worker_main_threads_ms_per_submission']}; all delivered "
        f"{out['all_delivered_after_s']} s after "
        f"the first submission ({out['sending_seconds']} s of sending)"
    )
    print(f"submission → ack p50 per 10 s of arrivals (ms): {out['submit_to_ack_p50_per_10s_ms']}")
    if out["errors"] or out["undelivered"] or ack["n"] != out["submissions"]:
        print(
            f"{len(out['errors'])} submissions failed, {out['undelivered']} not delivered: "
            f"{sorted(set(out['errors']))[:5]}",
            file=sys.stderr,
        )
        sys.exit(1)
