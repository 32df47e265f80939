"""Subcommands for results: ``report`` (the unit's year report) and ``rollup`` (the red thread per plan
goal and SDG for a year). The format follows the output file's extension (.pdf, .csv, .json)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from enhetsdialog.cli_common import check_output, services_for, write_output
from enhetsdialog.cli_support import escape_controls, reference, year
from enhetsdialog.i18n import _


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[db], help=_("lag årsrapporten for en avtale (PDF/A, CSV eller JSON)"))
    p.add_argument("id", type=reference, help=_("avtalens id (eller de første tegnene av den)"))
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar=_("FIL"),
        help=_("filen rapporten skrives til: .pdf, .csv eller .json (mappen må finnes)"),
    )
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("rollup", parents=[db], help=_("den røde tråden: enhetenes bidrag per planmål og bærekraftsmål"))
    p.add_argument("--year", type=year, required=True, metavar=_("ÅR"), help=_("året avtalene gjelder"))
    p.add_argument("--area", metavar=_("NAVN"), help=_("bare dette tjenesteområdet"))
    p.add_argument(
        "-o", "--output", type=Path, metavar=_("FIL"),
        help=_("skriv til .json, .csv eller .pdf (ellers en tabell i terminalen)"),
    )
    p.set_defaults(handler=cmd_rollup)


def _target(path: Path) -> str:
    """The format of ``path`` by its extension; refused at once when it cannot be written."""
    # services load only when a command runs: --help stays fast
    from enhetsdialog.services.year_report import format_of

    fmt = format_of(path)
    check_output(path)
    return fmt


def cmd_report(args: argparse.Namespace) -> int:
    fmt = _target(args.output)
    with services_for(args, auto_backup=False) as services:
        data = services.reports.year_report_bytes(services.agreements.resolve_id(args.id), fmt)
    write_output(args.output, data)
    print(_("Skrev årsrapporten til {path} ({size} kB).", path=str(args.output), size=max(1, len(data) // 1024)))
    return 0


def cmd_rollup(args: argparse.Namespace) -> int:
    fmt = _target(args.output) if args.output is not None else None
    with services_for(args, auto_backup=False) as services:
        if fmt is not None:
            data = services.rollup.export_bytes(args.year, args.area, fmt)
        else:
            rollup = services.rollup.rollup(args.year, args.area)
    if fmt is not None:
        write_output(args.output, data)
        print(_("Skrev den røde tråden for {year} til {path} ({size} kB).", year=args.year, path=str(args.output),
                size=max(1, len(data) // 1024)))  # fmt: skip
        return 0
    for line in rollup_lines(rollup):
        print(line)
    return 0


def rollup_lines(r: Any) -> list[str]:
    """The roll-up as a table on the terminal (names escaped: no control characters reach it)."""
    # the domain model loads only when the command runs (--help stays fast)
    from enhetsdialog.domain.rollup import Contribution, plan_title

    def e(text: str, limit: int = 70) -> str:
        text = escape_controls(" ".join(text.split()))
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def contribution(c: Contribution, indent: str) -> str:
        counts = c.status_counts()
        statuses = ", ".join(f"{s.label} {n}" for s, n in counts.items()) or _("ingen indikatorer")
        verdict = c.assessment.label if c.assessment else _("ikke vurdert")
        return (
            f"{indent}{e(c.unit_name, 40)} ({c.agreement_status.label.lower()}) – "
            + _("mål {n}: {text}", n=c.goal_number, text=e(c.goal_text, 50))
            + f" – {statuses} – {verdict}"
        )

    area = r.area or _("alle tjenesteområder")
    out = [_("Den røde tråden {year} – {area}: {n} avtaler", year=r.year, area=e(area), n=r.agreements), ""]
    plan_id = None
    for row in r.plan_goals:
        if row.plan.id != plan_id:
            plan_id = row.plan.id
            out.append(e(plan_title(row.plan.kind.label, row.plan.name), 100))
        indent = "  " * (row.depth + 1)
        head = f"{indent}{e(row.plan_goal.code, 12)} {e(row.plan_goal.text, 80)}"
        if row.nobody:
            out.append(f"{head}  — " + _("ingen enhet bidrar"))
            continue
        if not row.contributions:
            out.append(f"{head}  — " + _("ingen enhet direkte; {n} via delmål", n=row.units_via_subgoals))
            continue
        out.append(head)
        out += [contribution(c, indent + "    ") for c in row.contributions]
    out += ["", _("Bærekraftsmål")]
    for s in r.sdgs:
        if s.nobody:
            out.append(f"  {s.sdg.number:2} {s.sdg.name} — " + _("ingen enhet bidrar"))
        else:
            out.append(f"  {s.sdg.number:2} {s.sdg.name}: " + _("{n} enheter", n=s.units))
    if r.unlinked:
        out += ["", _("Mål uten kobling til et planmål")]
        out += [contribution(c, "  ") for c in r.unlinked]
    return out
