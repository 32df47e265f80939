"""``render_agreement``: a FullAgreement as PDF/A-2 bytes (tagged: PDF/A-2a and PDF/UA-1)."""

from __future__ import annotations

from datetime import UTC, datetime

from enhetsdialog import __version__, i18n
from enhetsdialog.domain.canonical import canonical_bytes
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.i18n import _
from enhetsdialog.pdf import pdfa
from enhetsdialog.pdf.render import render_layout


def document_title(full: FullAgreement) -> str:
    return _(
        "Enhetsavtale {year} – {unit} (revisjon {number})",
        year=full.revision.year,
        unit=full.unit.name,
        number=full.revision.number,
    )


def render_agreement(
    full: FullAgreement,
    *,
    include_remarks: bool = True,
    signature_fields: bool | None = None,
    created_at: datetime | None = None,
    validate: bool = False,
    language: str | None = None,
    tagged: bool = True,
) -> bytes:
    """The agreement as a PDF/A-2 document (A4) with its canonical content in the XMP metadata.

    ``language``: ``nb``, ``nn`` or ``en`` (default: the current language of ``enhetsdialog.i18n``);
    the text, ``/Lang`` and ``dc:language`` follow it.
    ``signature_fields``: None (default) adds the two empty signature fields unless the revision is a
    draft (status before «Enighet»); True/False forces them on or off.
    ``created_at``: the creation date written into the metadata (default: now); fix it for
    reproducible output. ``validate``: also validate the written bytes (~70 ms, see
    ``pdfa.validate``); raises ``pdfa.PdfaValidationError`` if they do not pass.
    ``tagged``: True (default) writes a tagged PDF/A-2a that also claims PDF/UA-1; False a PDF/A-2u
    without a structure tree.
    """
    with i18n.using(language):
        return _render(full, include_remarks, signature_fields, created_at, validate, tagged)


def _render(
    full: FullAgreement,
    include_remarks: bool,
    signature_fields: bool | None,
    created_at: datetime | None,
    validate: bool,
    tagged: bool,
) -> bytes:
    rev = full.revision
    raw, layout, outline = render_layout(
        full, include_remarks=include_remarks, signature_fields=signature_fields, tagged=tagged
    )
    fp = outline.fingerprint
    meta = pdfa.DocumentMeta(
        title=document_title(full),
        authors=outline.authors,
        subject=str(outline.subject),
        keywords=_(
            "enhetsavtale; {year}; {unit}; {municipality}; sha256:{fingerprint}",
            year=rev.year,
            unit=full.unit.name,
            municipality=full.municipality.name,
            fingerprint=fp,
        ),
        creator=f"Enhetsdialog {__version__}",
        created=created_at or datetime.now(UTC).replace(microsecond=0),
        fingerprint=fp,
        document_id=rev.id,
        version=str(rev.number),
        parties={
            role: person.name
            for role, person in ((Role.LEDER, full.leader), (Role.DIREKTOR, full.director))
            if person is not None and person.name.strip()
        },
        language=i18n.language_tag(),
    )
    return pdfa.finish(raw, layout, meta, canonical_bytes(rev), check=validate)
