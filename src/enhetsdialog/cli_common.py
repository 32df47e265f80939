"""What the CLI's subcommand modules share (``cli``, ``cli_pdf``, ``cli_exchange``): opening the
services for the database the arguments name. Its own module, so that none of them imports another."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from enhetsdialog import paths

if TYPE_CHECKING:
    from enhetsdialog.services import Services


def open_services_for(args: argparse.Namespace, *, auto_backup: bool = True) -> Services:
    # services (SQLAlchemy, the tables) load only when a command needs the database: --help and
    # argument errors stay fast
    from enhetsdialog.services import open_services

    path = paths.resolve_db_path(getattr(args, "db", None))
    return open_services(
        path,
        auto_backup=auto_backup,
        backup_dir=paths.backup_dir_for(path),
        certificates_dir=paths.certificates_dir(),
        profile_path=paths.profile_path(),
    )
