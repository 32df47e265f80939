"""The archive delivery's names and manifest: one folder per signed revision, safe file names, and
a ``sha256sum``-compatible manifest over every file. Pure: the domain and the standard library.

The XML itself is :mod:`enhetsdialog.exchange.arkivmelding` (KS Fiks Arkiv V1, validated against the
official schema); the services write the files (``services/archive_files.py``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from enhetsdialog.domain.model import FullAgreement

MANIFEST_NAME = "manifest-sha256.txt"
MESSAGE_NAME = "arkivmelding.xml"  # the name Fiks Arkiv gives the message in its ASiC-E container
DATA_NAME = "avtale.json"


# --- manifest -------------------------------------------------------------------------------------


def _sha256sum_line(name: str, digest: str) -> str:
    # GNU sha256sum escapes a name holding a backslash or newline and marks the line with "\".
    if "\\" in name or "\n" in name or "\r" in name:
        escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {name}\n"


def manifest(files: dict[str, bytes]) -> str:
    """``sha256sum``-compatible lines (``<hex>  <name>``), sorted by name; check with ``sha256sum -c``."""
    return manifest_of({name: hashlib.sha256(data).hexdigest() for name, data in files.items()})


def manifest_of(digests: dict[str, str]) -> str:
    """The manifest for names (relative paths with ``/``) and their SHA-256 hex digests."""
    return "".join(_sha256sum_line(name, digest) for name, digest in sorted(digests.items()))


_LINE = re.compile(r"^(\\?)([0-9a-f]{64})  (.+)$")


def parse_manifest(text: str) -> dict[str, str]:
    """Name → SHA-256 from a manifest :func:`manifest_of` wrote (lines it cannot read are skipped)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        found = _LINE.match(line)
        if found is None:
            continue
        escaped, digest, name = found.groups()
        if escaped:
            name = re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), name)
        out[name] = digest
    return out


# --- file names -----------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa",
        "ß": "ss", "đ": "d", "Đ": "D", "ŋ": "n", "Ŋ": "N", "ŧ": "t", "Ŧ": "T",
        "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "Oe",
    }
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """Norwegian-aware ASCII folding: æ→ae, ø→oe, å→aa, Sami letters to their base letter, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def archive_filename(full: FullAgreement) -> str:
    """A safe file name stem: ``enhetsavtale-<year>-<unit>-rev<n>-<unit id prefix>``.

    Only ``[a-z0-9-]``; the unit name is ASCII-folded and cut at 60 characters; the first 8
    characters of the unit's id keep two units whose names fold alike apart.
    """
    rev = full.revision
    slug = (
        re.sub(r"[^a-z0-9]+", "-", ascii_fold(full.unit.name).lower()).strip("-")[:60].strip("-") or "enhet"
    )
    unit_key = re.sub(r"[^a-z0-9]", "", rev.unit_id.lower())[:8] or "0"
    return f"enhetsavtale-{rev.year}-{slug}-rev{rev.number}-{unit_key}"


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def display_filename(full: FullAgreement, suffix: str) -> str:
    """The name a person would save the file under (``filnavn``): «Enhetsavtale 2027 – Bjørndal skole
    (revisjon 2).pdf». Letters as typed; only what no file system takes is replaced."""
    rev = full.revision
    unit = _UNSAFE.sub("-", full.unit.name).strip(" .-") or "enhet"
    return f"Enhetsavtale {rev.year} – {unit[:80]} (revisjon {rev.number}){suffix}"
