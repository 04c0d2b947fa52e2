"""CPU cost per concurrent call of aiohttp against httpx.AsyncClient, same server, same run.

The server (a 50 ms answer of 2 kB) runs in another process, so only the client's CPU is counted
(time.process_time of this process). Evidence for docs/adr/0002-http-client.md."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from common import free_port, save, start_process, wait_for_port

CONCURRENCY = 50
ROUNDS = 10
REPEATS = 5

SERVER = """
import asyncio, sys
from aiohttp import web
async def answer(request):
    await request.read()
    await asyncio.sleep(0.05)
    return web.Response(body=b"x" * 2048)
app = web.Application(); app.router.add_post("/", answer)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


async def with_aiohttp(url: str) -> float:
    import aiohttp

    async with aiohttp.ClientSession() as session:

        async def one():
            async with session.post(url, data=b"y" * 512) as response:
                await response.read()

        await one()  # warm the pool
        started = time.process_time()
        for _ in range(ROUNDS):
            await asyncio.gather(*(one() for _ in range(CONCURRENCY)))
        return (time.process_time() - started) / (ROUNDS * CONCURRENCY)


async def with_httpx(url: str) -> float:
    import httpx

    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one():
            (await client.post(url, content=b"y" * 512)).read()

        await one()
        started = time.process_time()
        for _ in range(ROUNDS):
            await asyncio.gather(*(one() for _ in range(CONCURRENCY)))
        return (time.process_time() - started) / (ROUNDS * CONCURRENCY)


def main() -> dict:
    port = free_port()
    server = start_process("-c", SERVER, str(port))
    try:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}/"
        runs = {"aiohttp": [], "httpx": []}
        for _ in range(REPEATS):  # interleaved, so drift in the machine hits both alike
            runs["aiohttp"].append(asyncio.run(with_aiohttp(url)) * 1000)
            runs["httpx"].append(asyncio.run(with_httpx(url)) * 1000)
    finally:
        server.terminate()
    result = {
        "concurrency": CONCURRENCY,
        "calls_per_run": ROUNDS * CONCURRENCY,
        "repeats": REPEATS,
        "cpu_ms_per_call_median": {name: statistics.median(v) for name, v in runs.items()},
        "runs_ms": runs,
    }
    medians = result["cpu_ms_per_call_median"]
    result["httpx_over_aiohttp"] = medians["httpx"] / medians["aiohttp"]
    save("http_clients", result)
    return result


if __name__ == "__main__":
    out = main()
    medians = out["cpu_ms_per_call_median"]
    print(
        f"CPU per concurrent call: aiohttp {medians['aiohttp']:.3f} ms, httpx {medians['httpx']:.3f} ms "
        f"(httpx/aiohttp = {out['httpx_over_aiohttp']:.1f}×)",
        file=sys.stdout,
    )
