"""Putting an archive delivery on disk so that it is there completely or not at all.

The folder holds one sub-folder per signed revision (``arkivmelding.xml``, the PDF, ``avtale.json``)
and ``manifest-sha256.txt`` over every file. :func:`deliver`:

1. removes what a crashed run left (staging folders named ``.enhetsdialog-arkiv-*``);
2. decides per record: a record already delivered (``keep``) whose files match the manifest stays
   exactly as it is; a record whose files on disk already hold the new bytes is left alone; every
   other record is written;
3. writes those records and the new manifest into a staging folder beside the delivery (the same file
   system, so that moving is a rename), flushes them to disk, and verifies every staged file against
   the manifest (read back, SHA-256);
4. moves the files into place (data first, ``arkivmelding.xml`` last, each an atomic rename), then the
   manifest, and verifies every file of the run in place against the manifest.

Only then may the caller mark the agreements ``arkivert``. A crash or a full disk at any point leaves
every earlier delivery as it was; a record of this run may be half moved, but it is not marked, and
the next run writes it again. Raises :class:`ArchiveWriteError` (one Norwegian line) on any OS error.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.exchange.archive import MANIFEST_NAME, MESSAGE_NAME, manifest_of, parse_manifest
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_

STAGING_PREFIX = ".enhetsdialog-arkiv-"


class ArchiveWriteError(EnhetsdialogError):
    """The delivery could not be written; no agreement was marked arkivert."""


@dataclass(slots=True)
class Delivery:
    directory: Path
    records: dict[str, dict[str, bytes]]  # record folder -> file name -> content
    keep: set[str] = field(default_factory=set)  # folders delivered before: left as they are when intact


@dataclass(slots=True)
class Delivered:
    digests: dict[str, str]  # "folder/name" -> SHA-256 of what is now in place (the whole manifest)
    written: list[str]  # record folders written in this run
    kept: list[str]  # record folders that were already in place


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def old_manifest(directory: Path) -> dict[str, str]:
    try:
        return parse_manifest((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def intact(directory: Path, folder: str, manifest: dict[str, str]) -> dict[str, str] | None:
    """The manifest's entries for ``folder`` when every one matches the file on disk (and there is an
    arkivmelding among them), else None."""
    entries = {name: digest for name, digest in manifest.items() if name.startswith(folder + "/")}
    if f"{folder}/{MESSAGE_NAME}" not in entries:
        return None
    for name, digest in entries.items():
        if _file_sha(directory / name) != digest:
            return None
    return entries


def deliver(d: Delivery) -> Delivered:
    try:
        return _deliver(d)
    except OSError as e:
        raise _error(d.directory, e) from e


def _error(directory: Path, e: OSError) -> ArchiveWriteError:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return ArchiveWriteError(
            N_(
                "Arkivet kunne ikke skrives i «{dir}»: {reason}. Ingen avtale er merket som arkivert; "
                "frigjør plass og eksporter på nytt.",
                dir=str(directory),
                reason=os_error_text(e),
            )
        )
    return ArchiveWriteError(
        N_(
            "Arkivet kunne ikke skrives i «{dir}» ({error}). Ingen avtale er merket som arkivert; "
            "eksporter på nytt når feilen er rettet.",
            dir=str(directory),
            error=os_error_text(e),
        )
    )


def _deliver(d: Delivery) -> Delivered:
    directory = d.directory
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    before = old_manifest(directory)
    digests: dict[str, str] = {}
    kept: list[str] = []
    to_write: dict[str, dict[str, bytes]] = {}
    for folder, files in sorted(d.records.items()):
        new = {f"{folder}/{name}": sha256(data) for name, data in files.items()}
        old = intact(directory, folder, before) if folder in d.keep else None
        if old is not None:
            digests.update(old)
            kept.append(folder)
        elif not files:
            raise ArchiveWriteError(
                N_("Filene til «{folder}» ble endret under eksporten. Ingen avtale er merket som arkivert; "
                   "eksporter på nytt.", folder=folder)  # fmt: skip
            )
        elif all(_file_sha(directory / name) == digest for name, digest in new.items()):
            digests.update(new)  # already on disk byte for byte
        else:
            digests.update(new)
            to_write[folder] = files
    # entries of records outside this run (another year, a record refused this time) stay listed
    # while their files are still there as the manifest says
    for name, digest in before.items():
        folder = name.split("/", 1)[0]
        if folder not in d.records and _file_sha(directory / name) == digest:
            digests[name] = digest
    text = manifest_of(digests).encode("utf-8")
    staging = directory / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    try:
        _stage(staging, to_write, text)
        _check(staging, {n: g for n, g in digests.items() if n.split("/", 1)[0] in to_write}, text)
        _move(staging, directory, to_write)
        if _file_sha(directory / MANIFEST_NAME) != sha256(text):
            os.replace(staging / MANIFEST_NAME, directory / MANIFEST_NAME)
            _sync_dir(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _check(directory, {n: g for n, g in digests.items() if n.split("/", 1)[0] in d.records}, text)
    return Delivered(digests, sorted(to_write), kept)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(path: Path) -> None:
    if os.name != "posix":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stage(staging: Path, records: dict[str, dict[str, bytes]], manifest: bytes) -> None:
    staging.mkdir()
    for folder, files in records.items():
        (staging / folder).mkdir()
        for name, data in files.items():
            _write(staging / folder / name, data)
        _sync_dir(staging / folder)
    _write(staging / MANIFEST_NAME, manifest)
    _sync_dir(staging)


def _check(root: Path, expected: dict[str, str], manifest: bytes) -> None:
    """Every file of ``expected`` under ``root`` matches the manifest (read back from disk)."""
    listed = parse_manifest(manifest.decode("utf-8"))
    for name, digest in expected.items():
        actual = _file_sha(root / name)
        if listed.get(name) != digest or actual != digest:
            raise ArchiveWriteError(
                N_(
                    "Filen «{name}» stemmer ikke med manifestet etter skriving (lagringsfeil?). Ingen avtale "
                    "er merket som arkivert.",
                    name=name,
                )
            )


def _move(staging: Path, directory: Path, records: dict[str, dict[str, bytes]]) -> None:
    for folder, files in sorted(records.items()):
        target = directory / folder
        target.mkdir(exist_ok=True)
        # the message last: a folder with an arkivmelding always has the files it names
        for name in sorted(files, key=lambda n: n == MESSAGE_NAME):
            os.replace(staging / folder / name, target / name)
        _sync_dir(target)
    _sync_dir(directory)
