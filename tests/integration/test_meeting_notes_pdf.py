"""What was decided in the dialogue meeting («Hva ble bestemt?») is in the signed PDF of the agreed
revision, and the stored record is the one the window saves and prints (issue 11)."""

from __future__ import annotations

import io

import pikepdf

from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.services import Services
from enhetsdialog.services.certificates import demo_sign_both


def _text(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return " ".join(" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc)))
    finally:
        doc.close()


def test_the_signed_pdf_of_an_agreed_revision_contains_the_meeting_notes(demo_services: Services) -> None:
    s = demo_services
    rid = next(r.id for r in s.agreements.list() if r.status is Status.ENIGHET)
    s.agreements.set_meeting_note(rid, Section.HVOR.value, "Vi beholder målet om lesing, men kutter det tredje.")
    s.agreements.set_meeting_note(rid, "oppsummering", "Neste møte i oktober; rektor sender tallene før det.")
    demo_sign_both(s, rid)
    signed = s.signing.signed_pdf(rid)
    assert signed is not None and s.agreements.revision(rid).status is Status.SIGNERT
    text = _text(signed)
    assert "Hva ble bestemt i dialogmøtet?" in text
    assert "Vi beholder målet om lesing, men kutter det tredje." in text
    assert "Neste møte i oktober; rektor sender tallene før det." in text
    with pikepdf.open(io.BytesIO(signed)) as pdf:  # the notes are in a titled appendix
        titles = [item.title for item in pdf.open_outline().root]
    assert any("dialogmøtet" in t for t in titles), titles
    assert s.signing.pdf(rid) == signed  # «Lagre som PDF» and «Skriv ut» give exactly the stored record
