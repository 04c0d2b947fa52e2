"""`make run`: the whole portal on one machine with demo data, on embedded defaults.

Prepares the database and keys, starts the demo agencies, seeds demo data (idempotent), then runs
the portal, the worker and the scheduler side by side. Ctrl-C stops all of them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = os.environ.get("PANJARA_HOST", "127.0.0.1")
PORT = int(os.environ.get("PANJARA_PORT", "8000"))
AGENCIES_PORT = int(os.environ.get("PANJARA_AGENCIES_PORT", "8100"))
VAR = Path(os.environ.get("PANJARA_VAR_DIR", ROOT / "var"))
MANIFEST = VAR / "demo" / "agencies.json"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "panjara.settings.dev"),
}


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def wait_for_port(port: int, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing answered on {HOST}:{port} within {seconds:.0f} s")


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def main() -> None:
    for port in (PORT, AGENCIES_PORT):
        if not port_is_free(port):
            raise SystemExit(
                f"port {port} is taken: stop what runs there or set PANJARA_PORT/PANJARA_AGENCIES_PORT"
            )
    VAR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("exchange_keys")
    keys = VAR / "keys"
    subprocess.run(
        [PY, "-m", "demo_agencies", "manifest", "--keys-dir", str(keys),
         "--base-url", f"http://{HOST}:{AGENCIES_PORT}", "--out", str(MANIFEST)],
        cwd=ROOT, env=ENV, check=True,
    )  # fmt: skip
    children: list[subprocess.Popen] = []

    def start(*command: str) -> None:
        children.append(subprocess.Popen(command, cwd=ROOT, env=ENV))

    def stop(*_args) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()

    try:
        start(PY, "-m", "demo_agencies", "serve", "--host", HOST, "--port", str(AGENCIES_PORT),
              "--keys-dir", str(keys), "--portal-jwks", str(keys / "portal.public.json"),
              "--portal-url", f"http://{HOST}:{PORT}")  # fmt: skip
        wait_for_port(AGENCIES_PORT)
        manage("seed_demo", "--manifest", str(MANIFEST))
        # Two workers polling every 0.1 s: one worker at 0.5 s falls behind at 20 submissions/s on
        # a busy 2-core machine (docs/performance.md, "Submission to acknowledgement").
        for _worker in range(2):
            start(PY, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.1")
        start(PY, "manage.py", "run_schedule")
        start(PY, "-m", "uvicorn", "panjara.asgi:application", "--host", HOST, "--port", str(PORT),
              "--no-access-log", "--lifespan", "off")  # fmt: skip
        wait_for_port(PORT)
        print_welcome()
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        raise SystemExit("a part of the portal stopped; stopping the rest")
    except KeyboardInterrupt:
        print("\nstopping…")
    finally:
        stop()


def print_welcome() -> None:
    manifest = json.loads(MANIFEST.read_text())
    staff = subprocess.run(
        [PY, "manage.py", "seed_demo", "--print-logins", "--manifest", str(MANIFEST)],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(f"\n  Panjara runs at http://{HOST}:{PORT}/  (Georgian; English from the language switch)")
    print(f"  Demo agencies at http://{HOST}:{AGENCIES_PORT}/<code>/ ; development mailbox at /dev/mailbox/")
    print("\n  Sign in at /signin/ (staff: back office at /backoffice/):")
    print(staff.rstrip())
    print("\n  Demo persons a hall operator can register at /backoffice/hall/ (see docs/personas.md):")
    for persona in manifest.get("personas", [])[:8]:
        print(f"    {persona['personal_number']}  {persona['name']['en']}")
    print("\n  Ctrl-C stops everything.\n", flush=True)


if __name__ == "__main__":
    main()
