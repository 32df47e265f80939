"""Does the ``-wal`` file beside a database belong to it? Checked before SQLite opens the database.

SQLite applies whatever valid write-ahead log lies beside a database: a ``-wal`` file copied from
another database (same page size) is merged in silently, and rows of the other database appear.
The log itself names no database, so Enhetsdialog gives each database an identity and makes every
log it writes carry it:

- the identity is a random non-zero 31-bit number in the header field ``user_version`` (page 1);
- every write transaction sets it again (``Database`` does that after ``BEGIN IMMEDIATE``), so
  every committed transaction in a log we wrote has a copy of page 1 with the identity in it.

:func:`check_wal` reads the log the way SQLite's recovery does (header, salts, cumulative
checksums, frames up to the last commit) without changing a byte, and refuses a log whose page size
differs from the database's, whose newest page 1 has another application id or identity, or that
has committed frames but no page 1 while the database has an identity (a log we wrote always has
one). A database without an identity (made before identities existed, or never checkpointed since it
was created) cannot be checked and is accepted as before.

Limits: a *copy* of a database shares its identity, so a log from the copy is not told apart.
"""

from __future__ import annotations

import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WAL_MAGIC_LE = 0x377F0682  # checksums over little-endian words
WAL_MAGIC_BE = 0x377F0683  # checksums over big-endian words
WAL_HEADER = 32
FRAME_HEADER = 24
DB_HEADER = 100
USER_VERSION_OFFSET = 60
APPLICATION_ID_OFFSET = 68
MASK = 0xFFFFFFFF


class ForeignWal(Exception):
    """The log does not belong to the database; ``reason`` says why (for tests and logs)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class WalSummary:
    page_size: int
    committed_frames: int
    page1: bytes | None  # the first 100 bytes of the newest committed copy of page 1, if any


def wal_path(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def _checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & MASK
        s1 = (s1 + words[i + 1] + s0) & MASK
    return s0, s1


def read_wal(path: Path) -> WalSummary | None:
    """What SQLite's recovery would take from the log at ``path``; None when it would take nothing
    (no file, too short, a bad header: SQLite then ignores and resets the log)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(WAL_HEADER)
            if len(header) < WAL_HEADER:
                return None
            magic, version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", header)
            if magic not in (WAL_MAGIC_LE, WAL_MAGIC_BE) or version != 3007000:
                return None
            if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
                return None
            big = magic == WAL_MAGIC_BE
            s0, s1 = _checksum(header[:24], 0, 0, big)
            if (s0, s1) != (c0, c1):
                return None
            committed = 0
            frames = 0
            page1: bytes | None = None
            pending_page1: bytes | None = None
            while True:
                frame = fh.read(FRAME_HEADER + page_size)
                if len(frame) < FRAME_HEADER + page_size:
                    break
                pgno, commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", frame[:FRAME_HEADER])
                if (f_salt1, f_salt2) != (salt1, salt2) or pgno == 0:
                    break
                s0, s1 = _checksum(frame[:8], s0, s1, big)
                s0, s1 = _checksum(frame[FRAME_HEADER:], s0, s1, big)
                if (s0, s1) != (f0, f1):
                    break
                frames += 1
                if pgno == 1:
                    pending_page1 = frame[FRAME_HEADER : FRAME_HEADER + DB_HEADER]
                if commit:
                    committed = frames
                    if pending_page1 is not None:
                        page1 = pending_page1
            return WalSummary(page_size=page_size, committed_frames=committed, page1=page1)
    except FileNotFoundError:
        return None


def _db_page_size(header: bytes) -> int:
    raw = struct.unpack(">H", header[16:18])[0]
    return 65536 if raw == 1 else raw


def _u32(header: bytes, offset: int) -> int:
    return int(struct.unpack(">I", header[offset : offset + 4])[0])


def check_wal(db: Path) -> None:
    """Raise :class:`ForeignWal` when the ``-wal`` beside ``db`` does not belong to it. Reads only."""
    summary = read_wal(wal_path(db))
    if summary is None or summary.committed_frames == 0:
        return
    try:
        with db.open("rb") as fh:
            header = fh.read(DB_HEADER)
    except FileNotFoundError:
        header = b""
    if len(header) < DB_HEADER:
        # the database file is empty (created, never checkpointed): only the log holds it
        return
    if _db_page_size(header) != summary.page_size:
        raise ForeignWal(f"page size {summary.page_size} != {_db_page_size(header)}")
    identity = _u32(header, USER_VERSION_OFFSET)
    if summary.page1 is None:
        if identity:
            raise ForeignWal("no page 1 in the log although the database has an identity")
        return
    app_id = _u32(header, APPLICATION_ID_OFFSET)
    if app_id and _u32(summary.page1, APPLICATION_ID_OFFSET) != app_id:
        raise ForeignWal("application id differs")
    if identity and _u32(summary.page1, USER_VERSION_OFFSET) != identity:
        raise ForeignWal("identity differs")


def stamp_identity(conn: Any) -> None:
    """Inside a write transaction: write the database's identity into page 1 again (the first writer
    of a database without one gives it one), so that every transaction in the -wal carries page 1
    with the identity (storage.wal). Read and written under the write lock: never two identities."""
    current = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    conn.exec_driver_sql(f"PRAGMA user_version = {current or new_identity()}")


def new_identity() -> int:
    """A random identity for a database (non-zero, fits SQLite's signed 32-bit user_version)."""
    return secrets.randbelow(2**31 - 1) + 1
