"""What the CLI's subcommand modules share (``cli``, ``cli_pdf``, ``cli_exchange``): opening the
services for the database the arguments name. Its own module, so that none of them imports another."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from enhetsdialog import paths
from enhetsdialog.domain.errors import EnhetsdialogError
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
