"""What the updates after the leader's signature may add besides the director's signature: long-term
validation data (a DSS) and document timestamps — and nothing that could ride along with them.

The difference analysis of :mod:`enhetsdialog.pdf.policy` already refuses every change it cannot
explain. These checks add the structure a verifier of an agreement expects:

* every field that did not exist when the leader signed is a document timestamp (``/DocTimeStamp``)
  in an invisible field — a visible one, an empty one or any other kind of field is refused;
* every revision between the leader's and the director's signature is validation data or a document
  timestamp, nothing else (the leader's B-LT data and a timestamp added before the director signs);
* every document timestamp's ``/Contents`` holds nothing but the timestamp token and zero padding
  (whether it is intact and genuine is read with the levels: :mod:`enhetsdialog.pdf.levels`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from enhetsdialog.i18n import _, ngettext
from enhetsdialog.pdf import policy


@dataclass(slots=True)
class LaterUpdates:
    """What :func:`check` found: failures in Norwegian, and the document timestamps' field names."""

    reasons: list[str] = field(default_factory=list)
    timestamp_fields: set[str] = field(default_factory=set)


def check(
    pdf: bytes,
    reader: PdfFileReader,
    signatures: list[EmbeddedPdfSignature],
    timestamps: list[EmbeddedPdfSignature],
) -> LaterUpdates:
    """Check the updates after the first of ``signatures`` (the regular signatures, in order) and every
    document timestamp in ``timestamps``."""
    found = LaterUpdates()
    if not signatures:
        return found
    first = signatures[0]
    _added_fields(reader, first, found)
    if len(signatures) > 1:
        _between(reader, first, signatures[1], found)
    for stamp in timestamps:
        _timestamp(pdf, stamp, found)
    return found


def _added_fields(reader: PdfFileReader, first: EmbeddedPdfSignature, found: LaterUpdates) -> None:
    try:
        before = policy.signature_fields(reader.get_historical_resolver(first.signed_revision))
    except Exception:
        return  # reported by the check of the fields before the first signature
    now = policy.signature_fields(reader)
    for key, state in sorted(now.items()):
        if key in before:
            continue
        if state.filled and state.timestamp and not state.visible:
            found.timestamp_fields.add(state.name)
            continue
        if state.timestamp:
            what = _("et synlig dokumenttidsstempel «{name}»", name=state.name)
        else:
            what = _("feltet «{name}»", name=key)
        found.reasons.append(
            _(
                "Etter lederens signatur er {what} lagt til; bare usynlige dokumenttidsstempler og "
                "valideringsdata er tillatt.",
                what=what,
            )
        )


def _between(
    reader: PdfFileReader, first: EmbeddedPdfSignature, second: EmbeddedPdfSignature, found: LaterUpdates
) -> None:
    """Each revision between the two signatures may hold only validation data or a document timestamp.

    The difference analysis of the leader's signature has explained every change up to the end of the
    file with the strict policy, whose only change above the archival level is the filling of the
    director's field; so a revision between the signatures holds only archival changes when the
    director's field is still empty in it and every field it adds is a document timestamp
    (:func:`_added_fields`). Cheaper than a second difference analysis per revision, and the same.
    """
    refused = 0
    legacy = first.docmdp_level is None  # Enhetsdialog 0.1: nothing ever came between its signatures,
    # and its lenient policy (metadata refresh allowed) must not explain an update between them
    for revision in range(first.signed_revision + 1, second.signed_revision):
        if legacy:
            refused += 1
            continue
        try:
            state = policy.signature_fields(reader.get_historical_resolver(revision))
        except Exception:
            refused += 1
            continue
        director = next((f for f in state.values() if f.name == str(second.field_name)), None)
        if director is None or director.filled:
            refused += 1
    if refused:
        found.reasons.append(
            ngettext(
                "Mellom lederens og direktørens signatur er dokumentet oppdatert {n} gang med noe annet enn "
                "valideringsdata og tidsstempler.",
                "Mellom lederens og direktørens signatur er dokumentet oppdatert {n} ganger med noe annet enn "
                "valideringsdata og tidsstempler.",
                refused,
            )
        )


def _timestamp(pdf: bytes, stamp: EmbeddedPdfSignature, found: LaterUpdates) -> None:
    """The gap of a document timestamp holds the token and zero padding only (its validity: levels.py)."""
    if policy.contents_problem(pdf, stamp.byte_range) is not None:
        found.reasons.append(
            _("Dokumenttidsstempelet «{name}» inneholder mer enn selve tidsstempelet; filen kan være manipulert.",
              name=str(stamp.field_name or ""))  # fmt: skip
        )
