"""The archive export through the service: a Fiks Arkiv V1 delivery per agreement, checks before
anything is archived, statuses in one transaction after the files are in place, re-runs that change
nothing, a full disk and a failure at every file-system step that never leave arkivert without files."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
import pytest

from enhetsdialog.domain.canonical import canonical_bytes, fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.exchange.archive import (
    DATA_NAME,
    MANIFEST_NAME,
    MESSAGE_NAME,
    archive_filename,
    parse_manifest,
)
from enhetsdialog.pdf import render_agreement, sign_pdf
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.pdf.verify import verify_pdf
from enhetsdialog.services import Services, open_services
from enhetsdialog.services.agreements import AgreementService
from enhetsdialog.services.archive_files import STAGING_PREFIX, ArchiveWriteError
from enhetsdialog.services.certificates import _DEMO_CERTS
from enhetsdialog.storage.database import Database

from .archive_support import (
    YEAR,
    assert_complete_record,
    assert_no_arkivert_without_files,
    signed_database,
    statuses,
)
from .helpers import dump


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("archive-dbs")


@pytest.fixture
def three(tmp_path: Path, cache_dir: Path) -> Iterator[Services]:
    s = open_services(signed_database(tmp_path / "db.sqlite3", 3, cache_dir), auto_backup=False)
    yield s
    s.close()


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_export_delivers_one_valid_record_per_agreement(three: Services, tmp_path: Path) -> None:
    out = tmp_path / "arkiv"
    report = three.archive.export(YEAR, out, workers=2)
    assert report.newly_archived == 3 and report.written == 3 and not report.skipped
    assert set(statuses(three).values()) == {Status.ARKIVERT}
    manifest = parse_manifest((out / MANIFEST_NAME).read_text("utf-8"))
    assert set(manifest) == {f"{f}/{n}" for f in report.documents for n in (MESSAGE_NAME, DATA_NAME, f"{f}.pdf")}
    for folder in report.documents:
        assert_complete_record(out, folder, manifest)
    for rid in statuses(three):
        full = three.agreements.get(rid)
        folder = out / archive_filename(full)
        data = (folder / DATA_NAME).read_bytes()
        # avtale.json is exactly the canonical bytes the fingerprint is the SHA-256 of
        assert data == canonical_bytes(full.revision)
        assert hashlib.sha256(data).hexdigest() == fingerprint(full.revision)
        assert verify_pdf((folder / f"{folder.name}.pdf").read_bytes()).complete
    assert not list(out.glob(STAGING_PREFIX + "*"))
    assert any("standardverdiene" in n for n in report.notes)


def test_arkivert_is_never_recorded_before_the_signature_it_follows(
    three: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The archive writes whole seconds; signed a moment ago in the same second, the change to
    arkivert must still come after the change to signert, or the other machine would see the package's
    arkivert as older than its own signert and keep signert."""
    from datetime import timedelta

    from enhetsdialog.services import archive as archive_service

    signed_at = {rid: three.agreements.get(rid).revision.status_changed_at for rid in statuses(three)}
    assert all(signed_at.values())
    earliest = min(t for t in signed_at.values() if t is not None)

    class SameSecond(archive_service.datetime):  # type: ignore[misc,name-defined]
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return earliest - timedelta(microseconds=1)  # the archive runs "in the same second"

    monkeypatch.setattr(archive_service, "datetime", SameSecond)
    report = three.archive.export(YEAR, tmp_path / "arkiv", workers=1)
    assert report.newly_archived == 3
    for rid, before in signed_at.items():
        after = three.agreements.get(rid).revision
        assert after.status is Status.ARKIVERT
        assert after.status_changed_at is not None and before is not None and after.status_changed_at >= before


def test_rerun_of_a_finished_export_changes_nothing(three: Services, tmp_path: Path) -> None:
    out = tmp_path / "arkiv"
    three.archive.export(YEAR, out, workers=1)
    files, db = tree(out), dump(three.db.path)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = three.archive.export(YEAR, out, workers=1)
    assert again.written == 0 and again.newly_archived == 0 and len(again.documents) == 3
    assert all(r.delivered for r in again.records)
    assert tree(out) == files and dump(three.db.path) == db
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes
    # into another folder: the same bytes (the archive date is the one the status records)
    other = tmp_path / "kopi"
    three.archive.export(YEAR, other, workers=1)
    assert tree(other) == files


def test_statuses_change_in_one_transaction_after_the_files(three: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "arkiv"
    plan = three.archive.check(YEAR, out, workers=1)
    assert len(plan.to_archive) == 3
    writes: list[str] = []
    real_write = Database.write

    def counting(db: Database) -> Any:
        writes.append("write")
        return real_write(db)

    monkeypatch.setattr(Database, "write", counting)
    seen: list[bool] = []
    real_mark = AgreementService.mark_archived

    def mark(self: AgreementService, rid: str, at: Any = None) -> Any:
        seen.append(all((out / f).is_dir() for f in (r.folder for r in plan.records)))  # files first
        if len(seen) == 3:
            raise OSError(errno.EIO, "disk gone")  # the last one fails: none may stay marked
        return real_mark(self, rid, at=at)

    monkeypatch.setattr(AgreementService, "mark_archived", mark)
    before = statuses(three)
    with pytest.raises(OSError):
        three.archive.write(plan)
    assert writes == ["write"] and seen == [True, True, True]
    assert statuses(three) == before  # rolled back as a whole
    monkeypatch.setattr(AgreementService, "mark_archived", real_mark)
    report = three.archive.export(YEAR, out, workers=1)  # re-running completes the job
    assert report.newly_archived == 3 and assert_no_arkivert_without_files(three, out) == 3


def test_an_agreement_changed_since_the_check_stops_the_marking(three: Services, tmp_path: Path) -> None:
    plan = three.archive.check(YEAR, tmp_path / "arkiv", workers=1)
    three.agreements.mark_archived(plan.to_archive[0].revision_id)
    with pytest.raises(DomainError, match="endret under eksporten"):
        three.archive.write(plan)
    assert list(statuses(three).values()).count(Status.ARKIVERT) == 1


def _with_unembedded_font(pdf: bytes) -> bytes:
    """The same PDF with one more text drawn (as an artifact) in Helvetica, not embedded."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        font = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
        page.obj.Resources.Font[pikepdf.Name("/Fz")] = font
        page.contents_add(doc.make_stream(b"/Artifact BMC BT /Fz 8 Tf 10 10 Td (x) Tj ET EMC"), prepend=False)
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def _signed(full: Any, base: bytes, roles: tuple[Role, ...] = (Role.LEDER, Role.DIREKTOR)) -> bytes:
    pdf = base
    for role in roles:
        person = full.leader if role is Role.LEDER else full.director
        p12, password = _DEMO_CERTS[person.name]
        pdf = sign_pdf(pdf, pkcs12=p12, password=password, role=role, name=person.name, title=role.label)
    return pdf


def _archival(services: Services, fn: Any) -> None:
    """The signing service's archival form (B-LTA) replaced by ``fn``, as if a TSA were configured."""
    services.signing.archival = fn  # type: ignore[method-assign]
    services.signing.settings.tsa = lambda: SimpleNamespace(url="http://127.0.0.1:1/tsa")  # type: ignore[method-assign]


def test_a_pdf_that_fails_a_check_is_not_archived(three: Services, tmp_path: Path) -> None:
    rids = sorted(statuses(three), key=lambda r: three.agreements.get(r).unit.name)
    fulls = {rid: three.agreements.get(rid) for rid in rids}
    stored = {rid: three.signing.signed_pdf(rid) or b"" for rid in rids}
    font, tampered = rids[0], rids[1]
    bad = {
        font: _signed(fulls[font], _with_unembedded_font(render_agreement(fulls[font], signature_fields=True))),
        tampered: stored[tampered].replace(b"/Lang", b"/Lanf", 1),
    }
    _archival(three, lambda pdf: SimpleNamespace(pdf=next((bad[r] for r in bad if stored[r] == pdf), pdf), notes=()))
    out = tmp_path / "arkiv"
    report = three.archive.export(YEAR, out, workers=1)
    by_id = {r.revision_id: r for r in report.records}
    assert any("Helvetica is not embedded" in p for p in by_id[font].problems), by_id[font].problems
    assert by_id[tampered].problems
    assert by_id[rids[2]].ok and report.newly_archived == 1
    assert {r: s for r, s in statuses(three).items()} == {font: Status.SIGNERT, tampered: Status.SIGNERT, rids[2]: Status.ARKIVERT}
    assert len(report.skipped) == 2 and all(s.startswith("Skole ") for s in report.skipped)
    assert not (out / archive_filename(fulls[font])).exists()


def test_the_archival_hook_gives_the_file_that_is_archived(three: Services, tmp_path: Path) -> None:
    calls: list[bytes] = []

    def archival(pdf: bytes) -> Any:
        calls.append(pdf)
        return SimpleNamespace(pdf=pdf, notes=())

    three.signing.archival = archival  # type: ignore[method-assign]
    # without a time-stamping service there is nothing to add: not called, said once
    report = three.archive.export(YEAR, tmp_path / "uten", workers=1)
    assert calls == [] and any("tidsstempeltjeneste" in n for n in report.notes)
    _archival(three, archival)
    three.archive.export(YEAR, tmp_path / "arkiv", workers=1)
    assert len(calls) == 3
    three.archive.export(YEAR, tmp_path / "arkiv", workers=1)
    assert len(calls) == 3  # a record delivered intact is not made again


def test_only_both_signatures_and_trusted_issuers_are_archived(three: Services, tmp_path: Path) -> None:
    rid = sorted(statuses(three))[0]
    full = three.agreements.get(rid)
    leader_only = _signed(full, render_agreement(full, signature_fields=True), (Role.LEDER,))
    _archival(three, lambda pdf: SimpleNamespace(pdf=leader_only if pdf == three.signing.signed_pdf(rid) else pdf))
    plan = three.archive.check(YEAR, tmp_path / "arkiv", workers=1)
    assert [r.revision_id for r in plan.refused] == [rid]
    assert "både enhetslederen og direktøren" in plan.refused[0].problems[0]
    del three.signing.archival, three.signing.settings.tsa
    other_ca = create_personal_certificate("Fremmed CA", None, b"x")
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    cert = pkcs12.load_key_and_certificates(other_ca, b"x")[1]
    assert cert is not None
    before = dump(three.db.path)
    report = three.archive.export(YEAR, tmp_path / "arkiv2", trust=[cert.public_bytes(Encoding.PEM)], workers=1)
    assert len(report.skipped) == 3 and report.newly_archived == 0 and not report.documents
    assert all("betrodd utsteder" in s for s in report.skipped)
    assert dump(three.db.path) == before


# --- a full disk, and a failure at every step ----------------------------------------------------------


class _Faults:
    """Counts the file-system calls the delivery makes and fails the ``fail_at``-th one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int | None = None, *, budget: int | None = None) -> None:
        self.calls = 0
        self.written = 0
        self.fail_at = fail_at
        self.budget = budget
        from enhetsdialog.services import archive_files

        for name in ("write", "replace", "fsync", "mkdir", "open"):
            real = getattr(os, name)
            monkeypatch.setattr(archive_files.os, name, self._wrap(name, real), raising=True)

    @staticmethod
    def _ours() -> bool:
        """Called (directly or through pathlib) by the delivery, not by shutil's clean-up."""
        frame = sys._getframe(2)
        while frame is not None:
            module = frame.f_globals.get("__name__", "")
            if module == "shutil":
                return False
            if module == "enhetsdialog.services.archive_files":
                return True
            frame = frame.f_back  # type: ignore[assignment]
        return False

    def _wrap(self, name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if not self._ours():
                return real(*args, **kwargs)
            self.calls += 1
            if self.fail_at is not None and self.calls == self.fail_at:
                raise OSError(errno.EIO, f"injected failure in {name}")
            if name == "write" and self.budget is not None:
                self.written += len(args[1])
                if self.written > self.budget:
                    raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)

        return call


def test_a_full_disk_leaves_nothing_marked_and_a_rerun_completes(three: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "arkiv"
    plan = three.archive.check(YEAR, out, workers=1)
    total = sum(len(i.pdf) + len(i.checked.data) for i in plan._items.values() if i.checked)
    for budget in (0, 10_000, total // 2, total - 1000, total + 5000):
        with monkeypatch.context() as m:
            _Faults(m, budget=budget)
            with pytest.raises(ArchiveWriteError, match="disken er full"):
                three.archive.write(plan)
        assert set(statuses(three).values()) == {Status.SIGNERT}
        assert not list(out.glob(STAGING_PREFIX + "*"))  # the staging folder is cleaned up
    report = three.archive.write(plan)
    assert report.newly_archived == 3 and assert_no_arkivert_without_files(three, out) == 3


def test_a_failure_at_any_file_system_step_never_leaves_arkivert_without_files(
    three: Services, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        counter = _Faults(m)
        three.archive.export(YEAR, tmp_path / "measure", workers=1)
        steps = counter.calls
    assert steps > 20
    s = open_services(signed_database(tmp_path / "fresh.sqlite3", 3, cache_dir), auto_backup=False)
    try:
        out = tmp_path / "arkiv"
        plan = s.archive.check(YEAR, out, workers=1)  # the checks once; the writing many times
        # a failure at step k of a first export, for every k: nothing arkivert, nothing half there
        for step in range(1, steps + 1):
            shutil.rmtree(out, ignore_errors=True)
            with monkeypatch.context() as m:
                _Faults(m, fail_at=step)
                with pytest.raises(ArchiveWriteError):
                    s.archive.write(plan)
            assert assert_no_arkivert_without_files(s, out) == 0
            assert not list(out.glob(STAGING_PREFIX + "*"))
        # failures again and again over the partial state each one leaves, until one gets through
        shutil.rmtree(out, ignore_errors=True)
        for step in range(1, steps + 1):
            with monkeypatch.context() as m:
                _Faults(m, fail_at=step)
                try:
                    s.archive.write(plan)
                except ArchiveWriteError:
                    pass
            arkivert = assert_no_arkivert_without_files(s, out)
            assert arkivert in (0, 3)  # one transaction: all or nothing
            if arkivert:
                break
        assert arkivert == 3
        files = tree(out)
        again = s.archive.export(YEAR, out, workers=1)
        assert again.written == 0 and tree(out) == files
    finally:
        s.close()


def test_settings_per_municipality_reach_the_message(three: Services, tmp_path: Path) -> None:
    mid = three.org.municipalities()[0].id
    three.settings.set_archive_settings(mid, {"arkivdel": "SAK", "arkivdel_beskrivelse": "Sakarkiv", "klasse": "026"})
    report = three.archive.export(YEAR, tmp_path / "arkiv", workers=1)
    assert not any("standardverdiene" in n for n in report.notes)
    text = (tmp_path / "arkiv" / report.documents[0] / MESSAGE_NAME).read_text("utf-8")
    assert "<n5mdk:kode>SAK</n5mdk:kode>" in text and "<klasseID>026</klasseID>" in text
    assert json.loads(three.settings.archive_settings(mid).to_json())["arkivdel"] == "SAK"
