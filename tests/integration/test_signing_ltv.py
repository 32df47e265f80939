"""Trusted time and long-term validation against the live test PKI: B-T with the test TSA, B-LT with
revocation data in the DSS that validates with fetching off, B-LTA, a later document timestamp that
keeps every signature valid, and revoked or expired certificates refused at signing."""

from __future__ import annotations

import io
import socket
from datetime import UTC, datetime
from functools import cache

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.pdf import render_agreement, validate_pdfa
from enhetsdialog.pdf.keys import open_pkcs12
from enhetsdialog.pdf.levels import signature_levels
from enhetsdialog.pdf.ltv import (
    FETCHED,
    NOT_NEEDED,
    OFFLINE,
    add_validation_data,
    make_archival,
    signing_options,
)
from enhetsdialog.pdf.sign import sign_pdf
from enhetsdialog.pdf.timestamps import add_document_timestamp, check_tsa, timestamper
from tests.pdf_fixtures import build_agreement
from tests.pki.plugin import P12_PASSWORD, LocalPki, SoftToken

LEADER = "Kari Ødegård Lie"
DIRECTOR = "Ola Åsheim Nordby"


@cache
def unsigned() -> bytes:
    return render_agreement(build_agreement(status=Status.ENIGHET))


def _roots(pki: LocalPki) -> list[object]:
    return [pki.asn1_cert("root")]


def _sign(pki: LocalPki, label: str, pdf: bytes, *, tsa: bool = True, role: Role = Role.LEDER) -> bytes:
    with open_pkcs12(pki.pkcs12(label), P12_PASSWORD) as key:
        options = signing_options(
            key.certificate,
            key.chain,
            tsa=timestamper(pki.tsa_url) if tsa else None,
            trust_roots=_roots(pki),  # type: ignore[arg-type]
        )
        name = LEADER if role is Role.LEDER else DIRECTOR
        return sign_pdf(pdf, key, role=role, name=name, title="", options=options)


def _offline_status(pdf: bytes, pki: LocalPki, index: int) -> object:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    dss = DocumentSecurityStore.read_dss(reader)
    sig = reader.embedded_regular_signatures[index]
    vc = dss.as_validation_context(
        {"trust_roots": _roots(pki), "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    return validate_pdf_signature(sig, signer_validation_context=vc)


def test_tsa_answers(test_pki: LocalPki) -> None:
    moment = check_tsa(timestamper(test_pki.tsa_url))
    assert abs((moment - datetime.now(UTC)).total_seconds()) < 120


def test_b_t_signature_has_a_valid_timestamp_token(test_pki: LocalPki) -> None:
    with open_pkcs12(test_pki.pkcs12("leader"), P12_PASSWORD) as key:
        options = signing_options(
            key.certificate, key.chain, tsa=timestamper(test_pki.tsa_url), allow_fetching=False
        )
        assert options.expected_level == "B-T"
        assert options.revocation == OFFLINE  # fetching off: the CA's services are not asked
        signed = sign_pdf(unsigned(), key, role=Role.LEDER, name=LEADER, title="", options=options)
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    vc = ValidationContext(trust_roots=_roots(test_pki), allow_fetching=True)
    status = validate_pdf_signature(reader.embedded_regular_signatures[0], signer_validation_context=vc)
    ts = status.timestamp_validity
    assert ts is not None and ts.intact and ts.valid and ts.trusted
    assert ts.signing_cert.subject == test_pki.asn1_cert("tsa").subject
    [level] = signature_levels(signed, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert level.level == "B-T"
    assert level.timestamp_time is not None and level.claimed_time is not None
    assert abs((level.timestamp_time - level.claimed_time).total_seconds()) < 60
    assert validate_pdfa(signed) == []


def test_b_lt_dss_validates_with_fetching_off(test_pki: LocalPki) -> None:
    signed = _sign(test_pki, "leader", unsigned())
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    dss = DocumentSecurityStore.read_dss(reader)
    assert dss.ocsps or dss.crls
    assert len(list(dss.load_certs())) >= 2
    status = _offline_status(signed, test_pki, 0)
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    [level] = signature_levels(signed, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert (level.level, level.revocation, level.has_dss) == ("B-LT", "embedded", True)
    assert validate_pdfa(signed) == []


def test_b_lt_without_anchors_uses_the_roots_in_the_file(test_pki: LocalPki) -> None:
    signed = _sign(test_pki, "leader", unsigned())
    [level] = signature_levels(signed)
    assert level.level == "B-LT"


def test_two_signatures_then_archival_timestamp_is_b_lta(test_pki: LocalPki) -> None:
    leader = _sign(test_pki, "leader", unsigned())
    both = _sign(test_pki, "director", leader, role=Role.DIREKTOR)
    archived = make_archival(both, timestamper(test_pki.tsa_url), trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    levels = signature_levels(archived, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert [lv.level for lv in levels] == ["B-LTA", "B-LTA"]
    assert all(lv.document_timestamp_time is not None for lv in levels)
    for index in (0, 1):
        status = _offline_status(archived, test_pki, index)
        assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
        assert status.modification_level is not None
        assert status.modification_level <= ModificationLevel.FORM_FILLING  # type: ignore[attr-defined]
    assert validate_pdfa(archived) == []


def test_a_later_document_timestamp_keeps_every_signature_valid(test_pki: LocalPki) -> None:
    # signed offline (no TSA, no revocation data): B-B; the timestamp is added later
    leader = _sign(test_pki, "leader", unsigned(), tsa=False)
    both = _sign(test_pki, "director", leader, tsa=False, role=Role.DIREKTOR)
    assert [lv.level for lv in signature_levels(both, trust_roots=_roots(test_pki))] == ["B-B", "B-B"]  # type: ignore[arg-type]
    stamped = add_document_timestamp(both, timestamper(test_pki.tsa_url))
    assert stamped.startswith(both)  # an incremental update
    levels = signature_levels(stamped, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert [lv.level for lv in levels] == ["B-T", "B-T"]
    reader = PdfFileReader(io.BytesIO(stamped), strict=False)
    vc = ValidationContext(trust_roots=_roots(test_pki), allow_fetching=True)
    for sig in reader.embedded_regular_signatures:
        status = validate_pdf_signature(sig, signer_validation_context=vc)
        assert status.intact and status.valid and status.trusted
        assert (
            status.modification_level is not None
            and status.modification_level <= ModificationLevel.FORM_FILLING
        )
    assert validate_pdfa(stamped) == []
    # and the validation data can follow later too
    with_dss = add_validation_data(stamped, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert [lv.level for lv in signature_levels(with_dss, trust_roots=_roots(test_pki))] == ["B-LT", "B-LT"]  # type: ignore[arg-type]
    assert validate_pdfa(with_dss) == []


def test_revocation_fetched_when_allowed(test_pki: LocalPki) -> None:
    signed = _sign(test_pki, "leader", unsigned(), tsa=False)
    [offline] = signature_levels(signed, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert offline.revocation == OFFLINE
    [online] = signature_levels(signed, trust_roots=_roots(test_pki), allow_fetching=True)  # type: ignore[arg-type]
    assert online.revocation == FETCHED
    assert "nå" in online.revocation_text


def test_revoked_certificate_is_refused_with_the_reason(test_pki: LocalPki) -> None:
    with open_pkcs12(test_pki.pkcs12("revoked"), P12_PASSWORD) as key, pytest.raises(DomainError) as info:
        signing_options(key.certificate, key.chain, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert "trukket tilbake" in info.value.message
    assert "2025-01-01" in info.value.message and "kompromittert" in info.value.message


def test_expired_certificate_is_refused(test_pki: LocalPki) -> None:
    with open_pkcs12(test_pki.pkcs12("expired"), P12_PASSWORD) as key, pytest.raises(DomainError) as info:
        signing_options(key.certificate, key.chain, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert "gikk ut 2021-01-01" in info.value.message


def test_self_signed_personal_certificate_needs_no_revocation(test_pki: LocalPki) -> None:
    from enhetsdialog.pdf import create_personal_certificate

    p12 = create_personal_certificate(LEADER, None, b"pw")
    with open_pkcs12(p12, b"pw") as key:
        options = signing_options(key.certificate, key.chain, tsa=timestamper(test_pki.tsa_url))
        assert options.revocation == NOT_NEEDED
        assert options.expected_level == "B-T"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_tsa_lowers_the_level_with_a_note(test_pki: LocalPki) -> None:
    dead = timestamper(f"http://127.0.0.1:{_closed_port()}/tsa", timeout=2)
    with pytest.raises(DomainError, match="Får ikke kontakt med tidsstempeltjenesten"):
        check_tsa(dead)
    with open_pkcs12(test_pki.pkcs12("leader"), P12_PASSWORD) as key:
        options = signing_options(key.certificate, key.chain, tsa=dead, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert options.timestamper is None and options.expected_level == "B-B"
    assert any("Uten tidsstempel" in n for n in options.notes)
    with pytest.raises(DomainError, match="Får ikke kontakt"):
        add_document_timestamp(unsigned(), dead)


def test_tsa_url_and_credentials_are_checked() -> None:
    with pytest.raises(DomainError, match="http:// eller https://"):
        timestamper("ftp://tsa.example.no")
    with pytest.raises(DomainError, match="Skriv ikke brukernavn"):
        timestamper("http://bruker:hemmelig@tsa.example.no/")
    ts = timestamper("https://tsa.example.no/", username="kommune", password="hemmelig")
    assert ts.request_headers()["Authorization"] == "Basic a29tbXVuZTpoZW1tZWxpZw=="


def test_pkcs11_signature_with_tsa_and_revocation_is_b_lt(test_pki: LocalPki, softhsm: SoftToken) -> None:
    from enhetsdialog.pdf.tokens import open_pkcs11

    with open_pkcs11(softhsm.module, pin=softhsm.pin, token_label=softhsm.token_label) as key:
        options = signing_options(
            key.certificate,
            key.chain,
            tsa=timestamper(test_pki.tsa_url),
            trust_roots=_roots(test_pki),  # type: ignore[arg-type]
        )
        assert options.expected_level == "B-LT" and options.revocation == FETCHED
        signed = sign_pdf(unsigned(), key, role=Role.LEDER, name=LEADER, title="", options=options)
    [level] = signature_levels(signed, trust_roots=_roots(test_pki))  # type: ignore[arg-type]
    assert level.level == "B-LT"
    assert validate_pdfa(signed) == []
