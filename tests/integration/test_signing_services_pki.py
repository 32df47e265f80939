"""Signing through the services with real components: the leader's key on a SoftHSM2 token (PKCS#11),
the director's in a PKCS#12 file from the same test CA, the test TSA, CRL and OCSP on 127.0.0.1.

Checked with pyHanko, poppler's pdfsig and ``verify_pdf``; refusals (wrong PIN, missing module,
revoked or expired certificate, untrusted issuer) leave the database byte-identical; PDF/A holds at
every level (B-B, B-T, B-LT, B-LTA).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.pdf import validate_pdfa
from enhetsdialog.pdf.keys import open_pkcs12
from enhetsdialog.pdf.verify import verify_pdf
from enhetsdialog.services import Services
from enhetsdialog.services.signing_settings import TsaConfig
from tests.pki.plugin import P12_PASSWORD, LocalPki, SoftToken

from .helpers import dump

LEADER = "Kari Ødegård Lie"
DIRECTOR = "Ola Åsheim Nordby"


def agreed(services: Services) -> str:
    """A revision in «Enighet» whose parties are the test PKI's leader and director."""
    unit = services.org.set_up_unit(
        municipality="Testkommune",
        service_area="Oppvekst og utdanning",
        director=DIRECTOR,
        director_title="Kommunaldirektør",
        unit="Bjørndal skole",
        leader=LEADER,
        leader_title="Rektor",
    ).created
    assert unit is not None
    rid = services.agreements.create(unit, 2027).created
    assert rid is not None
    for status in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        services.agreements.set_status(rid, status)
    return rid


def _director(services: Services, rid: str, pki: LocalPki, **kwargs: object) -> object:
    with open_pkcs12(pki.pkcs12("director"), P12_PASSWORD) as key:
        return services.signing.sign(rid, Role.DIREKTOR, key, **kwargs)  # type: ignore[arg-type]


def _leader_on_token(services: Services, rid: str, token: SoftToken, **kwargs: object) -> object:
    return services.signing.sign_with_token(
        rid, Role.LEDER, module=token.module, pin=token.pin, token=token.token_label, **kwargs  # type: ignore[arg-type]
    )


def _pyhanko_offline(pdf: bytes, pki: LocalPki) -> list[object]:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    dss = DocumentSecurityStore.read_dss(reader)
    vc = dss.as_validation_context(
        {"trust_roots": [pki.asn1_cert("root")], "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    return [validate_pdf_signature(s, signer_validation_context=vc) for s in reader.embedded_regular_signatures]


def _pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signert.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, check=False).stdout.decode("utf-8", "replace")


def test_token_leader_and_file_director_round_trip_without_tsa(
    services: Services, test_pki: LocalPki, softhsm: SoftToken, tmp_path: Path
) -> None:
    rid = agreed(services)
    preview = services.signing.preview_token(rid, Role.LEDER, module=softhsm.module, token=softhsm.token_label)
    assert preview.name == LEADER and not preview.certificate.self_signed
    first = _leader_on_token(services, rid, softhsm)
    assert first.level == "B-B"  # type: ignore[attr-defined]
    assert any("Ingen tidsstempeltjeneste" in n for n in first.notes)  # type: ignore[attr-defined]
    _director(services, rid, test_pki)
    assert services.agreements.revision(rid).status is Status.SIGNERT
    pdf = services.signing.pdf(rid)
    report = verify_pdf(pdf, trust=[test_pki.root_pem])
    assert report.ok and report.complete, report.reasons
    assert [s.level for s in report.signatures] == ["B-B", "B-B"]
    assert all(s.trusted and s.identity_matches for s in report.signatures)
    assert report.to_dict()["signatures"][0]["level"] == "B-B"
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    vc = ValidationContext(trust_roots=[test_pki.asn1_cert("root")], allow_fetching=True)
    for sig in reader.embedded_regular_signatures:
        status = validate_pdf_signature(sig, signer_validation_context=vc)
        assert status.bottom_line, status.pretty_print_details()
    if shutil.which("pdfsig"):
        out = _pdfsig(pdf, tmp_path)
        assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert validate_pdfa(pdf) == []


def test_wrong_pin_and_missing_module_change_nothing(services: Services, softhsm: SoftToken, tmp_path: Path) -> None:
    rid = agreed(services)
    before = dump(services.db.path)
    with pytest.raises(DomainError, match="PIN"):
        services.signing.sign_with_token(rid, Role.LEDER, module=softhsm.module, pin="000000", token=softhsm.token_label)
    assert dump(services.db.path) == before
    missing = str(tmp_path / "finnes-ikke.so")
    with pytest.raises(DomainError, match="Fant ikke PKCS#11-modulen"):
        services.signing.sign_with_token(rid, Role.LEDER, module=missing, pin=softhsm.pin)
    with pytest.raises(DomainError, match="Fant ikke PKCS#11-modulen"):
        services.signing.preview_token(rid, Role.LEDER, module=missing)
    with pytest.raises(DomainError, match="Fant ikke smartkortet"):
        services.signing.sign_with_token(rid, Role.LEDER, module=softhsm.module, pin=softhsm.pin, token="Borte")
    assert dump(services.db.path) == before
    assert services.signing.signed_pdf(rid) is None


def test_the_director_cannot_use_the_leaders_token(services: Services, softhsm: SoftToken) -> None:
    rid = agreed(services)
    _leader_on_token(services, rid, softhsm)
    before = dump(services.db.path)
    with pytest.raises(DomainError, match="tilhører «Kari Ødegård Lie»"):
        services.signing.preview_token(rid, Role.DIREKTOR, module=softhsm.module, token=softhsm.token_label)
    assert dump(services.db.path) == before


def test_with_a_tsa_both_signatures_are_b_lt_and_validate_offline(
    services: Services, test_pki: LocalPki, softhsm: SoftToken
) -> None:
    services.signing.settings.set_tsa(test_pki.tsa_url)
    services.signing.trust.add(test_pki.root_pem)
    rid = agreed(services)
    first = _leader_on_token(services, rid, softhsm)
    assert first.level == "B-LT", first.notes  # type: ignore[attr-defined]
    second = _director(services, rid, test_pki)
    assert second.level == "B-LT", second.notes  # type: ignore[attr-defined]
    pdf = services.signing.pdf(rid)
    report = services.signing.verify(pdf)
    assert report.ok and report.complete, report.reasons
    for sig in report.signatures:
        assert sig.level == "B-LT" and sig.revocation == "embedded" and sig.trusted
        assert sig.timestamp_time is not None and sig.signing_time is not None
        assert abs((sig.timestamp_time - sig.signing_time).total_seconds()) < 60
    statuses = _pyhanko_offline(pdf, test_pki)
    assert all(s.bottom_line for s in statuses)  # type: ignore[attr-defined]
    for s in statuses:
        ts = s.timestamp_validity  # type: ignore[attr-defined]
        assert ts is not None and ts.intact and ts.valid
        assert ts.signing_cert.subject == test_pki.asn1_cert("tsa").subject
    assert validate_pdfa(pdf) == []


def test_a_tsa_given_per_call_makes_b_t_without_revocation_data(
    services: Services, test_pki: LocalPki
) -> None:
    from enhetsdialog.pdf.certificates import create_personal_certificate

    rid = agreed(services)
    p12 = create_personal_certificate(LEADER, None, b"passord")
    outcome = services.signing.sign(rid, Role.LEDER, p12, b"passord", tsa=TsaConfig(test_pki.tsa_url))
    # a self-made certificate needs no revocation data; its DSS holds the TSA's chain: B-LT
    assert outcome.level in ("B-T", "B-LT"), outcome.notes
    [sig] = services.signing.verify(services.signing.signed_pdf(rid) or b"").signatures
    assert sig.timestamp_time is not None and sig.self_signed


def test_later_timestamp_keeps_every_signature_valid_and_makes_b_lta(
    services: Services, test_pki: LocalPki, softhsm: SoftToken
) -> None:
    rid = agreed(services)
    _leader_on_token(services, rid, softhsm)
    _director(services, rid, test_pki)
    stored = services.signing.signed_pdf(rid)
    assert stored is not None
    before = dump(services.db.path)
    with pytest.raises(DomainError, match="Ingen tidsstempeltjeneste"):
        services.signing.timestamp(rid)
    assert dump(services.db.path) == before
    outcome = services.signing.timestamp(rid, tsa=TsaConfig(test_pki.tsa_url))
    assert outcome.level == "B-LTA", outcome.notes
    after = services.signing.signed_pdf(rid)
    assert after is not None and after.startswith(stored)  # the record only grew
    report = verify_pdf(after, trust=[test_pki.root_pem])
    assert report.ok and report.complete, report.reasons
    assert [s.level for s in report.signatures] == ["B-LTA", "B-LTA"]
    assert all(s.document_timestamp_time is not None for s in report.signatures)
    assert all(s.bottom_line for s in _pyhanko_offline(after, test_pki))  # type: ignore[attr-defined]
    assert validate_pdfa(after) == []
    # the signature rows are what the PDF proves, unchanged
    assert [s.role for s in services.agreements.get(rid).signatures] == [Role.LEDER, Role.DIREKTOR]


def test_timestamp_between_the_signatures_then_the_director_signs(
    services: Services, test_pki: LocalPki, softhsm: SoftToken
) -> None:
    rid = agreed(services)
    _leader_on_token(services, rid, softhsm)
    services.signing.timestamp(rid, tsa=TsaConfig(test_pki.tsa_url))
    _director(services, rid, test_pki)
    report = verify_pdf(services.signing.pdf(rid), trust=[test_pki.root_pem])
    assert report.ok and report.complete, report.reasons
    assert [s.level for s in report.signatures] == ["B-LTA", "B-B"]


def test_archival_makes_b_lta_and_stores_nothing(services: Services, test_pki: LocalPki, softhsm: SoftToken) -> None:
    rid = agreed(services)
    _leader_on_token(services, rid, softhsm)
    _director(services, rid, test_pki)
    stored = services.signing.signed_pdf(rid) or b""
    plain = services.signing.archival(stored)
    assert not plain.changed and plain.pdf == stored and plain.notes  # no TSA configured
    services.signing.settings.set_tsa(test_pki.tsa_url)
    before = dump(services.db.path)
    result = services.signing.archival(stored)
    assert result.changed and result.level == "B-LTA" and result.report.ok
    assert result.pdf.startswith(stored)
    assert dump(services.db.path) == before
    assert validate_pdfa(result.pdf) == []


@pytest.mark.parametrize(("label", "why"), [("revoked", "trukket tilbake"), ("expired", "gikk ut")])
def test_revoked_or_expired_certificate_is_refused_with_the_reason(
    services: Services, test_pki: LocalPki, label: str, why: str
) -> None:
    from enhetsdialog.pdf.certificates import describe

    rid = agreed(services)
    cert = test_pki.cert(label)
    holder = describe(cert).common_name
    # the holder must be the recorded leader for the refusal to be about the certificate itself
    unit = services.org.set_up_unit(
        municipality="Testkommune", service_area="Annet", director=DIRECTOR, unit=f"Enhet {label}", leader=holder
    ).created
    assert unit is not None
    rid = services.agreements.create(unit, 2027).created or ""
    for status in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        services.agreements.set_status(rid, status)
    before = dump(services.db.path)
    with pytest.raises(DomainError, match=why):
        services.signing.sign(rid, Role.LEDER, test_pki.pkcs12(label), P12_PASSWORD)
    assert dump(services.db.path) == before


def test_untrusted_issuer_is_refused_before_the_pin(services: Services, softhsm: SoftToken) -> None:
    from enhetsdialog.pdf.certificates import create_personal_certificate
    from enhetsdialog.pdf.keys import open_pkcs12 as open_file

    with open_file(create_personal_certificate("Annen Utsteder", None, b"pw"), b"pw") as other:
        from cryptography.hazmat.primitives.serialization import Encoding

        services.signing.trust.add(other.certificate.public_bytes(Encoding.PEM))
    rid = agreed(services)
    before = dump(services.db.path)
    with pytest.raises(DomainError, match="betrodd utsteder"):
        services.signing.preview_token(rid, Role.LEDER, module=softhsm.module, token=softhsm.token_label)
    assert dump(services.db.path) == before


def test_an_unreachable_tsa_gives_b_b_and_says_so(services: Services, test_pki: LocalPki) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    services.signing.settings.set_tsa(f"http://127.0.0.1:{port}/tsa")
    rid = agreed(services)
    outcome = services.signing.sign(rid, Role.LEDER, test_pki.pkcs12("leader"), P12_PASSWORD)
    assert outcome.level == "B-B"
    assert any("Uten tidsstempel" in n and "Får ikke kontakt" in n for n in outcome.notes), outcome.notes
    assert services.signing.signed_pdf(rid) is not None  # signed all the same


def test_tsa_settings_keep_no_secret(services: Services, test_pki: LocalPki, monkeypatch: pytest.MonkeyPatch) -> None:
    from enhetsdialog.domain.errors import ValidationError

    settings = services.signing.settings
    assert settings.tsa() is None
    with pytest.raises(ValidationError, match="miljøvariabel"):
        settings.set_tsa(test_pki.tsa_url, username="kommune", password_env="ikke et navn!")
    with pytest.raises(DomainError, match="http:// eller https://"):
        settings.set_tsa("ftp://tsa.example.no")
    settings.set_tsa(test_pki.tsa_url, username="kommune", password_env="ENHETSDIALOG_TSA_PASSORD")
    config = settings.tsa()
    assert config is not None and config.password_env == "ENHETSDIALOG_TSA_PASSORD"
    monkeypatch.delenv("ENHETSDIALOG_TSA_PASSORD", raising=False)
    with pytest.raises(ValidationError, match="ENHETSDIALOG_TSA_PASSORD er ikke satt"):
        config.timestamper()
    monkeypatch.setenv("ENHETSDIALOG_TSA_PASSORD", "hemmelig-passord")
    assert config.timestamper().request_headers()["Authorization"].startswith("Basic ")
    assert settings.check_tsa() is not None  # the test TSA ignores the credentials
    import sqlite3

    con = sqlite3.connect(services.db.path)
    try:
        stored = " ".join(str(row) for row in con.execute("SELECT * FROM setting"))
    finally:
        con.close()
    assert "hemmelig-passord" not in stored and "ENHETSDIALOG_TSA_PASSORD" in stored
    settings.clear_tsa()
    assert settings.tsa() is None
