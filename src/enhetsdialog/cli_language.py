"""``enhetsdialog municipality [--language nb|nn|en]``: the municipality's written language (its
agreements' PDFs and reports are written in it), and ``enhetsdialog language [nb|nn|en|auto]``: the
user's own interface language (kept in the profile file). ``ENHETSDIALOG_LANG`` overrides the
interface language for one run. See docs/i18n.md."""

from __future__ import annotations

import argparse
from typing import Any

from enhetsdialog.cli_archive import municipality_named
from enhetsdialog.cli_common import open_services_for
from enhetsdialog.i18n import ENV_OVERRIDE, LANGUAGE_NAMES, LANGUAGES, _, set_language


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("municipality", parents=[db], help=_("vis eller endre kommunens skriftspråk"))
    p.add_argument(
        "--language",
        choices=LANGUAGES,
        help=_("kommunens skriftspråk: avtalenes PDF-er og rapporter skrives på det (nb, nn eller en)"),
    )
    p.add_argument("--kommune", metavar=_("NAVN"), help=_("kommunens navn, nummer eller id (trengs når det er flere)"))
    p.set_defaults(handler=cmd_municipality)

    p = sub.add_parser("language", parents=[db], help=_("vis eller velg ditt eget språk i programmet"))
    p.add_argument(
        "choice",
        nargs="?",
        choices=(*LANGUAGES, "auto"),
        help=_("nb, nn eller en; auto: følg kommunens skriftspråk"),
    )
    p.set_defaults(handler=cmd_language)


def _name(code: str) -> str:
    return _("{name} ({code})", name=LANGUAGE_NAMES[code], code=code)


def cmd_municipality(args: argparse.Namespace) -> int:
    services = open_services_for(args)
    try:
        m = municipality_named(services, args.kommune)
        if args.language:
            services.settings.set_municipality_language(m.id, args.language)
            print(_("Skriftspråket for {name} er nå {language}.", name=m.name, language=_name(args.language)))
        else:
            code = services.settings.municipality_language(m.id)
            print(_("Skriftspråket for {name}: {language}.", name=m.name, language=_name(code)))
    finally:
        services.close()
    return 0


def cmd_language(args: argparse.Namespace) -> int:
    services = open_services_for(args)
    try:
        if args.choice:
            services.settings.set_user_language(None if args.choice == "auto" else args.choice)
            set_language(services.settings.interface_language())
        own = services.settings.user_language()
        shown = services.settings.interface_language()
        if own is None:
            print(_("Du følger kommunens skriftspråk: {language}.", language=_name(shown)))
        else:
            print(_("Ditt språk: {language}.", language=_name(own)))
        if own is not None and shown != own:
            print(_("{variable} gjelder for denne kjøringen: {language}.", variable=ENV_OVERRIDE, language=_name(shown)))
    finally:
        services.close()
    return 0
