"""Where sealed vault files live on disk: VAULT_ROOT/<first two hex digits>/<document id>.bin.
Paths come from the document's UUID only, never from a name a person typed, and carry nothing
personal (no personal number, no file name)."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings


def root() -> Path:
    return Path(settings.VAULT_ROOT)


def path_for(document_id: uuid.UUID) -> Path:
    hex_id = uuid.UUID(str(document_id)).hex
    return root() / hex_id[:2] / f"{hex_id}.bin"


def write(document_id: uuid.UUID, data: bytes) -> Path:
    """Write atomically: a crash leaves either no file or the whole file, never half of one."""
    target = path_for(document_id)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def read(document_id: uuid.UUID) -> bytes:
    return path_for(document_id).read_bytes()


def remove(document_id: uuid.UUID) -> None:
    path_for(document_id).unlink(missing_ok=True)


def stored_files() -> list[tuple[Path, uuid.UUID | None]]:
    """Every file under the root with the document id its name carries (None for leftovers such
    as temporary files of an interrupted write)."""
    found = []
    if not root().is_dir():
        return found
    for path in root().glob("*/*"):
        if not path.is_file():
            continue
        try:
            document_id = uuid.UUID(path.stem) if path.suffix == ".bin" else None
        except ValueError:
            document_id = None
        found.append((path, document_id))
    return found
