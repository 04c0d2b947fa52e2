"""Document vault upload throughput (vault issue, "Done when"): what keeping a file in the vault
costs against writing the same bytes to disk.

In this process, with Django set up on a fresh var dir (SQLite in WAL mode as in `make run`, the
vault's files under its own temporary VAULT_ROOT): `panjara.vault.services.vault_store` — the
service an upload ends in, after Django has read the request — on real files of about 100 KB,
1 MB and 8 MB of two kinds:
- JPEG: a photograph-like image (smooth gradients and sensor-like noise, quality 90, about the
  pixel count a camera gives for that size: 0.3, 3 and 24 megapixels), which the vault decodes in
  full to refuse a damaged or truncated picture;
- PDF: a scanned page, i.e. such a JPEG inside a one-page PDF (Pillow writes it), for which the
  vault checks only the end marker.
vault_store checks the file (name, type by content, hidden archives, image decode), hashes it
(SHA-256), seals it with AES-256-GCM bound to the document id, writes it to a temporary file,
flushes, fsyncs and renames it into place (`vault/storage.py`), then inserts the document row and
its chained audit event in one transaction.

The baseline, in the same run and in the same file system: the same bytes written the way
`vault/storage.py` writes (temporary file, write, flush, fsync, rename; neither fsyncs the
directory). The two alternate, file by file, RUNS times; medians. Also reported: the CPU time of
vault_store, and the check (`inspect_upload`) and the sealing (`crypto.seal`) alone, to say where
the time goes.

Run: `cd bench && ../.venv/bin/python vault_upload.py` (PANJARA_BENCH_RUNS, default 7).
Results: bench/results/vault_upload.json.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import ROOT, save

RUNS = int(os.environ.get("PANJARA_BENCH_RUNS", "7"))
SIZES = {"100 KB": 100_000, "1 MB": 1_000_000, "8 MB": 8_000_000}
KINDS = ("jpeg", "pdf")


def setup_django(var_dir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "panjara.settings.dev",
            "PANJARA_VAR_DIR": str(var_dir),
            "PANJARA_DEBUG": "false",
            "PANJARA_LOG_LEVEL": "WARNING",
            # Room for every run's files in one person's vault.
            "PANJARA_VAULT_QUOTA_BYTES": str(4 << 30),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def photo(pixels: tuple[int, int], seed: int) -> bytes:
    """A JPEG that compresses like a photograph (about 1/3 byte per pixel at quality 90, so 8 MB
    is a 24-megapixel camera's picture): gradients for the scene, zero-mean noise for the sensor."""
    from PIL import Image, ImageChops

    gradient = Image.linear_gradient("L")
    channels = [
        ImageChops.add(
            gradient.rotate(angle).resize(pixels), Image.effect_noise(pixels, 10 + 2 * index), offset=-128
        )
        for index, angle in enumerate((seed % 360, (seed * 7) % 360, (seed * 13) % 360))
    ]
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, format="JPEG", quality=90)
    return out.getvalue()


def scanned_pdf(pixels: tuple[int, int], seed: int) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(photo(pixels, seed))) as picture:
        out = io.BytesIO()
        picture.save(out, format="PDF", quality=90, resolution=200.0)
    return out.getvalue()


def sample(kind: str, size: int) -> tuple[bytes, tuple[int, int]]:
    """About `size` bytes of `kind` (4:3 pixels): the pixel count scaled from a trial of the same
    recipe, then corrected once by what the first try gave."""
    make = photo if kind == "jpeg" else scanned_pdf
    pixels, data, dimensions = 400 * 300, b"", (0, 0)
    for _try in range(3):
        width = max(64, round((pixels * 4 / 3) ** 0.5))
        dimensions = (width, max(48, round(width * 3 / 4)))
        data = make(dimensions, seed=size)
        pixels *= size / len(data)
    return data, dimensions


def raw_write(folder: Path, data: bytes) -> None:
    """The baseline: the bytes to disk as vault/storage.py writes a sealed file."""
    name = uuid.uuid4().hex
    target = folder / name[:2] / f"{name}.bin"
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temporary, 0o600)
    os.replace(temporary, target)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def measure(files: dict[tuple[str, str], bytes], pixels: dict, raw_dir: Path) -> dict:
    from panjara.identity.services.accounts import person_actor
    from panjara.identity.testing import citizen_create
    from panjara.vault import crypto
    from panjara.vault.files import inspect_upload
    from panjara.vault.services import vault_store

    user = citizen_create()
    actor = person_actor(user)
    timings = {key: {"raw": [], "vault": [], "vault_cpu": [], "inspect": [], "seal": []} for key in files}

    def store(key: tuple[str, str], data: bytes, number: int) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        vault_store(person=user, name=f"{key[0]}-{number}.{key[0]}", content=data, actor=actor)
        timings[key]["vault"].append(time.perf_counter() - started)
        timings[key]["vault_cpu"].append(time.process_time() - cpu)

    def write(key: tuple[str, str], data: bytes) -> None:
        started = time.perf_counter()
        raw_write(raw_dir, data)
        timings[key]["raw"].append(time.perf_counter() - started)

    for key, data in files.items():  # warm-up: imports, the first connection, the key ring
        vault_store(person=user, name=f"warm.{key[0]}", content=data, actor=actor)
        raw_write(raw_dir, data)
    for number in range(RUNS):
        for key, data in files.items():
            # Alternate which goes first, so that neither always meets the other's dirty pages.
            if number % 2:
                store(key, data, number)
                write(key, data)
            else:
                write(key, data)
                store(key, data, number)
            started = time.perf_counter()
            inspect_upload(name=f"x.{key[0]}", content=data)
            timings[key]["inspect"].append(time.perf_counter() - started)
            started = time.perf_counter()
            crypto.seal(plaintext=data, document_id=uuid.uuid4(), key=crypto.active_key())
            timings[key]["seal"].append(time.perf_counter() - started)

    results = {}
    for (kind, label), data in files.items():
        times = timings[(kind, label)]
        raw, vault = statistics.median(times["raw"]), statistics.median(times["vault"])
        results[f"{kind} {label}"] = {
            "bytes": len(data),
            "pixels": "×".join(map(str, pixels[(kind, label)])),
            "raw_write_ms": median_ms(times["raw"]),
            "vault_store_ms": median_ms(times["vault"]),
            "vault_store_cpu_ms": median_ms(times["vault_cpu"]),
            "inspect_ms": median_ms(times["inspect"]),
            "seal_ms": median_ms(times["seal"]),
            "raw_mb_per_s": round(len(data) / raw / 1e6, 1),
            "vault_mb_per_s": round(len(data) / vault / 1e6, 1),
            "vault_over_raw": round(vault / raw, 2),
            "raw_s": times["raw"],
            "vault_s": times["vault"],
        }
    return results


def main() -> dict:
    # Other work on the machine shares its two cores: say how busy it was.
    load_at_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="panjara-bench-") as folder:
        var_dir = Path(folder)
        setup_django(var_dir)
        made = {(kind, label): sample(kind, size) for kind in KINDS for label, size in SIZES.items()}
        files = {key: data for key, (data, _pixels) in made.items()}
        results = measure(files, {key: pixels for key, (_data, pixels) in made.items()}, var_dir / "raw")
    out = {
        "load_average_at_start_and_end": [load_at_start, round(os.getloadavg()[0], 2)],
        "runs": RUNS,
        "files": results,
    }
    save("vault_upload", out)
    return out


if __name__ == "__main__":
    for name, case in main()["files"].items():
        print(
            f"vault upload, {name} ({case['bytes'] / 1e6:.2f} MB, {case['pixels']} px): vault_store {case['vault_store_ms']} ms "
            f"({case['vault_mb_per_s']} MB/s; CPU {case['vault_store_cpu_ms']} ms: check "
            f"{case['inspect_ms']} ms, seal {case['seal_ms']} ms) against write + fsync "
            f"{case['raw_write_ms']} ms ({case['raw_mb_per_s']} MB/s): {case['vault_over_raw']}×"
        )
