"""``enhetsdialog trust add|list|remove``: the municipality's trust anchors (issuing CAs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from enhetsdialog.cli_common import open_services_for
from enhetsdialog.domain.identity import MAX_CERTIFICATE_FILE
from enhetsdialog.fileio import read_user_file
from enhetsdialog.i18n import N_, _, ngettext


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "trust",
        parents=[db],
        help=_("betrodde sertifikatutstedere: med minst én må hver signatur være utstedt av en av dem"),
    )
    actions = p.add_subparsers(dest="trust_action", metavar=_("HANDLING"), required=True, parser_class=type(p))
    a = actions.add_parser("add", parents=[db], help=_("legg til utstederens sertifikat (PEM eller DER)"))
    a.add_argument("file", type=Path, metavar=_("FIL.pem"), help=_("sertifikatfilen til utstederen (CA)"))
    a.set_defaults(handler=cmd_trust_add)
    a = actions.add_parser("list", parents=[db], help=_("vis de betrodde utstederne"))
    a.set_defaults(handler=cmd_trust_list)
    a = actions.add_parser("remove", parents=[db], help=_("fjern en betrodd utsteder"))
    a.add_argument("fingerprint", metavar=_("SHA256"), help=_("de første tegnene (minst 8) av fingeravtrykket, se «trust list»"))
    a.set_defaults(handler=cmd_trust_remove)


def _services(args: argparse.Namespace) -> Any:
    return open_services_for(args, auto_backup=False)


def cmd_trust_add(args: argparse.Namespace) -> int:
    data = read_user_file(args.file, max_bytes=MAX_CERTIFICATE_FILE, what=N_("et sertifikat"))
    services = _services(args)
    try:
        changes = services.signing.trust.add(data)
        anchors = services.signing.trust.anchors()
    finally:
        services.close()
    added = changes.details.get("added", 0)
    if not added:
        print(_("Utstederen var allerede betrodd; ingenting er endret."))
        return 0
    print(ngettext("La til {n} betrodd utsteder.", "La til {n} betrodde utstedere.", added))
    for a in anchors:
        if not a.is_ca:
            print(
                _("Merk: «{subject}» er ikke et CA-sertifikat; bare signaturer med akkurat dette sertifikatet godtas.", subject=a.subject),
                file=sys.stderr,
            )
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        anchors = services.signing.trust.anchors()
    finally:
        services.close()
    if not anchors:
        print(
            _(
                "Ingen betrodde utstedere. Signaturer godtas da uten at utstederen er kjent, og det sies tydelig. "
                "Legg til kommunens utsteder med «enhetsdialog trust add FIL.pem»."
            )
        )
        return 0
    for a in anchors:
        print(f"{a.sha256[:16]}  {a.subject}  ({_('gyldig til {date}', date=a.not_after[:10])})")
    return 0


def cmd_trust_remove(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        services.signing.trust.remove(args.fingerprint)
    finally:
        services.close()
    print(_("Utstederen er fjernet."))
    return 0
