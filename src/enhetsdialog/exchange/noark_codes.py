"""The Noark 5 code values the arkivmelding uses, as Fiks Arkiv writes them (``kode`` + ``beskrivelse``).

The Fiks Arkiv V1 schemas type these fields as ``kode`` without enumerating the values; the values
below are the standard code lists KS publishes with its models (``ks-no/fiks-arkiv-models-dotnet``,
``KS.Fiks.Arkiv.Models/Kodelister/``), which are Noark 5's (metadatakatalog M-numbers given). File
formats are PRONOM identifiers (The National Archives, UK), as Arkivverket's format list uses them.
They are archive vocabulary, not interface text: they stay in Norwegian in every interface language.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    kode: str
    beskrivelse: str


# M082 journalposttype
ORGANINTERNT_UTEN_OPPFOELGING = Code("X", "Organinternt dokument uten oppfølging")
# M053 journalstatus
FERDIGSTILT_FRA_SAKSBEHANDLER = Code("F", "Ferdigstilt fra saksbehandler")
# M052 saksstatus
FERDIG_FRA_SAKSBEHANDLER = Code("F", "Ferdig fra saksbehandler")
# M087 korrespondanseparttype
INTERN_AVSENDER = Code("IA", "Intern avsender")
INTERN_MOTTAKER = Code("IM", "Intern mottaker")
# M083 dokumenttype
AVTALE = Code("AVTALE", "Avtale")
# M054 dokumentstatus
DOKUMENTET_ER_FERDIGSTILT = Code("F", "Dokumentet er ferdigstilt")
# M217 tilknyttetRegistreringSom
HOVEDDOKUMENT = Code("H", "Hoveddokument")
VEDLEGG = Code("V", "Vedlegg")
# M700 variantformat
ARKIVFORMAT = Code("A", "Arkivformat")
# M300 dokumentmedium
ELEKTRONISK = Code("E", "Elektronisk arkiv")
# M507 elektroniskSignaturSikkerhetsnivaa
SIKKERHETSNIVAA_SYMMETRISK = Code("SK", "Symmetrisk kryptert")
SIKKERHETSNIVAA_VIRKSOMHET = Code("V", "Sendt med PKI/virksomhetssertifikat")
SIKKERHETSNIVAA_PERSON_STANDARD = Code("PS", "Sendt med PKI/'person standard'-sertifikat")
SIKKERHETSNIVAA_PERSON_HOEY = Code("PH", "Sendt med PKI/'person høy'-sertifikat")
# M508 elektroniskSignaturVerifisert
SIGNATUR_IKKE_VERIFISERT = Code("I", "Signatur påført, ikke verifisert")
SIGNATUR_VERIFISERT = Code("V", "Signatur påført og verifisert")

# M701 format (PRONOM)
PDF_A_2A = Code("fmt/95", "PDF/A-2a")
PDF_A_2U = Code("fmt/476", "PDF/A-2u")
PDF_A_2B = Code("fmt/354", "PDF/A-2b")
PDF_A_3B = Code("fmt/480", "PDF/A-3b")
JSON = Code("fmt/817", "JSON Data Interchange Format")

PDFA_FORMATS: dict[tuple[str, str], Code] = {
    ("2", "A"): PDF_A_2A,
    ("2", "U"): PDF_A_2U,
    ("2", "B"): PDF_A_2B,
    ("3", "B"): PDF_A_3B,
}

_LEVEL_ORDER = (SIKKERHETSNIVAA_SYMMETRISK, SIKKERHETSNIVAA_VIRKSOMHET, SIKKERHETSNIVAA_PERSON_STANDARD,
                SIKKERHETSNIVAA_PERSON_HOEY)  # fmt: skip


def pdfa_format(part: str, conformance: str) -> Code | None:
    """The PRONOM code for a PDF/A part and conformance level as the file claims them, or None."""
    return PDFA_FORMATS.get((part.strip(), conformance.strip().upper()))


def weakest(levels: list[Code]) -> Code:
    """The lowest security level among ``levels`` (a document is as strong as its weakest signature)."""
    return min(levels, key=_LEVEL_ORDER.index)
