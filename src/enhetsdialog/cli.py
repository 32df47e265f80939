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
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enhetsdialog import (
    __version__,
    cli_archive,
    cli_database,
    cli_exchange,
    cli_followup,
    cli_language,
    cli_pdf,
    cli_report,
    cli_trust,
    paths,
)
from enhetsdialog.cli_common import open_services_for
from enhetsdialog.cli_support import (
    argparse_translated,
    escape_controls,
    escaped_output,
    internal_error_line,
    one_line,
    reference,
    search_text,
    write_crash_log,
    year,
)
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_, _, ngettext, profile_language, resolve_language, set_language

if TYPE_CHECKING:
    pass

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, in the user's language, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: {one_line(message)}\n")


def _db_parent() -> _Parser:
    p = _Parser(add_help=False)
    p.add_argument(
        "--db",
        metavar=_("FIL"),
        default=argparse.SUPPRESS,
        help=_("databasefil (ellers ENHETSDIALOG_DB eller standardfilen i brukerens datamappe)"),
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    with argparse_translated():
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    db = _db_parent()
    parser = _Parser(
        prog="enhetsdialog",
        description=_("Enhetsdialog – enhetsavtaler som forberedes, drøftes, signeres og arkiveres lokalt."),
        parents=[db],
    )
    parser.add_argument("--version", action="version", version=f"enhetsdialog {__version__}")
    parser.add_argument(
        "--smoke-test", action="store_true", help=_("åpne hovedvinduet, vis hvert steg og avslutt (for bygg og CI)")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("KOMMANDO"), parser_class=_Parser)

    p = sub.add_parser("demo", parents=[db], help=_("fyll databasen med en demokommune"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", parents=[db], help=_("list avtalene"))
    p.add_argument("--json", action="store_true", help=_("skriv JSON"))
    p.add_argument("--year", type=year, metavar=_("ÅR"), help=_("bare dette året"))
    p.add_argument("--status", help=_("bare denne statusen (utkast, til_dialog, ...)"))
    p.add_argument("--search", type=search_text, metavar=_("TEKST"), help=_("søk i enhetsnavn, mål og tekster"))
    p.add_argument("--all-revisions", action="store_true", help=_("vis alle revisjoner, ikke bare siste"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", parents=[db], help=_("vis én avtale"))
    p.add_argument("id", type=reference, help=_("avtalens id (eller de første tegnene av den)"))
    p.add_argument("--json", action="store_true", help=_("skriv JSON"))
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("import-plans", parents=[db], help=_("importer en plankatalog (JSON)"))
    p.add_argument("file", type=Path, metavar=_("FIL"), help=_("plankatalogen (JSON, se docs/plankatalog.md)"))
    p.add_argument(
        "--annen-kommune",
        dest="allow_foreign",
        action="store_true",
        help=_("importer også når katalogen er fra en annen kommune enn den som er importert fra før"),
    )
    p.set_defaults(handler=cmd_import_plans)

    # subcommands that live beside their feature (their heavy parts load when run)
    cli_database.register(sub, db)
    cli_pdf.register(sub, db)
    cli_archive.register(sub, db)
    cli_language.register(sub, db)
    cli_exchange.register(sub, db)
    cli_trust.register(sub, db)
    cli_followup.register(sub, db)
    cli_report.register(sub, db)
    return parser


# --- commands ------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    # lazy: the services (SQLAlchemy) and the PDF stack load only when a command runs
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    services = open_services_for(args, create=True)
    try:
        result = fill_demo(services, sign_both=demo_sign_both)
    finally:
        services.close()
    if result.created:
        print(
            ngettext(
                "Demokommunen er lagt inn: {n} avtale i {path}.",
                "Demokommunen er lagt inn: {n} avtaler i {path}.",
                len(result.agreements),
                path=str(services.db.path),
            )
        )
    else:
        print(_("Demokommunen finnes allerede i databasen; ingenting er endret."))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    statuses = None
    if args.status:
        try:
            statuses = [Status(args.status)]
        except ValueError:
            raise EnhetsdialogError(
                N_(
                    "Ukjent status «{status}» (gyldige: {valid}).",
                    status=args.status[:40],
                    valid=", ".join(s.value for s in Status),
                )
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
        print(_("Ingen avtaler. Kjør «enhetsdialog demo» for å prøve med en demokommune."))
        return 0
    names = [escape_controls(r.unit_name) for r in rows]  # width of what the terminal shows
    width = max(len(n) for n in names)
    print(
        f"{'ID':8}  {_('År'):4}  {_('Enhet'):{width}}  {_('Rev'):3}  {_('Status'):10}  {_('Mål'):3}  "
        f"{_('Åpne merknader')}"
    )
    for r, name in zip(rows, names, strict=True):
        print(
            f"{r.id[:8]}  {r.year:4}  {name:{width}}  {r.number:3}  {r.status.label:10}  "
            f"{r.goal_count:3}  {r.open_remarks}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    # lazy: the services load only when a command runs, so that --help stays fast
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
    # lazy: the services load only when a command runs, so that --help stays fast
    from enhetsdialog.services.catalogue import ForeignCatalogueError, read_catalogue_file

    raw = read_catalogue_file(args.file)  # a file that cannot be read never touches the database
    services = open_services_for(args, create=True)
    try:
        before = {g.id: g for g in services.catalogue.goals()}
        plans_before = {p.id: p for p in services.catalogue.plans()}
        try:
            changes = services.catalogue.import_bytes(raw, args.file.name, allow_foreign=args.allow_foreign)
        except ForeignCatalogueError as e:
            raise EnhetsdialogError(
                _("{reason} Ingenting er importert; bruk --annen-kommune for å importere likevel.", reason=e.message)
            ) from e
        after = {g.id: g for g in services.catalogue.goals()}
        plans_after = {p.id: p for p in services.catalogue.plans()}
    finally:
        services.close()
    plans, goals = changes.details["plans"], changes.details["goals"]
    if before == after and plans_before == plans_after:
        print(
            _(
                "Plankatalogen er importert fra før ({plans} og {goals}); ingenting er endret.",
                plans=ngettext("{n} plan", "{n} planer", plans),
                goals=ngettext("{n} mål", "{n} mål", goals),
            )
        )
        return 0
    new = len(set(after) - set(before))
    print(
        _(
            "Importerte {plans} med {goals} ({new}).",
            plans=ngettext("{n} plan", "{n} planer", plans),
            goals=ngettext("{n} mål", "{n} mål", goals),
            new=ngettext("{n} nytt", "{n} nye", new),
        )
    )
    return 0


# --- entry point -----------------------------------------------------------------------------------


def start_gui(args: argparse.Namespace) -> int:
    from enhetsdialog.ui.launch import run  # lazy: the GUI (and Qt) load only for the window

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
    with escaped_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    # the interface language before a word is printed: ENHETSDIALOG_LANG, else the user's choice
    # (profile file), else the system's; the municipality's is added when the database is opened
    set_language(resolve_language(user=profile_language(paths.profile_path())))
    with argparse_translated():
        parser = _build_parser()
        args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", start_gui)
    try:
        return int(handler(args))
    except EnhetsdialogError as e:
        print(f"enhetsdialog: {one_line(e.message)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("enhetsdialog: avbrutt."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as e:  # a file could not be read or written: the file and the reason, in words
        where = f"«{e.filename}»: " if e.filename else ""
        print(f"enhetsdialog: {one_line(where + os_error_text(e))}.", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # never a traceback on the terminal
        log = write_crash_log()
        print(f"enhetsdialog: {one_line(internal_error_line(e, log))}", file=sys.stderr)
        return EXIT_INTERNAL
