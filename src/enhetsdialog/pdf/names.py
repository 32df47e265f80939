"""Names shared by rendering, signing and verification: fields, attachment, metadata keys."""

from __future__ import annotations

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.outline import FINAL_STATUSES, SIGNATURE_FIELDS, is_draft

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

# SIGNATURE_FIELDS and FINAL_STATUSES (statuses whose PDF is not marked UTKAST and carries signature
# fields) are declared once, with the outline every rendering is built from.


def role_of_field(field_name: str) -> Role | None:
    """The role a signature field belongs to, or None for a field we did not create."""
    for role, name in SIGNATURE_FIELDS.items():
        if name == field_name:
            return role
    return None


__all__ = [
    "ATTACHMENT_NAME",
    "FINAL_STATUSES",
    "INFO_FINGERPRINT_KEY",
    "LANGUAGE",
    "SIGNATURE_FIELDS",
    "XMP_IDENTIFIER_PREFIX",
    "is_draft",
    "role_of_field",
]
