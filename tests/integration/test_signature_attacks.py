"""Attacks on a signed agreement PDF, each built here with pyHanko's incremental writer or pikepdf,
each placed between the two signatures (then the director counter-signs as if nothing happened) and
after the last one. Every one must fail verification with a Norwegian reason.

Shadow attacks (Mainka, Mladenov, Rohlmann, NDSS 2021): hide, replace, hide-and-replace — by a new
signature field or widget, by an annotation, by a moved widget, by a replaced content stream, by
swapped glyphs; plus metadata, outline and catalog changes, bytes in the signature's gap, one person
in both roles, a certificate for someone else, and an untrusted signer when anchors are known.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.pdf import create_personal_certificate, render_agreement, sign_pkcs12, verify_pdf
from tests.integration.test_pdf_sign import (
    DIRECTOR_PW,
    LEADER_PW,
    both_signed,
    cert_pem,
    director_p12,
    leader_p12,
    leader_signed,
    sign_as_director,
)
from tests.pdf_fixtures import build_agreement

Attack = Callable[[bytes], bytes]


def _write(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _box_stream(writer: IncrementalPdfFileWriter, width: float, height: float, text: str) -> generic.IndirectObject:
    """An opaque white box with black text: what a shadow attack paints over the signed content."""
    font = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type1"),
                pdf_name("/BaseFont"): pdf_name("/Helvetica"),
            }
        )
    )
    content = f"1 1 1 rg 0 0 {width} {height} re f 0 0 0 rg BT /F1 14 Tf 10 {height / 2} Td ({text}) Tj ET".encode()
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, width, height)]),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})}
            ),
        },
        stream_data=content,
    )
    return writer.add_object(stream)


def new_field_overlay(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec("Skygge", on_page=0, box=(40, 500, 560, 700)))
    for field in writer.root["/AcroForm"]["/Fields"]:
        obj = field.get_object()
        if obj.get("/T") == "Skygge":
            obj["/AP"] = generic.DictionaryObject({pdf_name("/N"): _box_stream(writer, 520, 200, "Budsjettet kuttes med 50 %")})
            writer.update_container(obj)
    return _write(writer)


def annotation_overlay(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    annot = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Square"),
                pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (40, 500, 560, 700)]),
                pdf_name("/F"): generic.NumberObject(4),
                pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): _box_stream(writer, 520, 200, "Nytt mål")}),
            }
        )
    )
    annots = page.get("/Annots")
    if annots is None:
        page["/Annots"] = generic.ArrayObject([annot])
    else:
        annots = annots.get_object()
        annots.append(annot)
        if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
            writer.update_container(annots)
    writer.update_container(page)
    return _write(writer)


def _field(writer: IncrementalPdfFileWriter, name: str) -> generic.DictionaryObject:
    for field in writer.root["/AcroForm"]["/Fields"]:
        obj = field.get_object()
        if obj.get("/T") == name:
            return obj
    raise AssertionError(name)


def moved_widget(name: str) -> Attack:
    def attack(pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        widget = _field(writer, name)
        widget["/Rect"] = generic.ArrayObject([generic.FloatObject(v) for v in (40, 500, 560, 700)])
        writer.update_container(widget)
        return _write(writer)

    return attack


def replaced_appearance(pdf: bytes) -> bytes:
    """Give the (already signed) leader's widget a different appearance."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    widget = _field(writer, "Signatur_leder")
    widget["/AP"] = generic.DictionaryObject({pdf_name("/N"): _box_stream(writer, 200, 60, "Per Ole Lien")})
    writer.update_container(widget)
    return _write(writer)


def replaced_content(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    contents = page.raw_get("/Contents")
    ref = contents if isinstance(contents, generic.IndirectObject) else contents[0]
    stream = ref.get_object()
    stream.strip_filters()
    stream._data = stream.data + b"\n1 1 1 rg 40 500 520 200 re f\n"
    writer.update_container(stream)
    return _write(writer)


def swapped_glyphs(pdf: bytes) -> bytes:
    """Replace an embedded font program (the glyphs drawn for the signed text)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    font_dict = page["/Resources"]["/Font"]
    for key in font_dict:
        font = font_dict[key].get_object()
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
        if descriptor is None:
            continue
        descriptor = descriptor.get_object()
        for file_key in ("/FontFile2", "/FontFile3", "/FontFile"):
            if file_key in descriptor:
                program = descriptor[file_key].get_object()
                program.strip_filters()
                data = bytearray(program.data)
                data[len(data) // 2] ^= 0xFF
                program._data = bytes(data)
                writer.update_container(program)
                return _write(writer)
    raise AssertionError("no embedded font program found")


def changed_info(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info["/EnhetsdialogDirektor"] = generic.TextStringObject("Mallory")
    writer.mark_update(info_ref)
    return _write(writer)


def changed_xmp(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = writer.root["/Metadata"].get_object()
    meta.strip_filters()
    meta._data = meta.data.replace(b"Enhetsavtale", b"Forfalsket avtale", 1)
    writer.update_container(meta)
    return _write(writer)


def added_outline(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    outline = writer.add_object(
        generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Outlines"), pdf_name("/Count"): generic.NumberObject(0)})
    )
    writer.root["/Outlines"] = outline
    writer.update_root()
    return _write(writer)


def added_open_action(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0]
    writer.root["/OpenAction"] = generic.ArrayObject([page, pdf_name("/Fit")])
    writer.update_root()
    return _write(writer)


ATTACKS: dict[str, Attack] = {
    "new signature field with an opaque appearance": new_field_overlay,
    "annotation painted over the content": annotation_overlay,
    "director's widget moved over the content": moved_widget("Signatur_direktor"),
    "leader's widget moved": moved_widget("Signatur_leder"),
    "leader's signature appearance replaced": replaced_appearance,
    "page content stream replaced": replaced_content,
    "font glyphs swapped": swapped_glyphs,
    "info dictionary changed": changed_info,
    "XMP metadata changed": changed_xmp,
    "outline added": added_outline,
    "catalog entry added": added_open_action,
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_between_the_signatures_fails_even_after_the_counter_signature(name: str) -> None:
    counter_signed = sign_as_director(ATTACKS[name](leader_signed()))
    report = verify_pdf(counter_signed)
    assert not report.ok, name
    assert not report.complete
    assert any("Signaturen til enhetsleder" in r for r in report.reasons), report.reasons


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_after_the_last_signature_fails(name: str) -> None:
    report = verify_pdf(ATTACKS[name](both_signed()))
    assert not report.ok, name
    assert report.reasons


def _last_contents_gap(pdf: bytes) -> tuple[int, int]:
    ranges = [tuple(int(x) for x in m) for m in re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)]
    start, length, second, _ = max(ranges, key=lambda r: r[2])
    return start + length, second


def test_payload_hidden_in_the_signature_gap_fails() -> None:
    signed = bytearray(both_signed())
    gap_start, gap_end = _last_contents_gap(bytes(signed))
    gap = bytes(signed[gap_start:gap_end])
    assert gap.startswith(b"<") and gap.endswith(b">")
    payload = b"48656d6d656c6967"  # "Hemmelig" in hex, in the zero padding before '>'
    at = gap_end - 1 - len(payload) - 2
    assert set(bytes(signed[at : at + len(payload)])) == {ord("0")}
    signed[at : at + len(payload)] = payload
    report = verify_pdf(bytes(signed))
    assert not report.ok
    assert any("/Contents" in r for r in report.reasons), report.reasons


def test_zeroed_signature_bytes_fail() -> None:
    signed = bytearray(both_signed())
    gap_start, gap_end = _last_contents_gap(bytes(signed))
    signed[gap_start + 1 : gap_end - 1] = b"0" * (gap_end - gap_start - 2)
    report = verify_pdf(bytes(signed))
    assert not report.ok


@cache
def mallory_p12() -> bytes:
    return create_personal_certificate("Mallory", None, b"mallory-passord")


def test_one_certificate_in_both_roles_fails() -> None:
    pdf = render_agreement(build_agreement(status=Status.ENIGHET))
    once = sign_pkcs12(pdf, leader_p12(), LEADER_PW, role=Role.LEDER, name="Kari Ødegård Lie", title="")
    twice = sign_pkcs12(once, leader_p12(), LEADER_PW, role=Role.DIREKTOR, name="Ola Åsheim Nordby", title="")
    report = verify_pdf(twice)
    assert not report.ok
    assert any("både som enhetsleder og som direktør" in r for r in report.reasons), report.reasons


def test_a_certificate_for_someone_else_fails() -> None:
    pdf = render_agreement(build_agreement(status=Status.ENIGHET))
    signed = sign_pkcs12(pdf, mallory_p12(), b"mallory-passord", role=Role.LEDER, name="Kari Ødegård Lie", title="")
    report = verify_pdf(signed)
    assert not report.ok
    assert report.signatures[0].identity_matches is False
    assert report.signatures[0].name_in_agreement == "Kari Ødegård Lie"
    assert any("«Mallory»" in r and "«Kari Ødegård Lie»" in r for r in report.reasons), report.reasons


def test_with_a_trust_anchor_an_untrusted_signer_fails() -> None:
    anchor = cert_pem(leader_p12(), LEADER_PW)  # only the leader's (self-made) certificate is trusted
    report = verify_pdf(both_signed(), trust=[anchor])
    assert not report.ok
    assert report.trust_required
    assert report.signatures[0].trusted and not report.signatures[1].trusted
    assert any("betrodd utsteder" in r and "direktør" in r for r in report.reasons), report.reasons
    both = verify_pdf(both_signed(), trust=[anchor, cert_pem(director_p12(), DIRECTOR_PW)])
    assert both.ok and both.complete and both.identity_confirmed, both.reasons


def test_a_signature_in_the_wrong_field_order_fails() -> None:
    pdf = render_agreement(build_agreement(status=Status.ENIGHET))
    director_first = sign_pkcs12(pdf, director_p12(), DIRECTOR_PW, role=Role.DIREKTOR, name="Ola Åsheim Nordby", title="")
    report = verify_pdf(director_first)
    assert not report.ok


def test_a_pikepdf_rewrite_of_the_leader_signed_file_then_countersigned_fails() -> None:
    with pikepdf.open(io.BytesIO(leader_signed())) as doc:
        doc.pages[0].Contents = doc.make_stream(b"BT ET")
        out = io.BytesIO()
        doc.save(out)
    counter = sign_as_director(out.getvalue())
    assert not verify_pdf(counter).ok


def _sign_in_same_revision(pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None], tmp_path: Path) -> bytes:
    """The director's own update carries the attack too (a malicious signing tool): one revision."""
    p12 = tmp_path / "direktor.p12"
    p12.write_bytes(director_p12())
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=DIRECTOR_PW)
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Signatur_direktor", md_algorithm="sha256"), signer=signer
    ).sign_pdf(writer, existing_fields_only=True, output=out)
    return out.getvalue()


def _add_annotation(writer: IncrementalPdfFileWriter) -> None:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    annot = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Square"),
                pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (40, 500, 560, 700)]),
                pdf_name("/F"): generic.NumberObject(4),
                pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): _box_stream(writer, 520, 200, "Nytt mål")}),
            }
        )
    )
    page["/Annots"] = generic.ArrayObject([*page.get("/Annots", []), annot])
    writer.update_container(page)


def _move_director_widget(writer: IncrementalPdfFileWriter) -> None:
    widget = _field(writer, "Signatur_direktor")
    widget["/Rect"] = generic.ArrayObject([generic.FloatObject(v) for v in (40, 500, 560, 700)])
    writer.update_container(widget)


def _info_change(writer: IncrementalPdfFileWriter) -> None:
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()["/Title"] = generic.TextStringObject("Forfalsket")
    writer.mark_update(info_ref)


@pytest.mark.parametrize("change", [_add_annotation, _move_director_widget, _info_change])
def test_attack_inside_the_counter_signatures_own_update_fails(change: Callable[[IncrementalPdfFileWriter], None], tmp_path: Path) -> None:
    signed = _sign_in_same_revision(leader_signed(), change, tmp_path)
    report = verify_pdf(signed)
    assert not report.ok
    assert any("Signaturen til enhetsleder" in r for r in report.reasons), report.reasons


def test_an_honest_counter_signature_made_the_same_way_passes(tmp_path: Path) -> None:
    """The control for the test above: pyHanko's own signer, no extra change, no metadata refresh
    suppressed - the metadata refresh alone is refused too, so this one must fail the same way,
    while ours (sign_pdf) passes."""
    plain = _sign_in_same_revision(leader_signed(), lambda _w: None, tmp_path)
    assert not verify_pdf(plain).ok  # pyHanko refreshes /Info and XMP: not allowed after certification
    assert verify_pdf(sign_as_director(leader_signed())).ok
