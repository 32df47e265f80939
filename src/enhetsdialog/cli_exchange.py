"""Subcommands for agreement packages between machines: export, import, conflicts, resolve-conflict.

``conflicts`` lists both kinds: revisions whose text was edited on both sides, and follow-up records
(measurements, progress, assessments, «Hva lærte vi?») changed or removed on both sides;
``resolve-conflict ID --keep local|incoming`` chooses for a text, with ``--post NØKKEL`` for one
follow-up record (the key ``conflicts`` shows; a unique prefix of it will do).

Refusals are EnhetsdialogError subclasses (PackageError, NotFoundError, ...): ``cli.main`` prints
their one line on stderr and exits 1. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enhetsdialog.cli_common import open_services_for
from enhetsdialog.cli_support import reference
from enhetsdialog.domain.errors import NotFoundError
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.fileio import read_user_file
from enhetsdialog.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from enhetsdialog.services import Services


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[db], help=_("lagre en avtale som avtalepakke (.enhetsavtale) til den andre parten"))
    p.add_argument("id", type=reference, help=_("avtalens id (eller de første tegnene av den)"))
    p.add_argument(
        "-o", "--output", type=Path, metavar=_("FIL"),
        help=_("pakkefilen (ellers et navn med enhet, år og revisjon); mappen må finnes"),
    )
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", parents=[db], help=_("les inn en avtalepakke fra den andre parten"))
    p.add_argument("file", type=Path, metavar=_("FIL"), help=_("avtalepakken (.enhetsavtale)"))
    p.add_argument("--json", action="store_true", help=_("skriv rapporten som JSON"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "conflicts", parents=[db],
        help=_("vis avtaler der teksten eller oppfølgingen er endret både her og hos den andre parten"),
    )
    p.add_argument("--json", action="store_true", help=_("skriv JSON"))
    p.set_defaults(handler=cmd_conflicts)

    p = sub.add_parser("resolve-conflict", parents=[db], help=_("velg hvilken versjon som skal gjelde i en konflikt"))
    p.add_argument("id", type=reference, help=_("revisjonens id (eller de første tegnene av den)"))
    p.add_argument(
        "--keep",
        required=True,
        choices=["local", "incoming"],
        help=_("local: behold din versjon; incoming: ta den innkomne"),
    )
    p.add_argument(
        "--post", metavar=_("NØKKEL"),
        help=_("velg for én oppfølgingspost i konflikt (nøkkelen som «conflicts» viser, eller starten av den) "
               "i stedet for avtalens tekst"),
    )
    p.set_defaults(handler=cmd_resolve)


def _services(args: argparse.Namespace, *, auto_backup: bool = True, create: bool = False) -> Services:
    return open_services_for(args, auto_backup=auto_backup, create=create)


def cmd_export(args: argparse.Namespace) -> int:
    services = _services(args, auto_backup=False)
    try:
        rid = services.agreements.resolve_id(args.id)
        output: Path = args.output or Path(services.exchange.suggested_filename(rid))
        result = services.exchange.export_to(rid, output)
    finally:
        services.close()
    print(
        _(
            "{unit} {year}: {revisions} og {remarks} er lagret i {path} ({size}).",
            unit=result.unit_name,
            year=result.year,
            revisions=ngettext("{n} revisjon", "{n} revisjoner", result.revisions),
            remarks=ngettext("{n} merknad", "{n} merknader", result.remarks),
            path=str(result.path),
            size=_size(result.size),
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    # lazy: the package format (jsonschema) loads only when a package is read
    from enhetsdialog.exchange.package import MAX_UNPACKED

    # the file first: a package that cannot be read never touches (or creates) the database
    data = read_user_file(args.file, max_bytes=MAX_UNPACKED, what=N_("en avtalepakke"), error=PackageError)
    services = _services(args, create=True)  # an automatic backup first (at most daily), as for other imports
    try:
        report = services.exchange.import_bytes(data)
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
            print(_("Se «enhetsdialog conflicts» og velg med «enhetsdialog resolve-conflict ID --keep local|incoming»."))
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    services = _services(args, auto_backup=False)
    try:
        conflicts = services.exchange.conflicts()
        described = services.exchange.described_followup_conflicts()
        followup = [f for f, _text in described]
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
                ]
                + [
                    {
                        "revision_id": f.revision_id,
                        "followup_key": f.key,
                        "record_kind": f.kind.value,
                        "local": None if f.local_removed else f.local,
                        "incoming": None if f.incoming_removed else f.incoming,
                        "local_removed": f.local_removed,
                        "incoming_removed": f.incoming_removed,
                    }
                    for f in followup
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not conflicts and not followup:
        print(_("Ingen konflikter."))
        return 0
    for c in conflicts:
        signed = " " + _("Den innkomne versjonen er signert av den andre parten.") if c.incoming_signed else ""
        line = _(
            "{unit} {year}, revisjon {number}: din versjon → den innkomne.", unit=c.unit_name, year=c.year, number=c.number
        )
        print(f"{c.revision_id[:8]}  {line}{signed}")
        for d in c.differences:
            print(f"    {d.description}")
    for f, t in described:
        line = _("{head}: oppfølging, {what}: din versjon {local} → den innkomne {incoming}.",
                 head=t.head, what=t.what, local=t.local, incoming=t.incoming)
        print(f"{f.revision_id[:8]}  {line}")
        if t.subject:
            print(f"    {t.subject}")
        print("    " + _("nøkkel: {key}", key=f.key))
    if followup:
        print(_("Velg for en oppfølgingspost med «enhetsdialog resolve-conflict ID --post NØKKEL --keep local|incoming»."))
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        rid = services.agreements.resolve_id(args.id)
        if args.post is None:
            services.exchange.resolve_conflict(rid, args.keep)
        else:
            wanted = args.post.strip()
            keys = [f.key for f in services.exchange.followup_conflicts() if f.revision_id == rid]
            hits = [k for k in keys if k == wanted] or [k for k in keys if wanted and k.startswith(wanted)]
            if len(hits) != 1:
                raise NotFoundError(
                    N_("Fant ingen oppfølgingspost i konflikt med nøkkelen «{key}» i denne revisjonen.", key=wanted[:80])
                    if not hits else
                    N_("«{key}» passer med flere oppfølgingsposter i konflikt; oppgi mer av nøkkelen.", key=wanted[:80])
                )
            services.exchange.resolve_followup_conflict(rid, hits[0], args.keep)
    finally:
        services.close()
    print(_("Din versjon er beholdt.") if args.keep == "local" else _("Den innkomne versjonen gjelder nå."))
    return 0


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} kB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
