"""``enhetsdialog backup | restore | check``: the database file itself (a copy, bringing one back,
the full integrity check with every signed PDF verified again)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from enhetsdialog.cli_common import open_services_for
from enhetsdialog.i18n import _, ngettext

EXIT_ERROR = 1


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[db], help=_("ta sikkerhetskopi av databasen"))
    p.add_argument("-o", "--output", type=Path, metavar=_("FIL"), help=_("filen kopien skrives til (mappen må finnes)"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=[db], help=_("gjenopprett databasen fra en sikkerhetskopi"))
    p.add_argument("file", type=Path, metavar=_("FIL"), help=_("sikkerhetskopien (en .sqlite3-fil fra «backup»)"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("check", parents=[db], help=_("full integritetssjekk av databasen"))
    p.set_defaults(handler=cmd_check)


def cmd_backup(args: argparse.Namespace) -> int:
    services = open_services_for(args, auto_backup=False)
    try:
        dest = services.db.backup(args.output, reason="manuell")
    finally:
        services.close()
    print(_("Sikkerhetskopi skrevet til {path}", path=str(dest)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # restoring is how a lost database comes back: it may create the database file
    services = open_services_for(args, auto_backup=False, create=True)
    try:
        safety = services.db.restore(args.file)
    finally:
        services.close()
    print(
        _("Databasen er gjenopprettet fra {source}. Tilstanden før ligger i {safety}.", source=str(args.file), safety=str(safety))
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    services = open_services_for(args, auto_backup=False)
    try:
        report = services.integrity.check()
    finally:
        services.close()
    for finding in report.findings:
        print(f"enhetsdialog: {finding}", file=sys.stderr)
    if report.findings:
        print(
            "enhetsdialog: "
            + ngettext("{n} feil funnet.", "{n} feil funnet.", len(report.findings))
            + " "
            + _("Gjenopprett fra en sikkerhetskopi (enhetsdialog restore) eller be om hjelp."),
            file=sys.stderr,
        )
        return EXIT_ERROR
    print(
        _(
            "Databasen er i orden: {revisions} revisjoner, {documents} signerte PDF-er kontrollert.",
            revisions=report.revisions,
            documents=report.documents,
        )
    )
    return 0
