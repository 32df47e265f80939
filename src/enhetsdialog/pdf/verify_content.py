"""The agreement's content in a signed PDF, as part of verifying it (:mod:`pdf.verify`): the
recorded and the recomputed fingerprint, the content each signature signed, and the parties'
names as of the leader's revision."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from enhetsdialog.domain.canonical import fingerprint, revision_from_canonical
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import N_, _
from enhetsdialog.pdf.content import StoredContent, read_content
from enhetsdialog.pdf.names import INFO_PARTY_KEYS


def parties(reader: PdfFileReader, revision: int) -> dict[Role, str]:
    """The names the document recorded per role, as of the revision the first signature signs."""
    try:
        historical = reader.get_historical_resolver(revision)
        ref = historical.trailer_view.raw_get("/Info")
        # resolved as of that revision: a later update cannot change the names the leader signed
        info = historical(ref.reference) if isinstance(ref, generic.IndirectObject) else ref
    except Exception:
        return {}
    if not isinstance(info, generic.DictionaryObject):
        return {}
    out: dict[Role, str] = {}
    for role, key in INFO_PARTY_KEYS.items():
        value = info.get(key)
        if isinstance(value, generic.TextStringObject | generic.ByteStringObject | str) and str(value).strip():
            out[role] = str(value)
    return out


def content_dict(reader: PdfFileReader) -> dict[str, Any] | None:
    found = embedded_file(reader)
    if found is None:
        return None
    try:
        parsed = json.loads(found.data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def check_content(reader: PdfFileReader, reasons: list[str]) -> tuple[str | None, str | None, str | None]:
    """Recorded fingerprint, recomputed fingerprint and SHA-256 of the stored canonical content;
    appends failures to reasons.

    The content is read by ``content.read_content``: from the XMP metadata (PDF/A-2), or from the
    ``avtale.json`` attachment of a legacy PDF/A-3b record. It must also be the same, byte for
    byte, in the revision each signature covers: the XMP metadata may be rewritten by a later
    update, so what a signatory signed is compared with what the file says now.
    """
    found = embedded_file(reader)
    if found is None:
        reasons.append(_("PDF-en inneholder ikke avtaleinnholdet."))
        return None, None, None
    data = found.data
    recorded: str | None = found.fingerprint or None
    content_sha = hashlib.sha256(data).hexdigest()
    computed: str | None = None
    try:
        parsed = json.loads(data.decode("utf-8"))
        if not isinstance(parsed, dict):
            raise ValidationError(N_("Avtaleinnholdet har feil form."))
        computed = fingerprint(revision_from_canonical(parsed))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        reasons.append(_("Avtaleinnholdet kan ikke leses: {exc}", exc=exc))
    if recorded is None:
        reasons.append(_("Dokumentet mangler fingeravtrykket for avtaleinnholdet."))
    elif computed is not None and (
        computed != recorded or content_sha != recorded or found.info_fingerprint not in ("", recorded)
    ):
        reasons.append(_("Fingeravtrykket i dokumentet stemmer ikke med avtaleinnholdet: innholdet er endret."))
    whole = whole_file(reader)
    for sig in reader.embedded_regular_signatures:
        try:
            end = int(sig.byte_range[2]) + int(sig.byte_range[3])
            signed = read_content(whole[:end])
        except Exception:  # a mangled signature is reported by the signature checks
            continue
        if signed is None or signed.data != data or signed.fingerprint != found.fingerprint:
            reasons.append(
                _("Avtaleinnholdet i filen er ikke det samme som det som ble signert ({value}): det er endret etter signeringen.", value=sig.field_name or _("en signatur"))
            )
            break
    return recorded, computed, content_sha


def whole_file(reader: PdfFileReader) -> bytes:
    stream = reader.stream
    position = stream.tell()
    stream.seek(0)
    try:
        return bytes(stream.read())
    finally:
        stream.seek(position)


def embedded_file(reader: PdfFileReader) -> StoredContent | None:
    """The agreement's canonical bytes and recorded fingerprint in the file the reader reads
    (``content.read_content``: XMP, or the legacy ``avtale.json`` attachment), or None."""
    try:
        return read_content(whole_file(reader))
    except Exception:  # not readable by pikepdf: reported as missing content
        return None
