"""Files a user names (packages, catalogues, certificates, PDFs): read them safely, write them
without replacing what is not a file, and say what went wrong in words, not in English strerror.

Outside the layers, like :mod:`enhetsdialog.i18n`: every layer may use it. It imports only the
error types of the domain.

- :func:`read_user_file` refuses anything that is not a regular file of a sane size *before* reading
  (``/dev/zero``, a FIFO, a folder, a 10 GB file), and never blocks on opening a FIFO.
- :func:`check_write_target` refuses to put a file in place of a device, a FIFO or a folder (an
  atomic write renames over its target: run as root, ``-o /dev/full`` would replace the device node).
- :func:`os_error_text` is the reason of an :class:`OSError` in the current language.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.i18n import N_, LazyText, Text, _

__all__ = [
    "NotRegularFileError",
    "UserFileError",
    "append_private",
    "check_write_target",
    "os_error_text",
    "read_user_file",
]


class UserFileError(EnhetsdialogError):
    """A file the user named could not be read as asked; nothing was changed."""


class NotRegularFileError(OSError):
    """The path exists but is not a regular file (a device, a FIFO, a socket, a folder)."""

    def __init__(self, path: Path | str, kind: Text) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))
        self.kind = kind


# errno → reason; each a LazyText so that it is translated where it is shown
_REASONS: dict[int, LazyText] = {
    errno.ENOENT: N_("finnes ikke"),
    errno.ENOTDIR: N_("en del av stien er ikke en mappe"),
    errno.EISDIR: N_("er en mappe"),
    errno.EACCES: N_("ingen tilgang (mangler lese- eller skriverettighet)"),
    errno.EPERM: N_("handlingen er ikke tillatt"),
    errno.ENOSPC: N_("disken er full"),
    errno.EDQUOT: N_("diskkvoten er brukt opp"),
    errno.EROFS: N_("filsystemet er skrivebeskyttet"),
    errno.EEXIST: N_("finnes allerede"),
    errno.ENAMETOOLONG: N_("navnet er for langt"),
    errno.ELOOP: N_("for mange symbolske lenker i stien"),
    errno.EBUSY: N_("er i bruk av et annet program"),
    errno.ETXTBSY: N_("er i bruk av et annet program"),
    errno.EIO: N_("lese- eller skrivefeil på disken"),
    errno.EMFILE: N_("for mange åpne filer"),
    errno.ENFILE: N_("for mange åpne filer"),
    errno.ENXIO: N_("enheten finnes ikke"),
    errno.ENODEV: N_("enheten finnes ikke"),
    errno.EFBIG: N_("filen er for stor"),
    errno.EXDEV: N_("kan ikke flyttes til et annet filsystem"),
    errno.ENOTEMPTY: N_("mappen er ikke tom"),
    errno.EINVAL: N_("ugyldig argument"),
    errno.EAGAIN: N_("er midlertidig utilgjengelig"),
}


def os_error_text(e: BaseException, path: Path | str | None = None) -> str:
    """Why ``e`` happened, in the current language: ``disken er full``, ``finnes ikke``, ...

    ``path``: the file that was to be written; a missing folder is then named as such."""
    if isinstance(e, NotRegularFileError):
        return _("er ikke en vanlig fil, men {kind}", kind=str(e.kind))
    if isinstance(e, OSError) and e.errno == errno.ENOENT and path is not None:
        folder = Path(path).parent
        if not folder.is_dir():
            return _("mappen «{folder}» finnes ikke", folder=str(folder))
    if isinstance(e, OSError) and e.errno is not None:
        reason = _REASONS.get(e.errno)
        if reason is not None:
            return str(reason)
        name = errno.errorcode.get(e.errno, str(e.errno))
        return _("systemfeil {name}", name=name)
    return _("systemfeil")


def _kind(mode: int) -> LazyText:
    if stat.S_ISDIR(mode):
        return N_("en mappe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("en enhet")
    if stat.S_ISFIFO(mode):
        return N_("en navngitt rørledning (FIFO)")
    if stat.S_ISSOCK(mode):
        return N_("en socket")
    return N_("en spesialfil")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f}".replace(".", ",")


def read_user_file(
    path: Path | str,
    *,
    max_bytes: int,
    what: Text | None = None,
    error: type[EnhetsdialogError] = UserFileError,
) -> bytes:
    """The bytes of ``path``, a regular file of at most ``max_bytes``; else ``error`` with one line.

    Opened without blocking (a FIFO would otherwise wait for a writer forever) and checked with
    ``fstat`` on the open descriptor (no race between the check and the read); a file that grows
    while it is read is still cut off at ``max_bytes``."""
    path = Path(path)
    what = what if what is not None else N_("filen")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise error(N_("Kan ikke lese «{path}»: {reason}.", path=str(path), reason=os_error_text(e))) from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(
                N_("«{path}» er ikke en vanlig fil, men {kind}.", path=str(path), kind=_kind(st.st_mode))
            )
        if st.st_size > max_bytes:
            raise error(
                N_(
                    "«{path}» er for stor til å være {what} ({size} MB; høyst {limit} MB).",
                    path=str(path),
                    what=what,
                    size=_mb(st.st_size),
                    limit=_mb(max_bytes),
                )
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise error(
                    N_(
                        "«{path}» er for stor til å være {what} (høyst {limit} MB).",
                        path=str(path),
                        what=what,
                        limit=_mb(max_bytes),
                    )
                )
        return b"".join(chunks)
    except OSError as e:
        raise error(N_("Kan ikke lese «{path}»: {reason}.", path=str(path), reason=os_error_text(e))) from e
    finally:
        os.close(fd)


def check_write_target(path: Path) -> None:
    """Raise :class:`NotRegularFileError` when ``path`` exists and is not a regular file (a symbolic
    link is judged by what it points to: a link to ``/dev/full`` is refused too)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself will report it
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path, _kind(st.st_mode))


def append_private(path: Path, text: str) -> None:
    """Append ``text`` to ``path``, creating it (and its folder) readable by its owner only (0600):
    logs hold names and paths from the user's data. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)
