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
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from enhetsdialog import __version__
from enhetsdialog.domain.canonical import canonical_dict, fingerprint, revision_from_canonical
from enhetsdialog.domain.enums import AnchorKind, ItemKind, PlanKind, Role, Section, Status
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.domain.fields import FieldSpec, FieldType
from enhetsdialog.domain.items import spec as kind_spec
from enhetsdialog.domain.model import (
    TEXT_FIELDS,
    Municipality,
    Person,
    Plan,
    PlanGoal,
    Remark,
    Reply,
    Revision,
    ServiceArea,
    Signature,
    Unit,
)
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package_followup import FollowUpRecord, records_from_list, records_to_list
from enhetsdialog.i18n import N_, LazyText, Text

PACKAGE_FORMAT = "enhetsdialog.avtalepakke"
PACKAGE_VERSION = 1
FILE_SUFFIX = ".enhetsavtale"
SCHEMA_RESOURCE = "avtalepakke-1.schema.json"

MANIFEST_NAME = "manifest.json"
AGREEMENT_NAME = "agreement.json"
PDF_DIR = "pdf/"

MAX_UNPACKED = 50 * 1024 * 1024  # bytes, all members together once unpacked
MAX_MEMBERS = 210  # manifest, agreement and at most one PDF per revision (200), with room for a dir entry
MAX_MANIFEST = 256 * 1024

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_PDF_NAME = re.compile(rf"^pdf/({_UUID})\.pdf$")
_UUID_RE = re.compile(rf"^{_UUID}$")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same content

# Statuses a revision can have, given whether it is frozen (signed by at least one party).
FROZEN_STATUSES = frozenset({Status.ENIGHET, Status.SIGNERT, Status.ARKIVERT})
UNFROZEN_STATUSES = frozenset({Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET})


# --- what a package holds -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedDocument:
    """The signed PDF of a revision; it only ever grows (each signature is an incremental update)."""

    pdf: bytes
    updated_at: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(slots=True)
class PackageRevision:
    """One revision as it travels: content and identity (``revision``), what the sender has shared
    of it before, and its signatures and signed PDF."""

    revision: Revision
    fingerprint: str
    shared_fingerprints: frozenset[str] = frozenset()
    signatures: list[Signature] = field(default_factory=list)
    signed_document: SignedDocument | None = None


@dataclass(slots=True)
class Package:
    agreement_id: str
    unit_id: str
    year: int
    municipality: Municipality
    service_area: ServiceArea
    unit: Unit
    people: list[Person]
    plans: list[Plan]
    plan_goals: list[PlanGoal]
    plan_goal_positions: dict[str, int]
    revisions: list[PackageRevision]  # ordered by number
    remarks: list[Remark]  # with their replies
    followup: list[FollowUpRecord] = field(default_factory=list)  # not part of the signed text
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    app_version: str = __version__

    @property
    def latest(self) -> PackageRevision:
        return max(self.revisions, key=lambda r: r.revision.number)


# --- small helpers -----------------------------------------------------------------------------------


def timestamp(dt: datetime) -> str:
    """The one text form of a moment: UTC, microseconds, ``+00:00`` (as storage writes it)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def parse_timestamp(value: str) -> datetime:
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError("timestamp without offset")
    return dt.astimezone(UTC)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refuse(reason: Text) -> PackageError:
    return PackageError(N_("Filen er ikke en gyldig avtalepakke: {reason}.", reason=reason))


# --- JSON Schema ---------------------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of agreement.json (with the manifest's under ``$defs/manifest``). The items'
    fields and the free-text answers are filled in from the domain's declaration, so that a field
    declared there is accepted here; the shipped file documents format 1 (a test keeps them equal)."""
    text = resources.files("enhetsdialog").joinpath("resources", "schema", SCHEMA_RESOURCE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return declared_schema(loaded)


def _field_schema(f: FieldSpec) -> dict[str, Any]:
    if f.type is FieldType.ENUM:
        assert f.enum is not None
        return {"enum": [e.value for e in f.enum] + ([None] if f.optional else [])}
    ref = {
        FieldType.TEXT: "text",
        FieldType.LONG_TEXT: "text",
        FieldType.DECIMAL: "decimal_or_null",
        FieldType.YEAR: "year_or_null",
        FieldType.DATE: "date_or_null",
        FieldType.REF: "uuid_or_null",
    }[f.type]
    return {"$ref": f"#/$defs/{ref}"}


def _declare(obj: dict[str, Any], kind: ItemKind) -> None:
    """Set the declared fields of ``kind`` on the object schema of its items (other properties, such
    as a goal's links and lists, stay as the file has them)."""
    fields = kind_spec(kind).fields
    names = {f.name for f in fields}
    props: dict[str, Any] = obj["properties"]
    others = {k: v for k, v in props.items() if k not in names and k not in ("id", "position")}
    obj["properties"] = {"id": props["id"], "position": props["position"],
                         **{f.name: _field_schema(f) for f in fields}, **others}
    obj["required"] = ["id", "position", *(f.name for f in fields if not f.added),
                       *(k for k in obj["required"] if k in others)]


def declared_schema(document: dict[str, Any]) -> dict[str, Any]:
    defs = document["$defs"]
    goal = defs["goal"]
    _declare(goal, ItemKind.GOAL)
    _declare(goal["properties"]["activities"]["items"], ItemKind.ACTIVITY)
    _declare(goal["properties"]["indicators"]["items"], ItemKind.INDICATOR)
    content = defs["canonical"]["properties"]["content"]
    _declare(content["properties"]["support_needs"]["items"], ItemKind.SUPPORT_NEED)
    _declare(content["properties"]["participants"]["items"], ItemKind.PARTICIPANT)
    lists = {k: v for k, v in content["properties"].items() if k not in TEXT_FIELDS}
    content["properties"] = {**{name: {"$ref": "#/$defs/text"} for name in TEXT_FIELDS}, **lists}
    content["required"] = [*TEXT_FIELDS, *(k for k in content["required"] if k in lists)]
    return document


@cache
def _validator(definition: str | None) -> Any:
    """A validator for the whole document (None) or for one of its ``$defs``."""
    # imported here: jsonschema is needed only when a package is read
    try:
        from jsonschema import Draft202012Validator
    except ImportError:  # pragma: no cover - a broken installation
        raise PackageError(
            N_("Avtalepakker kan ikke leses: programmet mangler modulen jsonschema. Installer Enhetsdialog på nytt.")
        ) from None

    full = schema()
    if definition is None:
        return Draft202012Validator(full)
    return Draft202012Validator({"$schema": full["$schema"], "$defs": full["$defs"], "$ref": f"#/$defs/{definition}"})


_SCHEMA_REASONS: dict[str, LazyText] = {
    "type": N_("har feil type"),
    "enum": N_("har en ukjent verdi"),
    "const": N_("har en ukjent verdi"),
    "required": N_("mangler et felt"),
    "additionalProperties": N_("har et ukjent felt"),
    "pattern": N_("har feil form"),
    "propertyNames": N_("har et ugyldig navn"),
    "maxLength": N_("er for lang"),
    "minLength": N_("er tom"),
    "maxItems": N_("har for mange elementer"),
    "minItems": N_("har for få elementer"),
    "maxProperties": N_("har for mange felt"),
    "maximum": N_("er for stor"),
    "minimum": N_("er for liten"),
    "uniqueItems": N_("har like elementer flere ganger"),
    "anyOf": N_("har feil type eller form"),
}


def _check_schema(validator: Any, document: Any, member: str) -> None:
    error = next(iter(validator.iter_errors(document)), None)
    if error is None:
        return
    where: Text = "/".join(str(p) for p in error.absolute_path) or N_("(roten)")
    reason = _SCHEMA_REASONS.get(str(error.validator), N_("er ikke slik formatet krever"))
    if error.validator == "required" and error.validator_value:
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        if missing:
            reason = N_("mangler feltet «{name}»", name=missing[0])
    # TRANSLATORS: {reason} is one of the schema reasons above («har feil type», «mangler et felt» ...)
    raise _refuse(N_("{member}: «{where}» {reason}", member=member, where=where, reason=reason))


# --- writing -------------------------------------------------------------------------------------------


def pdf_member(revision_id: str) -> str:
    return f"{PDF_DIR}{revision_id}.pdf"


def revision_to_dict(pr: PackageRevision) -> dict[str, Any]:
    rev = pr.revision
    doc = pr.signed_document
    return {
        "id": rev.id,
        "number": rev.number,
        "status": rev.status.value,
        "frozen": rev.frozen,
        "based_on_id": rev.based_on_id,
        "created_at": timestamp(rev.created_at or datetime.now(UTC)),
        "updated_at": timestamp(rev.updated_at or rev.created_at or datetime.now(UTC)),
        "meeting_notes": dict(sorted(rev.meeting_notes.items())),
        "status_changed_at": timestamp(rev.status_changed_at) if rev.status_changed_at else None,
        "status_changed_by": rev.status_changed_by,
        "fingerprint": pr.fingerprint,
        "shared_fingerprints": sorted(pr.shared_fingerprints | {pr.fingerprint}),
        "canonical": canonical_dict(rev),
        "signatures": [
            {
                "id": s.id,
                "role": s.role.value,
                "name": s.name,
                "title": s.title,
                "signed_at": timestamp(s.signed_at),
                "fingerprint": s.fingerprint,
                "certificate_subject": s.certificate_subject,
                "certificate_fingerprint": s.certificate_fingerprint,
            }
            for s in sorted(pr.signatures, key=lambda s: (s.signed_at, s.role.value))
        ],
        "signed_document": None
        if doc is None
        else {
            "file": pdf_member(rev.id),
            "sha256": doc.sha256,
            "size": len(doc.pdf),
            "updated_at": timestamp(doc.updated_at),
        },
    }


def _remark_to_dict(r: Remark) -> dict[str, Any]:
    return {
        "id": r.id,
        "revision_id": r.revision_id,
        "anchor_kind": r.anchor_kind.value,
        "anchor_id": r.anchor_id,
        "author": r.author,
        "role": r.role.value,
        "text": r.text,
        "created_at": timestamp(r.created_at),
        "resolved": r.resolved,
        "resolved_at": timestamp(r.resolved_at) if r.resolved_at else None,
        "resolved_by": r.resolved_by,
        "replies": [
            {
                "id": x.id,
                "author": x.author,
                "role": x.role.value,
                "text": x.text,
                "created_at": timestamp(x.created_at),
            }
            for x in sorted(r.replies, key=lambda x: (x.created_at, x.id))
        ],
    }


def package_to_dict(pkg: Package) -> dict[str, Any]:
    """The document agreement.json of ``pkg``."""
    return {
        "agreement": {"id": pkg.agreement_id, "unit_id": pkg.unit_id, "year": pkg.year},
        "organisation": {
            "municipality": {"id": pkg.municipality.id, "name": pkg.municipality.name, "number": pkg.municipality.number},
            "service_area": {
                "id": pkg.service_area.id,
                "name": pkg.service_area.name,
                "municipality_id": pkg.service_area.municipality_id,
                "director_id": pkg.service_area.director_id,
            },
            "unit": {
                "id": pkg.unit.id,
                "name": pkg.unit.name,
                "service_area_id": pkg.unit.service_area_id,
                "kind": pkg.unit.kind,
                "leader_id": pkg.unit.leader_id,
            },
            "people": [
                {"id": p.id, "name": p.name, "title": p.title, "role": p.role, "email": p.email}
                for p in sorted(pkg.people, key=lambda p: p.id)
            ],
        },
        "plans": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind.value,
                "period_start": p.period_start,
                "period_end": p.period_end,
                "parent_plan_id": p.parent_plan_id,
            }
            for p in sorted(pkg.plans, key=lambda p: p.id)
        ],
        "plan_goals": [
            {
                "id": g.id,
                "plan_id": g.plan_id,
                "code": g.code,
                "text": g.text,
                "parent_id": g.parent_id,
                "sdgs": sorted(set(g.sdgs)),
                "position": pkg.plan_goal_positions.get(g.id, 0),
            }
            for g in sorted(pkg.plan_goals, key=lambda g: g.id)
        ],
        "revisions": [revision_to_dict(r) for r in sorted(pkg.revisions, key=lambda r: r.revision.number)],
        "remarks": [_remark_to_dict(r) for r in sorted(pkg.remarks, key=lambda r: (r.created_at, r.id))],
        # only when there is follow-up: a package without it is the same as before follow-up existed
        **({"followup": records_to_list(pkg.followup)} if pkg.followup else {}),
    }


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
        "files": {name: _sha(data) for name, data in sorted(members.items())},
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
        raise _refuse(N_("den inneholder et utrygt filnavn «{shown}»", shown=shown))
    if name not in (MANIFEST_NAME, AGREEMENT_NAME, PDF_DIR) and not _PDF_NAME.match(name):
        raise _refuse(N_("den inneholder en uventet fil «{shown}»", shown=shown))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one member, never more than it declares nor more than ``budget`` bytes."""
    limit = min(info.file_size, budget)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _refuse(N_("den er for stor når den pakkes ut"))
    if len(data) != info.file_size:
        raise _refuse(N_("«{filename}» er avkortet", filename=info.filename))
    return data


def _unzip(data: bytes, max_unpacked: int, max_members: int) -> dict[str, bytes]:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _refuse(N_("innholdet er ikke en fil"))
    if len(data) > max_unpacked:
        raise _refuse(N_("filen er for stor (høyst {most} MB)", most=max_unpacked // (1024 * 1024)))
    if not bytes(data[:4]) == b"PK\x03\x04":
        raise _refuse(N_("den er ikke en zip-fil"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise _refuse(N_("den har for mange filer ({count})", count=len(infos)))
        names = [i.filename for i in infos]
        for name in names:
            _check_member_name(name)
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise _refuse(N_("filen «{dup}» finnes flere ganger", dup=dup))
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _refuse(N_("den er kryptert"))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _refuse(N_("den bruker en ukjent komprimering"))
            if info.file_size < 0 or info.compress_size < 0:
                raise _refuse(N_("den har ugyldige størrelser"))
            total += info.file_size
        if total > max_unpacked:
            raise _refuse(
                N_("den blir for stor når den pakkes ut ({size} MB; høyst {most} MB)", size=total // (1024 * 1024), most=max_unpacked // (1024 * 1024))
            )
        out: dict[str, bytes] = {}
        budget = max_unpacked
        for info in infos:
            if info.filename == PDF_DIR:
                if info.file_size != 0:
                    raise _refuse(N_("mappen pdf/ er ikke en mappe"))
                continue
            if info.filename == MANIFEST_NAME and info.file_size > MAX_MANIFEST:
                raise _refuse(N_("manifest.json er for stor"))
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
        raise _refuse(N_("{member} er ikke UTF-8", member=member)) from None
    except RecursionError:
        raise _refuse(N_("{member} er nøstet for dypt", member=member)) from None
    except ValueError as e:  # JSONDecodeError is a ValueError
        raise _refuse(N_("{member} er ikke gyldig JSON ({value})", member=member, value=str(e)[:80])) from None
    if _has_bad_text(document):
        raise _refuse(N_("{member} inneholder et ugyldig tegn (NUL eller en enkeltstående surrogat)", member=member))
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
        raise _refuse(N_("manifest.json sier ikke at den er en avtalepakke"))
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _refuse(N_("manifest.json mangler en gyldig versjon"))
    if version > PACKAGE_VERSION:
        raise PackageError(
            N_("Avtalepakken er laget av en nyere versjon av Enhetsdialog (formatversjon {version}; denne versjonen leser {supported}). Oppdater programmet.", version=version, supported=PACKAGE_VERSION)
        )
    if version != PACKAGE_VERSION:
        raise PackageError(N_("Avtalepakken har en ukjent formatversjon ({version}).", version=version))
    _check_schema(_validator("manifest"), manifest, MANIFEST_NAME)
    return manifest


# --- reading: building domain objects -----------------------------------------------------------------------


def _ts(value: str, where: str) -> datetime:
    try:
        return parse_timestamp(value)
    except ValueError:
        raise _refuse(N_("{where}: «{value}» er ikke et gyldig tidspunkt", where=where, value=value[:40])) from None


def _revision_from_dict(d: dict[str, Any], agreement_id: str, pdf: bytes | None) -> PackageRevision:
    """A revision entry (already checked against the schema) as domain objects, with every check
    that the schema cannot express: identity, canonical form, fingerprints, signatures, PDF."""
    number = d["number"]
    where = f"revisjon {number}"
    canonical = d["canonical"]
    try:
        rev = revision_from_canonical(canonical)
    except EnhetsdialogError as e:
        raise _refuse(f"{where}: {e.message.rstrip('.')}") from None
    if canonical_dict(rev) != canonical:
        raise _refuse(N_("{where}: innholdet er ikke på kanonisk form", where=where))
    if rev.id != d["id"] or rev.number != number or rev.agreement_id != agreement_id:
        raise _refuse(N_("{where}: innholdet hører ikke til denne revisjonen", where=where))
    fp = fingerprint(rev)
    if fp != d["fingerprint"]:
        raise _refuse(N_("{where}: fingeravtrykket stemmer ikke med innholdet", where=where))
    rev.status = Status(d["status"])
    rev.frozen = bool(d["frozen"])
    rev.based_on_id = d["based_on_id"]
    rev.created_at = _ts(d["created_at"], where)
    rev.updated_at = _ts(d["updated_at"], where)
    rev.meeting_notes = dict(d["meeting_notes"])
    changed_at = d.get("status_changed_at")  # optional: packages from version 0.1 have none
    rev.status_changed_at = _ts(changed_at, where) if changed_at else None
    rev.status_changed_by = str(d.get("status_changed_by") or "")
    allowed = FROZEN_STATUSES if rev.frozen else UNFROZEN_STATUSES
    if rev.status not in allowed:
        if rev.frozen:
            raise _refuse(N_("{where}: statusen «{label}» passer ikke med at den er signert", where=where, label=rev.status.label))
        raise _refuse(N_("{where}: statusen «{label}» passer ikke med at den ikke er signert", where=where, label=rev.status.label))
    signatures: list[Signature] = []
    for sd in d["signatures"]:
        if sd["fingerprint"] != fp:
            raise _refuse(N_("{where}: en signatur gjelder et annet innhold enn revisjonen", where=where))
        signatures.append(
            Signature(
                id=sd["id"],
                revision_id=rev.id,
                role=Role(sd["role"]),
                name=sd["name"],
                title=sd["title"],
                signed_at=_ts(sd["signed_at"], where),
                fingerprint=sd["fingerprint"],
                certificate_subject=sd["certificate_subject"],
                certificate_fingerprint=sd["certificate_fingerprint"],
            )
        )
    if len({s.role for s in signatures}) != len(signatures):
        raise _refuse(N_("{where}: samme rolle har signert flere ganger", where=where))
    if (signatures or d["signed_document"] is not None) and not rev.frozen:
        raise _refuse(N_("{where}: den har signaturer, men er ikke låst", where=where))
    if rev.frozen and not signatures:
        raise _refuse(N_("{where}: den er låst, men har ingen signatur", where=where))
    if rev.status in (Status.SIGNERT, Status.ARKIVERT) and {s.role for s in signatures} != set(Role):
        raise _refuse(N_("{where}: den har status «{label}», men mangler en av signaturene", where=where, label=rev.status.label))
    doc: SignedDocument | None = None
    dd = d["signed_document"]
    if dd is not None:
        if dd["file"] != pdf_member(rev.id) or pdf is None:
            raise _refuse(N_("{where}: den signerte PDF-en mangler", where=where))
        if len(pdf) != dd["size"] or _sha(pdf) != dd["sha256"]:
            raise _refuse(N_("{where}: den signerte PDF-en stemmer ikke med beskrivelsen", where=where))
        if not pdf.startswith(b"%PDF-"):
            raise _refuse(N_("{where}: den signerte filen er ikke en PDF", where=where))
        doc = SignedDocument(pdf=pdf, updated_at=_ts(dd["updated_at"], where))
    elif pdf is not None:
        raise _refuse(N_("{where}: pakken har en PDF som ikke er beskrevet", where=where))
    return PackageRevision(
        revision=rev,
        fingerprint=fp,
        shared_fingerprints=frozenset(d["shared_fingerprints"]) | {fp},
        signatures=signatures,
        signed_document=doc,
    )


def revision_from_dict(d: Any, agreement_id: str, pdf: bytes | None = None) -> PackageRevision:
    """Check and read one revision entry (as in agreement.json) on its own; used for stored conflicts."""
    _check_schema(_validator("revision"), d, "revisjon")
    try:
        return _revision_from_dict(d, agreement_id, pdf)
    except PackageError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise _refuse(N_("revisjonen har feil form ({name})", name=type(e).__name__)) from None


def _build(doc: dict[str, Any], manifest: dict[str, Any], files: dict[str, bytes]) -> Package:
    a = doc["agreement"]
    agreement_id: str = a["id"]
    if manifest["agreement_id"] != agreement_id:
        raise _refuse(N_("manifestet og avtalen har ulik id"))
    org = doc["organisation"]
    m, sa, u = org["municipality"], org["service_area"], org["unit"]
    municipality = Municipality(id=m["id"], name=m["name"], number=m["number"])
    service_area = ServiceArea(
        id=sa["id"], name=sa["name"], municipality_id=sa["municipality_id"], director_id=sa["director_id"]
    )
    unit = Unit(id=u["id"], name=u["name"], service_area_id=u["service_area_id"], kind=u["kind"], leader_id=u["leader_id"])
    people = [Person(id=p["id"], name=p["name"], title=p["title"], role=p["role"], email=p["email"]) for p in org["people"]]
    person_ids = {p.id for p in people}
    if len(person_ids) != len(people):
        raise _refuse(N_("en person finnes flere ganger"))
    if unit.id != a["unit_id"] or unit.service_area_id != service_area.id or service_area.municipality_id != municipality.id:
        raise _refuse(N_("enheten, tjenesteområdet og kommunen henger ikke sammen"))
    for ref in (unit.leader_id, service_area.director_id):
        if ref is not None and ref not in person_ids:
            raise _refuse(N_("en leder eller direktør mangler i pakken"))

    plans = [
        Plan(
            id=p["id"],
            name=p["name"],
            kind=PlanKind(p["kind"]),
            period_start=p["period_start"],
            period_end=p["period_end"],
            parent_plan_id=p["parent_plan_id"],
        )
        for p in doc["plans"]
    ]
    plan_ids = {p.id for p in plans}
    if len(plan_ids) != len(plans):
        raise _refuse(N_("en plan finnes flere ganger"))
    plan_goals: list[PlanGoal] = []
    positions: dict[str, int] = {}
    for g in doc["plan_goals"]:
        plan_goals.append(
            PlanGoal(id=g["id"], plan_id=g["plan_id"], code=g["code"], text=g["text"], parent_id=g["parent_id"], sdgs=list(g["sdgs"]))
        )
        positions[g["id"]] = g["position"]
    goal_ids = {g.id for g in plan_goals}
    if len(goal_ids) != len(plan_goals):
        raise _refuse(N_("et planmål finnes flere ganger"))
    for pg in plan_goals:
        if pg.plan_id not in plan_ids:
            raise _refuse(N_("planmålet «{value}» hører til en plan som ikke er med", value=pg.code or pg.text[:40]))
        if pg.parent_id is not None and pg.parent_id not in goal_ids:
            raise _refuse(N_("planmålet «{value}» viser til et overordnet mål som ikke er med", value=pg.code or pg.text[:40]))
    _check_acyclic({g.id: g.parent_id for g in plan_goals}, N_("et planmål er sitt eget overordnede mål"))
    _check_acyclic({p.id: p.parent_plan_id for p in plans}, N_("en plan er sin egen overordnede plan"))

    pdfs = {name: data for name, data in files.items() if name.startswith(PDF_DIR)}
    revisions: list[PackageRevision] = []
    for rd in doc["revisions"]:
        pr = _revision_from_dict(rd, agreement_id, pdfs.pop(pdf_member(rd["id"]), None))
        rev = pr.revision
        if rev.unit_id != unit.id or rev.year != a["year"]:
            raise _refuse(N_("revisjon {number} hører til en annen enhet eller et annet år", number=rev.number))
        for goal in rev.content.goals:
            for pid in goal.plan_goal_ids:
                if pid not in goal_ids:
                    raise _refuse(N_("revisjon {number} viser til et planmål som ikke er med", number=rev.number))
        revisions.append(pr)
    if pdfs:
        raise _refuse(N_("pakken har en PDF som ikke hører til noen revisjon"))
    if len({r.revision.id for r in revisions}) != len(revisions):
        raise _refuse(N_("en revisjon finnes flere ganger"))
    if len({r.revision.number for r in revisions}) != len(revisions):
        raise _refuse(N_("to revisjoner har samme nummer"))
    _check_unique_items(revisions)
    revisions.sort(key=lambda r: r.revision.number)
    revision_ids = {r.revision.id for r in revisions}
    signature_ids = [s.id for r in revisions for s in r.signatures]
    if len(set(signature_ids)) != len(signature_ids):
        raise _refuse(N_("en signatur finnes flere ganger"))

    remarks: list[Remark] = []
    seen: set[str] = set()
    for rd in doc["remarks"]:
        kind = AnchorKind(rd["anchor_kind"])
        anchor = rd["anchor_id"]
        if kind is AnchorKind.SECTION:
            if anchor not in {s.value for s in Section}:
                raise _refuse(N_("en merknad er knyttet til en ukjent del av avtalen"))
        elif not _UUID_RE.match(anchor):
            raise _refuse(N_("en merknad er knyttet til et ugyldig element"))
        if rd["revision_id"] not in revision_ids:
            raise _refuse(N_("en merknad hører til en revisjon som ikke er med"))
        remark = Remark(
            id=rd["id"],
            agreement_id=agreement_id,
            revision_id=rd["revision_id"],
            anchor_kind=kind,
            anchor_id=anchor,
            author=rd["author"],
            role=Role(rd["role"]),
            text=rd["text"],
            created_at=_ts(rd["created_at"], "merknad"),
            resolved=rd["resolved"],
            resolved_at=_ts(rd["resolved_at"], "merknad") if rd["resolved_at"] else None,
            resolved_by=rd["resolved_by"],
        )
        for xd in rd["replies"]:
            remark.replies.append(
                Reply(
                    id=xd["id"],
                    remark_id=remark.id,
                    author=xd["author"],
                    role=Role(xd["role"]),
                    text=xd["text"],
                    created_at=_ts(xd["created_at"], "svar"),
                )
            )
        for item_id in (remark.id, *(x.id for x in remark.replies)):
            if item_id in seen:
                raise _refuse(N_("en merknad eller et svar finnes flere ganger"))
            seen.add(item_id)
        remarks.append(remark)

    return Package(
        agreement_id=agreement_id,
        unit_id=unit.id,
        year=a["year"],
        municipality=municipality,
        service_area=service_area,
        unit=unit,
        people=people,
        plans=plans,
        plan_goals=plan_goals,
        plan_goal_positions=positions,
        revisions=revisions,
        remarks=remarks,
        followup=records_from_list(doc.get("followup"), revision_ids),
        created_at=_ts(manifest["created_at"], "manifest"),
        app_version=manifest["app_version"],
    )


def _check_unique_items(revisions: Iterable[PackageRevision]) -> None:
    """Items have unique ids inside a revision (the database key is (revision, id))."""
    for pr in revisions:
        c = pr.revision.content
        for ids in (
            [g.id for g in c.goals],
            [a.id for g in c.goals for a in g.activities],
            [i.id for g in c.goals for i in g.indicators],
            [n.id for n in c.support_needs],
            [p.id for p in c.participants],
        ):
            if len(set(ids)) != len(ids):
                raise _refuse(N_("revisjon {number} bruker samme id flere ganger", number=pr.revision.number))


def _check_acyclic(parents: dict[str, str | None], message: Text) -> None:
    for start in parents:
        seen = {start}
        cur = parents.get(start)
        while cur is not None and cur in parents:
            if cur in seen:
                raise _refuse(message)
            seen.add(cur)
            cur = parents[cur]


def read_package(data: bytes, *, max_unpacked: int = MAX_UNPACKED, max_members: int = MAX_MEMBERS) -> Package:
    """Check a package completely and return what it holds; raise PackageError if anything is wrong."""
    try:
        files = _unzip(data, max_unpacked, max_members)
        if MANIFEST_NAME not in files:
            raise _refuse(N_("manifest.json mangler"))
        manifest = _check_manifest(files.pop(MANIFEST_NAME))
        listed: dict[str, str] = manifest["files"]
        if set(listed) != set(files):
            extra = sorted(set(files) - set(listed)) or sorted(set(listed) - set(files))
            raise _refuse(N_("innholdet stemmer ikke med manifestet («{value}»)", value=extra[0]))
        for name, content in files.items():
            if _sha(content) != listed[name]:
                raise _refuse(N_("«{name}» er endret eller skadet (sjekksummen stemmer ikke)", name=name))
        doc = _parse_json(files[AGREEMENT_NAME], AGREEMENT_NAME)
        _check_schema(_validator(None), doc, AGREEMENT_NAME)
        return _build(doc, manifest, files)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError) as e:
        raise _refuse(N_("zip-filen er skadet eller avkortet ({name})", name=type(e).__name__)) from None
    except RecursionError:
        raise _refuse(N_("innholdet er nøstet for dypt")) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RuntimeError) as e:
        raise _refuse(N_("innholdet har feil form ({name})", name=type(e).__name__)) from None
