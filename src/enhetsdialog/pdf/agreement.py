"""``render_agreement``: a FullAgreement as PDF/A-3b bytes."""

from __future__ import annotations

from datetime import UTC, datetime

from enhetsdialog import __version__
from enhetsdialog.domain.canonical import canonical_bytes, fingerprint
from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.pdf import pdfa
from enhetsdialog.pdf.render import render_layout


def document_title(full: FullAgreement) -> str:
    return f"Enhetsavtale {full.revision.year} – {full.unit.name} (revisjon {full.revision.number})"


def render_agreement(
    full: FullAgreement,
    *,
    include_remarks: bool = True,
    signature_fields: bool | None = None,
    created_at: datetime | None = None,
    validate: bool = False,
) -> bytes:
    """The agreement as a PDF/A-3b document (A4, bokmål) with its canonical content embedded.

    ``signature_fields``: None (default) adds the two empty signature fields unless the revision is a
    draft (status before «Enighet»); True/False forces them on or off.
    ``created_at``: the creation date written into the metadata (default: now); fix it for
    reproducible output. ``validate``: also validate the written bytes as PDF/A-3b (~70 ms, see
    ``pdfa.validate``); raises ``pdfa.PdfaValidationError`` if they do not pass.
    """
    rev = full.revision
    raw, layout = render_layout(full, include_remarks=include_remarks, signature_fields=signature_fields)
    content = canonical_bytes(rev)
    fp = fingerprint(rev)
    parties = tuple(p.name for p in (full.leader, full.director) if p is not None and p.name.strip())
    meta = pdfa.DocumentMeta(
        title=document_title(full),
        authors=parties or (full.unit.name,),
        subject=(
            f"Enhetsavtale for {rev.year} mellom {full.unit.name} og {full.service_area.name}, "
            f"{full.municipality.name}"
        ),
        keywords=f"enhetsavtale; {rev.year}; {full.unit.name}; {full.municipality.name}; sha256:{fp}",
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
    )
    return pdfa.finish(raw, layout, meta, content, check=validate)
