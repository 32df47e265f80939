"""Archive export: every signed agreement of a year as a KS Fiks Arkiv V1 delivery, all or nothing.

Two steps, so that the GUI can show what will happen before anything is marked (the CLI runs both):

* :meth:`ArchiveService.check` reads the year's signed (and already archived) agreements and checks
  each PDF in worker processes (``archive_checks``: signatures as ``SigningService.verify`` checks
  them with the database's trust anchors and the run's, both signatures, the stored revision's
  fingerprint, PDF/A-2). It returns an :class:`ArchivePlan`: per agreement whether it may be archived
  and why not. Nothing is written.
* :meth:`ArchiveService.write` makes one folder per agreement (``arkivmelding.xml`` validated against
  the official XSD, the PDF, ``avtale.json``), delivers them with the manifest through a staging folder
  (``archive_files.deliver``: verified against the manifest, then moved into place), and only then
  marks the newly archived agreements ``arkivert`` in ONE transaction, after checking that none of
  them changed since the check.

A crash or a full disk anywhere leaves no agreement ``arkivert`` without its files; running again
completes the job; running again after a finished export changes nothing (the archive date is the
one the status records, and a record already delivered intact is kept as it is).

If the signing service offers ``archival(pdf)`` (PAdES B-LTA; it returns an object with ``pdf`` and
``notes``) and a time-stamping service is configured, the export calls it for each agreement not yet
delivered (in this process: it needs the TSA) and archives what it returns; the checks run on that file.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.errors import DomainError, EnhetsdialogError
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.exchange import noark_codes as codes
from enhetsdialog.exchange.archive import DATA_NAME, MESSAGE_NAME, archive_filename, display_filename
from enhetsdialog.exchange.arkiv_settings import ArchiveSettings
from enhetsdialog.exchange.arkivmelding import ArchivedFile, ArchiveRecord, arkivmelding
from enhetsdialog.i18n import _, current_language
from enhetsdialog.services import archive_files
from enhetsdialog.services.agreements import AgreementService
from enhetsdialog.services.archive_checks import Checked, Job, check
from enhetsdialog.services.base import Service, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.settings import SettingsService
from enhetsdialog.services.signing import SigningService
from enhetsdialog.storage import signatures as store
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """One agreement in the plan: what the dialog lists."""

    revision_id: str
    unit: str
    year: int
    number: int
    status: Status  # before the export: signert, or arkivert (already delivered)
    folder: str
    problems: tuple[str, ...] = ()  # why it may not be archived (empty: it may)
    warnings: tuple[str, ...] = ()
    pdfa: str = ""
    delivered: bool = False  # arkivert and in the folder, intact: kept as it is, not checked again

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(slots=True)
class _Item:
    full: FullAgreement
    stored_sha256: str  # of the signed PDF in the database when checked
    pdf: bytes  # what will be archived (the stored PDF, its archival form, or the one delivered)
    checked: Checked | None = None


@dataclass(slots=True)
class ArchivePlan:
    year: int
    directory: Path
    records: list[RecordCheck]
    uses_default_settings: bool = False
    notes: list[str] = field(default_factory=list)
    _items: dict[str, _Item] = field(default_factory=dict, repr=False)

    @property
    def to_archive(self) -> list[RecordCheck]:
        """Passed the checks and not yet arkivert: these get the status."""
        return [r for r in self.records if r.ok and r.status is Status.SIGNERT]

    @property
    def refused(self) -> list[RecordCheck]:
        return [r for r in self.records if not r.ok]


@dataclass(slots=True)
class ArchiveReport:
    year: int
    directory: Path
    documents: list[str] = field(default_factory=list)  # record folders delivered (written or kept)
    skipped: list[str] = field(default_factory=list)  # "unit: reason"
    newly_archived: int = 0
    written: int = 0  # record folders written in this run
    notes: list[str] = field(default_factory=list)
    records: list[RecordCheck] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


class ArchiveService(Service):
    def __init__(
        self,
        db: Database,
        signing: SigningService,
        agreements: AgreementService,
        settings: SettingsService | None = None,
    ) -> None:
        super().__init__(db)
        self.signing = signing
        self.agreements = agreements
        self.settings = settings or SettingsService(db)

    def export(
        self, year: int, directory: Path | str, *, workers: int | None = None, trust: list[bytes] | None = None
    ) -> ArchiveReport:
        """Check and write in one go (the CLI): ``trust`` adds anchors for this run to the database's."""
        return self.write(self.check(year, directory, workers=workers, trust=trust))

    # --- step 1: check ---------------------------------------------------------------------------------

    def check(
        self, year: int, directory: Path | str, *, workers: int | None = None, trust: list[bytes] | None = None
    ) -> ArchivePlan:
        directory = Path(directory)
        anchors = tuple(self.signing.trust.anchors_der() + list(trust or []))
        rows = self.agreements.list(year=year, latest_only=False, statuses=[Status.SIGNERT, Status.ARKIVERT])
        if not rows:
            raise DomainError(_("Ingen signerte avtaler for {year}.", year=year))
        plan = ArchivePlan(year, directory, [])
        delivered = archive_files.old_manifest(directory)
        language = current_language()
        pending: list[tuple[RecordCheck, Future[Checked]]] = []
        hook = self._archival_hook(plan)
        with _Pool(workers, len(rows)) as pool:
            for row in sorted(rows, key=lambda r: (r.unit_name, r.number, r.id)):
                full = self.agreements.get(row.id)
                record = RecordCheck(row.id, row.unit_name, row.year, row.number, row.status, archive_filename(full))
                if row.status is Status.ARKIVERT and archive_files.intact(directory, record.folder, delivered):
                    # delivered before and unchanged since: kept as it is, not checked again
                    plan.records.append(replace(record, delivered=True))
                    continue
                stored = self.signing.signed_pdf(row.id)
                if stored is None:
                    plan.records.append(replace(record, problems=(_("mangler signert PDF"),)))
                    continue
                item = _Item(full, archive_files.sha256(stored), stored)
                if hook is not None:
                    try:
                        result = hook(stored)
                    except EnhetsdialogError as e:
                        plan.records.append(replace(record, problems=(str(e),)))
                        continue
                    item.pdf = bytes(result.pdf)
                    record = replace(record, warnings=tuple(str(n) for n in getattr(result, "notes", ())))
                plan._items[row.id] = item
                job = Job(row.id, item.pdf, fingerprint(full.revision), anchors, language)
                pending.append((record, pool.submit(job)))  # the workers start while the rest is read
            for record, future in pending:
                done = future.result()
                plan._items[record.revision_id].checked = done
                warnings = tuple(dict.fromkeys((*record.warnings, *done.warnings)))
                plan.records.append(replace(record, problems=done.problems, warnings=warnings, pdfa=done.pdfa))
        plan.records.sort(key=lambda r: (r.unit, r.number, r.revision_id))
        municipalities = {i.full.municipality.id for i in plan._items.values()}
        plan.uses_default_settings = any(self.settings.archive_settings(m).is_default for m in municipalities)
        return plan

    def _archival_hook(self, plan: ArchivePlan) -> Callable[[bytes], Any] | None:
        """The signing service's ``archival(pdf)`` (B-LTA: validation data and a document timestamp),
        when it offers one and a time-stamping service is configured; without one it would only
        verify each PDF once more here, so the plan says once that no timestamp is added."""
        hook: Callable[[bytes], Any] | None = getattr(self.signing, "archival", None)
        if not callable(hook):
            return None
        settings = getattr(self.signing, "settings", None)
        if settings is not None and callable(getattr(settings, "tsa", None)) and settings.tsa() is None:
            plan.notes.append(_("Ingen tidsstempeltjeneste er satt opp, så avtalene arkiveres uten nytt tidsstempel (B-LTA)."))
            return None
        return hook

    # --- step 2: write, then mark ------------------------------------------------------------------------

    def write(self, plan: ArchivePlan) -> ArchiveReport:
        """Deliver every record of ``plan`` that passed, then mark the new ones arkivert (one transaction)."""
        report = ArchiveReport(plan.year, plan.directory, records=list(plan.records), notes=list(plan.notes))
        report.skipped = [f"{r.unit}: {'; '.join(r.problems)}" for r in plan.refused]
        now = datetime.now(UTC).replace(microsecond=0)
        records: dict[str, dict[str, bytes]] = {}
        keep: set[str] = set()
        marks: list[tuple[str, str, datetime]] = []
        settings: dict[str, ArchiveSettings] = {}
        for r in plan.records:
            if r.delivered:
                records[r.folder] = {}  # kept: deliver() checks it is still intact
                keep.add(r.folder)
                continue
            item = plan._items.get(r.revision_id)
            if not r.ok or item is None or item.checked is None:
                continue
            rev = item.full.revision
            if r.status is Status.ARKIVERT:
                archived_at = rev.status_changed_at or rev.updated_at or now
            else:
                # never before the change to signert (whole seconds could put it there): the other
                # machine takes a status only when its change is the later one
                archived_at = max(now, rev.status_changed_at) if rev.status_changed_at else now
            mid = item.full.municipality.id
            if mid not in settings:
                settings[mid] = self.settings.archive_settings(mid)
            records[r.folder] = _files(item, r.folder, archived_at, settings[mid])
            if r.status is Status.ARKIVERT:
                keep.add(r.folder)
            else:
                marks.append((r.revision_id, item.stored_sha256, archived_at))
        if not records:
            report.notes.append(_("Ingen avtale besto kontrollen; ingenting er skrevet."))
            return report
        delivered = archive_files.deliver(archive_files.Delivery(plan.directory, records, keep))
        report.documents = sorted(records)
        report.written = len(delivered.written)
        if marks:
            report.changes = self._mark_archived(marks)
            report.newly_archived = len(marks)
        if plan.uses_default_settings:
            report.notes.append(
                _("Arkivdel og klassifikasjon er standardverdiene; sett arkivets verdier med «enhetsdialog "
                  "archive-settings set» før første levering.")  # fmt: skip
            )
        return report

    @writes
    def _mark_archived(self, uow: UnitOfWork, marks: list[tuple[str, str, datetime]]) -> Changes:
        """signert -> arkivert for every record delivered, in this one transaction, or none."""
        changes = Changes()
        for revision_id, stored_sha256, at in marks:
            rev = uow.agreements.header(revision_id)
            stored = store.signed_pdf(uow.session, revision_id)
            if rev.status is not Status.SIGNERT or stored is None or archive_files.sha256(stored) != stored_sha256:
                raise DomainError(
                    _("En avtale ble endret under eksporten; ingen avtale er merket som arkivert. Eksporter på nytt.")
                )
            changes = changes | self.agreements.mark_archived(revision_id, at=at)
        return changes


def _files(item: _Item, folder: str, archived_at: datetime, settings: ArchiveSettings) -> dict[str, bytes]:
    """The three files of one record; the arkivmelding is validated against the XSD as it is made."""
    checked = item.checked
    assert checked is not None and checked.format is not None
    full, fp = item.full, fingerprint(item.full.revision)
    pdf_name = f"{folder}.pdf"
    details = _("{claim}, signert elektronisk (PAdES) av enhetsleder og direktør", claim=checked.pdfa)
    pdf = ArchivedFile(
        pdf_name, display_filename(full, ".pdf"), checked.format, details, "application/pdf",
        archive_files.sha256(item.pdf), len(item.pdf),
    )  # fmt: skip
    data = ArchivedFile(
        DATA_NAME, display_filename(full, ".json"), codes.JSON,
        _("UTF-8 JSON, kanonisk form enhetsdialog.revision/1; SHA-256 er avtalens fingeravtrykk"),
        "application/json", archive_files.sha256(checked.data), len(checked.data),
    )  # fmt: skip
    record = ArchiveRecord(full, fp, archived_at, pdf, data, checked.signatures, checked.pdfa, settings)
    return {pdf_name: item.pdf, DATA_NAME: checked.data, MESSAGE_NAME: arkivmelding(record)}


def _end_with_parent(parent_pid: int) -> None:
    """In a worker: end when the parent process ends, even if it was killed (SIGKILL leaves no chance
    to shut the pool down). Linux: the kernel sends SIGTERM (PR_SET_PDEATHSIG); elsewhere a daemon
    thread notices that the parent is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


class _Pool:
    """Worker processes for the checks (spawn: safe beside Qt and the parent's database connections),
    or the calling thread when one worker is asked for or there is one job."""

    def __init__(self, workers: int | None, jobs: int) -> None:
        n = min(workers or os.cpu_count() or 1, jobs)
        self.pool: ProcessPoolExecutor | None = None
        if n > 1:
            self.pool = ProcessPoolExecutor(
                max_workers=n,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_end_with_parent,
                initargs=(os.getpid(),),
            )

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, job: Job) -> Future[Checked]:
        if self.pool is not None:
            return self.pool.submit(check, job)
        future: Future[Checked] = Future()
        future.set_result(check(job))
        return future
