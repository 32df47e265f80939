"""The database file and what surrounds it: failures of SQLite and of the file system said as what
they are (a full disk, a read-only folder or mount, a damaged file, a foreign ``-wal``, a value this
version does not know), in the error types of storage; and the file created private (0600).

Only a damaged file is a reason to restore a backup; the others leave a good file (ui.app chooses
its advice by these types).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from enhetsdialog.domain.errors import FrozenRevisionError, ValidationError
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_
from enhetsdialog.storage.errors import (
    CorruptDatabaseError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    ForeignWalError,
    StorageError,
)
from enhetsdialog.storage.triggers import FROZEN_MESSAGE
from enhetsdialog.storage.wal import ForeignWal, check_wal, wal_path

# below this much free space a failed open or write is reported as a full disk: SQLite needs room for
# the -wal file and the 32 KB -shm index before it can even read a WAL database
LOW_DISK_BYTES = 1024 * 1024


def damaged(path: Path) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        N_(
            "«{path}» er skadet eller ikke en database. Filen er ikke endret; "
            "gjenopprett fra en sikkerhetskopi (enhetsdialog restore).",
            path=str(path),
        )
    )


def environment_problem(path: Path) -> StorageError | None:
    """Why SQLite may have failed to open or write ``path`` although the file is fine: a read-only
    file system, no write permission, or a (nearly) full disk. None when none of these holds."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        st = None
    if st is not None and st.f_flag & getattr(os, "ST_RDONLY", 1):
        return DatabaseReadOnlyError(
            N_(
                "«{path}» ligger på et skrivebeskyttet filsystem, så Enhetsdialog kan ikke bruke den. "
                "Filen er ikke endret; kopier den til en disk du kan skrive til, eller velg en annen fil med --db.",
                path=str(path),
            )
        )
    for target in (folder, path, wal_path(path)):
        if target.exists() and not os.access(target, os.W_OK):
            return DatabaseReadOnlyError(
                N_(
                    "Du har ikke skrivetilgang til «{target}», så Enhetsdialog kan ikke bruke «{path}». "
                    "Filen er ikke endret; be om skrivetilgang, eller kopier databasen til en mappe du kan skrive i.",
                    target=str(target),
                    path=str(path),
                )
            )
    if st is not None and st.f_bavail * st.f_frsize < LOW_DISK_BYTES:
        return full_disk(path, st.f_bavail * st.f_frsize)
    return None


def full_disk(path: Path, free: int | None = None) -> DatabaseFullError:
    if free is None:
        with contextlib.suppress(OSError, AttributeError):
            st = os.statvfs(path.parent)
            free = st.f_bavail * st.f_frsize
    return DatabaseFullError(
        N_(
            "Disken er full der «{path}» ligger ({free} kB ledig). Ingenting er lagret, og det som var "
            "lagret fra før, er uendret. Frigjør plass og prøv igjen.",
            path=str(path),
            free=(free or 0) // 1024,
        )
    )


def check_own_wal(path: Path) -> None:
    """Refuse a ``-wal`` beside ``path`` that belongs to another database (see storage.wal)."""
    try:
        check_wal(path)
    except ForeignWal as e:
        raise ForeignWalError(
            N_(
                "Ved siden av «{path}» ligger loggfilen «{wal}», som hører til en annen database. "
                "Ingen av filene er endret; flytt «{wal}» bort (den er trolig kopiert hit) og prøv igjen.",
                path=str(path),
                wal=str(wal_path(path)),
            )
        ) from e
    except OSError as e:
        raise StorageError(
            N_("Kan ikke lese «{path}»: {reason}.", path=str(wal_path(path)), reason=os_error_text(e))
        ) from e


def translate_error(e: BaseException, path: Path | None = None) -> Exception:
    """Map a SQLite/SQLAlchemy failure to our error types; bugs come back unchanged."""
    orig = getattr(e, "orig", e)
    msg = str(orig)
    where = str(path) if path else "databasen"
    if FROZEN_MESSAGE in msg:
        return FrozenRevisionError(
            N_("Revisjonen er signert og kan ikke endres. Lag en ny revisjon for å gjøre endringer.")
        )
    if isinstance(orig, UnicodeDecodeError):
        return CorruptDatabaseError(
            N_(
                "«{path}» er skadet: den har tekst som ikke er gyldig UTF-8. Ingenting er endret; "
                "gjenopprett fra en sikkerhetskopi (enhetsdialog restore).",
                path=where,
            )
        )
    if isinstance(orig, sqlite3.DatabaseError):
        low = msg.lower()
        if "pattern too complex" in low:
            return ValidationError(N_("Søketeksten er for lang."))
        if "full" in low:
            return full_disk(path) if path else DatabaseFullError(
                N_("Disken er full. Endringen ble ikke lagret; det som var lagret fra før, er uendret.")
            )
        if "locked" in low or "busy" in low:
            return DatabaseLockedError(
                N_("«{path}» er opptatt av et annet program. Endringen ble ikke lagret; prøv igjen.", path=where)
            )
        if "readonly" in low or "read-only" in low or "disk i/o" in low or "unable to open" in low:
            problem = environment_problem(path) if path else None
            if problem is not None:
                return problem
            if "readonly" in low or "read-only" in low:
                return DatabaseReadOnlyError(N_("«{path}» kan ikke skrives til.", path=where))
            return StorageError(
                N_("Kan ikke lese eller skrive «{path}» (lese- eller skrivefeil på disken).", path=where)
            )
        if "malformed" in low or "not a database" in low or "corrupt" in low:
            return damaged(path) if path else CorruptDatabaseError(N_("Databasen er skadet."))
    return e if isinstance(e, Exception) else RuntimeError(msg)


def unknown_value(e: BaseException) -> bool:
    """A value read from the database that an enumeration of this version does not know (a newer
    version, or an edited file): ``ValueError: 'x' is not a valid Status`` raised by ``enum``."""
    if type(e) is not ValueError or "is not a valid" not in str(e):
        return False
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.endswith("enum.py")


def unknown_value_error(e: BaseException, path: Path) -> CorruptDatabaseError:
    value = str(e).split(" is not a valid ", 1)[0][:60]
    return CorruptDatabaseError(
        N_(
            "«{path}» inneholder en verdi som denne versjonen av Enhetsdialog ikke kjenner ({value}). "
            "Ingenting er endret; databasen er kanskje laget av en nyere versjon.",
            path=str(path),
            value=value,
        )
    )


def create_private_file(path: Path) -> bool:
    """Create the empty database file readable by its owner only (0600); SQLite gives the -wal and
    -shm files the same permissions. A file that appears meanwhile is left as it is (False)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        return False
    except OSError as e:
        raise environment_problem(path) or StorageError(
            N_("Kan ikke lage databasen «{path}»: {reason}.", path=str(path), reason=os_error_text(e))
        ) from e
    os.close(fd)
    return True


def remove_if_empty(path: Path) -> None:
    """A database this process created but could not set up (a full disk): leave no empty file."""
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()
            for side in ("-wal", "-shm", "-journal"):
                path.with_name(path.name + side).unlink(missing_ok=True)
