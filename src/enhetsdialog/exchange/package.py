"""Agreement packages (``.enhetsavtale``): one zip file that carries a whole agreement between two
machines - its revisions (canonical content, status, signatures, signed PDFs), remarks and replies,
the organisation it belongs to and the plan goals it links to.

Layout (format ``enhetsdialog.avtalepakke``, version 1; see docs/avtalepakke.md)::

    manifest.json          {format, version, created_at, app_version, agreement_id, files: {name: sha256}}
    agreement.json         the agreement (JSON Schema: docs/schema/avtalepakke-1.schema.json)
    pdf/<revision_id>.pdf  the signed PDF of a revision, when there is one

Pure: no storage, no services. :func:`read_package` checks everything - zip integrity, member names,
sizes (declared and actual, against zip bombs), checksums, the JSON Schema, identities, enum values,
canonical content and fingerprints - before it returns; anything wrong raises :class:`PackageError`
with one line of bokmål. Nothing here touches a database, so a refused package changes nothing.

This module has the zip (writing it, and reading it safely), the JSON parsing and the manifest; the
rest of the format is in ``package_types`` (what a package holds, names and limits),
``package_schema`` (the JSON Schema), ``package_document`` (agreement.json as written) and
``package_build`` (agreement.json read back, with the checks the schema cannot express). The
format's public names are importable from here.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from typing import Any

from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package_build import package_from_dict, revision_from_dict
from enhetsdialog.exchange.package_document import package_to_dict, revision_to_dict
from enhetsdialog.exchange.package_schema import check_schema, declared_schema, schema, validator
from enhetsdialog.exchange.package_types import (
    AGREEMENT_NAME,
    FILE_SUFFIX,
    FROZEN_STATUSES,
    MANIFEST_NAME,
    MAX_MANIFEST,
    MAX_MEMBERS,
    MAX_UNPACKED,
    PACKAGE_FORMAT,
    PACKAGE_VERSION,
    PDF_DIR,
    SCHEMA_RESOURCE,
    UNFROZEN_STATUSES,
    UUID,
    Package,
    PackageRevision,
    SignedDocument,
    parse_timestamp,
    pdf_member,
    refuse,
    sha256,
    timestamp,
)
from enhetsdialog.i18n import N_

# the names of the format, importable from here as before the split
__all__ = [
    "AGREEMENT_NAME",
    "FILE_SUFFIX",
    "FROZEN_STATUSES",
    "MANIFEST_NAME",
    "MAX_MANIFEST",
    "MAX_MEMBERS",
    "MAX_UNPACKED",
    "PACKAGE_FORMAT",
    "PACKAGE_VERSION",
    "PDF_DIR",
    "SCHEMA_RESOURCE",
    "UNFROZEN_STATUSES",
    "Package",
    "PackageRevision",
    "SignedDocument",
    "declared_schema",
    "package_to_dict",
    "parse_timestamp",
    "pdf_member",
    "read_package",
    "revision_from_dict",
    "revision_to_dict",
    "schema",
    "timestamp",
    "write_package",
]

_PDF_NAME = re.compile(rf"^pdf/({UUID})\.pdf$")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same content


# --- writing -------------------------------------------------------------------------------------------


def _json_bytes(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def write_package(pkg: Package) -> bytes:
    """The package as zip bytes. The same package gives the same bytes."""
    members: dict[str, bytes] = {AGREEMENT_NAME: _json_bytes(package_to_dict(pkg))}
    for pr in pkg.revisions:
        if pr.signed_document is not None:
            members[pdf_member(pr.revision.id)] = pr.signed_document.pdf
    manifest = {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "created_at": timestamp(pkg.created_at),
        "app_version": pkg.app_version,
        "agreement_id": pkg.agreement_id,
        "files": {name: sha256(data) for name, data in sorted(members.items())},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in [(MANIFEST_NAME, _json_bytes(manifest)), *sorted(members.items())]:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.startswith(PDF_DIR) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


# --- reading: the zip ---------------------------------------------------------------------------------


def _check_member_name(name: str) -> None:
    shown = name if len(name) <= 80 else name[:77] + "…"
    if "\\" in name or name.startswith("/") or ".." in name.split("/") or ":" in name or "\x00" in name:
        raise refuse(N_("den inneholder et utrygt filnavn «{shown}»", shown=shown))
    if name not in (MANIFEST_NAME, AGREEMENT_NAME, PDF_DIR) and not _PDF_NAME.match(name):
        raise refuse(N_("den inneholder en uventet fil «{shown}»", shown=shown))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one member, never more than it declares nor more than ``budget`` bytes."""
    limit = min(info.file_size, budget)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise refuse(N_("den er for stor når den pakkes ut"))
    if len(data) != info.file_size:
        raise refuse(N_("«{filename}» er avkortet", filename=info.filename))
    return data


def _unzip(data: bytes, max_unpacked: int, max_members: int) -> dict[str, bytes]:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise refuse(N_("innholdet er ikke en fil"))
    if len(data) > max_unpacked:
        raise refuse(N_("filen er for stor (høyst {most} MB)", most=max_unpacked // (1024 * 1024)))
    if not bytes(data[:4]) == b"PK\x03\x04":
        raise refuse(N_("den er ikke en zip-fil"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise refuse(N_("den har for mange filer ({count})", count=len(infos)))
        names = [i.filename for i in infos]
        for name in names:
            _check_member_name(name)
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise refuse(N_("filen «{dup}» finnes flere ganger", dup=dup))
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise refuse(N_("den er kryptert"))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise refuse(N_("den bruker en ukjent komprimering"))
            if info.file_size < 0 or info.compress_size < 0:
                raise refuse(N_("den har ugyldige størrelser"))
            total += info.file_size
        if total > max_unpacked:
            raise refuse(
                N_("den blir for stor når den pakkes ut ({size} MB; høyst {most} MB)", size=total // (1024 * 1024), most=max_unpacked // (1024 * 1024))
            )
        out: dict[str, bytes] = {}
        budget = max_unpacked
        for info in infos:
            if info.filename == PDF_DIR:
                if info.file_size != 0:
                    raise refuse(N_("mappen pdf/ er ikke en mappe"))
                continue
            if info.filename == MANIFEST_NAME and info.file_size > MAX_MANIFEST:
                raise refuse(N_("manifest.json er for stor"))
            content = _read_member(zf, info, budget)
            budget -= len(content)
            out[info.filename] = content
    return out


# --- reading: JSON --------------------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def _parse_json(raw: bytes, member: str) -> Any:
    try:
        document = json.loads(
            raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant
        )
    except UnicodeDecodeError:
        raise refuse(N_("{member} er ikke UTF-8", member=member)) from None
    except RecursionError:
        raise refuse(N_("{member} er nøstet for dypt", member=member)) from None
    except ValueError as e:  # JSONDecodeError is a ValueError
        raise refuse(N_("{member} er ikke gyldig JSON ({value})", member=member, value=str(e)[:80])) from None
    if _has_bad_text(document):
        raise refuse(N_("{member} inneholder et ugyldig tegn (NUL eller en enkeltstående surrogat)", member=member))
    return document


# NUL, and lone surrogates: "\ud800" is valid JSON but no text (it cannot be stored or encoded)
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def _has_bad_text(value: Any) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _BAD_TEXT.search(v):
                return True
        elif isinstance(v, dict):
            for k, x in v.items():
                if _BAD_TEXT.search(k):
                    return True
                stack.append(x)
        elif isinstance(v, list):
            stack.extend(v)
    return False


def _check_manifest(raw: bytes) -> dict[str, Any]:
    manifest = _parse_json(raw, MANIFEST_NAME)
    if not isinstance(manifest, dict) or manifest.get("format") != PACKAGE_FORMAT:
        raise refuse(N_("manifest.json sier ikke at den er en avtalepakke"))
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise refuse(N_("manifest.json mangler en gyldig versjon"))
    if version > PACKAGE_VERSION:
        raise PackageError(
            N_("Avtalepakken er laget av en nyere versjon av Enhetsdialog (formatversjon {version}; denne versjonen leser {supported}). Oppdater programmet.", version=version, supported=PACKAGE_VERSION)
        )
    if version != PACKAGE_VERSION:
        raise PackageError(N_("Avtalepakken har en ukjent formatversjon ({version}).", version=version))
    check_schema(validator("manifest"), manifest, MANIFEST_NAME)
    return manifest



def read_package(data: bytes, *, max_unpacked: int = MAX_UNPACKED, max_members: int = MAX_MEMBERS) -> Package:
    """Check a package completely and return what it holds; raise PackageError if anything is wrong."""
    try:
        files = _unzip(data, max_unpacked, max_members)
        if MANIFEST_NAME not in files:
            raise refuse(N_("manifest.json mangler"))
        manifest = _check_manifest(files.pop(MANIFEST_NAME))
        listed: dict[str, str] = manifest["files"]
        if set(listed) != set(files):
            extra = sorted(set(files) - set(listed)) or sorted(set(listed) - set(files))
            raise refuse(N_("innholdet stemmer ikke med manifestet («{value}»)", value=extra[0]))
        for name, content in files.items():
            if sha256(content) != listed[name]:
                raise refuse(N_("«{name}» er endret eller skadet (sjekksummen stemmer ikke)", name=name))
        doc = _parse_json(files[AGREEMENT_NAME], AGREEMENT_NAME)
        check_schema(validator(None), doc, AGREEMENT_NAME)
        return package_from_dict(doc, manifest, files)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
        raise refuse(N_("zip-filen er skadet eller avkortet ({name})", name=type(e).__name__)) from None
    except RecursionError:
        raise refuse(N_("innholdet er nøstet for dypt")) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RuntimeError) as e:
        raise refuse(N_("innholdet har feil form ({name})", name=type(e).__name__)) from None
