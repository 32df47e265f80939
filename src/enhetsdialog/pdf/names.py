"""Names shared by rendering, signing and verification: fields, attachment, metadata keys."""

from __future__ import annotations

from enhetsdialog.domain.enums import Role, Status

ATTACHMENT_NAME = "avtale.json"
"""File name of the revision's canonical JSON embedded in every agreement PDF."""

INFO_FINGERPRINT_KEY = "/EnhetsdialogFingerprint"
"""Document information dictionary key holding the SHA-256 fingerprint (hex) of the embedded content."""

XMP_IDENTIFIER_PREFIX = "sha256:"
"""``dc:identifier`` in the XMP metadata is this prefix followed by the fingerprint."""

LANGUAGE = "nb-NO"

INFO_PARTY_KEYS: dict[Role, str] = {
    Role.LEDER: "/EnhetsdialogLeder",
    Role.DIREKTOR: "/EnhetsdialogDirektor",
}
"""Info dictionary keys holding the name of the person who signs for each role, written when the PDF
is made and so covered by the first signature; verification holds each certificate to that name."""

SIGNATURE_FIELDS: dict[Role, str] = {
    Role.LEDER: "Signatur_leder",
    Role.DIREKTOR: "Signatur_direktor",
}

FINAL_STATUSES: frozenset[Status] = frozenset({Status.ENIGHET, Status.SIGNERT, Status.ARKIVERT})
"""Statuses whose PDF is not marked UTKAST and carries signature fields."""


def role_of_field(field_name: str) -> Role | None:
    """The role a signature field belongs to, or None for a field we did not create."""
    for role, name in SIGNATURE_FIELDS.items():
        if name == field_name:
            return role
    return None


def is_draft(status: Status) -> bool:
    return status not in FINAL_STATUSES
