"""Writing files users keep (PDFs, packages, archive folders): never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, skip_if_same: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into
    place, so that ``path`` holds either the old or the new content, never a mix. Raises OSError."""
    if skip_if_same and path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
