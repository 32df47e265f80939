"""The PDF/A-2 checks the archive export adds to validate_pdfa (pdf/archive_checks.py): each clause on
a file that breaks it, the signed record passing all of them, and qualified certificates recognised."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import cache

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pikepdf import Array, Dictionary, Name

from enhetsdialog.domain.enums import Status
from enhetsdialog.pdf import render_agreement
from enhetsdialog.pdf.archive_checks import _claims_qualified, inspect
from tests.pdf_fixtures import build_agreement

from .test_pdf_pdfa2 import signed_twice


@cache
def unsigned() -> bytes:
    return render_agreement(build_agreement(status=Status.ENIGHET))


def changed(edit: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    with pikepdf.open(io.BytesIO(unsigned())) as doc:
        edit(doc)
        out = io.BytesIO()
        doc.save(out, **save)  # type: ignore[arg-type]
    return out.getvalue()


def test_the_signed_record_passes_every_check() -> None:
    facts = inspect(signed_twice())
    assert facts.findings == []
    assert (facts.part, facts.conformance, facts.ua) == ("2", "A", True)
    assert facts.claim == "PDF/A-2a, PDF/UA-1"
    assert len(facts.qualified) == 2 and not any(facts.qualified.values())


def _widget(doc: pikepdf.Pdf, **extra: object) -> None:
    page = doc.pages[0]
    fields: dict[str, object] = {"Type": Name.Annot, "Subtype": Name.Square, "Rect": Array([10, 10, 50, 50]), **extra}
    annot = doc.make_indirect(Dictionary(**fields))
    page.obj.Annots = Array([*page.obj.get("/Annots", []), annot])


def _drop_output_intent(doc: pikepdf.Pdf) -> None:
    del doc.Root["/OutputIntents"]


def _javascript(doc: pikepdf.Pdf) -> None:
    doc.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


def _catalog_aa(doc: pikepdf.Pdf) -> None:
    doc.Root.AA = Dictionary()


@pytest.mark.parametrize(
    ("edit", "save", "expected"),
    [
        (_drop_output_intent, {}, "output intent"),
        (lambda d: _widget(d, F=4), {}, "no appearance stream"),
        (lambda d: _widget(d, F=6, AP=Dictionary(N=d.make_stream(b""))), {}, "Print must be set"),
        (lambda d: _widget(d, AP=Dictionary(N=d.make_stream(b""))), {}, "flags 0"),
        (lambda d: _widget(d, F=4, AP=Dictionary(N=d.make_stream(b""), D=d.make_stream(b""))), {}, "only /N"),
        (lambda d: _widget(d, F=4, Subtype=Name("/Sound"), AP=Dictionary(N=d.make_stream(b""))), {}, "forbids (6.3.1)"),
        (_javascript, {}, "JavaScript action"),
        (_catalog_aa, {}, "additional actions"),
        (lambda d: None, {"encryption": pikepdf.Encryption(owner="o", user="", R=4)}, "encrypted"),
    ],
)
def test_each_clause_is_caught(edit: Callable[[pikepdf.Pdf], None], save: dict[str, object], expected: str) -> None:
    facts = inspect(changed(edit, **save))
    assert any(expected in f for f in facts.findings), facts.findings


def test_a_part_1_or_unreadable_file_is_refused() -> None:
    def part1(doc: pikepdf.Pdf) -> None:
        with doc.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["pdfaid:part"] = "1"

    assert any("not part 2" in f for f in inspect(changed(part1)).findings)
    assert inspect(b"%PDF-1.7 not really").findings


def _certificate(qc: bool) -> x509.Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kvalifisert Person")])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
    )  # fmt: skip
    if qc:
        # QCStatements: SEQUENCE { SEQUENCE { id-etsi-qcs-QcCompliance } }
        der = bytes.fromhex("300a" "3008" "0606" "04008e460101")
        builder = builder.add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"), der), critical=False)
    return builder.sign(key, hashes.SHA256())


def test_qualified_certificates_are_recognised() -> None:
    from asn1crypto import x509 as asn1

    for qc in (True, False):
        cert = asn1.Certificate.load(_certificate(qc).public_bytes(serialization.Encoding.DER))
        assert _claims_qualified(cert) is qc
