"""Subcommands for follow-up during the year: measure, progress, assess, learned, followup and
import-measurements. They work on signed and archived agreements too (follow-up is not part of
the signed text).

IND, MÅL and ACT are ids, unique id prefixes or unique case-insensitive name prefixes. Refusals are
EnhetsdialogError subclasses: ``cli.main`` prints their one line on stderr and exits 1; argparse
refuses malformed arguments with one line and exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enhetsdialog.cli_common import services_for
from enhetsdialog.cli_support import escape_controls, reference
from enhetsdialog.domain.enums import Assessment, ItemKind, ProgressStatus
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.values import format_decimal
from enhetsdialog.fileio import read_user_file
from enhetsdialog.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from enhetsdialog.domain.followup import FollowUp, IndicatorTrack
    from enhetsdialog.services import Services

RESULTS = {"nådd": "nådd", "delvis": "delvis_nådd", "ikke": "ikke_nådd"}
STATUSES = {"planlagt": "planlagt", "i-gang": "i_gang", "fullført": "fullført", "utsatt": "utsatt", "avlyst": "avlyst"}
MAX_ARG = 20_000  # characters of a text argument; the services check their own limits too


def _text(value: str) -> str:
    if len(value) > MAX_ARG:
        raise argparse.ArgumentTypeError(_("teksten er for lang ({n} tegn; høyst {limit})", n=len(value), limit=MAX_ARG))
    return value


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    agreement_help = _("avtalens id (eller de første tegnene av den)")

    def command(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        """A subcommand about one agreement: its id first."""
        p: argparse.ArgumentParser = sub.add_parser(name, parents=[db], help=help_text)
        p.add_argument("id", type=reference, help=agreement_help)
        p.set_defaults(handler=handler)
        return p

    p = command("measure", _("registrer en målt verdi for en indikator og periode"), cmd_measure)
    p.add_argument("--indicator", required=True, type=_text, metavar=_("IND"),
                   help=_("indikatorens id, de første tegnene av den eller begynnelsen av navnet"))
    p.add_argument("--period", required=True, type=_text, metavar=_("PERIODE"),
                   help=_("perioden etter indikatorens frekvens: 2026, 2026-H1, 2026-T2, 2026-Q3 eller 2026-03"))
    p.add_argument("--value", required=True, type=_text, metavar=_("VERDI"), help=_("verdien, med desimalkomma: 7,8"))
    p.add_argument("--comment", default="", type=_text, metavar=_("TEKST"), help=_("kommentar"))
    p.add_argument("--source", default="", type=_text, metavar=_("KILDE"), help=_("hvor verdien kommer fra"))
    p.add_argument("--date", default=None, type=_text, metavar=_("DD.MM.ÅÅÅÅ"), help=_("datoen verdien ble målt"))

    p = command("progress", _("sett status for et tiltak i løpet av året"), cmd_progress)
    p.add_argument("--activity", required=True, type=_text, metavar=_("TILTAK"),
                   help=_("tiltakets id, de første tegnene av den eller begynnelsen av teksten"))
    p.add_argument("--status", required=True, choices=list(STATUSES), help=_("hvor langt tiltaket er kommet"))
    p.add_argument("--comment", default="", type=_text, metavar=_("TEKST"), help=_("kommentar"))

    p = command("assess", _("vurder et mål ved årets slutt"), cmd_assess)
    p.add_argument("--goal", required=True, type=_text, metavar=_("MÅL"),
                   help=_("målets id, de første tegnene av den eller begynnelsen av målformuleringen"))
    p.add_argument("--result", required=True, choices=list(RESULTS), help=_("nådd, delvis (nådd) eller ikke (nådd)"))
    p.add_argument("--reflection", default="", type=_text, metavar=_("TEKST"), help=_("refleksjon"))

    p = command("learned", _("skriv «Hva lærte vi?» for avtalen"), cmd_learned)
    p.add_argument("--worked", type=_text, metavar=_("TEKST"), help=_("hva som virket"))
    p.add_argument("--did-not-work", type=_text, metavar=_("TEKST"), help=_("hva som ikke virket"))
    p.add_argument("--courage", type=_text, metavar=_("TEKST"), help=_("tegn på mot vi så i praksis"))

    command("followup", _("vis oppfølgingen av en avtale: målinger, status, tiltak, vurderinger"), cmd_followup)

    p = sub.add_parser("import-measurements", parents=[db],
                       help=_("importer målte verdier fra en CSV-fil (alt eller ingenting, se docs/oppfolging.md)"))
    p.add_argument("file", type=Path, metavar=_("FIL"), help=_("CSV-filen (kolonnene indikator, periode, verdi …)"))
    p.add_argument("--agreement", type=reference, metavar=_("ID"),
                   help=_("avtalen radene gjelder når filen ikke har kolonnen «avtale»"))
    p.set_defaults(handler=cmd_import_measurements)


@contextlib.contextmanager
def _agreement(args: argparse.Namespace, *, auto_backup: bool = True) -> Iterator[tuple[Services, str]]:
    """The services over the chosen database and the agreement ``args.id`` names, for a ``with``
    block (closed after it)."""
    with services_for(args, auto_backup=auto_backup) as services:
        yield services, services.agreements.resolve_id(args.id)


def cmd_measure(args: argparse.Namespace) -> int:
    with _agreement(args) as (services, rid):
        iid = services.followup.resolve_item(rid, ItemKind.INDICATOR, args.indicator)
        services.followup.record_measurement(
            rid, iid, args.period, args.value, measured_on=args.date, source=args.source, comment=args.comment
        )
        track = services.followup.followup(rid).track(iid)
    latest = track.latest
    print(_("{indicator}: {period} er registrert ({value}). Status: {status}.",
            indicator=escape_controls(track.indicator.name), period=_period_label(latest.period if latest else ""),
            value=_number(latest.value if latest else None), status=track.status.label))
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    with _agreement(args) as (services, rid):
        aid = services.followup.resolve_item(rid, ItemKind.ACTIVITY, args.activity)
        services.followup.set_progress(rid, aid, STATUSES[args.status], args.comment)
    print(_("Tiltaket er satt til «{status}».", status=ProgressStatus(STATUSES[args.status]).label))
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    with _agreement(args) as (services, rid):
        gid = services.followup.resolve_item(rid, ItemKind.GOAL, args.goal)
        services.followup.assess_goal(rid, gid, RESULTS[args.result], args.reflection)
    print(_("Målet er vurdert: {result}.", result=Assessment(RESULTS[args.result]).label))
    return 0


def cmd_learned(args: argparse.Namespace) -> int:
    if args.worked is None and args.did_not_work is None and args.courage is None:
        raise ValidationError(N_("Oppgi minst ett av --worked, --did-not-work og --courage."))
    with _agreement(args) as (services, rid):
        old = services.agreements.get(rid).learning
        keep = (old.worked, old.did_not_work, old.courage) if old else ("", "", "")
        new = [v if v is not None else k for v, k in zip((args.worked, args.did_not_work, args.courage), keep, strict=True)]
        services.followup.set_learning(rid, *new)
    print(_("«Hva lærte vi?» er lagret."))
    return 0


def cmd_import_measurements(args: argparse.Namespace) -> int:
    # cold start: the CSV reader (csv, dataclasses: ~8 ms) loads when the command runs, not for --help
    from enhetsdialog.domain.measurement_csv import MAX_BYTES

    data = read_user_file(args.file, max_bytes=MAX_BYTES, what=N_("CSV-filen"))
    with services_for(args) as services:
        rid = services.agreements.resolve_id(args.agreement) if args.agreement else None
        changes = services.followup.import_measurements_csv(data, rid)
    n, replaced = changes.details.get("rows", 0), changes.details.get("replaced", 0)
    print(_("{rows} importert ({replaced} erstattet) i {agreements}.",
            rows=ngettext("{n} måling", "{n} målinger", n), replaced=replaced,
            agreements=ngettext("{n} avtale", "{n} avtaler", len(changes.followup))))
    return 0


# --- the table -------------------------------------------------------------------------------------


def _number(value: Any) -> str:
    # cold start: domain.rules brings the domain model (~20 ms), which --help does without
    from enhetsdialog.domain.rules import format_grouped

    return format_grouped(value) if value is not None else "–"


def _period_label(text: str) -> str:
    # cold start: as in _number
    from enhetsdialog.domain.followup import period_of

    try:
        return period_of(text).label
    except ValidationError:
        return escape_controls(text)


def _track_line(t: IndicatorTrack) -> tuple[str, str, str, str]:
    ind = t.indicator
    unit = f" ({escape_controls(ind.unit_of_measure)})" if ind.unit_of_measure else ""
    values = " · ".join(f"{_number(m.value)} ({escape_controls(m.period)})" for m in t.measurements) or "–"
    series = f"{_number(ind.baseline_value)} → {values} → {_number(ind.target_value)}"
    due = t.next_due.label if t.next_due is not None else "–"
    if t.overdue:
        due = _("{period} (forfalt)", period=due)
    return escape_controls(ind.name) + unit, series, t.status.label, due


def format_followup(fu: FollowUp) -> str:
    lines: list[str] = []
    for n, g in enumerate(fu.goals, 1):
        lines.append(_("Mål {n}: {text}", n=n, text=escape_controls(" ".join(g.goal.text.split())[:200])))
        rows = [_track_line(t) for t in g.tracks]
        if rows:
            head = (_("Indikator"), _("Nå → målinger → mål"), _("Status"), _("Neste"))
            widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
            for r in [head, *rows]:
                lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r[:3], widths, strict=True)) + "  " + r[3])
            for t in g.tracks:
                if t.last_year:
                    values = " · ".join(f"{format_decimal(m.value)} ({m.period})" for m in t.last_year[-12:])
                    lines.append("  " + _("I fjor, {name}: {values}", name=escape_controls(t.indicator.name[:60]),
                                          values=values))
        for a in g.goal.activities:
            p = g.progress.get(a.id)
            status = g.progress_of(a.id).label
            comment = f" – {escape_controls(p.comment)}" if p is not None and p.comment else ""
            lines.append("  " + _("Tiltak: {what}: {status}", what=escape_controls(a.what[:120]), status=status) + comment)
        if g.assessment is not None:
            reflection = f" – {escape_controls(g.assessment.reflection)}" if g.assessment.reflection else ""
            lines.append("  " + _("Vurdering: {result}", result=g.assessment.assessment.label) + reflection)
        lines.append("")
    le = fu.learning
    if le is not None and not le.is_empty():
        lines.append(_("Hva lærte vi?"))
        for label, text in ((_("Dette virket"), le.worked), (_("Dette virket ikke"), le.did_not_work),
                            (_("Tegn på mot"), le.courage)):
            if text.strip():
                lines.append(f"  {label}: {escape_controls(text)}")
    if not fu.goals:
        lines.append(_("Avtalen har ingen mål ennå."))
    return "\n".join(lines).rstrip()


def cmd_followup(args: argparse.Namespace) -> int:
    with _agreement(args, auto_backup=False) as (services, rid):
        fu = services.followup.followup(rid)
    print(format_followup(fu))
    return 0
