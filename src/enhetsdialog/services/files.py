"""Writing files users keep (PDFs, packages, archive folders): never half a file, never in place of
something that is not a file, never in a folder that does not exist."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from enhetsdialog.fileio import check_write_target


def write_atomic(path: Path, data: bytes, *, skip_if_same: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into
    place, so that ``path`` holds either the old or the new content, never a mix. Raises OSError:
    :class:`~enhetsdialog.fileio.NotRegularFileError` when ``path`` is a device, a FIFO or a folder
    (renaming over it would replace it), FileNotFoundError when its folder does not exist (folders
    are made by whoever decides there should be one, never here). The file is created 0600."""
    check_write_target(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path.parent))
    if skip_if_same and path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        check_write_target(path)  # again, just before the rename: it may have appeared meanwhile
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_new(folder: Path, stem: str, suffix: str, data: bytes, *, tries: int = 1000) -> Path | None:
    """Write ``data`` to a new file ``stem + suffix`` (or ``stem-1 + suffix``, ...) in ``folder``,
    never over an existing one; 0600. The name is taken first (an empty file), the content is written
    beside it and renamed over it; if writing fails (a full disk), neither file is left behind.
    Returns None when every name is taken. Raises OSError."""
    for n in range(tries):
        path = folder / (f"{stem}{suffix}" if n == 0 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        try:
            write_atomic(path, data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    return None
