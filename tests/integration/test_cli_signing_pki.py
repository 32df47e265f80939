"""The command line with a smart card (SoftHSM2) and the test TSA: sign --pkcs11, sign --cert --tsa,
timestamp, verify (text and --json with the level), tsa settings; refusals are one line and change
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enhetsdialog.services import open_services
from tests.pki.plugin import P12_PASSWORD, LocalPki, SoftToken

from .helpers import dump, run_cli
from .test_signing_services_pki import agreed


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "pki.sqlite3"
    services = open_services(path, auto_backup=False, backup_dir=tmp_path / "backups")
    try:
        rid = agreed(services)
    finally:
        services.close()
    return path, rid


def test_token_leader_file_director_then_timestamp(
    db: tuple[Path, str], test_pki: LocalPki, softhsm: SoftToken, tmp_path: Path
) -> None:
    path, rid = db
    env = {"KORT_PIN": softhsm.pin, "P12_PASSORD": P12_PASSWORD.decode()}
    r = run_cli("sign", rid, "--role", "leder", "--pkcs11", softhsm.module, "--token", softhsm.token_label,
                "--pin-env", "KORT_PIN", "--db", str(path), env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Nivå: B-B." in r.stdout and "Ingen tidsstempeltjeneste" in r.stdout
    assert softhsm.pin not in r.stdout + r.stderr
    director = tmp_path / "direktor.p12"
    director.write_bytes(test_pki.pkcs12("director"))
    r = run_cli("sign", rid, "--role", "direktor", "--cert", str(director), "--password-env", "P12_PASSORD",
                "--tsa", test_pki.tsa_url, "--db", str(path), env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Nivå: B-LT." in r.stdout or "Nivå: B-T." in r.stdout, r.stdout
    r = run_cli("timestamp", rid, "--tsa", test_pki.tsa_url, "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert "Nivå: B-LTA." in r.stdout
    pdf = tmp_path / "avtale.pdf"
    assert run_cli("pdf", rid, "-o", str(pdf), "--db", str(path)).returncode == 0
    root = tmp_path / "rot.pem"
    root.write_bytes(test_pki.root_pem)
    v = run_cli("verify", str(pdf), "--json", "--trust", str(root))
    assert v.returncode == 0, v.stdout
    report = json.loads(v.stdout)
    assert report["complete"] is True
    assert [s["level"] for s in report["signatures"]] == ["B-LTA", "B-LTA"]
    assert all(s["document_timestamp_time"] and s["revocation"] == "embedded" for s in report["signatures"])
    text = run_cli("verify", str(pdf), "--trust", str(root))
    assert text.returncode == 0, text.stderr
    assert text.stdout.count("nivå: B-LTA") == 2
    assert "kontrollert med valideringsdata i dokumentet" in text.stdout


def test_wrong_pin_and_missing_module_are_one_line_and_change_nothing(
    db: tuple[Path, str], softhsm: SoftToken, tmp_path: Path
) -> None:
    path, rid = db
    before = dump(path)
    r = run_cli("sign", rid, "--role", "leder", "--pkcs11", softhsm.module, "--token", softhsm.token_label,
                "--pin-env", "KORT_PIN", "--db", str(path), env={"KORT_PIN": "111111"})  # fmt: skip
    assert r.returncode == 1 and "PIN" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "111111" not in r.stderr
    r = run_cli("sign", rid, "--role", "leder", "--pkcs11", str(tmp_path / "borte.so"), "--pin-env", "KORT_PIN",
                "--db", str(path), env={"KORT_PIN": softhsm.pin})  # fmt: skip
    assert r.returncode == 1 and "Fant ikke PKCS#11-modulen" in r.stderr
    r = run_cli("sign", rid, "--role", "leder", "--pkcs11", softhsm.module, "--token", softhsm.token_label,
                "--db", str(path))  # fmt: skip
    assert r.returncode == 1 and "--pin-env" in r.stderr  # no terminal to ask in
    r = run_cli("timestamp", rid, "--db", str(path))
    assert r.returncode == 1 and "ikke signert" in r.stderr
    assert dump(path) == before


def test_tsa_settings_from_the_command_line(db: tuple[Path, str], test_pki: LocalPki) -> None:
    path, _rid = db
    r = run_cli("tsa", "show", "--db", str(path))
    assert r.returncode == 0 and "Ingen tidsstempeltjeneste" in r.stdout
    r = run_cli("tsa", "set", test_pki.tsa_url, "--user", "kommune", "--password-env", "TSA_PASSORD", "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert test_pki.tsa_url in r.stdout and "TSA_PASSORD" in r.stdout
    r = run_cli("tsa", "test", "--db", str(path), env={"TSA_PASSORD": "hemmelig"})
    assert r.returncode == 0, r.stderr
    r = run_cli("tsa", "test", "--db", str(path))
    assert r.returncode == 1 and "TSA_PASSORD er ikke satt" in r.stderr
    assert run_cli("tsa", "clear", "--db", str(path)).returncode == 0
    r = run_cli("tsa", "set", "ftp://x", "--db", str(path))
    assert r.returncode == 1 and "http://" in r.stderr
