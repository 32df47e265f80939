"""Signing through the services and the CLI: order, freezing, the stored record, archive export."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from enhetsdialog.domain.canonical import fingerprint
from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.errors import DomainError, FrozenRevisionError
from enhetsdialog.pdf.certificates import create_personal_certificate
from enhetsdialog.pdf.verify import verify_pdf
from enhetsdialog.services import Services

from .helpers import dump, run_cli

PASSWORD = b"riktig-passord"


@pytest.fixture(scope="module")
def certs() -> dict[Role, bytes]:
    return {
        Role.LEDER: create_personal_certificate("Ingrid Solberg", "ingrid@example.org", PASSWORD),
        Role.DIREKTOR: create_personal_certificate("Kari Nordahl", None, PASSWORD),
    }


def _agreed(services: Services) -> str:
    return next(r.id for r in services.agreements.list() if r.status is Status.ENIGHET)


def test_leader_then_director_sign_and_the_record_verifies(demo_services: Services, certs: dict[Role, bytes]) -> None:
    s = demo_services
    rid = _agreed(s)
    fp = fingerprint(s.agreements.revision(rid))
    preview = s.signing.preview(rid, Role.LEDER, certs[Role.LEDER], PASSWORD)
    assert preview.name == "Ingrid Solberg" and preview.certificate.self_signed
    with pytest.raises(DomainError, match="signerer først"):
        s.signing.sign(rid, Role.DIREKTOR, certs[Role.DIREKTOR], PASSWORD)
    s.signing.sign(rid, Role.LEDER, certs[Role.LEDER], PASSWORD)
    rev = s.agreements.revision(rid)
    assert rev.frozen and rev.status is Status.ENIGHET
    with pytest.raises(FrozenRevisionError):
        s.agreements.set_text(rid, "challenges", "endring etter første signatur")
    with pytest.raises(DomainError, match="allerede signert"):
        s.signing.sign(rid, Role.LEDER, certs[Role.LEDER], PASSWORD)
    after_leader = s.signing.signed_pdf(rid)
    assert after_leader is not None
    s.signing.sign(rid, Role.DIREKTOR, certs[Role.DIREKTOR], PASSWORD)
    full = s.agreements.get(rid)
    assert full.revision.status is Status.SIGNERT
    assert [(x.role, x.fingerprint) for x in full.signatures] == [(Role.LEDER, fp), (Role.DIREKTOR, fp)]
    assert full.signatures[0].certificate_subject == "CN=Ingrid Solberg,E=ingrid@example.org" or "Ingrid" in full.signatures[0].certificate_subject
    record = s.signing.pdf(rid)
    assert record.startswith(after_leader)  # the counter-signature is an incremental update
    report = verify_pdf(record)
    assert report.ok and report.complete, report.reasons
    assert report.embedded_fingerprint == fp
    # a signed revision is changed by making a new revision
    new = s.agreements.new_revision(rid).created
    assert new and s.agreements.revision(new).status is Status.UTKAST


def test_only_an_agreed_revision_can_be_signed(demo_services: Services, certs: dict[Role, bytes]) -> None:
    s = demo_services
    draft = next(r.id for r in s.agreements.list() if r.status is Status.UTKAST)
    before = dump(s.db.path)
    with pytest.raises(DomainError, match="Enighet"):
        s.signing.sign(draft, Role.LEDER, certs[Role.LEDER], PASSWORD)
    with pytest.raises(DomainError, match="passord"):
        s.signing.sign(_agreed(s), Role.LEDER, certs[Role.LEDER], b"feil")
    with pytest.raises(DomainError):
        s.signing.sign(_agreed(s), Role.LEDER, b"ikke en p12-fil", PASSWORD)
    assert dump(s.db.path) == before


def test_the_stored_signed_pdf_cannot_be_replaced(demo_services: Services, certs: dict[Role, bytes]) -> None:
    from sqlalchemy import text

    s = demo_services
    rid = _agreed(s)
    s.signing.sign(rid, Role.LEDER, certs[Role.LEDER], PASSWORD)
    for sql in (
        "UPDATE signed_document SET pdf = x'00' WHERE revision_id = :rid",
        "DELETE FROM signed_document WHERE revision_id = :rid",
        "DELETE FROM signature WHERE revision_id = :rid",
        "UPDATE signature SET name = 'noen andre' WHERE revision_id = :rid",
    ):
        with pytest.raises(Exception, match="signed document|signature cannot"):
            with s.db.write() as session:
                session.execute(text(sql), {"rid": rid})


def test_archive_export_writes_verified_documents_and_is_safe_to_rerun(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    assert run_cli("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "arkiv"
    r = run_cli("archive", "--year", "2026", "-o", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert "✓ Byåsen ungdomsskole" in r.stdout and "Merk: Arkivdel og klassifikasjon er standardverdiene" in r.stdout
    pdfs = sorted(out.glob("*/*.pdf"))
    messages = sorted(out.glob("*/arkivmelding.xml"))
    data = sorted(out.glob("*/avtale.json"))
    assert len(pdfs) == 2 and len(messages) == 2 and len(data) == 2
    manifest = (out / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in manifest}
    assert set(listed) == {str(p.relative_to(out)) for p in pdfs + messages + data}
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    for p in pdfs:
        assert verify_pdf(p.read_bytes()).complete
    import json

    rows = json.loads(run_cli("list", "--json", "--year", "2026", "--db", str(db)).stdout)
    assert {row["status"] for row in rows} == {"arkivert"}
    before = {str(p): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = run_cli("archive", "--year", "2026", "-o", str(out), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert {str(p): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_cli_sign_and_verify(tmp_path: Path, certs: dict[Role, bytes]) -> None:
    db = tmp_path / "c.sqlite3"
    assert run_cli("demo", "--db", str(db)).returncode == 0
    import json

    rid = next(r["id"] for r in json.loads(run_cli("list", "--json", "--db", str(db)).stdout) if r["status"] == "enighet")
    leader, director = tmp_path / "leder.p12", tmp_path / "dir.p12"
    leader.write_bytes(certs[Role.LEDER])
    director.write_bytes(certs[Role.DIREKTOR])
    env = {"PASSORD": PASSWORD.decode()}
    no_prompt = run_cli("sign", rid, "--role", "leder", "--cert", str(leader), "--db", str(db))
    assert no_prompt.returncode == 1 and "--password-env" in no_prompt.stderr
    r = run_cli("sign", rid, "--role", "leder", "--cert", str(leader), "--password-env", "PASSORD", "--db", str(db), env=env)
    assert r.returncode == 0, r.stderr
    r = run_cli("sign", rid, "--role", "direktor", "--cert", str(director), "--password-env", "PASSORD", "--db", str(db), env=env)
    assert r.returncode == 0, r.stderr and "Signert" in r.stdout
    pdf = tmp_path / "avtale.pdf"
    assert run_cli("pdf", rid, "-o", str(pdf), "--db", str(db)).returncode == 0
    v = run_cli("verify", str(pdf), "--json")
    assert v.returncode == 0, v.stdout
    assert json.loads(v.stdout)["complete"] is True
    assert v.stderr == ""
    pdf.write_bytes(pdf.read_bytes() + b"\n% endret etter signering\n")
    v = run_cli("verify", str(pdf))
    assert v.returncode == 1 and "IKKE GYLDIG" in v.stderr
