"""Who signs: a person's name compared with the name in a certificate.

Names are compared normalised (Unicode NFC, case folded, whitespace collapsed), so that
"Ingrid  Solberg" in the agreement and "INGRID SOLBERG" in a certificate are the same person and
"Per Ole Lien" is not "Ingrid Solberg". Pure: no PDF, no SQL.
"""

from __future__ import annotations

import unicodedata

# the most a certificate file (PEM or DER, a chain at most) may be before it is read: a larger one is
# refused in one line (trust anchors, personal certificates)
MAX_CERTIFICATE_FILE = 1024 * 1024


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def same_name(a: str, b: str) -> bool:
    """True when two names are the same after normalisation (an empty name matches nothing)."""
    na, nb = normalise_name(a), normalise_name(b)
    return bool(na) and na == nb
