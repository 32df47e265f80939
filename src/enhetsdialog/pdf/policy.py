"""What may change in an agreement PDF after it is signed, and the checks of its file structure.

An agreement is signed twice: the leader certifies it (DocMDP: only form filling and signing
allowed; the leader's field lock leaves only the director's pre-declared field open), then the
director signs that field. Nothing else may ever be added between or after the signatures but
long-term validation data (a DSS) and document timestamps. pyHanko's difference analysis does the
reading of every incremental update; the policy below gives it rules that explain exactly those
changes and nothing more, so anything else — a new field, annotation or widget, a changed or moved
appearance, page content, a font, an XObject, the metadata, an outline, a catalog entry — is an
unexplained change and the signature before it fails. The structural checks here add what the
difference analysis does not look at: which fields were signed in which order, that every signature
has exactly its own revision, that nothing follows the file's last revision, and that no bytes are
hidden in the unsigned gap of a signature's ``/Contents``.

Files signed by the first version of Enhetsdialog (before certification signatures) had their
metadata refreshed by the counter-signature; they are read with :data:`LEGACY_POLICY`, which allows
that too, and are reported as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.rules.form_field_rules import is_field_visible
from pyhanko.sign.fields import FieldMDPAction, MDPPerm
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from enhetsdialog.domain.enums import Role
from enhetsdialog.i18n import _
from enhetsdialog.pdf.names import SIGNATURE_FIELDS

_LTA = ModificationLevel.LTA_UPDATES

STRICT_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),  # type: ignore[no-untyped-call]
        XrefStreamRule().as_qualified(_LTA),
        ObjectStreamRule().as_qualified(_LTA),
        DSSCompareRule().as_qualified(_LTA),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[
            # new signature fields: only invisible ones (document timestamps) pass the structural
            # checks below; visible ones after a certification are refused by the rule itself
            SigFieldCreationRule(allow_new_visible_after_certify=False),  # type: ignore[no-untyped-call]
            # filling an empty signature field, with a new appearance stream (never in place)
            SigFieldModificationRule(allow_in_place_appearance_stream_changes=False),
        ],
        # only the field list may change in the form dictionary (a document timestamp's field);
        # pyHanko would also let /DR, /DA, /Q and /NeedAppearances change
        ignored_acroform_keys=frozenset({"/Fields"}),
    ),
    reject_object_freeing=True,
    ignore_orphaned_objects=True,
    ignore_identical_objects=True,
)
"""After a signature: the director's signature in its pre-declared field, DSS, document timestamps."""

LEGACY_POLICY = StandardDiffPolicy(
    global_rules=[
        *STRICT_POLICY.global_rules,
        DocInfoRule().as_qualified(_LTA),
        MetadataUpdateRule().as_qualified(_LTA),  # type: ignore[no-untyped-call]
    ],
    form_rule=STRICT_POLICY.form_rule,
)
"""The same, plus the metadata refresh that version 0.1's counter-signature wrote."""


@dataclass(frozen=True, slots=True)
class FieldState:
    name: str
    filled: bool
    visible: bool
    timestamp: bool  # filled with a /DocTimeStamp


def signature_fields(handler: object) -> dict[str, FieldState]:
    """The signature fields of a document (or of one of its historical revisions), by name.

    Fields that are not signature fields are returned too (with ``filled`` False), so that a check
    can refuse them: an agreement PDF has no other kind of field.
    """
    out: dict[str, FieldState] = {}
    try:
        fields = handler.root["/AcroForm"]["/Fields"]  # type: ignore[attr-defined]
    except (KeyError, TypeError, AttributeError):
        return out
    pending = list(fields)
    seen: set[object] = set()
    while pending:
        ref = pending.pop()
        key = getattr(ref, "reference", None) or id(ref)
        if key in seen:
            continue
        seen.add(key)
        field = ref.get_object()
        if not isinstance(field, generic.DictionaryObject):
            continue
        kids = field.get("/Kids")
        if kids is not None and "/T" in field and field.get("/FT") is None:
            pending.extend(kids)  # a non-terminal node of the field tree
            continue
        name = str(field.get("/T", ""))
        value = field.get("/V")
        value = value.get_object() if value is not None else None
        is_ts = isinstance(value, generic.DictionaryObject) and value.get("/Type") == "/DocTimeStamp"
        kind = field.get("/FT")
        out[name if kind == "/Sig" else f"{name} ({kind})"] = FieldState(
            name=name,
            filled=isinstance(value, generic.DictionaryObject) and kind == "/Sig",
            visible=bool(is_field_visible(field)),  # type: ignore[no-untyped-call]
            timestamp=is_ts,
        )
    return out


_HEX_GAP = re.compile(rb"^<([0-9A-Fa-f]*)>$")


def contents_problem(pdf: bytes, byte_range: Iterable[int]) -> str | None:
    """Why the unsigned gap of a signature (its ``/Contents``) is not just the signature, or None.

    The gap must be one hex string holding the DER-encoded CMS structure followed only by zero
    bytes: anything else would let the same signed document exist as different files.
    """
    try:
        start, first_len, second_start, _second_len = (int(x) for x in byte_range)
    except (TypeError, ValueError):
        return "ByteRange"
    gap = pdf[start + first_len : second_start]
    match = _HEX_GAP.match(gap)
    if match is None:
        return "hex"
    raw = bytes.fromhex(match.group(1).decode("ascii")) if len(match.group(1)) % 2 == 0 else None
    if raw is None:
        return "hex"
    length = der_length(raw)
    if length is None:
        return "der"
    if any(raw[length:]):
        return "padding"
    return None


def der_length(data: bytes) -> int | None:
    """The length of the DER TLV at the start of ``data`` (tag, length and value), or None."""
    if len(data) < 2 or data[0] != 0x30:
        return None
    first = data[1]
    if first < 0x80:
        total = 2 + first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or len(data) < 2 + count:
            return None
        total = 2 + count + int.from_bytes(data[2 : 2 + count], "big")
    return total if total <= len(data) else None


def trailing_bytes(pdf: bytes) -> bool:
    """True when anything but an end-of-line follows the last ``%%EOF`` of the file."""
    end = pdf.rfind(b"%%EOF")
    return end < 0 or pdf[end + 5 :].strip(b"\r\n") != b""


def revision_count(reader: PdfFileReader) -> int:
    return int(reader.xrefs.total_revisions)


# pyHanko's coverage and modification levels, as the report (and --json) names them
COVERAGE_NAMES = {
    SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
    SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "contiguous_block_from_start",
    SignatureCoverageLevel.UNCLEAR: "unclear",
}
LEVEL_NAMES = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "lta_updates",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}


def change_text(level: ModificationLevel) -> str:
    """What a change beyond the allowed level is, in words."""
    if level is ModificationLevel.ANNOTATIONS:
        return _("nye kommentarer, merknader eller andre annoteringer")
    if level is ModificationLevel.FORM_FILLING:
        return _("utfylte skjemafelt")
    return _("endret innhold")


LEADER_FIELD = SIGNATURE_FIELDS[Role.LEDER]
DIRECTOR_FIELD = SIGNATURE_FIELDS[Role.DIREKTOR]


def certification_problems(sig: EmbeddedPdfSignature) -> list[str]:
    """The leader's signature must certify the document (DocMDP 2: form filling and signing only)
    and lock every field but the director's."""
    problems = []
    docmdp = sig.docmdp_level
    if docmdp is not MDPPerm.FILL_FORMS:
        problems.append(
            _("lederens signatur skal tillate bare utfylling og signering etterpå (DocMDP 2), ikke {level}.",
              level=getattr(docmdp, "value", docmdp))
        )
    lock = sig.fieldmdp
    if lock is None or lock.action is not FieldMDPAction.EXCLUDE or set(lock.fields or ()) != {DIRECTOR_FIELD}:
        problems.append(_("lederens signatur låser ikke alle felt unntatt direktørens."))
    return problems


def two_fields_when_leader_signed(reader: PdfFileReader, first: EmbeddedPdfSignature) -> bool:
    """When the leader signed, the document had exactly the two signature fields, the director's empty."""
    try:
        before = signature_fields(reader.get_historical_resolver(first.signed_revision))
    except Exception:
        before = {}
    return set(before) == {LEADER_FIELD, DIRECTOR_FIELD} and not before[DIRECTOR_FIELD].filled
