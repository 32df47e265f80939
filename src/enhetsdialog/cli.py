"""Command line. Headless: Qt is imported only when the GUI starts (no subcommand).

Errors are one clear line on stderr and a non-zero exit, never a traceback; unexpected failures
are written in full to ``crash.log`` in the data folder.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enhetsdialog import __version__, paths
from enhetsdialog.cli_common import open_services_for
from enhetsdialog.domain.errors import EnhetsdialogError

if TYPE_CHECKING:
    pass

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, bokmål-friendly, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _db_parent() -> _Parser:
    p = _Parser(add_help=False)
    p.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="databasefil (ellers ENHETSDIALOG_DB eller standardfilen i brukerens datamappe)",
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    db = _db_parent()
    parser = _Parser(
        prog="enhetsdialog",
        description="Enhetsdialog – enhetsavtaler som forberedes, drøftes, signeres og arkiveres lokalt.",
        parents=[db],
    )
    parser.add_argument("--version", action="version", version=f"enhetsdialog {__version__}")
    parser.add_argument("--smoke-test", action="store_true", help="åpne hovedvinduet uten skjerm og avslutt (for bygg)")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)

    p = sub.add_parser("demo", parents=[db], help="fyll databasen med en demokommune")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", parents=[db], help="list avtalene")
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.add_argument("--year", type=int, help="bare dette året")
    p.add_argument("--status", help="bare denne statusen (utkast, til_dialog, ...)")
    p.add_argument("--search", metavar="TEKST", help="søk i enhetsnavn, mål og tekster")
    p.add_argument("--all-revisions", action="store_true", help="vis alle revisjoner, ikke bare siste")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", parents=[db], help="vis én avtale")
    p.add_argument("id", help="avtalens id (eller de første tegnene av den)")
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("import-plans", parents=[db], help="importer en plankatalog (JSON)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_import_plans)

    p = sub.add_parser("backup", parents=[db], help="ta sikkerhetskopi av databasen")
    p.add_argument("-o", "--output", type=Path, help="filen kopien skrives til")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=[db], help="gjenopprett databasen fra en sikkerhetskopi")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("check", parents=[db], help="full integritetssjekk av databasen")
    p.set_defaults(handler=cmd_check)

    # subcommands that live beside their feature; cheap to import (their heavy parts load when run)
    from enhetsdialog import cli_exchange, cli_pdf, cli_trust

    cli_pdf.register(sub, db)
    cli_exchange.register(sub, db)
    cli_trust.register(sub, db)
    return parser


# --- commands ------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from enhetsdialog.services.demo import fill_demo
    from enhetsdialog.services.signing import demo_sign_both

    services = open_services_for(args)
    try:
        result = fill_demo(services, sign_both=demo_sign_both)
    finally:
        services.close()
    if result.created:
        print(f"Demokommunen er lagt inn: {len(result.agreements)} avtaler i {services.db.path}.")
    else:
        print("Demokommunen finnes allerede i databasen; ingenting er endret.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from enhetsdialog.domain.enums import Status

    statuses = None
    if args.status:
        try:
            statuses = [Status(args.status)]
        except ValueError:
            raise EnhetsdialogError(
                f"Ukjent status «{args.status}» (gyldige: {', '.join(s.value for s in Status)})."
            ) from None
    services = open_services_for(args, auto_backup=False)
    try:
        rows = services.agreements.list(
            year=args.year, statuses=statuses, text=args.search, latest_only=not args.all_revisions
        )
    finally:
        services.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "agreement_id": r.agreement_id,
                        "unit": r.unit_name,
                        "unit_id": r.unit_id,
                        "service_area": r.service_area,
                        "year": r.year,
                        "revision": r.number,
                        "status": r.status.value,
                        "goals": r.goal_count,
                        "open_remarks": r.open_remarks,
                        "updated_at": r.updated_at.isoformat() if r.updated_at else None,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not rows:
        print("Ingen avtaler. Kjør «enhetsdialog demo» for å prøve med en demokommune.")
        return 0
    width = max(len(r.unit_name) for r in rows)
    print(f"{'ID':8}  {'År':4}  {'Enhet':{width}}  Rev  {'Status':10}  Mål  Åpne merknader")
    for r in rows:
        print(
            f"{r.id[:8]}  {r.year:4}  {r.unit_name:{width}}  {r.number:3}  {r.status.label:10}  "
            f"{r.goal_count:3}  {r.open_remarks}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from enhetsdialog.services.presentation import agreement_as_dict, agreement_as_text

    services = open_services_for(args, auto_backup=False)
    try:
        full = services.agreements.get(services.agreements.resolve_id(args.id))
        full = _proven_only(services, full)
    finally:
        services.close()
    if args.json:
        print(json.dumps(agreement_as_dict(full), ensure_ascii=False, indent=2))
    else:
        print(agreement_as_text(full))
    return 0


def _proven_only(services: Any, full: Any) -> Any:
    """The agreement with only the signatures its stored signed PDF proves (verified now); a
    signature the database claims but the PDF does not prove is left out and said so."""
    from dataclasses import replace

    from enhetsdialog.i18n import _

    if not full.signatures:
        return full
    proof = services.signing.proof(full.revision.id)
    report = proof.report
    proven = []
    for sig in full.signatures:
        found = report.signature(sig.role) if report is not None and sig.role in proof.proven_roles else None
        if found is not None and found.certificate_fingerprint == sig.certificate_fingerprint:
            proven.append(sig)
        else:
            print(
                "enhetsdialog: "
                + _(
                    "Signaturen fra {role} som databasen oppgir, bevises ikke av den signerte PDF-en og vises ikke. "
                    "Kjør «enhetsdialog check».",
                    role=sig.role.label.lower(),
                ),
                file=sys.stderr,
            )
    return replace(full, signatures=proven)


def cmd_import_plans(args: argparse.Namespace) -> int:
    services = open_services_for(args)
    try:
        changes = services.catalogue.import_file(args.file)
    finally:
        services.close()
    print(f"Importerte {changes.details['plans']} planer med {changes.details['goals']} mål.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    services = open_services_for(args, auto_backup=False)
    try:
        dest = services.db.backup(args.output, reason="manuell")
    finally:
        services.close()
    print(f"Sikkerhetskopi skrevet til {dest}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    services = open_services_for(args, auto_backup=False)
    try:
        safety = services.db.restore(args.file)
    finally:
        services.close()
    print(f"Databasen er gjenopprettet fra {args.file}. Tilstanden før ligger i {safety}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from enhetsdialog.i18n import _, ngettext

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


# --- entry point -----------------------------------------------------------------------------------


def start_gui(args: argparse.Namespace) -> int:
    from enhetsdialog.ui.app import run

    return int(run(paths.resolve_db_path(getattr(args, "db", None)), smoke_test=args.smoke_test))


def quiet_library_logging() -> None:
    """Libraries (pyHanko) log expected conditions, such as a self-signed certificate, with full
    tracebacks. Users get our one-line messages instead; nothing reaches the terminal."""
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools", "pikepdf"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def main(argv: Sequence[str] | None = None) -> int:
    quiet_library_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", start_gui)
    try:
        return int(handler(args))
    except EnhetsdialogError as e:
        print(f"enhetsdialog: {e.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("enhetsdialog: avbrutt.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as e:  # never a traceback on the terminal
        log = _write_crash_log()
        where = f" Detaljer i {log}." if log else ""
        print(f"enhetsdialog: uventet feil ({type(e).__name__}: {e}).{where}", file=sys.stderr)
        return EXIT_INTERNAL


def _write_crash_log() -> Path | None:
    try:
        path = paths.data_dir() / "crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc() + "\n")
        return path
    except OSError:
        return None
