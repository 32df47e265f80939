"""What may follow the leader's signature besides the director's: validation data (DSS) and invisible
document timestamps — and nothing that rides along with them. Each case is placed between the
signatures (the director then counter-signs) and after the last one."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.sign import fields
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore

from enhetsdialog.pdf import validate_pdfa, verify_pdf
from enhetsdialog.pdf.ltv import add_validation_data, make_archival
from enhetsdialog.pdf.timestamps import add_document_timestamp, timestamper
from enhetsdialog.pdf.writer import open_writer, write
from tests.integration.test_pdf_sign import both_signed, leader_signed, sign_as_director
from tests.pki.plugin import LocalPki

Update = Callable[[bytes, LocalPki], bytes]


def _ok(pdf: bytes) -> None:
    report = verify_pdf(pdf)
    assert report.ok, report.reasons


def _fails(pdf: bytes, pattern: str) -> None:
    report = verify_pdf(pdf)
    assert not report.ok
    assert any(re.search(pattern, r) for r in report.reasons), report.reasons


# --- what is allowed --------------------------------------------------------------------------------


def test_timestamp_and_dss_between_and_after_the_signatures_verify(test_pki: LocalPki) -> None:
    ts = timestamper(test_pki.tsa_url)
    leader = add_validation_data(add_document_timestamp(leader_signed(), ts))
    _ok(leader)
    both = sign_as_director(leader)
    _ok(both)
    # the archive knows the TSA's root (here the test CA's); the signers' certificates are self-made
    archived = make_archival(both, ts, trust_roots=[test_pki.asn1_cert("root")])
    report = verify_pdf(archived)
    assert report.ok and report.complete, report.reasons
    assert [s.level for s in report.signatures] == ["B-LTA", "B-LTA"]
    assert validate_pdfa(archived) == []


def test_a_second_archival_timestamp_verifies(test_pki: LocalPki) -> None:
    ts = timestamper(test_pki.tsa_url)
    roots = [test_pki.asn1_cert("root")]
    twice = make_archival(make_archival(both_signed(), ts, trust_roots=roots), ts, trust_roots=roots)
    report = verify_pdf(twice)
    assert report.ok, report.reasons
    assert [s.level for s in report.signatures] == ["B-LTA", "B-LTA"]


# --- what may not ride along ------------------------------------------------------------------------


def visible_timestamp(pdf: bytes, pki: LocalPki) -> bytes:
    """A document timestamp in a new field with a widget on page 1 (it could paint over the text)."""
    writer = open_writer(pdf)
    fields.append_signature_field(writer, fields.SigFieldSpec("Tidsstempel", on_page=0, box=(40, 500, 560, 700)))
    out = io.BytesIO()
    PdfTimeStamper(timestamper(pki.tsa_url), field_name="Tidsstempel").timestamp_pdf(writer, "sha256", output=out)
    return out.getvalue()


def empty_invisible_field(pdf: bytes, _pki: LocalPki) -> bytes:
    writer = open_writer(pdf)
    fields.append_signature_field(writer, fields.SigFieldSpec("Reserve"))
    return write(writer)


def text_field(pdf: bytes, _pki: LocalPki) -> bytes:
    writer = open_writer(pdf)
    field = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.TextStringObject("Kommentar"),
                pdf_name("/V"): generic.TextStringObject("Budsjettet kuttes"),
            }
        )
    )
    form = writer.root["/AcroForm"]
    form["/Fields"].append(field)
    writer.update_container(form["/Fields"] if isinstance(form.raw_get("/Fields"), generic.IndirectObject) else form)
    writer.update_root()
    return write(writer)


def dss_with_page_content(pdf: bytes, _pki: LocalPki) -> bytes:
    """A validation-data update that also replaces the first page's content."""
    writer = open_writer(pdf)
    DocumentSecurityStore.supply_dss_in_writer(writer, None, certs=[])
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 50 700 Td (Ny tekst) Tj ET"))
    page["/Contents"] = stream
    writer.update_container(page)
    return write(writer)


def timestamp_with_payload(pdf: bytes, pki: LocalPki) -> bytes:
    """A document timestamp whose unsigned gap carries hidden bytes after the token."""
    stamped = add_document_timestamp(pdf, timestamper(pki.tsa_url))
    start = stamped.rfind(b"/Contents <")
    assert start > len(pdf)
    gap_start = start + len(b"/Contents <")
    gap_end = stamped.index(b">", gap_start)
    gap = stamped[gap_start:gap_end]
    payload = b"48656d6d656c6967"  # "Hemmelig"
    zeros = gap.rstrip(b"0")
    keep = len(zeros) + (len(zeros) % 2)
    assert len(gap) - keep > len(payload) + 16
    tampered = gap[:keep] + b"00" * 4 + payload + gap[keep + 8 + len(payload) :]
    assert len(tampered) == len(gap)
    return stamped[:gap_start] + tampered + stamped[gap_end:]


CASES: list[tuple[str, Update, str]] = [
    ("visible timestamp", visible_timestamp, "et synlig dokumenttidsstempel «Tidsstempel» lagt til"),
    ("empty invisible signature field", empty_invisible_field, "feltet «Reserve»"),
    ("text field", text_field, "feltet «Kommentar \\(/Tx\\)» lagt til"),
    ("DSS with page content", dss_with_page_content, "endringer i filen som ikke er tillatt"),
    ("timestamp with payload", timestamp_with_payload, "mer enn selve tidsstempelet"),
]


@pytest.mark.parametrize(("name", "update", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_refused_between_the_signatures(test_pki: LocalPki, name: str, update: Update, pattern: str) -> None:
    changed = update(leader_signed(), test_pki)
    _fails(changed, pattern)
    try:
        both = sign_as_director(changed)
    except Exception:
        return  # the director could not even sign it: refused all the same
    _fails(both, pattern)


@pytest.mark.parametrize(("name", "update", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_refused_after_the_last_signature(test_pki: LocalPki, name: str, update: Update, pattern: str) -> None:
    _fails(update(both_signed(), test_pki), pattern)
