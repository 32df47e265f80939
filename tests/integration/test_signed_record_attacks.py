"""«Signert» must mean signed: every way the review found to get the status, a signature row or a
signed record without anyone signing — through packages, through SQL, through the signing service —
refused with one Norwegian line and no change to the database (a dump of every row compared), or
detected by ``enhetsdialog check``.
"""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from enhetsdialog.domain.enums import AnchorKind, Role, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.domain.model import Signature, new_id
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package import SignedDocument, read_package, write_package
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.errors import DatabaseTamperedError

from .helpers import dump
from .test_exchange_support import (
    DIRECTOR,
    LEADER,
    Machines,
    certificate_for,
    draft,
    machines,
    open_machine,
    send,
    sign,
)

__all__ = ["machines"]


def agreed(m: Machines) -> str:
    rid = draft(m.leader, m.unit_id)
    for s in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        m.leader.agreements.set_status(rid, s)
    send(m.leader, m.director, rid)
    return rid


def signed_by_both(m: Machines) -> str:
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    send(m.leader, m.director, rid)
    sign(m.director, rid, Role.DIREKTOR)
    return rid


def refused(services: object, path: Path, data: bytes, pattern: str) -> None:
    before = dump(path)
    with pytest.raises(PackageError, match=pattern):
        services.exchange.import_bytes(data)  # type: ignore[attr-defined]
    assert dump(path) == before


# --- packages that claim what no PDF proves ---------------------------------------------------------------


def test_signed_status_and_signature_records_without_a_pdf_are_refused_everywhere(machines: Machines, tmp_path: Path) -> None:
    m = machines
    rid = agreed(m)
    pkg = read_package(m.leader.exchange.export(rid))
    pr = pkg.revisions[0]
    pr.revision.frozen = True
    for status in (Status.SIGNERT, Status.ARKIVERT):
        pr.revision.status = status
        pr.signatures = [
            Signature(rid, role, name, "", datetime.now(UTC), pr.fingerprint, f"CN={name}", "ab" * 32, new_id())
            for role, name in ((Role.LEDER, LEADER), (Role.DIREKTOR, DIRECTOR))
        ]
        forged = write_package(pkg)
        refused(m.leader, m.leader_path, forged, "ingen signert PDF")
        refused(m.director, m.director_path, forged, "ingen signert PDF")
        fresh = open_machine(tmp_path / f"fresh-{status}.sqlite3")
        try:
            refused(fresh, tmp_path / f"fresh-{status}.sqlite3", forged, "ingen signert PDF")
        finally:
            fresh.close()


def _with_pdf(package: bytes, pdf: bytes) -> bytes:
    pkg = read_package(package)
    pr = pkg.revisions[0]
    pr.signed_document = SignedDocument(pdf=pdf, updated_at=datetime.now(UTC) - timedelta(seconds=1))
    return write_package(pkg)


def test_a_zeroed_a_bare_and_another_agreements_signed_pdf_are_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    package = m.leader.exchange.export(rid)
    real = m.leader.signing.signed_pdf(rid)
    assert real is not None
    # zero the signature bytes (the hex inside /Contents)
    start = real.rindex(b"/Contents <") + len(b"/Contents <")
    zeroed = real[:start] + b"0" * (real.index(b">", start) - start) + real[real.index(b">", start) :]
    bare = b"%PDF-1.7\n%%EOF\n"
    for pdf in (zeroed, bare):
        refused(m.director, m.director_path, _with_pdf(package, pdf), "kan ikke bekreftes")
    # another agreement of the same unit, really signed
    other = draft(m.leader, m.unit_id, year=2028)
    for s in (Status.TIL_DIALOG, Status.I_DIALOG, Status.ENIGHET):
        m.leader.agreements.set_status(other, s)
    sign(m.leader, other, Role.LEDER)
    other_pdf = m.leader.signing.signed_pdf(other)
    assert other_pdf is not None
    refused(m.director, m.director_path, _with_pdf(package, other_pdf), "annen avtale")


def _overlay_update(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec("Skygge", on_page=0, box=(40, 500, 560, 700)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_shadow_update_in_transit_is_refused_and_cannot_be_counter_signed(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    real = m.leader.signing.signed_pdf(rid)
    assert real is not None
    tampered = _with_pdf(m.leader.exchange.export(rid), _overlay_update(real))
    refused(m.director, m.director_path, tampered, "kan ikke bekreftes")
    assert m.director.agreements.revision(rid).status is Status.ENIGHET and not m.director.agreements.revision(rid).frozen


def test_a_grown_pdf_does_not_replace_the_stored_record(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    send(m.leader, m.director, rid)
    real = m.director.signing.signed_pdf(rid)
    assert real is not None
    for grown in (real + b"\n% mer\n", _overlay_update(real)):
        refused(m.director, m.director_path, _with_pdf(m.leader.exchange.export(rid), grown), "kan ikke bekreftes")
        assert m.director.signing.signed_pdf(rid) == real
    assert m.director.signing.proof(rid).proven_roles == {Role.LEDER}


# --- workflow state without authority -----------------------------------------------------------------


def test_a_replayed_enighet_package_does_not_undo_a_reopening(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    for s in (Status.TIL_DIALOG, Status.I_DIALOG):
        m.leader.agreements.set_status(rid, s)
    send(m.leader, m.director, rid)
    m.director.agreements.set_status(rid, Status.ENIGHET)
    old = m.director.exchange.export(rid)
    m.leader.exchange.import_bytes(old)
    assert m.leader.agreements.revision(rid).status is Status.ENIGHET
    m.leader.agreements.set_status(rid, Status.I_DIALOG)  # the leader reopens the dialogue
    report = m.leader.exchange.import_bytes(old)  # the old package again
    assert m.leader.agreements.revision(rid).status is Status.I_DIALOG
    assert report.status_changes == 0


def test_a_future_resolution_is_capped_and_a_replay_does_not_resolve_again(machines: Machines) -> None:
    m = machines
    rid = draft(m.leader, m.unit_id)
    for s in (Status.TIL_DIALOG, Status.I_DIALOG):
        m.leader.agreements.set_status(rid, s)
    send(m.leader, m.director, rid)
    aid = m.director.agreements.revision(rid).agreement_id
    remark = m.director.remarks.add(rid, AnchorKind.SECTION, "hele", "Åpen merknad", author=DIRECTOR, role=Role.DIREKTOR).created
    send(m.director, m.leader, rid)
    pkg = read_package(m.leader.exchange.export(rid))
    (r,) = [x for x in pkg.remarks if x.id == remark]
    r.resolved, r.resolved_at, r.resolved_by = True, datetime(2099, 1, 1, tzinfo=UTC), LEADER
    forged = write_package(pkg)
    m.director.exchange.import_bytes(forged)
    (got,) = m.director.remarks.list(aid)
    assert got.resolved and got.resolved_at is not None and got.resolved_at <= datetime.now(UTC)
    m.director.remarks.reopen(remark)
    m.director.exchange.import_bytes(forged)  # replayed
    (again,) = m.director.remarks.list(aid)
    assert not again.resolved
    # the replay cannot reach «Enighet» past the open remark either
    pkg2 = read_package(forged)
    pkg2.revisions[0].revision.status = Status.ENIGHET
    m.director.exchange.import_bytes(write_package(pkg2))
    assert m.director.agreements.revision(rid).status is Status.I_DIALOG


def test_a_package_dated_in_the_future_is_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    pkg = read_package(m.leader.exchange.export(rid))
    pkg.created_at = datetime.now(UTC) + timedelta(days=3)
    refused(m.director, m.director_path, write_package(pkg), "fram i tid")


def test_a_package_from_another_municipality_reusing_a_units_id_is_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    pkg = read_package(m.leader.exchange.export(rid))
    pkg.municipality.id = new_id()
    pkg.municipality.name = "Annenby kommune"
    pkg.service_area.municipality_id = pkg.municipality.id
    refused(m.leader, m.leader_path, write_package(pkg), "Annenby kommune")


def test_a_signature_record_that_does_not_match_the_pdf_is_refused(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    pkg = read_package(m.leader.exchange.export(rid))
    pkg.revisions[0].signatures.append(
        Signature(rid, Role.DIREKTOR, DIRECTOR, "", datetime.now(UTC), pkg.revisions[0].fingerprint, f"CN={DIRECTOR}", "cd" * 32, new_id())
    )
    refused(m.director, m.director_path, write_package(pkg), "ikke stemmer med den signerte PDF-en")


# --- the signing service --------------------------------------------------------------------------------


def test_the_leaders_certificate_cannot_sign_as_director(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    send(m.leader, m.director, rid)
    before = dump(m.director_path)
    p12, password = certificate_for(LEADER)
    with pytest.raises(DomainError):
        m.director.signing.sign(rid, Role.DIREKTOR, p12, password)
    assert dump(m.director_path) == before


def test_a_certificate_for_someone_else_is_refused_with_both_names(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    before = dump(m.leader_path)
    p12, password = certificate_for("Per Ole Lien")
    with pytest.raises(DomainError, match="«Per Ole Lien».*«Ingrid Solberg»"):
        m.leader.signing.preview(rid, Role.LEDER, p12, password)
    with pytest.raises(DomainError, match="«Per Ole Lien».*«Ingrid Solberg»"):
        m.leader.signing.sign(rid, Role.LEDER, p12, password)
    assert dump(m.leader_path) == before


def test_with_a_trust_anchor_an_untrusted_certificate_cannot_sign(machines: Machines) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    m = machines
    rid = agreed(m)
    other, pw = certificate_for("Noen i kommunens PKI")
    _key, cert, _chain = pkcs12.load_key_and_certificates(other, pw)
    assert cert is not None
    m.leader.signing.trust.add(cert.public_bytes(Encoding.PEM))
    before = dump(m.leader_path)
    p12, password = certificate_for(LEADER)
    with pytest.raises(DomainError, match="betrodd utsteder"):
        m.leader.signing.sign(rid, Role.LEDER, p12, password)
    assert dump(m.leader_path) == before


def test_the_gui_opens_the_services_with_a_certificates_folder(tmp_path: Path) -> None:
    from enhetsdialog import paths

    from enhetsdialog.ui.app import open_database

    services = open_database(tmp_path / "gui.sqlite3")
    try:
        assert services.signing.certificates_dir == paths.certificates_dir()
        path = services.signing.create_personal_certificate("Ingrid Solberg", None, b"hemmelig-passord")
        assert path.is_file() and path.parent == paths.certificates_dir() and path.stat().st_mode & 0o077 == 0
    finally:
        services.close()


# --- SQL: refused by the database, or found by `check` ----------------------------------------------------


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "enhetsdialog", "--db", str(path), "check"], capture_output=True, text=True, timeout=120
    )


REFUSED_SQL = [
    # REPLACE deletes without delete triggers unless recursive_triggers is on; inserts are refused too
    "INSERT OR REPLACE INTO revision SELECT * FROM revision WHERE id = :rid",
    "UPDATE revision SET status = 'utkast' WHERE id = :rid",
    "UPDATE revision SET status = 'enighet' WHERE id = :rid",
    "UPDATE revision SET meeting_notes = '{\"hva\": \"noe annet\"}' WHERE id = :rid",
    "DELETE FROM agreement WHERE id = (SELECT agreement_id FROM revision WHERE id = :rid)",
    "DELETE FROM signed_document WHERE revision_id = :rid",
    "INSERT OR REPLACE INTO signed_document SELECT revision_id, x'00', sha256, updated_at FROM signed_document WHERE revision_id = :rid",
    "UPDATE signature SET name = 'Mallory' WHERE revision_id = :rid",
    "DELETE FROM signature WHERE revision_id = :rid",
]


@pytest.mark.parametrize("sql", REFUSED_SQL)
def test_the_database_refuses_sql_that_would_change_a_signed_record(machines: Machines, sql: str) -> None:
    m = machines
    rid = signed_by_both(m)
    path = m.director_path
    before = dump(path)
    for foreign_keys in (True, False):
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        con.execute("PRAGMA recursive_triggers = OFF")  # the plain sqlite3 default: not ours
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(sql.replace(":rid", "?"), (rid,))
        con.rollback()
        con.close()
    assert dump(path) == before


def test_a_revision_cannot_be_inserted_frozen_nor_a_signature_without_its_pdf(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    con = sqlite3.connect(m.leader_path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE revision SET frozen = 1 WHERE id = ?", (rid,))
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO signature (id, revision_id, role, name, title, signed_at, fingerprint, certificate_subject, "
            "certificate_fingerprint) VALUES ('x', ?, 'leder', 'Ingrid Solberg', '', '2026-01-01', 'f', 'CN=x', 'y')",
            (rid,),
        )
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO revision SELECT id || 'x', agreement_id, number + 10, 'signert', 1, based_on_id, created_at, "
            "updated_at, challenges, value_open, value_competent, value_brave, courage_trials, courage_learning, "
            "culture_leadership, structures, follow_up_plan, users_voice, meeting_notes, status_changed_at, "
            "status_changed_by FROM revision WHERE id = ?",
            (rid,),
        )
    con.close()


def test_check_finds_a_fake_signature_row_and_the_receiver_refuses_it(machines: Machines) -> None:
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    con = sqlite3.connect(m.leader_path)
    con.execute(
        "INSERT INTO signature (id, revision_id, role, name, title, signed_at, fingerprint, certificate_subject, "
        "certificate_fingerprint) SELECT '0b5a1c3e-1111-4222-8333-944455556666', revision_id, 'direktor', "
        "'Kari Nordahl', '', '2026-12-01T10:00:00+00:00', fingerprint, 'CN=Kari Nordahl', ? "
        "FROM signature WHERE revision_id = ?",
        ("be" * 32, rid),
    )
    con.commit()
    con.close()
    r = _check(m.leader_path)
    assert r.returncode != 0 and "direktør i databasen finnes ikke i den signerte PDF-en" in r.stderr
    refused(m.director, m.director_path, m.leader.exchange.export(rid), "ikke stemmer med den signerte PDF-en")
    shown = subprocess.run(
        [sys.executable, "-m", "enhetsdialog", "--db", str(m.leader_path), "show", rid], capture_output=True, text=True, timeout=60
    )
    signatures = shown.stdout.rsplit("ignaturer\n", 1)[1]  # the last section: the signatures shown
    assert "Enhetsleder: Ingrid Solberg," in signatures and "Direktør" not in signatures
    assert "bevises ikke" in shown.stderr


def test_dropped_triggers_stop_every_write_and_check_says_so(machines: Machines) -> None:
    m = machines
    rid = signed_by_both(m)
    m.director.close()
    con = sqlite3.connect(m.director_path)
    con.execute("DROP TRIGGER trg_revision_frozen_update")
    con.execute("UPDATE revision SET status = 'utkast' WHERE id = ?", (rid,))
    con.execute("UPDATE signed_document SET sha256 = 'søppel' WHERE revision_id = ?", (rid,))
    con.commit()
    con.close()
    before = dump(m.director_path)
    db = Database.open(m.director_path, auto_backup=False)
    try:
        assert db.write_refused is not None
        with pytest.raises(DatabaseTamperedError):
            with db.write():
                pass
    finally:
        db.close()
    r = _check(m.director_path)
    assert r.returncode != 0
    for expected in ("trg_revision_frozen_update", "kontrollsummen", "har status «Utkast»"):
        assert expected in r.stderr, r.stderr
    assert all(line.startswith("enhetsdialog: ") for line in r.stderr.strip().splitlines())
    assert dump(m.director_path) == before


def test_check_passes_on_an_honest_database_with_signed_records(machines: Machines) -> None:
    m = machines
    signed_by_both(m)
    m.director.close()
    r = _check(m.director_path)
    assert r.returncode == 0, r.stderr
    assert "2 signerte" in r.stdout or "1 signerte" in r.stdout


def test_a_package_without_pdfs_member_names_is_still_refused_as_a_whole(machines: Machines) -> None:
    """Taking the PDF out of the zip (and its description out of the JSON) leaves a package that
    claims a signature: refused, not imported as unsigned."""
    m = machines
    rid = agreed(m)
    sign(m.leader, rid, Role.LEDER)
    pkg = read_package(m.leader.exchange.export(rid))
    pkg.revisions[0].signed_document = None
    data = write_package(pkg)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not any(n.startswith("pdf/") for n in zf.namelist())
    refused(m.director, m.director_path, data, "ingen signert PDF")
    assert generic  # (pyHanko's generic objects are used by the overlay helper above)
