"""``enhetsdialog check``: everything that must hold in a database, checked, one finding per line.

* SQLite's own checks: ``integrity_check`` and ``foreign_key_check``;
* the protective triggers are all there, exactly as the schema defines them (none missing, none
  changed, none unknown);
* every revision's status is one the app knows;
* every stored signed PDF: its recorded SHA-256 is the SHA-256 of its bytes; it verifies (with the
  database's trust anchors); it is the PDF of its revision (embedded revision id) and its fingerprint
  equals the fingerprint of the revision's content as stored here;
* status and signatures agree: a frozen revision has a verified signed PDF with the leader's
  signature; ``signert`` and ``arkivert`` have both; no status past ``enighet`` without them; every
  signature row is one the PDF proves (role and certificate), and none is missing.

Verifying is the expensive part (~50 ms a document): the PDFs are checked in a process pool.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.i18n import _
from enhetsdialog.pdf.verify import VerificationReport, verify_pdf
from enhetsdialog.storage import repo
from enhetsdialog.storage import signatures as store
from enhetsdialog.storage.database import Database

BOTH = frozenset({Role.LEDER, Role.DIREKTOR})
PAST_AGREED = {Status.SIGNERT.value, Status.ARKIVERT.value}
KNOWN_STATUSES = frozenset(s.value for s in Status)


@dataclass(slots=True)
class CheckReport:
    findings: list[str] = field(default_factory=list)
    documents: int = 0  # signed PDFs verified
    revisions: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True, slots=True)
class _Verify:
    pdf: bytes
    trust: tuple[bytes, ...]


def _verify(job: _Verify) -> VerificationReport:
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return verify_pdf(job.pdf, trust=list(job.trust))


class IntegrityService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def check(self, *, workers: int | None = None) -> CheckReport:
        report = CheckReport()
        out = report.findings
        out += [_("SQLite: {problem}", problem=p) for p in self.db.integrity_problems(full=True)[:20]]
        fk = self.db.foreign_key_problems()
        out += [
            _("Fremmednøkkel brutt: rad {rowid} i «{table}» viser til «{parent}», som ikke finnes.", table=t, rowid=rowid, parent=parent)
            for t, rowid, parent, _fk in fk[:20]
        ]
        out += [_trigger_text(p) for p in self.db.trigger_problems()]
        with self.db.read() as s:
            raw = store.raw_statuses(s)
            rows = {r.revision_id: r for r in store.status_rows(s)}
            documents = {d.revision_id: d for d in store.stored_documents(s)}
            signatures = store.all_signatures(s)
            anchors = tuple(a.der for a in store.trust_anchors(s))
            fingerprints = {rid: fingerprint(repo.load_revision(s, rid)) for rid in raw if raw[rid] in KNOWN_STATUSES}
        report.revisions = len(raw)
        for rid, value in sorted(raw.items()):
            if value not in KNOWN_STATUSES:
                out.append(_("Revisjon {rid}: ukjent status «{status}».", rid=rid[:8], status=value[:40]))
        proofs = self._verify_all(documents, anchors, workers)
        report.documents = len(proofs)
        for rid, doc in sorted(documents.items()):
            proof = proofs[rid]
            where = _("Revisjon {rid}", rid=rid[:8])
            if hashlib.sha256(doc.pdf).hexdigest() != doc.sha256:
                out.append(_("{where}: den lagrede kontrollsummen stemmer ikke med den signerte PDF-en.", where=where))
            if not proof.ok:
                out.append(
                    _("{where}: den signerte PDF-en kan ikke bekreftes: {reason}", where=where, reason=proof.reasons[0] if proof.reasons else "?")
                )
            if proof.revision_id != rid:
                out.append(_("{where}: den signerte PDF-en er en annen revisjons PDF.", where=where))
            elif rid in fingerprints and proof.embedded_fingerprint != fingerprints[rid]:
                out.append(
                    _("{where}: innholdet i databasen er ikke det som er signert (fingeravtrykket stemmer ikke).", where=where)
                )
        for rid, row in sorted(rows.items()):
            if raw.get(rid) not in KNOWN_STATUSES:
                continue
            where = _("Revisjon {rid}", rid=rid[:8])
            found_proof = proofs.get(rid)
            proven = found_proof.roles if found_proof is not None and found_proof.ok else frozenset()
            recorded = {sig.role: sig for sig in signatures.get(rid, [])}
            if row.frozen and Role.LEDER not in proven:
                out.append(_("{where}: er låst som signert, men ingen signert PDF beviser enhetslederens signatur.", where=where))
            if raw[rid] in PAST_AGREED and proven != BOTH:
                out.append(
                    _("{where}: har status «{status}», men den signerte PDF-en beviser ikke begge signaturene.", where=where, status=row.status.label)
                )
            if proven and not row.frozen:
                out.append(_("{where}: har en signert PDF, men er ikke låst.", where=where))
            if proven and row.status in (Status.UTKAST, Status.TIL_DIALOG, Status.I_DIALOG):
                out.append(_("{where}: er signert, men har status «{status}».", where=where, status=row.status.label))
            for role, sig in sorted(recorded.items()):
                found = found_proof.signature(role) if found_proof is not None and found_proof.ok else None
                if found is None or found.certificate_fingerprint != sig.certificate_fingerprint:
                    out.append(
                        _("{where}: signaturen fra {role} i databasen finnes ikke i den signerte PDF-en.", where=where, role=role.label.lower())
                    )
            for role in sorted(proven - set(recorded)):
                out.append(_("{where}: signaturen fra {role} i PDF-en mangler i databasen.", where=where, role=role.label.lower()))
        return report

    @staticmethod
    def _verify_all(
        documents: dict[str, store.StoredDocument], anchors: tuple[bytes, ...], workers: int | None
    ) -> dict[str, VerificationReport]:
        jobs = {rid: _Verify(doc.pdf, anchors) for rid, doc in documents.items()}
        n = workers or os.cpu_count() or 1
        if n <= 1 or len(jobs) < 8:
            return {rid: _verify(job) for rid, job in jobs.items()}
        ctx = multiprocessing.get_context("spawn")  # safe beside Qt and open connections
        with ProcessPoolExecutor(max_workers=min(n, len(jobs)), mp_context=ctx) as pool:
            return dict(zip(jobs, pool.map(_verify, jobs.values()), strict=True))


def _trigger_text(problem: str) -> str:
    kind, _sep, name = problem.partition(":")
    if kind == "missing":
        return _("Beskyttelsen «{name}» mangler i databasen (utløseren er fjernet).", name=name)
    if kind == "changed":
        return _("Beskyttelsen «{name}» er endret i databasen.", name=name)
    return _("Databasen har en ukjent utløser «{name}».", name=name)
