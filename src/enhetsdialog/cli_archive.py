"""``enhetsdialog archive-settings show|set|reset``: the archive's codes (arkivdel, klassifikasjon) for a
municipality's agreements, carried into every arkivmelding (docs/arkiv.md)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from enhetsdialog.cli_common import open_services_for
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.exchange.arkiv_settings import LABELS
from enhetsdialog.i18n import N_, _

_OPTIONS = (
    ("--arkivdel", "arkivdel", N_("arkivdelens kode i arkivet")),
    ("--arkivdel-beskrivelse", "arkivdel_beskrivelse", N_("arkivdelens navn")),
    ("--klassifikasjonssystem", "klassifikasjonssystem", N_("klassifikasjonssystemets id")),
    ("--klasse", "klasse", N_("klassens id (klasseID)")),
    ("--klasse-tittel", "klasse_tittel", N_("klassens tittel")),
    ("--journalenhet", "journalenhet", N_("journalenhet (tom: ingen)")),
)


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "archive-settings", parents=[db], help=_("arkivdel og klassifikasjon som arkivmeldingene får, per kommune")
    )
    actions = p.add_subparsers(dest="archive_action", metavar=_("HANDLING"), required=True, parser_class=type(p))
    show = actions.add_parser("show", parents=[db], help=_("vis innstillingene"))
    show.add_argument("--json", action="store_true", help=_("skriv JSON"))
    change = actions.add_parser("set", parents=[db], help=_("endre en eller flere innstillinger"))
    for flag, dest, text in _OPTIONS:
        change.add_argument(flag, dest=dest, metavar=_("TEKST"), help=str(text))
    reset = actions.add_parser("reset", parents=[db], help=_("tilbake til standardverdiene"))
    for a, handler in ((show, cmd_show), (change, cmd_set), (reset, cmd_reset)):
        a.add_argument("--kommune", metavar=_("NAVN"), help=_("kommunens navn, nummer eller id (trengs når det er flere)"))
        a.set_defaults(handler=handler)


def municipality_named(services: Any, wanted: str | None) -> Any:
    """The municipality ``wanted`` names (name, number or id), or the only one when it is None."""
    found = services.org.municipalities()
    if not found:
        raise NotFoundError(_("Databasen har ingen kommune ennå."))
    if wanted is None:
        if len(found) > 1:
            raise ValidationError(
                _("Databasen har flere kommuner; velg en med --kommune ({names}).", names=", ".join(m.name for m in found))
            )
        return found[0]
    key = wanted.strip().casefold()
    for m in found:
        if key in (m.id.casefold(), m.name.casefold(), (m.number or "").casefold()):
            return m
    raise NotFoundError(_("Fant ikke kommunen «{name}».", name=wanted))


def _print(municipality: Any, settings: Any) -> None:
    print(_("Arkivinnstillinger for {name}:", name=municipality.name))
    for name, value in asdict(settings).items():
        print(f"  {LABELS[name]}: {value or '–'}")
    if settings.is_default:
        print(_("Dette er standardverdiene; sett arkivets egne verdier før første levering."))


def cmd_show(args: argparse.Namespace) -> int:
    services = open_services_for(args, auto_backup=False)
    try:
        m = municipality_named(services, args.kommune)
        settings = services.settings.archive_settings(m.id)
    finally:
        services.close()
    if args.json:
        print(json.dumps({"kommune": m.name, "default": settings.is_default, **asdict(settings)}, ensure_ascii=False, indent=2))
    else:
        _print(m, settings)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    values = {dest: getattr(args, dest) for _flag, dest, _text in _OPTIONS}
    if all(v is None for v in values.values()):
        raise ValidationError(_("Oppgi minst én innstilling, for eksempel --arkivdel KODE."))
    services = open_services_for(args)
    try:
        m = municipality_named(services, args.kommune)
        services.settings.set_archive_settings(m.id, values)
        settings = services.settings.archive_settings(m.id)
    finally:
        services.close()
    _print(m, settings)
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    services = open_services_for(args)
    try:
        m = municipality_named(services, args.kommune)
        services.settings.reset_archive_settings(m.id)
        settings = services.settings.archive_settings(m.id)
    finally:
        services.close()
    _print(m, settings)
    return 0

