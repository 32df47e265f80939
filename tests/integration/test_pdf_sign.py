"""Signing (leader, then director) and verification, checked with pyHanko and poppler's pdfsig,
and every way of tampering we could think of."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.pdf import (
    certificate_info,
    create_personal_certificate,
    render_agreement,
    sign_pkcs12,
    validate_pdfa,
    verify_pdf,
)
from enhetsdialog.pdf.verify import UNKNOWN_ISSUER
from tests.pdf_fixtures import build_agreement

LEADER_PW = b"leder-passord"
DIRECTOR_PW = b"direktor-passord"


@cache
def leader_p12() -> bytes:
    return create_personal_certificate("Kari Ødegård Lie", "kari.lie@example.no", LEADER_PW)


@cache
def director_p12() -> bytes:
    return create_personal_certificate("Ola Åsheim Nordby", None, DIRECTOR_PW)


def cert_pem(p12: bytes, password: bytes) -> bytes:
    _, cert, _ = pkcs12.load_key_and_certificates(p12, password)
    assert cert is not None
    return cert.public_bytes(Encoding.PEM)


@cache
def unsigned() -> bytes:
    return render_agreement(build_agreement(status=Status.ENIGHET))


def sign_as_leader(pdf: bytes) -> bytes:
    return sign_pkcs12(pdf, leader_p12(), LEADER_PW, role=Role.LEDER, name="Kari Ødegård Lie", title="Rektor"
    )


def sign_as_director(pdf: bytes) -> bytes:
    return sign_pkcs12(pdf, director_p12(), DIRECTOR_PW,
        role=Role.DIREKTOR,
        name="Ola Åsheim Nordby",
        title="Kommunaldirektør for oppvekst og utdanning",
        reason="Kontrasignert",
        location="Trondheim",
    )


@cache
def leader_signed() -> bytes:
    return sign_as_leader(unsigned())


@cache
def both_signed() -> bytes:
    return sign_as_director(leader_signed())


def assert_fails(pdf: bytes, pattern: str) -> None:
    report = verify_pdf(pdf)
    assert not report.ok
    assert report.reasons
    assert any(re.search(pattern, r) for r in report.reasons), report.reasons
    json.dumps(report.to_dict())


# --- certificates -----------------------------------------------------------------------------------


def test_created_certificate_describes_its_holder() -> None:
    info = certificate_info(leader_p12(), LEADER_PW)
    assert info.common_name == "Kari Ødegård Lie"
    assert info.email == "kari.lie@example.no"
    assert "CN=Kari Ødegård Lie" in info.subject and info.subject == info.issuer
    assert info.self_signed
    assert re.fullmatch(r"[0-9a-f]{64}", info.sha256)
    now = datetime.now(UTC)
    assert info.valid_at(now)
    assert timedelta(days=5 * 365) <= info.not_after - now <= timedelta(days=5 * 366 + 2)


def test_wrong_password_and_bad_files_are_refused_in_norwegian() -> None:
    with pytest.raises(DomainError, match="Feil passord"):
        certificate_info(leader_p12(), b"feil")
    with pytest.raises(DomainError, match="Feil passord"):
        sign_pkcs12(unsigned(), leader_p12(), b"feil", role=Role.LEDER, name="Kari", title="Rektor"
        )
    for junk in (b"ikke et sertifikat", b"\x30\x03\x02\x01\x03", unsigned()[:500]):
        with pytest.raises(DomainError, match="ikke en gyldig sertifikatfil"):
            certificate_info(junk, LEADER_PW)
    with pytest.raises(DomainError, match="tom"):
        certificate_info(b"", LEADER_PW)
    with pytest.raises(DomainError):
        create_personal_certificate("  ", None, b"passord")
    with pytest.raises(DomainError):
        create_personal_certificate("Navn", None, b"")


# --- signing ------------------------------------------------------------------------------------------


def test_leader_then_director_verifies() -> None:
    report = verify_pdf(both_signed())
    assert report.ok, report.reasons
    assert report.complete
    assert [s.role for s in report.signatures] == [Role.LEDER, Role.DIREKTOR]
    assert [s.field for s in report.signatures] == ["Signatur_leder", "Signatur_direktor"]
    assert [s.signer_name for s in report.signatures] == ["Kari Ødegård Lie", "Ola Åsheim Nordby"]
    for sig in report.signatures:
        assert sig.intact and sig.valid and sig.self_signed and not sig.trusted
        assert sig.signing_time is not None
        assert (
            sig.certificate_fingerprint
            == certificate_info(
                leader_p12() if sig.role is Role.LEDER else director_p12(),
                LEADER_PW if sig.role is Role.LEDER else DIRECTOR_PW,
            ).sha256
        )
    assert report.signatures[0].coverage == "entire_revision"
    assert report.signatures[0].modification_level == "form_filling"
    assert report.signatures[1].coverage == "entire_file"
    assert report.signatures[1].modification_level == "none"
    fp = fingerprint(build_agreement(status=Status.ENIGHET).revision)
    assert report.embedded_fingerprint == report.computed_fingerprint == report.content_sha256 == fp
    # self-signed is not a failure, but it is said plainly
    assert len(report.warnings) == 3
    assert all(str(w).startswith(str(UNKNOWN_ISSUER)) for w in report.warnings[:2])
    assert "ikke bekreftet" in report.warnings[2]
    assert not report.identity_confirmed and not report.legacy
    assert report.signatures[0].certified and not report.signatures[1].certified
    assert [s.identity_matches for s in report.signatures] == [True, True]
    data = report.to_dict()
    assert json.loads(json.dumps(data))["signatures"][0]["role"] == "leder"


def test_one_signature_is_ok_but_not_complete() -> None:
    report = verify_pdf(leader_signed())
    assert report.ok, report.reasons
    assert not report.complete
    assert report.signatures[0].coverage == "entire_file"


def test_trusted_certificates_are_reported_trusted() -> None:
    trust = [cert_pem(leader_p12(), LEADER_PW), cert_pem(director_p12(), DIRECTOR_PW)]
    report = verify_pdf(both_signed(), trust=trust)
    assert report.ok and report.complete
    assert all(s.trusted for s in report.signatures)
    assert report.warnings == []
    with pytest.raises(DomainError):
        verify_pdf(both_signed(), trust=[b"not a certificate"])


def test_pyhanko_validates_both_signatures_independently() -> None:
    reader = PdfFileReader(io.BytesIO(both_signed()))
    sigs = reader.embedded_signatures
    assert len(sigs) == 2
    statuses = [
        validate_pdf_signature(sig, signer_validation_context=ValidationContext(trust_roots=[]))
        for sig in sigs
    ]
    assert all(s.intact and s.valid for s in statuses)
    assert statuses[-1].coverage == SignatureCoverageLevel.ENTIRE_FILE


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_poppler_pdfsig_says_both_signatures_are_valid(tmp_path: Path) -> None:
    done = subprocess.run(["pdfsig", "-"], input=both_signed(), capture_output=True)
    out = done.stdout.decode("utf-8", "replace")
    if "Signature #" not in out:  # older poppler cannot read from stdin
        path = tmp_path / "signert.pdf"
        path.write_bytes(both_signed())
        out = subprocess.run(["pdfsig", str(path)], capture_output=True).stdout.decode("utf-8", "replace")
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "Signatur_leder" in out and "Signatur_direktor" in out
    assert "Total document signed" in out


def test_signed_file_is_still_pdfa_with_consistent_producer() -> None:
    assert validate_pdfa(both_signed()) == []
    with pikepdf.open(io.BytesIO(both_signed())) as doc:
        assert str(doc.Root.get("/Version", "/1.7")) in ("/1.7", "/1.4", "/1.5", "/1.6")
        with doc.open_metadata() as xmp:
            assert xmp["pdf:Producer"] == str(doc.docinfo["/Producer"])
            assert xmp["pdfaid:part"] == "2"
            assert xmp["dc:identifier"].startswith("sha256:")


def test_signing_a_signed_field_or_a_draft_is_refused() -> None:
    with pytest.raises(DomainError, match="allerede signert"):
        sign_as_leader(leader_signed())
    with pytest.raises(DomainError, match="allerede signert"):
        sign_as_director(both_signed())
    draft = render_agreement(build_agreement(status=Status.I_DIALOG, goals=1))
    with pytest.raises(DomainError, match="signaturfelt"):
        sign_as_leader(draft)
    with pytest.raises(DomainError, match="PDF"):
        sign_as_leader(b"dette er ikke en pdf")


def test_visible_signature_shows_name_title_and_role() -> None:
    last = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", "8", "-l", "8", "-", "-"],
        input=both_signed(),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    text = re.sub(r"\s+", " ", last)
    assert "Signert digitalt som enhetsleder" in text
    assert "Signert digitalt som direktør" in text
    assert "Selvlaget sertifikat (svakere identitetsbevis): Ola Åsheim Nordby" in text
    assert text.count("Tidspunkt:") == 2


# --- tampering ------------------------------------------------------------------------------------------


def test_unsigned_and_garbage_files_fail() -> None:
    assert_fails(unsigned(), "ingen signaturer")
    assert_fails(b"%PDF-1.7\n garbage", "kan ikke leses")
    assert_fails(b"", "kan ikke leses")


def test_flipped_byte_in_signed_content_fails() -> None:
    data = bytearray(both_signed())
    base = len(unsigned())
    # a byte inside a compressed page content stream of the original revision
    start = data.index(b"stream", base // 3) + 40
    data[start] ^= 0x01
    assert_fails(bytes(data), "endret etter signering|kan ikke kontrolleres")


def test_flipped_byte_in_embedded_info_fails() -> None:
    data = bytearray(both_signed())
    at = data.index(b"/EnhetsdialogFingerprint")
    data[at + 30] = ord("0") if data[at + 30] != ord("0") else ord("1")
    assert_fails(bytes(data), "endret etter signering|kan ikke kontrolleres")


def test_appended_incremental_update_with_pyhanko_fails() -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(both_signed()))
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info["/Title"] = generic.TextStringObject("Forfalsket avtale")
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    assert_fails(out.getvalue(), "dekker ikke hele filen")


def test_handwritten_incremental_update_fails() -> None:
    signed = both_signed()
    with pikepdf.open(io.BytesIO(signed)) as doc:
        info_num = doc.trailer.Info.objgen[0]
        root_num = doc.Root.objgen[0]
        size = int(doc.trailer.Size)
    prev = int(re.findall(rb"startxref\s+(\d+)", signed)[-1])
    body = f"\n{info_num} 0 obj\n<< /Title (Endret etter signering) >>\nendobj\n".encode()
    obj_at = len(signed) + 1
    xref_at = len(signed) + len(body)
    tail = (
        f"xref\n0 1\n0000000000 65535 f \n{info_num} 1\n{obj_at:010d} 00000 n \n"
        f"trailer\n<< /Size {size} /Root {root_num} 0 R /Info {info_num} 0 R /Prev {prev} >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    tampered = signed + body + tail
    with pikepdf.open(io.BytesIO(tampered)) as doc:  # a well-formed update
        assert str(doc.docinfo["/Title"]) == "Endret etter signering"
    assert_fails(tampered, "dekker ikke hele filen")


def test_raw_bytes_appended_fail() -> None:
    assert_fails(both_signed() + b"\n% et tillegg etter signaturen\n", "dekker ikke hele filen")


def test_full_rewrite_with_pikepdf_fails() -> None:
    with pikepdf.open(io.BytesIO(both_signed())) as doc:
        out = io.BytesIO()
        doc.save(out)
    assert_fails(out.getvalue(), "endret etter signering|kan ikke kontrolleres|dekker ikke hele filen")


def test_removed_signatures_fail() -> None:
    with pikepdf.open(io.BytesIO(both_signed())) as doc:
        for field in doc.Root.AcroForm.Fields:
            if "/V" in field:
                del field["/V"]
        out = io.BytesIO()
        doc.save(out)
    assert_fails(out.getvalue(), "ingen signaturer")
    # cutting the file back to before the signatures leaves an unsigned document
    assert_fails(both_signed()[: len(unsigned())], "ingen signaturer")


def test_content_change_between_signatures_fails_for_the_first() -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(leader_signed()))
    stamp = writer.add_object(generic.StreamObject(stream_data=b"q 1 0 0 rg 100 100 200 50 re f Q"))
    writer.add_stream_to_page(0, stamp)
    out = io.BytesIO()
    writer.write(out)
    counter_signed = sign_as_director(out.getvalue())
    report = verify_pdf(counter_signed)
    assert not report.ok
    assert report.signatures[0].modification_level == "other"
    assert report.signatures[1].intact and report.signatures[1].valid
    assert any("enhetsleder" in r and "bare direktørens signatur" in r for r in report.reasons), report.reasons


def test_fingerprint_that_does_not_match_content_fails() -> None:
    with pikepdf.open(io.BytesIO(unsigned())) as doc:
        doc.docinfo["/EnhetsdialogFingerprint"] = "0" * 64
        out = io.BytesIO()
        doc.save(out)
    assert_fails(out.getvalue(), "stemmer ikke med avtaleinnholdet")
