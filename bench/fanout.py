"""The exchange's fan-out: eight agencies asked at once against the same eight one after another.

The demo agencies server runs in another process (`python -m demo_agencies serve`), so its CPU is
not counted against the client. It mounts `bench1`…`bench8`, clones of psda answering after 50 ms,
and `bench0`, a clone answering at once. This process asks them through the portal's own
`panjara.exchange.client.call_agencies` with one pooled aiohttp session, and measures:

- wall time of one fan-out of 8 requests against 8 sequential calls (the baseline), interleaved;
- signed round trips per second against bench0, one at a time and 16 at a time;
- the in-process cost of the signatures alone (seal and open, both ends), no HTTP.

Run as `cd bench && python fanout.py`; results in bench/results/fanout.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import ROOT, free_port, save, start_process, summary, wait_for_port

sys.path.insert(0, str(ROOT))  # panjara and demo_agencies live at the repository's root

import aiohttp

from demo_agencies.keystore import load_or_create_keys
from panjara.exchange.client import AgencyTarget, Limits, Request, call_agencies
from panjara_protocol import KeyPair, Party, new_envelope, open_message, seal
from panjara_protocol.keys import import_jwk

FANOUT = tuple(f"bench{n}" for n in range(1, 9))  # 50 ms each
QUICK = "bench0"  # no added latency: round trips per second
LATENCY_MS = 50
WARMUP = 5
BLOCKS = 6  # parallel and sequential interleaved, so drift in the machine hits both alike
PARALLEL_PER_BLOCK = 10  # 60 fan-outs
SEQUENTIAL_PER_BLOCK = 5  # 30 sequential rounds of 8
RATE_SECONDS = 5.0
CONCURRENCY = 16
CRYPTO_ROUNDS = 400
CRYPTO_BATCHES = 5
GIORGI = "01024085001"  # a demo persona (demo_agencies/personas.py), so psda answers real data

LIMITS = Limits(
    party="portal",
    window=timedelta(minutes=5),
    breaker_failures=1000,
    breaker_cooldown=1,
    max_answer_bytes=24 << 20,
)


def request_for(code: str) -> Request:
    return Request(
        agency=code,
        kind="query",
        purpose="personal-page",
        service=f"{code}.person",
        subject=Party(kind="person", id=GIORGI),
    )


def cpu_seconds_of(pid: int) -> float | None:
    """User + system CPU of another process (Linux /proc), to see the server's share."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class NotOk(RuntimeError):
    pass


def check(outcomes: list) -> None:
    bad = [f"{o.request.agency}: {o.status} {o.reason}" for o in outcomes if not o.ok]
    if bad:
        raise NotOk("every outcome must be OK; got " + "; ".join(bad))


class Bench:
    def __init__(self, port: int, keys: dict[str, KeyPair], portal: KeyPair, server_pid: int) -> None:
        self.portal = portal
        self.server_pid = server_pid
        self.agency_keys = keys
        self.targets = {
            code: AgencyTarget(
                code=code,
                base_url=f"http://127.0.0.1:{port}/{code}",
                timeout=10.0,
                keys={keys[code].kid: import_jwk(keys[code].public_jwk())},
            )
            for code in keys
        }
        self.session: aiohttp.ClientSession | None = None

    async def call(self, requests: list[Request]) -> list:
        outcomes = await call_agencies(
            requests, targets=self.targets, key=self.portal, limits=LIMITS, session=self.session
        )
        check(outcomes)
        return outcomes

    async def parallel(self) -> float:
        started = time.perf_counter()
        await self.call([request_for(code) for code in FANOUT])
        return (time.perf_counter() - started) * 1000

    async def sequential(self) -> float:
        started = time.perf_counter()
        for code in FANOUT:
            await self.call([request_for(code)])
        return (time.perf_counter() - started) * 1000

    async def rate(self, concurrency: int) -> dict[str, float]:
        done = 0
        deadline = time.perf_counter() + RATE_SECONDS

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                await self.call([request_for(QUICK)])
                done += 1

        server_before = cpu_seconds_of(self.server_pid)
        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        server_after = cpu_seconds_of(self.server_pid)
        server_cpu = None if server_before is None or server_after is None else server_after - server_before
        return {
            "concurrency": concurrency,
            "round_trips": done,
            "seconds": wall,
            "per_second": done / wall,
            "client_cpu_ms_per_round_trip": cpu * 1000 / done,
            "server_cpu_ms_per_round_trip": None if server_cpu is None else server_cpu * 1000 / done,
        }

    async def run(self) -> dict:
        connector = aiohttp.TCPConnector(limit=200, limit_per_host=50)  # as exchange.client.shared_session
        async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:
            self.session = session
            first = await self.call([request_for(code) for code in (*FANOUT, QUICK)])
            if first[0].answer.body["data"]["personal_number"] != GIORGI:
                raise NotOk(f"psda clone did not answer for {GIORGI}: {first[0].answer.body!r}")
            for _ in range(WARMUP):
                await self.parallel()
                await self.sequential()
            parallel, sequential = [], []
            for _ in range(BLOCKS):
                parallel += [await self.parallel() for _ in range(PARALLEL_PER_BLOCK)]
                sequential += [await self.sequential() for _ in range(SEQUENTIAL_PER_BLOCK)]
            one = await self.rate(1)
            many = await self.rate(CONCURRENCY)
            return {"parallel_ms": parallel, "sequential_ms": sequential, "rate": [one, many]}, first[-1]


def crypto_cost(portal: KeyPair, agency: KeyPair, sample) -> dict[str, float]:
    """CPU milliseconds per operation, in this process, on the very messages of a real round trip."""
    request = sample.sent
    answer = sample.answer

    def fresh_request():
        return new_envelope(
            iss="portal",
            aud=request.aud,
            kind=request.kind,
            purpose=request.purpose,
            service=request.service,
            subject=request.subject,
            body=request.body,
        )

    def timed(action) -> float:
        # CPU time, median of batches: other processes on the machine should not count.
        action()  # warm
        batches = []
        for _ in range(CRYPTO_BATCHES):
            started = time.process_time()
            for _ in range(CRYPTO_ROUNDS):
                action()
            batches.append((time.process_time() - started) * 1000 / CRYPTO_ROUNDS)
        return statistics.median(batches)

    request_bytes = seal(request, portal)
    answer_bytes = seal(answer, agency)
    portal_public = {portal.kid: import_jwk(portal.public_jwk())}
    agency_public = {agency.kid: import_jwk(agency.public_jwk())}
    window = timedelta(days=1)
    result = {
        "request_bytes": len(request_bytes),
        "answer_bytes": len(answer_bytes),
        # the portal's side of a round trip
        "seal_request_ms": timed(lambda: seal(fresh_request(), portal)),
        "open_answer_ms": timed(
            lambda: open_message(
                answer_bytes,
                key_for=agency_public.get,
                expected_aud="portal",
                expected_iss=answer.iss,
                in_reply_to=answer.in_reply_to,
                window=window,
            )
        ),
        # the agency's side, for comparison with the server's share
        "open_request_ms": timed(
            lambda: open_message(
                request_bytes, key_for=portal_public.get, expected_aud=request.aud, window=window
            )
        ),
        "seal_answer_ms": timed(lambda: seal(answer, agency)),
    }
    result["portal_side_ms"] = result["seal_request_ms"] + result["open_answer_ms"]
    result["agency_side_ms"] = result["open_request_ms"] + result["seal_answer_ms"]
    return result


def main() -> dict:
    port = free_port()
    codes = (QUICK, *FANOUT)
    portal = KeyPair.generate("portal-bench")
    with tempfile.TemporaryDirectory(prefix="panjara-bench-") as folder:
        keys_dir = Path(folder)
        keys = load_or_create_keys(keys_dir=keys_dir, codes=codes)  # the server loads the same files
        jwks = keys_dir / "portal.public.json"
        jwks.write_text(json.dumps({"keys": [portal.public_jwk()]}))
        server = start_process(
            "-m",
            "demo_agencies",
            "serve",
            "--keys-dir",
            str(keys_dir),
            "--agencies",
            ",".join(f"{code}=psda" for code in codes),
            "--behaviour",
            f"*:latency={LATENCY_MS};{QUICK}:latency=0",
            "--portal-jwks",
            str(jwks),
            "--port",
            str(port),
            "--log-level",
            "warning",
        )
        try:
            wait_for_port(port)
            bench = Bench(port, keys, portal, server.pid)
            measured, sample = asyncio.run(bench.run())
        finally:
            server.terminate()
            server.wait(timeout=10)
    crypto = crypto_cost(portal, keys[QUICK], sample)

    parallel, sequential = summary(measured["parallel_ms"]), summary(measured["sequential_ms"])
    one, many = measured["rate"]
    result = {
        "agencies": len(FANOUT),
        "latency_ms": LATENCY_MS,
        "parallel_fanout_ms": parallel,
        "sequential_baseline_ms": sequential,
        "sequential_over_parallel_p50": sequential["p50"] / parallel["p50"],
        "parallel_overhead_over_floor_ms_p50": parallel["p50"] - LATENCY_MS,
        "sequential_overhead_per_call_ms_p50": sequential["p50"] / len(FANOUT) - LATENCY_MS,
        "round_trips": {"sequential": one, f"concurrent_{CONCURRENCY}": many},
        "crypto_ms": crypto,
        # what a sequential round trip (at 0 ms latency) spends in signatures, at both ends
        "crypto_share_of_round_trip": {
            "round_trip_ms": 1000 / one["per_second"],
            "portal_side": crypto["portal_side_ms"] * one["per_second"] / 1000,
            "both_sides": (crypto["portal_side_ms"] + crypto["agency_side_ms"]) * one["per_second"] / 1000,
        },
        "portal_crypto_share_of_client_cpu": crypto["portal_side_ms"] / one["client_cpu_ms_per_round_trip"],
        "raw_ms": {"parallel": measured["parallel_ms"], "sequential": measured["sequential_ms"]},
    }
    save("fanout", result)
    return result


if __name__ == "__main__":
    out = main()
    p, s = out["parallel_fanout_ms"], out["sequential_baseline_ms"]
    one, many = out["round_trips"]["sequential"], out["round_trips"][f"concurrent_{CONCURRENCY}"]
    crypto, share = out["crypto_ms"], out["crypto_share_of_round_trip"]
    print(
        f"fan-out of {out['agencies']} × {out['latency_ms']} ms: parallel p50 {p['p50']:.1f} / p95 {p['p95']:.1f} ms "
        f"(n={p['n']}), sequential p50 {s['p50']:.1f} / p95 {s['p95']:.1f} ms (n={s['n']}); "
        f"sequential/parallel {out['sequential_over_parallel_p50']:.2f}×; "
        f"parallel over the {out['latency_ms']} ms floor: {out['parallel_overhead_over_floor_ms_p50']:.1f} ms"
    )
    print(
        f"signed round trips/s at 0 ms: sequential {one['per_second']:.0f} "
        f"({share['round_trip_ms']:.2f} ms each; CPU per round trip: client {one['client_cpu_ms_per_round_trip']:.2f} ms, "
        f"server {one['server_cpu_ms_per_round_trip'] or float('nan'):.2f} ms), "
        f"{CONCURRENCY}-way {many['per_second']:.0f} (client {many['client_cpu_ms_per_round_trip']:.2f} ms, "
        f"server {many['server_cpu_ms_per_round_trip'] or float('nan'):.2f} ms)"
    )
    print(
        f"signatures in-process: portal seal+open {crypto['portal_side_ms']:.3f} ms, agency open+seal "
        f"{crypto['agency_side_ms']:.3f} ms = {share['both_sides']:.0%} of a sequential round trip "
        f"(portal side {share['portal_side']:.0%}); "
        f"{out['portal_crypto_share_of_client_cpu']:.0%} of the client's CPU per round trip"
    )
