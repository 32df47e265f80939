"""Subcommands for the signed archival PDF: pdf, sign, timestamp, tsa, verify, archive, certificate."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from enhetsdialog import i18n, paths
from enhetsdialog.cli_common import check_output, services_for, write_output
from enhetsdialog.cli_support import reference, year
from enhetsdialog.domain.errors import EnhetsdialogError, ValidationError
from enhetsdialog.fileio import os_error_text, read_user_file
from enhetsdialog.i18n import N_, _, ngettext

MAX_CERTIFICATE = 1024 * 1024  # a PKCS#12 file is a few kB
MAX_PDF = 200 * 1024 * 1024


def register(sub: Any, db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("pdf", parents=[db], help=_("skriv avtalen som PDF/A (den signerte når den finnes)"))
    p.add_argument("id", type=reference, help=_("avtalens id (eller de første tegnene av den)"))
    p.add_argument("-o", "--output", type=Path, required=True, metavar=_("FIL"), help=_("PDF-filen (mappen må finnes)"))
    p.add_argument("--uten-merknader", dest="remarks", action="store_false", help=_("uten vedlegget med merknader"))
    p.set_defaults(handler=cmd_pdf)

    p = sub.add_parser("sign", parents=[db], help=_("signer en avtale med status enighet"))
    p.add_argument("id", type=reference, help=_("avtalens id (eller de første tegnene av den)"))
    p.add_argument("--role", required=True, choices=["leder", "direktor"], help=_("hvem du signerer som"))
    key = p.add_mutually_exclusive_group(required=True)
    key.add_argument("--cert", type=Path, metavar=_("FIL"), help=_("PKCS#12-fil (.p12/.pfx)"))
    key.add_argument("--pkcs11", metavar=_("MODULE"), help=_("PKCS#11-modulen til smartkortet (.so/.dll/.dylib)"))
    p.add_argument(
        "--password-env", metavar=_("VAR"), help=_("miljøvariabelen som har passordet (ellers spørres du)")
    )
    p.add_argument("--token", metavar=_("LABEL"), help=_("smartkortet som skal brukes (når flere er satt inn)"))
    p.add_argument("--key-label", metavar=_("LABEL"), help=_("nøkkelen på kortet (når det har flere)"))
    p.add_argument("--pin-env", metavar=_("VAR"), help=_("miljøvariabelen som har PIN-koden (ellers spørres du)"))
    _tsa_arguments(p)
    p.set_defaults(handler=cmd_sign)

    p = sub.add_parser("timestamp", parents=[db], help=_("legg tidsstempel og valideringsdata til en signert avtale"))
    p.add_argument("id", type=reference, help=_("avtalens id (eller de første tegnene av den)"))
    _tsa_arguments(p)
    p.set_defaults(handler=cmd_timestamp)

    p = sub.add_parser("tsa", parents=[db], help=_("tidsstempeltjenesten (TSA) databasen bruker"))
    p.add_argument("action", choices=["show", "set", "clear", "test"], help=_("vis, sett, fjern eller test"))
    p.add_argument("url", nargs="?", help=_("adressen (for set)"))
    p.add_argument("--user", default="", help=_("brukernavn (basic auth)"))
    p.add_argument("--password-env", default="", metavar=_("VAR"), help=_("navnet på miljøvariabelen med passordet"))
    p.set_defaults(handler=cmd_tsa)

    p = sub.add_parser("verify", parents=[db], help=_("kontroller signaturene i en PDF"))
    p.add_argument("file", type=Path, metavar=_("FIL"), help=_("den signerte PDF-en"))
    p.add_argument("--trust", type=Path, action="append", default=[], metavar=_("CA.pem"), help=_("sertifikatutsteder å stole på"))
    p.add_argument("--json", action="store_true", help=_("skriv rapporten som JSON"))
    p.add_argument("--fetch", action="store_true", help=_("spør utstederens sperretjeneste når filen mangler valideringsdata"))
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("archive", parents=[db], help=_("eksporter årets signerte avtaler til arkivet"))
    p.add_argument("--year", type=year, required=True, metavar=_("ÅR"), help=_("året avtalene gjelder"))
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar=_("MAPPE"),
        help=_("arkivmappen (lages om den ikke finnes; mappen over må finnes)"),
    )
    p.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar=_("CA.pem"),
        help=_("en betrodd utsteder for denne kjøringen (i tillegg til databasens, se «enhetsdialog trust»)"),
    )
    p.set_defaults(handler=cmd_archive)

    p = sub.add_parser("certificate", parents=[db], help=_("lag et personlig (selvsignert) signeringssertifikat"))
    p.add_argument("--name", required=True, metavar=_("NAVN"), help=_("navnet ditt, slik det skal stå i sertifikatet"))
    p.add_argument("--email", metavar=_("E-POST"), help=_("e-postadressen din (valgfri)"))
    p.add_argument(
        "--password-env", metavar=_("VAR"), help=_("miljøvariabelen som har passordet (ellers spørres du, to ganger)")
    )
    p.set_defaults(handler=cmd_certificate)


def _password(var: str | None, prompt: str, *, confirm: bool = False) -> bytes:
    if var:
        raw = os.environb.get(os.fsencode(var)) if os.supports_bytes_environ else None
        value = os.environ.get(var)
        if value is None:
            raise ValidationError(N_("Miljøvariabelen {var} er ikke satt.", var=var))
        if raw is None:
            raw = value.encode("utf-8", "surrogatepass")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                N_("Passordet i miljøvariabelen {var} er ikke gyldig UTF-8-tekst.", var=var)
            ) from None
        return raw
    if not sys.stdin.isatty():
        raise ValidationError(N_("Oppgi passordet med --password-env VAR når det ikke kan spørres om."))
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Gjenta passordet: ")) != first:
        raise ValidationError(N_("Passordene er ikke like."))
    try:
        return first.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(N_("Passordet er ikke gyldig UTF-8-tekst.")) from None


def cmd_pdf(args: argparse.Namespace) -> int:
    check_output(args.output)  # before the (slow) rendering: a target that can never be written is said at once
    with services_for(args) as services:
        data = services.signing.pdf(services.agreements.resolve_id(args.id), include_remarks=args.remarks)
    write_output(args.output, data)
    print(_("Skrev {path} ({size} kB).", path=str(args.output), size=len(data) // 1024))
    return 0


def _tsa_arguments(p: Any) -> None:
    p.add_argument("--tsa", metavar=_("URL"), help=_("tidsstempeltjeneste for denne kjøringen (ellers databasens)"))
    p.add_argument("--tsa-user", default="", metavar=_("NAME"), help=_("brukernavn hos tidsstempeltjenesten"))
    p.add_argument("--tsa-password-env", default="", metavar=_("VAR"), help=_("miljøvariabelen med TSA-passordet"))


def _tsa(args: argparse.Namespace) -> Any:
    """The TSA of this run (``--tsa``), or None for the database's setting."""
    if not args.tsa:
        if args.tsa_user or args.tsa_password_env:
            raise ValidationError(_("--tsa-user og --tsa-password-env gjelder bare sammen med --tsa URL."))
        return None
    # cold start: the services load only when a command runs
    from enhetsdialog.services.signing_settings import TsaConfig, check_env_name

    config = TsaConfig(args.tsa, args.tsa_user.strip(), check_env_name(args.tsa_password_env))
    config.timestamper()  # the URL's form and a missing password variable are refused now
    return config


def _pin(var: str | None, token: str) -> str | None:
    """The PIN from ``var`` or typed without echo; None (the reader's PIN pad) when nothing is typed."""
    if var:
        value = os.environ.get(var)
        if value is None:
            raise ValidationError(_("Miljøvariabelen {name} er ikke satt.", name=var))
        return value
    if not sys.stdin.isatty():
        raise ValidationError(_("Oppgi PIN-koden med --pin-env VAR når det ikke kan spørres om."))
    return getpass.getpass(_("PIN-kode for smartkortet {token} (tom: tast på leseren): ", token=token)) or None


def cmd_sign(args: argparse.Namespace) -> int:
    tsa = _tsa(args)
    if not args.pkcs11:
        p12 = read_user_file(args.cert, max_bytes=MAX_CERTIFICATE, what=N_("en sertifikatfil"))
        password = _password(args.password_env, _("Passord for {name}: ", name=args.cert.name))
    with services_for(args) as services:
        rid = services.agreements.resolve_id(args.id)
        if args.pkcs11:
            # who signs is checked with the card's certificate before the PIN is asked
            preview = services.signing.preview_token(rid, args.role, module=args.pkcs11, token=args.token,
                                                     key=args.key_label)  # fmt: skip
            pin = _pin(args.pin_env, args.token or preview.certificate.common_name)
            outcome = services.signing.sign_with_token(
                rid, args.role, module=args.pkcs11, pin=pin, token=args.token, key=args.key_label, tsa=tsa
            )
        else:
            preview = services.signing.preview(rid, args.role, p12, password)
            outcome = services.signing.sign(rid, args.role, p12, password, tsa=tsa)
        status = services.agreements.revision(rid).status
    cert = preview.certificate
    issuer = _("selvlaget sertifikat – svakere identitetsbevis") if cert.self_signed else cert.issuer
    print(_("Signert som {role} {name} ({subject}; {issuer}).", role=preview.role.label.lower(), name=preview.name,
            subject=cert.subject, issuer=issuer))  # fmt: skip
    print(_("Nivå: {level}.", level=outcome.level or "?"))
    for note in outcome.notes:
        print(_("Merk: {note}", note=note))
    print(_("Status nå: {status}.", status=status.label))
    return 0


def cmd_timestamp(args: argparse.Namespace) -> int:
    tsa = _tsa(args)
    with services_for(args) as services:
        rid = services.agreements.resolve_id(args.id)
        outcome = services.signing.timestamp(rid, tsa=tsa)
    print(_("Tidsstempel lagt til. Nivå: {level}.", level=outcome.level or "?"))
    for note in outcome.notes:
        print(_("Merk: {note}", note=note))
    return 0


def cmd_tsa(args: argparse.Namespace) -> int:
    with services_for(args, auto_backup=False) as services:
        settings = services.signing.settings
        if args.action == "set":
            if not args.url:
                raise ValidationError(_("Oppgi adressen: enhetsdialog tsa set URL."))
            settings.set_tsa(args.url, username=args.user, password_env=args.password_env)
        elif args.action == "clear":
            settings.clear_tsa()
        config = settings.tsa()
        if args.action == "test":
            moment = settings.check_tsa()
            print(_("Tidsstempeltjenesten svarte; tiden der er {time}.", time=moment.isoformat(timespec="seconds")))
            return 0
    if config is None:
        print(_("Ingen tidsstempeltjeneste er satt opp: nye signaturer blir B-B."))
        return 0
    print(_("Tidsstempeltjeneste: {url}", url=config.url))
    if config.username:
        print(_("Brukernavn: {user}; passordet hentes fra miljøvariabelen {var}.", user=config.username,
                var=config.password_env or "–"))  # fmt: skip
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    data = read_user_file(args.file, max_bytes=MAX_PDF, what=N_("en PDF"))
    trust = [read_user_file(p, max_bytes=MAX_CERTIFICATE, what=N_("en sertifikatfil")) for p in args.trust]
    trust += _stored_anchors(args)
    from enhetsdialog.pdf.verify import verify_pdf  # cold start: the PDF stack loads only for verify

    report = verify_pdf(data, trust=trust, allow_fetching=args.fetch)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    for s in report.signatures:
        when = f"{i18n.format_date(s.signing_time)} {s.signing_time:%H:%M %Z}" if s.signing_time else _("ukjent tid")
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
        print("  " + _level_line(s))
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


def _level_line(s: Any) -> str:
    def when(moment: Any) -> str:
        return f"{i18n.format_date(moment)} {moment:%H:%M:%S %Z}" if moment is not None else "–"

    trusted = s.timestamp_time or s.document_timestamp_time
    source = _("signaturens tidsstempel") if s.timestamp_time else _("dokumenttidsstempel")
    return _(
        "nivå: {level}; tid oppgitt av signereren: {claimed}; tidsstempel: {stamp}; sperrestatus: {revocation}",
        level=s.level or "–",
        claimed=when(s.signing_time),
        stamp=_("{time} ({source})", time=when(trusted), source=source) if trusted else _("ingen (bare signererens egen tid)"),
        revocation=s.revocation_text or "–",
    )


def _stored_anchors(args: argparse.Namespace) -> list[bytes]:
    """The trust anchors of the database, when there is one (verify needs none)."""
    path = paths.resolve_db_path(getattr(args, "db", None))
    if not path.is_file():
        return []
    with services_for(args, auto_backup=False) as services:
        return list(services.signing.trust.anchors_der())


def cmd_archive(args: argparse.Namespace) -> int:
    """Check and deliver the year's signed agreements (docs/arkiv.md); exit 1 when any was refused."""
    if not args.output.parent.is_dir():
        raise EnhetsdialogError(
            N_("Kan ikke lage arkivmappen «{path}»: mappen «{parent}» finnes ikke.", path=str(args.output), parent=str(args.output.parent))
        )
    trust = [read_user_file(p, max_bytes=MAX_CERTIFICATE, what=N_("en sertifikatfil")) for p in args.trust]
    with services_for(args) as services:
        try:
            report = services.archive.export(args.year, args.output, trust=trust)
        except OSError as e:  # the folder is full or cannot be written: no status has changed
            raise EnhetsdialogError(
                N_(
                    "Arkivet kunne ikke skrives til «{path}»: {reason}. Ingen avtale er merket som arkivert.",
                    path=str(args.output),
                    reason=os_error_text(e),
                )
            ) from e
    for r in report.records:
        mark = "✓" if r.ok else "✗"
        print(f"{mark} {r.unit}, " + _("revisjon {n}", n=r.number) + (f" – {r.pdfa}" if r.ok else ""))
        for problem in r.problems:
            print("    " + problem)
    print(
        _(
            "Arkiverte {documents} for {year} i {path} ({new}, {written} skrevet nå).",
            documents=ngettext("{n} avtale", "{n} avtaler", len(report.documents)),
            year=args.year,
            path=str(report.directory),
            new=ngettext("{n} ny", "{n} nye", report.newly_archived),
            written=report.written,
        )
    )
    warnings = dict.fromkeys(w for r in report.records if r.ok for w in r.warnings)
    for note in [*warnings, *report.notes]:
        print(_("Merk: {note}", note=note))
    for s in report.skipped:
        print(_("Ikke arkivert: {reason}", reason=s), file=sys.stderr)
    return 0 if not report.skipped else 1


def cmd_certificate(args: argparse.Namespace) -> int:
    # needs no database: it is neither opened nor created (nor migrated); the certificate tools
    # (cryptography) load only here
    from enhetsdialog.services.certificates import save_personal_certificate

    password = _password(args.password_env, _("Velg et passord for sertifikatet: "), confirm=True)
    try:
        path = save_personal_certificate(paths.certificates_dir(), args.name, args.email, password)
    except OSError as e:
        raise EnhetsdialogError(
            N_(
                "Sertifikatet kunne ikke lagres i «{folder}»: {reason}. Ingen fil er laget.",
                folder=str(paths.certificates_dir()),
                reason=os_error_text(e),
            )
        ) from e
    print(_("Laget et personlig sertifikat for {name}: {path}", name=args.name, path=str(path)))
    print(_("Merk: det er selvsignert; PDF-en og «verify» sier at utstederen ikke er en kjent sertifikatutsteder."))
    return 0
