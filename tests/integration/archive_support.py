"""Shared by the archive export tests: a database with several signed agreements, and the invariant
every state of an export folder must keep (no agreement arkivert without its files)."""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from pathlib import Path

from lxml import etree

from enhetsdialog.domain.enums import Status
from enhetsdialog.exchange.archive import DATA_NAME, MANIFEST_NAME, MESSAGE_NAME, parse_manifest
from enhetsdialog.exchange.arkiv_schema import FIKS_OPPRETT, NS_MDK, NS_OPPRETT, schema_dir
from enhetsdialog.services import Services, open_services

from .helpers import freeze_as_signed

YEAR = 2027
NS = {"a": NS_OPPRETT, "m": NS_MDK}
_PRISTINE: dict[tuple[Path, int], Path] = {}


def build_signed(services: Services, units: int, year: int = YEAR) -> list[str]:
    """``units`` units with one agreement each for ``year``, signed by leader and director."""
    mid = services.org.create_municipality("Testby kommune", "5001").created or ""
    director = services.org.create_person("Kari Nordahl", "Kommunaldirektør").created
    area = services.org.create_service_area(mid, "Oppvekst", director).created or ""
    ids = []
    for n in range(units):
        leader = services.org.create_person(f"Leder Nummer{n}", "Rektor").created
        unit = services.org.create_unit(area, f"Skole {n}", "skole", leader).created or ""
        rid = services.agreements.create(unit, year).created or ""
        services.agreements.set_text(rid, "challenges", f"Utfordringer for skole {n}: lesing og trivsel.")
        freeze_as_signed(services, rid)
        ids.append(rid)
    return ids


def signed_database(target: Path, units: int, cache_dir: Path) -> Path:
    """A copy of a database with ``units`` signed agreements (built once per session and size)."""
    key = (cache_dir, units)
    if key not in _PRISTINE:
        path = cache_dir / f"signed-{units}.sqlite3"
        s = open_services(path, auto_backup=False, backup_dir=cache_dir / "backups")
        try:
            build_signed(s, units)
        finally:
            s.close()
        _PRISTINE[key] = path
    shutil.copyfile(_PRISTINE[key], target)
    return target


@cache
def official_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_dir() / FIKS_OPPRETT)))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def statuses(services: Services, year: int = YEAR) -> dict[str, Status]:
    return {r.id: r.status for r in services.agreements.list(year=year, latest_only=False)}


def assert_complete_record(out: Path, folder: str, manifest: dict[str, str]) -> None:
    """The record folder holds the message and both files it names, each as the manifest says."""
    record = out / folder
    message = record / MESSAGE_NAME
    assert message.is_file(), f"{folder}: no {MESSAGE_NAME}"
    doc = etree.parse(str(message))
    assert official_schema().validate(doc), official_schema().error_log
    objects = doc.findall(".//a:dokumentobjekt", NS)
    names = [o.findtext("a:referanseDokumentfil", namespaces=NS) for o in objects]
    assert names == [f"{folder}.pdf", DATA_NAME]
    for obj, name in zip(objects, names, strict=True):
        path = record / str(name)
        assert path.is_file(), f"{folder}/{name} missing"
        assert obj.findtext("a:sjekksum", namespaces=NS) == sha(path)
        assert obj.findtext("a:filstoerrelse", namespaces=NS) == str(path.stat().st_size)
    for name in (MESSAGE_NAME, *names):
        assert manifest.get(f"{folder}/{name}") == sha(record / str(name)), f"{folder}/{name} not in the manifest"


def assert_no_arkivert_without_files(services: Services, out: Path) -> int:
    """The invariant after any crash: every arkivert agreement of the year is delivered completely.
    Returns how many are arkivert."""
    from enhetsdialog.exchange.archive import archive_filename

    manifest = parse_manifest((out / MANIFEST_NAME).read_text("utf-8")) if (out / MANIFEST_NAME).exists() else {}
    archived = [rid for rid, status in statuses(services).items() if status is Status.ARKIVERT]
    for rid in archived:
        assert_complete_record(out, archive_filename(services.agreements.get(rid)), manifest)
    return len(archived)
