"""Archive export: every signed agreement of a year as its signed PDF/A, a Noark 5-shaped metadata
XML per document, and a manifest with the SHA-256 of every file. Statuses become ``arkivert``.

Each document is verified (both signatures intact and valid, fingerprint matching) before it goes to
the archive; that is the CPU-heavy part, so it runs in a process pool over all cores. Files are
written to a temporary name and renamed into place; re-running the export rewrites the same files
and the manifest, and leaves statuses that are already ``arkivert`` as they are.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Status
from enhetsdialog.domain.errors import EnhetsdialogError, ValidationError
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_
from enhetsdialog.services.agreements import AgreementService
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.files import write_atomic
from enhetsdialog.services.signing import SigningService
from enhetsdialog.storage.database import Database

MANIFEST_NAME = "manifest-sha256.txt"


@dataclass(slots=True)
class ArchiveReport:
    year: int
    directory: Path
    documents: list[str] = field(default_factory=list)  # file stems written
    skipped: list[str] = field(default_factory=list)  # "unit: reason"
    newly_archived: int = 0
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True, slots=True)
class _Job:
    full: FullAgreement
    pdf: bytes
    directory: str
    archived_at: datetime
    trust: tuple[bytes, ...] = ()  # trust anchors: with any, every signer must chain to one


@dataclass(frozen=True, slots=True)
class _Done:
    revision_id: str
    files: dict[str, str]  # name -> sha256
    problem: str | None = None


def _process(job: _Job) -> _Done:
    """Runs in a worker process: verify the signed PDF, then write it and its metadata."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    from enhetsdialog.exchange.archive import archive_filename, arkivmelding_xml
    from enhetsdialog.pdf.verify import verify_pdf

    rev = job.full.revision
    fp = fingerprint(rev)
    report = verify_pdf(job.pdf, trust=list(job.trust))
    if not report.complete:
        reason = "; ".join(report.reasons) or "mangler en av signaturene"
        return _Done(rev.id, {}, f"{job.full.unit.name}: {reason}")
    if report.embedded_fingerprint != fp:
        return _Done(rev.id, {}, f"{job.full.unit.name}: PDF-en hører ikke til den lagrede revisjonen")
    stem = archive_filename(job.full)
    pdf_name, xml_name = f"{stem}.pdf", f"{stem}.xml"
    pdf_sha = hashlib.sha256(job.pdf).hexdigest()
    xml = arkivmelding_xml(job.full, fingerprint=fp, pdf_filename=pdf_name, pdf_sha256=pdf_sha, archived_at=job.archived_at)
    directory = Path(job.directory)
    write_atomic(directory / pdf_name, job.pdf, skip_if_same=True)
    write_atomic(directory / xml_name, xml, skip_if_same=True)
    return _Done(rev.id, {pdf_name: pdf_sha, xml_name: hashlib.sha256(xml).hexdigest()})


def _end_with_parent(parent_pid: int) -> None:
    """In a worker: end when the parent process ends, even if it was killed (SIGKILL leaves no chance
    to shut the pool down). Linux: the kernel sends SIGTERM (PR_SET_PDEATHSIG); elsewhere a daemon
    thread notices that the parent is gone."""
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        import ctypes

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


class ArchiveService:
    def __init__(self, db: Database, signing: SigningService, agreements: AgreementService) -> None:
        self.db = db
        self.signing = signing
        self.agreements = agreements

    def export(
        self, year: int, directory: Path | str, *, workers: int | None = None, trust: list[bytes] | None = None
    ) -> ArchiveReport:
        """Archive the year's signed agreements. ``trust``: anchors for this run, added to the database's."""
        directory = Path(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ValidationError(
                N_("Kan ikke lage mappen «{path}»: {reason}.", path=str(directory), reason=os_error_text(e))
            ) from e
        report = ArchiveReport(year=year, directory=directory)
        jobs: list[_Job] = []
        now = datetime.now(UTC)
        anchors = tuple(self.signing.trust.anchors_der() + list(trust or []))
        for row in self.agreements.list(year=year, latest_only=False, statuses=[Status.SIGNERT, Status.ARKIVERT]):
            pdf = self.signing.signed_pdf(row.id)
            if pdf is None:
                report.skipped.append(f"{row.unit_name}: mangler signert PDF")
                continue
            full = self.agreements.get(row.id)
            archived_at = full.revision.updated_at if full.revision.status is Status.ARKIVERT else None
            jobs.append(_Job(full, pdf, str(directory), archived_at or now, anchors))
        if not jobs and not report.skipped:
            raise EnhetsdialogError(f"Ingen signerte avtaler for {year}.")
        results = self._run(jobs, workers)
        files: dict[str, str] = {}
        for done in results:
            if done.problem:
                report.skipped.append(done.problem)
                continue
            files.update(done.files)
            report.documents.append(next(iter(done.files)).rsplit(".", 1)[0])
        manifest = "".join(f"{sha}  {name}\n" for name, sha in sorted(files.items()))
        write_atomic(directory / MANIFEST_NAME, manifest.encode("utf-8"), skip_if_same=True)
        changes = Changes()
        archive_dates = {job.full.revision.id: job.archived_at for job in jobs}
        for done in results:
            if done.problem is None:
                before = self.agreements.revision(done.revision_id).status
                # the date in the metadata is the date the status records, so a re-run writes the same files
                changes = changes | self.agreements.mark_archived(done.revision_id, at=archive_dates[done.revision_id])
                report.newly_archived += before is not Status.ARKIVERT
        report.changes = changes
        return report

    @staticmethod
    def _run(jobs: list[_Job], workers: int | None) -> list[_Done]:
        n = workers or os.cpu_count() or 1
        if n <= 1 or len(jobs) <= 1:
            return [_process(j) for j in jobs]
        # spawn: safe beside Qt and open database connections in the parent
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=min(n, len(jobs)), mp_context=ctx, initializer=_end_with_parent, initargs=(os.getpid(),)
        ) as pool:
            return list(pool.map(_process, jobs, chunksize=max(1, len(jobs) // (n * 4))))
