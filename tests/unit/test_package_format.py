"""The agreement package format (exchange/package.py): writing, reading back, and every refusal.

Pure: no database. Packages are built from the in-memory agreements of tests/pdf_fixtures.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import warnings
import zipfile
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from enhetsdialog.domain.canonical import canonical_dict, fingerprint
from enhetsdialog.domain.enums import (
    ActivityStatus,
    AnchorKind,
    Direction,
    Frequency,
    IndicatorKind,
    PlanKind,
    Role,
    Section,
    Status,
    SupportArea,
)
from enhetsdialog.domain.errors import EnhetsdialogError
from enhetsdialog.domain.model import FullAgreement, Signature
from enhetsdialog.exchange import PackageError
from enhetsdialog.exchange.package import (
    AGREEMENT_NAME,
    MANIFEST_NAME,
    PACKAGE_FORMAT,
    PACKAGE_VERSION,
    Package,
    PackageRevision,
    SignedDocument,
    package_to_dict,
    pdf_member,
    read_package,
    schema,
    write_package,
)
from tests.pdf_fixtures import build_agreement

ROOT = Path(__file__).resolve().parents[2]
FAKE_PDF = b"%PDF-1.7\n% leder\n1 0 obj <<>> endobj\n%%EOF\n"


# --- building packages in memory (also used by test_package_fuzz.py) ----------------------------------------


def package_from_full(full: FullAgreement, *, signed: bool = False) -> Package:
    rev = full.revision
    rev.created_at = rev.created_at or datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    rev.updated_at = rev.updated_at or datetime(2026, 9, 2, 8, 0, tzinfo=UTC)
    fp = fingerprint(rev)
    pr = PackageRevision(revision=rev, fingerprint=fp, shared_fingerprints=frozenset({fp}))
    if signed:
        rev.frozen = True
        rev.status = Status.ENIGHET
        pr.signatures = [
            Signature(
                revision_id=rev.id,
                role=Role.LEDER,
                name="Kari Ødegård Lie",
                title="Rektor",
                signed_at=datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
                fingerprint=fp,
                certificate_subject="CN=Kari Ødegård Lie",
                certificate_fingerprint="ab" * 32,
            )
        ]
        pr.signed_document = SignedDocument(pdf=FAKE_PDF, updated_at=datetime(2026, 10, 1, 9, 0, tzinfo=UTC))
    people = [p for p in (full.leader, full.director) if p is not None]
    return Package(
        agreement_id=rev.agreement_id,
        unit_id=rev.unit_id,
        year=rev.year,
        municipality=full.municipality,
        service_area=full.service_area,
        unit=full.unit,
        people=people,
        plans=list(full.plans.values()),
        plan_goals=list(full.plan_goals.values()),
        plan_goal_positions={g: n for n, g in enumerate(sorted(full.plan_goals))},
        revisions=[pr],
        remarks=full.remarks,
        created_at=datetime(2026, 10, 2, 12, 0, tzinfo=UTC),
    )


def sample_package(*, signed: bool = False) -> Package:
    full = build_agreement(status=Status.ENIGHET if signed else Status.I_DIALOG, goals=3)
    return package_from_full(full, signed=signed)


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def repack(
    members: dict[str, bytes] | list[tuple[str, bytes]],
    *,
    fix_manifest: bool = True,
    manifest: dict[str, Any] | None = None,
) -> bytes:
    """A zip of ``members`` (names as given, even unsafe ones); the manifest's checksums made right."""
    items = list(members.items()) if isinstance(members, dict) else list(members)
    if fix_manifest:
        base = manifest or json.loads(dict(items)[MANIFEST_NAME])
        base["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in items if n != MANIFEST_NAME}
        items = [(n, json.dumps(base).encode() if n == MANIFEST_NAME else d) for n, d in items]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # bypass ZipInfo's normalisation: test what a hostile tool could write
            info.orig_filename = name
            info.compress_type = zipfile.ZIP_DEFLATED
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": that is the point
                zf.writestr(info, data)
    return out.getvalue()


def with_document(data: bytes, change: Any) -> bytes:
    """Re-pack ``data`` after ``change(doc)`` edits agreement.json (checksums made right)."""
    members = members_of(data)
    doc = json.loads(members[AGREEMENT_NAME])
    change(doc)
    members[AGREEMENT_NAME] = json.dumps(doc, ensure_ascii=False).encode()
    return repack(members)


def refused(data: bytes, match: str | None = None) -> PackageError:
    with pytest.raises(PackageError) as info:
        read_package(data)
    message = str(info.value)
    assert "\n" not in message and message.strip() == message
    if match is not None:
        assert match in message, message
    return info.value


# --- the format ------------------------------------------------------------------------------------------------


def test_round_trip_keeps_everything() -> None:
    pkg = sample_package(signed=True)
    data = write_package(pkg)
    back = read_package(data)
    assert back.agreement_id == pkg.agreement_id and back.year == pkg.year
    assert back.unit == pkg.unit and back.service_area == pkg.service_area and back.municipality == pkg.municipality
    assert sorted(p.id for p in back.people) == sorted(p.id for p in pkg.people)
    assert {p.id: p for p in back.plans} == {p.id: p for p in pkg.plans}
    assert {g.id: g.sdgs for g in back.plan_goals} == {g.id: sorted(g.sdgs) for g in pkg.plan_goals}
    (rb,), (ra,) = back.revisions, pkg.revisions
    assert canonical_dict(rb.revision) == canonical_dict(ra.revision)
    assert rb.fingerprint == ra.fingerprint == fingerprint(rb.revision)
    assert rb.revision.status is Status.ENIGHET and rb.revision.frozen
    assert rb.revision.created_at == ra.revision.created_at and rb.revision.updated_at == ra.revision.updated_at
    assert rb.signatures == ra.signatures
    assert rb.signed_document == ra.signed_document
    assert [(r.id, r.text, r.resolved, [x.id for x in r.replies]) for r in back.remarks] == [
        (r.id, r.text, r.resolved, [x.id for x in r.replies]) for r in sorted(pkg.remarks, key=lambda r: (r.created_at, r.id))
    ]


def test_same_package_gives_the_same_bytes() -> None:
    assert write_package(sample_package()) == write_package(sample_package())


def test_layout_and_manifest() -> None:
    pkg = sample_package(signed=True)
    members = members_of(write_package(pkg))
    rid = pkg.revisions[0].revision.id
    assert list(members) == [MANIFEST_NAME, AGREEMENT_NAME, pdf_member(rid)]
    manifest = json.loads(members[MANIFEST_NAME])
    assert manifest["format"] == PACKAGE_FORMAT and manifest["version"] == PACKAGE_VERSION == 1
    assert manifest["agreement_id"] == pkg.agreement_id
    assert manifest["files"] == {n: hashlib.sha256(d).hexdigest() for n, d in members.items() if n != MANIFEST_NAME}
    assert members[pdf_member(rid)] == FAKE_PDF


def test_agreement_json_matches_its_schema() -> None:
    doc = package_to_dict(sample_package(signed=True))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(doc, schema())


def test_schema_in_docs_and_package_are_identical() -> None:
    shipped = resources.files("enhetsdialog").joinpath("resources", "schema", "avtalepakke-1.schema.json").read_bytes()
    assert (ROOT / "docs" / "schema" / "avtalepakke-1.schema.json").read_bytes() == shipped


@pytest.mark.parametrize(
    ("path", "enum"),
    [
        (("$defs", "status", "enum"), Status),
        (("$defs", "role", "enum"), Role),
        (("properties", "plans", "items", "properties", "kind", "enum"), PlanKind),
        (("$defs", "remark", "properties", "anchor_kind", "enum"), AnchorKind),
        (("$defs", "goal", "properties", "activities", "items", "properties", "status", "enum"), ActivityStatus),
        (("$defs", "goal", "properties", "indicators", "items", "properties", "kind", "enum"), IndicatorKind),
        (("$defs", "goal", "properties", "indicators", "items", "properties", "direction", "enum"), Direction),
        (("$defs", "goal", "properties", "indicators", "items", "properties", "frequency", "enum"), Frequency),
        (
            ("$defs", "canonical", "properties", "content", "properties", "support_needs", "items", "properties", "area", "enum"),
            SupportArea,
        ),
        (("$defs", "remark", "properties", "anchor_id", "anyOf", 1, "enum"), Section),
    ],
)
def test_schema_enums_are_the_domain_enums(path: tuple[Any, ...], enum: Any) -> None:
    node: Any = schema()
    for step in path:
        node = node[step]
    assert {v for v in node if v is not None} == {e.value for e in enum}


def test_docs_example_is_a_valid_package_document() -> None:
    text = (ROOT / "docs" / "avtalepakke.md").read_text("utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```json\n")[1:]]
    documents = [json.loads(b) for b in blocks]
    manifests = [d for d in documents if d.get("format") == PACKAGE_FORMAT]
    agreements = [d for d in documents if "revisions" in d]
    assert manifests and agreements
    jsonschema.validate(agreements[0], schema())
    jsonschema.validate(manifests[0], {"$defs": schema()["$defs"], "$ref": "#/$defs/manifest"})


# --- refusals -----------------------------------------------------------------------------------------------------


def test_refusal_is_a_one_line_enhetsdialog_error() -> None:
    error = refused(b"not a zip at all")
    assert isinstance(error, EnhetsdialogError)
    assert error.message.startswith("Filen er ikke en gyldig avtalepakke")


@pytest.mark.parametrize("cut", [0, 1, 10, 100, 0.5, -22, -1])
def test_truncated_package_is_refused(cut: float) -> None:
    data = write_package(sample_package(signed=True))
    end = int(len(data) * cut) if isinstance(cut, float) else cut
    refused(data[:end])


@pytest.mark.parametrize(
    "name",
    ["../agreement.json", "/etc/passwd", "pdf\\x.pdf", "pdf/../../x.pdf", "C:/x.pdf", "pdf/x.pdf", "notes.txt", "a/b/c", ""],
)
def test_unsafe_or_unexpected_member_names_are_refused(name: str) -> None:
    members = members_of(write_package(sample_package()))
    members[name] = b"{}"
    refused(repack(members))


def test_duplicate_member_is_refused() -> None:
    members = list(members_of(write_package(sample_package())).items())
    members.append((AGREEMENT_NAME, members[1][1]))
    refused(repack(members, fix_manifest=False), "flere ganger")


def test_missing_member_or_manifest_is_refused() -> None:
    members = members_of(write_package(sample_package()))
    refused(repack({AGREEMENT_NAME: members[AGREEMENT_NAME]}, fix_manifest=False), "manifest.json mangler")
    refused(repack({MANIFEST_NAME: members[MANIFEST_NAME]}), "agreement.json")
    members.pop(AGREEMENT_NAME)
    refused(repack(members, fix_manifest=False), "stemmer ikke med manifestet")


def test_member_changed_after_packing_is_refused() -> None:
    members = members_of(write_package(sample_package()))
    members[AGREEMENT_NAME] = members[AGREEMENT_NAME].replace(b"Bj\xc3\xb8rndal", b"Bjarndal")
    refused(repack(members, fix_manifest=False), "sjekksummen")


@pytest.mark.parametrize("version", [0, 2, 99, -1])
def test_unknown_version_is_refused(version: int) -> None:
    members = members_of(write_package(sample_package()))
    manifest = json.loads(members[MANIFEST_NAME])
    manifest["version"] = version
    error = refused(repack(members, manifest=manifest))
    assert ("nyere versjon" in error.message) == (version > 1)
    assert str(version) in error.message


@pytest.mark.parametrize("value", ["1", 1.0, True, None, [1]])
def test_version_of_wrong_type_is_refused(value: Any) -> None:
    members = members_of(write_package(sample_package()))
    manifest = json.loads(members[MANIFEST_NAME])
    manifest["version"] = value
    refused(repack(members, manifest=manifest))


def test_other_format_is_refused() -> None:
    members = members_of(write_package(sample_package()))
    manifest = json.loads(members[MANIFEST_NAME])
    manifest["format"] = "enhetsdialog.plankatalog"
    refused(repack(members, manifest=manifest), "avtalepakke")


def test_zip_bomb_by_declared_size_is_refused_before_unpacking() -> None:
    members = members_of(write_package(sample_package()))
    members["pdf/" + "0" * 8 + "-0000-4000-8000-" + "0" * 12 + ".pdf"] = b"%PDF-" + b" " * (60 * 1024 * 1024)
    data = repack(members)
    assert len(data) < 1_000_000
    refused(data, "for stor")


def test_zip_bomb_with_a_lying_header_is_refused() -> None:
    """The central directory says 100 bytes; the member inflates to 5 MB. Reading stops at the cap."""
    members = members_of(write_package(sample_package()))
    members[AGREEMENT_NAME] = b" " * (5 * 1024 * 1024)
    data = bytearray(repack(members))
    # patch the uncompressed size of agreement.json in its central directory entry
    name = AGREEMENT_NAME.encode()
    pos = data.find(b"PK\x01\x02")
    patched = 0
    while pos >= 0:
        n = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if bytes(data[pos + 46 : pos + 46 + n]) == name:
            data[pos + 24 : pos + 28] = struct.pack("<I", 100)
            patched += 1
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert patched == 1
    refused(bytes(data))


def test_too_many_members_are_refused() -> None:
    members = list(members_of(write_package(sample_package())).items())
    members += [(f"pdf/{i:08x}-0000-4000-8000-000000000000.pdf", b"%PDF-") for i in range(300)]
    refused(repack(members), "for mange filer")


def test_encrypted_flag_is_refused() -> None:
    data = bytearray(write_package(sample_package()))
    pos = data.find(b"PK\x01\x02")
    data[pos + 8] |= 0x1
    refused(bytes(data))


def test_not_json_duplicate_keys_nan_and_nul_are_refused() -> None:
    base = members_of(write_package(sample_package()))
    for raw in (b"{", b'{"a": 1, "a": 2}', b'{"x": NaN}', b"\xff\xfe", json.dumps({"x": "a\x00b"}).encode(), b"[" * 100_000):
        members = dict(base)
        members[AGREEMENT_NAME] = raw
        refused(repack(members))


def test_deep_nesting_in_manifest_is_refused() -> None:
    members = members_of(write_package(sample_package()))
    members[MANIFEST_NAME] = b"[" * 100_000 + b"]" * 100_000
    refused(repack(members, fix_manifest=False))


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.pop("remarks"), "remarks"),
        (lambda d: d.__setitem__("extra", 1), "ukjent felt"),
        (lambda d: d["agreement"].__setitem__("year", "2027"), "feil type"),
        (lambda d: d["agreement"].__setitem__("year", 3000), "for stor"),
        (lambda d: d["agreement"].__setitem__("id", "ikke-en-uuid"), "feil form"),
        (lambda d: d["agreement"].__setitem__("id", d["agreement"]["id"].upper()), None),
        (lambda d: d["revisions"][0].__setitem__("status", "godkjent"), "ukjent verdi"),
        (lambda d: d["revisions"][0].__setitem__("frozen", "ja"), "feil type"),
        (lambda d: d["revisions"][0]["canonical"]["content"].__setitem__("challenges", 42), "feil type"),
        (lambda d: d["revisions"][0]["canonical"]["content"]["goals"][0].__setitem__("sdgs", [18]), "for stor"),
        (lambda d: d["revisions"][0]["canonical"]["content"]["goals"][0]["indicators"][0].__setitem__("target_value", "1e9"), "form"),
        (lambda d: d["revisions"][0]["canonical"]["content"]["goals"][0]["indicators"][0].__setitem__("target_value", 90), None),
        (lambda d: d["revisions"][0]["canonical"]["content"]["goals"][0]["activities"][0].__setitem__("deadline", "2027-02-30"), None),
        (lambda d: d["revisions"][0]["canonical"]["content"]["goals"][0]["activities"][0].__setitem__("status", "ferdig"), None),
        (lambda d: d["revisions"][0].__setitem__("created_at", "i går"), "feil form"),
        (lambda d: d["revisions"][0].__setitem__("created_at", "2027-13-45T99:00:00+00:00"), "tidspunkt"),
        (lambda d: d["remarks"][0].__setitem__("role", "rektor"), None),
        (lambda d: d["remarks"][0].__setitem__("anchor_kind", "section") or d["remarks"][0].__setitem__("anchor_id", "kapittel"), None),
    ],
)
def test_wrong_types_and_values_are_refused(change: Any, match: str | None) -> None:
    refused(with_document(write_package(sample_package()), change), match)


def _content(d: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = d["revisions"][0]["canonical"]["content"]
    return content


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: _content(d).__setitem__("challenges", "endret etter pakking"), "fingeravtrykket"),
        (lambda d: _content(d)["goals"][0].__setitem__("position", 7), "kanonisk"),
        (lambda d: _content(d)["goals"][0].__setitem__("sdgs", [4, 3]), "kanonisk"),
        (lambda d: _content(d)["goals"][0]["indicators"][0].__setitem__("target_value", "90.0"), "kanonisk"),
        (lambda d: d["revisions"][0].__setitem__("number", d["revisions"][0]["number"] + 3), "hører ikke til"),
        (lambda d: d["revisions"][0]["canonical"].__setitem__("year", 2030), None),
        (lambda d: d["agreement"].__setitem__("year", 2030), "annet år"),
        (lambda d: d["organisation"]["unit"].__setitem__("service_area_id", d["agreement"]["id"]), "henger ikke sammen"),
        (lambda d: d["organisation"].__setitem__("people", []), "mangler"),
        (lambda d: d.__setitem__("plan_goals", []), "planmål"),
        (lambda d: d.__setitem__("plans", []), "plan"),
        (lambda d: d["remarks"][0].__setitem__("revision_id", d["agreement"]["id"]), "revisjon som ikke er med"),
        (lambda d: d["remarks"].append(d["remarks"][0]), "flere ganger"),
        (lambda d: d["revisions"].append(d["revisions"][0]), "flere ganger"),
        (lambda d: _content(d)["goals"].append(dict(_content(d)["goals"][0], position=len(_content(d)["goals"]))), None),
    ],
)
def test_inconsistent_content_is_refused(change: Any, match: str | None) -> None:
    refused(with_document(write_package(sample_package()), change), match)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d["revisions"][0]["signatures"][0].__setitem__("fingerprint", "0" * 64), "annet innhold"),
        (lambda d: d["revisions"][0].__setitem__("frozen", False), None),
        (lambda d: d["revisions"][0].__setitem__("status", "i_dialog"), "passer ikke"),
        (lambda d: d["revisions"][0]["signatures"].append(dict(d["revisions"][0]["signatures"][0], id="0" * 8 + "-0000-4000-8000-" + "0" * 12)), "samme rolle"),
        (lambda d: d["revisions"][0]["signed_document"].__setitem__("sha256", "0" * 64), "stemmer ikke"),
        (lambda d: d["revisions"][0]["signed_document"].__setitem__("size", 3), "stemmer ikke"),
        (lambda d: d["revisions"][0].__setitem__("signed_document", None), "ikke er beskrevet"),
    ],
)
def test_signatures_and_signed_pdf_are_checked(change: Any, match: str | None) -> None:
    refused(with_document(write_package(sample_package(signed=True)), change), match)


def test_signed_document_must_be_a_pdf() -> None:
    pkg = sample_package(signed=True)
    pr = pkg.revisions[0]
    pr.signed_document = SignedDocument(pdf=b"MZ not a pdf", updated_at=datetime(2026, 10, 1, tzinfo=UTC))
    refused(write_package(pkg), "ikke en PDF")


def test_frozen_without_signature_or_signert_without_both_is_refused() -> None:
    pkg = sample_package(signed=True)
    pkg.revisions[0].signatures = []
    pkg.revisions[0].signed_document = None
    refused(write_package(pkg), "ingen signatur")
    pkg = sample_package(signed=True)
    pkg.revisions[0].revision.status = Status.SIGNERT  # only the leader has signed
    refused(write_package(pkg), "mangler en av signaturene")


def test_unsigned_status_signert_is_refused() -> None:
    pkg = sample_package()
    pkg.revisions[0].revision.status = Status.SIGNERT
    refused(write_package(pkg), "passer ikke")


def test_the_shipped_schema_is_what_the_declaration_gives() -> None:
    """The runtime schema fills in the items' fields from the domain's declaration; the file (the
    published format 1, also in docs/schema/) says the same, key for key and in the same order.
    Fields added after format 1 (``added``) are optional extras the file need not list."""
    import copy
    import json
    from importlib import resources

    from enhetsdialog.domain.items import KINDS
    from enhetsdialog.exchange.package import SCHEMA_RESOURCE, declared_schema

    text = resources.files("enhetsdialog").joinpath("resources", "schema", SCHEMA_RESOURCE).read_text("utf-8")
    shipped = json.loads(text)
    derived = declared_schema(copy.deepcopy(shipped))
    added = {f.name for k in KINDS.values() for f in k.fields if f.added}

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not (k in added and isinstance(v, dict) and len(v) == 1)}
        return [strip(x) for x in node] if isinstance(node, list) else node

    derived = strip(derived)  # type: ignore[assignment]
    assert json.dumps(derived, ensure_ascii=False) == json.dumps(shipped, ensure_ascii=False)
