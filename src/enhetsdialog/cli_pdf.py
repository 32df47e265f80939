"""Subcommands for the signed archival PDF: pdf, sign, verify, archive, certificate."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from enhetsdialog.cli_common import open_services_for
from enhetsdialog.domain.errors import EnhetsdialogError, ValidationError


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("pdf", parents=[db], help="skriv avtalen som PDF/A (den signerte når den finnes)")
    p.add_argument("id")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--uten-merknader", dest="remarks", action="store_false", help="uten vedlegget med merknader")
    p.set_defaults(handler=cmd_pdf)

    p = sub.add_parser("sign", parents=[db], help="signer en avtale med status enighet")
    p.add_argument("id")
    p.add_argument("--role", required=True, choices=["leder", "direktor"])
    p.add_argument("--cert", type=Path, required=True, help="PKCS#12-fil (.p12/.pfx)")
    p.add_argument("--password-env", metavar="VAR", help="miljøvariabelen som har passordet (ellers spørres du)")
    p.set_defaults(handler=cmd_sign)

    p = sub.add_parser("verify", parents=[db], help="kontroller signaturene i en PDF")
    p.add_argument("file", type=Path)
    p.add_argument("--trust", type=Path, action="append", default=[], metavar="CA.pem", help="sertifikatutsteder å stole på")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("archive", parents=[db], help="eksporter årets signerte avtaler til arkivet")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="CA.pem",
        help="en betrodd utsteder for denne kjøringen (i tillegg til databasens, se «enhetsdialog trust»)",
    )
    p.set_defaults(handler=cmd_archive)

    p = sub.add_parser("certificate", parents=[db], help="lag et personlig (selvsignert) signeringssertifikat")
    p.add_argument("--name", required=True)
    p.add_argument("--email")
    p.add_argument("--password-env", metavar="VAR")
    p.set_defaults(handler=cmd_certificate)


def _services(args: argparse.Namespace, *, auto_backup: bool = True) -> Any:
    return open_services_for(args, auto_backup=auto_backup)


def _password(var: str | None, prompt: str, *, confirm: bool = False) -> bytes:
    if var:
        value = os.environ.get(var)
        if value is None:
            raise ValidationError(f"Miljøvariabelen {var} er ikke satt.")
        return value.encode("utf-8")
    if not sys.stdin.isatty():
        raise ValidationError("Oppgi passordet med --password-env VAR når det ikke kan spørres om.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Gjenta passordet: ") != first:
        raise ValidationError("Passordene er ikke like.")
    return first.encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    from enhetsdialog.services.files import write_atomic

    try:
        write_atomic(path, data)
    except OSError as e:
        raise EnhetsdialogError(f"Kan ikke skrive «{path}»: {e.strerror}.") from e


def cmd_pdf(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        rid = services.agreements.resolve_id(args.id)
        data = services.signing.pdf(rid, include_remarks=args.remarks)
    finally:
        services.close()
    _write(args.output, data)
    print(f"Skrev {args.output} ({len(data) // 1024} kB).")
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    try:
        p12 = args.cert.read_bytes()
    except OSError as e:
        raise EnhetsdialogError(f"Kan ikke lese sertifikatfilen «{args.cert}»: {e.strerror}.") from e
    password = _password(args.password_env, f"Passord for {args.cert.name}: ")
    services = _services(args)
    try:
        rid = services.agreements.resolve_id(args.id)
        preview = services.signing.preview(rid, args.role, p12, password)
        services.signing.sign(rid, args.role, p12, password)
        status = services.agreements.revision(rid).status
    finally:
        services.close()
    issuer = "selvsignert – utstederen er ikke en kjent sertifikatutsteder" if preview.certificate.self_signed else preview.certificate.issuer
    print(f"Signert som {preview.role.label.lower()} {preview.name} ({preview.certificate.subject}; {issuer}).")
    print(f"Status nå: {status.label}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from enhetsdialog.i18n import _

    try:
        data = args.file.read_bytes()
        trust = [p.read_bytes() for p in args.trust]
    except OSError as e:
        raise EnhetsdialogError(_("Kan ikke lese «{file}»: {error}.", file=e.filename, error=e.strerror)) from e
    trust += _stored_anchors(args)
    from enhetsdialog.pdf.verify import verify_pdf

    report = verify_pdf(data, trust=trust)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    for s in report.signatures:
        when = s.signing_time.strftime("%d.%m.%Y %H:%M %Z") if s.signing_time else _("ukjent tid")
        state = _("gyldig") if s.intact and s.valid and not s.problems else _("UGYLDIG")
        role = s.role.label if s.role else s.field
        print(f"{role}: {s.signer_name} – {when} – {state}")
        if s.trusted:
            issuer = _("betrodd utsteder: {issuer}", issuer=s.certificate_issuer)
        elif s.self_signed:
            issuer = _("selvlaget sertifikat – svakere identitetsbevis")
        else:
            issuer = _("utsteder {issuer} er ikke kjent som betrodd", issuer=s.certificate_issuer)
        identity = {True: _("stemmer"), False: _("STEMMER IKKE"), None: _("ukjent")}[s.identity_matches]
        print(
            "  "
            + _(
                "navn i avtalen: {name}; sertifikat: {subject} ({issuer}); identitet: {identity}",
                name=s.name_in_agreement or "–",
                subject=s.certificate_subject,
                issuer=issuer,
                identity=identity,
            )
        )
    if report.embedded_fingerprint:
        print(_("Fingeravtrykk: {fp}", fp=report.embedded_fingerprint))
    for w in report.warnings:
        print(_("Merk: {warning}", warning=w))
    if report.ok:
        if report.complete:
            print(_("Resultat: begge signaturene er gyldige, og dokumentet er uendret siden siste signatur."))
        else:
            print(_("Resultat: signaturen er gyldig, men avtalen er ikke signert av begge parter ennå."))
        return 0
    print("enhetsdialog: " + _("IKKE GYLDIG: {reasons}", reasons=" · ".join(report.reasons)), file=sys.stderr)
    return 1


def _stored_anchors(args: argparse.Namespace) -> list[bytes]:
    """The trust anchors of the database, when there is one (verify needs none)."""
    from enhetsdialog import paths

    path = paths.resolve_db_path(getattr(args, "db", None))
    if not path.is_file():
        return []
    services = _services(args, auto_backup=False)
    try:
        return list(services.signing.trust.anchors_der())
    finally:
        services.close()


def cmd_archive(args: argparse.Namespace) -> int:
    try:
        trust = [p.read_bytes() for p in args.trust]
    except OSError as e:
        raise EnhetsdialogError(f"Kan ikke lese «{e.filename}»: {e.strerror}.") from e
    services = _services(args)
    try:
        report = services.archive.export(args.year, args.output, trust=trust)
    finally:
        services.close()
    print(f"Arkiverte {len(report.documents)} avtaler for {args.year} i {report.directory} ({report.newly_archived} nye).")
    for s in report.skipped:
        print(f"Hoppet over: {s}", file=sys.stderr)
    return 0 if not report.skipped else 1


def cmd_certificate(args: argparse.Namespace) -> int:
    password = _password(args.password_env, "Velg et passord for sertifikatet: ", confirm=True)
    services = _services(args)
    try:
        path = services.signing.create_personal_certificate(args.name, args.email, password)
    finally:
        services.close()
    print(f"Laget et personlig sertifikat for {args.name}: {path}")
    print("Merk: det er selvsignert; PDF-en og «verify» sier at utstederen ikke er en kjent sertifikatutsteder.")
    return 0
