"""Subcommands for agreement packages between machines: export, import, conflicts, resolve-conflict.

Refusals are EnhetsdialogError subclasses (PackageError, NotFoundError, ...): ``cli.main`` prints
their one line on stderr and exits 1. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enhetsdialog.cli_common import open_services_for

if TYPE_CHECKING:
    from enhetsdialog.services import Services


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[db], help="lagre en avtale som avtalepakke (.enhetsavtale) til den andre parten")
    p.add_argument("id", help="avtalens id (eller de første tegnene av den)")
    p.add_argument("-o", "--output", type=Path, help="pakkefilen (ellers et navn med enhet, år og revisjon)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", parents=[db], help="les inn en avtalepakke fra den andre parten")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="skriv rapporten som JSON")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("conflicts", parents=[db], help="vis avtaler der teksten er endret både her og hos den andre parten")
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.set_defaults(handler=cmd_conflicts)

    p = sub.add_parser("resolve-conflict", parents=[db], help="velg hvilken versjon som skal gjelde i en konflikt")
    p.add_argument("id", help="revisjonens id (eller de første tegnene av den)")
    p.add_argument(
        "--keep",
        required=True,
        choices=["local", "incoming"],
        help="local: behold din versjon; incoming: ta den innkomne",
    )
    p.set_defaults(handler=cmd_resolve)


def _services(args: argparse.Namespace, *, auto_backup: bool = True) -> Services:
    return open_services_for(args, auto_backup=auto_backup)


def cmd_export(args: argparse.Namespace) -> int:
    services = _services(args, auto_backup=False)
    try:
        rid = services.agreements.resolve_id(args.id)
        output: Path = args.output or Path(services.exchange.suggested_filename(rid))
        result = services.exchange.export_to(rid, output)
    finally:
        services.close()
    n = result.revisions
    print(
        f"{result.unit_name} {result.year}: {n} {'revisjon' if n == 1 else 'revisjoner'} og "
        f"{result.remarks} {'merknad' if result.remarks == 1 else 'merknader'} er lagret i {result.path} "
        f"({_size(result.size)})."
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    services = _services(args)  # an automatic backup first (at most daily), as for other imports
    try:
        report = services.exchange.import_file(args.file)
    finally:
        services.close()
    if args.json:
        print(
            json.dumps(
                {
                    "agreement_id": report.agreement_id,
                    "revision_id": report.revision_id,
                    "unit": report.unit_name,
                    "year": report.year,
                    "changed": report.changed,
                    "agreement_created": report.agreement_created,
                    "revisions_added": report.revisions_added,
                    "revisions_updated": report.revisions_updated,
                    "remarks_added": report.remarks_added,
                    "remarks_updated": report.remarks_updated,
                    "replies_added": report.replies_added,
                    "signatures_added": report.signatures_added,
                    "documents_updated": report.documents_updated,
                    "status_changes": report.status_changes,
                    "conflicts": list(report.conflicts),
                    "skipped": list(report.skipped),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print("\n".join(report.summary()))
        if report.conflicts:
            print("Se «enhetsdialog conflicts» og velg med «enhetsdialog resolve-conflict ID --keep local|incoming».")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    services = _services(args, auto_backup=False)
    try:
        conflicts = services.exchange.conflicts()
    finally:
        services.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "revision_id": c.revision_id,
                        "agreement_id": c.agreement_id,
                        "unit": c.unit_name,
                        "year": c.year,
                        "revision": c.number,
                        "local_fingerprint": c.local_fingerprint,
                        "incoming_fingerprint": c.incoming_fingerprint,
                        "incoming_signed": c.incoming_signed,
                        "differences": [
                            {"kind": d.kind.value, "item_kind": d.subject, "section": d.section.value, "description": d.description}
                            for d in c.differences
                        ],
                    }
                    for c in conflicts
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not conflicts:
        print("Ingen konflikter.")
        return 0
    for c in conflicts:
        signed = " Den innkomne versjonen er signert av den andre parten." if c.incoming_signed else ""
        print(f"{c.revision_id[:8]}  {c.unit_name} {c.year}, revisjon {c.number}: din versjon → den innkomne.{signed}")
        for d in c.differences:
            print(f"    {d.description}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        rid = services.agreements.resolve_id(args.id)
        services.exchange.resolve_conflict(rid, args.keep)
    finally:
        services.close()
    print("Din versjon er beholdt." if args.keep == "local" else "Den innkomne versjonen gjelder nå.")
    return 0


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} kB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
