"""What the CLI's subcommand modules share (``cli``, ``cli_pdf``, ``cli_exchange``, ...): opening the
services for the database the arguments name, and writing an output file (refused with one line).
Its own module, so that none of them imports another."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from enhetsdialog import paths
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.fileio import check_write_target, os_error_text
from enhetsdialog.i18n import N_, set_language

if TYPE_CHECKING:
    from enhetsdialog.services import Services


def open_services_for(args: argparse.Namespace, *, auto_backup: bool = True, create: bool = False) -> Services:
    """The services over the database the user chose. Only commands that create data (``create``)
    may create the database; every other command refuses a file that does not exist, so that a
    mistyped ``--db`` is reported instead of silently becoming an empty database."""
    # services (SQLAlchemy, the tables) load only when a command needs the database: --help and
    # argument errors stay fast
    from enhetsdialog.services import open_services

    path = paths.resolve_db_path(getattr(args, "db", None))
    if not create and not os.path.lexists(path):
        raise EnhetsdialogError(
            N_(
                "Databasen «{path}» finnes ikke. Sjekk --db eller ENHETSDIALOG_DB; en ny database lages "
                "når du starter programmet eller kjører «enhetsdialog demo» eller «enhetsdialog import».",
                path=str(path),
            )
        )
    services = open_services(
        path,
        auto_backup=auto_backup,
        backup_dir=paths.backup_dir_for(path),
        certificates_dir=paths.certificates_dir(),
        profile_path=paths.profile_path(),
    )
    # now the municipality's written language is known: it is the interface language unless
    # ENHETSDIALOG_LANG or the user's own choice says otherwise
    set_language(services.settings.interface_language())
    return services


@contextlib.contextmanager
def services_for(args: argparse.Namespace, *, auto_backup: bool = True) -> Iterator[Services]:
    """:func:`open_services_for` for the length of a ``with`` block: closed after it, also when it raises."""
    services = open_services_for(args, auto_backup=auto_backup)
    try:
        yield services
    finally:
        services.close()


def _cannot_write(path: Path, e: OSError) -> EnhetsdialogError:
    return EnhetsdialogError(N_("Kan ikke skrive «{path}»: {reason}.", path=str(path), reason=os_error_text(e, path)))


def check_output(path: Path) -> None:
    """Refuse at once an output file that can never be written (its folder missing, say), before
    the slow part of a command."""
    try:
        check_write_target(path)
        if not path.parent.is_dir():
            raise FileNotFoundError(2, "", str(path.parent))
    except OSError as e:
        raise _cannot_write(path, e) from e


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output file whole or not at all."""
    # services load only when a command runs: --help stays fast
    from enhetsdialog.services.files import write_atomic

    try:
        write_atomic(path, data)
    except OSError as e:
        raise _cannot_write(path, e) from e
