"""Bad input on the command line: one clear line in Norwegian, exit 1 (2 for usage), and the database
exactly as it was (its bytes compared before and after)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .bad_input import cli, cli_limited, demo_db, demo_master, fingerprint, refused
from .helpers import ROOT, run_cli

__all__ = ["demo_db", "demo_master"]

READING = [
    ("list",),
    ("show", "abc"),
    ("pdf", "abc", "-o", "x.pdf"),
    ("export", "abc"),
    ("check",),
    ("backup",),
    ("conflicts",),
    ("resolve-conflict", "abc", "--keep", "local"),
    ("archive", "--year", "2026", "-o", "arkiv"),
    ("sign", "abc", "--role", "leder", "--cert", "x.p12", "--password-env", "PW"),
]


@pytest.mark.parametrize("command", READING, ids=[c[0] for c in READING])
def test_a_mistyped_db_is_refused_by_reading_commands(command: tuple[str, ...], tmp_path: Path) -> None:
    (tmp_path / "x.p12").write_bytes(b"x")
    command = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in command)
    missing = tmp_path / "skrivefeil" / "enhetsdialgo.sqlite3"
    r = cli(*command, "--db", str(missing), env={"PW": "passord123"})
    refused(r, "finnes ikke", str(missing))
    assert not missing.parent.exists()  # neither the file nor its folder was made


def test_creating_commands_may_create_the_database(tmp_path: Path) -> None:
    from enhetsdialog.services.demo_data import catalogue

    cat = tmp_path / "katalog.json"
    cat.write_text(json.dumps(catalogue(), ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "ny" / "ny.sqlite3"
    r = cli("import-plans", str(cat), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert db.is_file()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600  # private, like backups, packages and PDFs


def test_a_bad_file_for_a_creating_command_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "ny.sqlite3"
    for command in (("import-plans", "/dev/zero"), ("import", str(tmp_path / "finnes-ikke.enhetsavtale"))):
        refused(cli_limited(*command, "--db", str(db)))
        assert not db.exists()


def test_certificate_does_not_open_or_create_a_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = tmp_path / "aldri.sqlite3"
    env = {"ENHETSDIALOG_DATA_DIR": str(data), "ENHETSDIALOG_DB": str(db), "PW": "hemmelig-passord"}
    r = cli("certificate", "--name", "Kari Nordmann", "--password-env", "PW", env=env)
    assert r.returncode == 0, r.stderr
    assert not db.exists() and not (data / "enhetsdialog.sqlite3").exists()
    [p12] = (data / "certificates").glob("*.p12")
    assert stat.S_IMODE(p12.stat().st_mode) == 0o600 and p12.stat().st_size > 0


def test_pdf_to_a_folder_that_does_not_exist_is_refused(demo_db: Path, tmp_path: Path) -> None:
    before = fingerprint(demo_db)
    out = tmp_path / "no" / "such" / "dir" / "x.pdf"
    rid = json.loads(cli("list", "--json", "--db", str(demo_db)).stdout)[0]["id"]
    r = cli("pdf", rid, "-o", str(out), "--db", str(demo_db))
    refused(r, "mappen", "finnes ikke")
    assert not (tmp_path / "no").exists()
    r = cli("export", rid, "-o", str(out), "--db", str(demo_db))
    refused(r, "mappen", "finnes ikke")
    assert not (tmp_path / "no").exists()
    assert fingerprint(demo_db) == before


def test_writers_refuse_a_target_that_is_not_a_regular_file(demo_db: Path, tmp_path: Path) -> None:
    """An atomic write renames over its target: as root, ``-o /dev/full`` replaced the device node.
    A FIFO (and, as root, a private character device) stands in for it here."""
    rid = json.loads(cli("list", "--json", "--db", str(demo_db)).stdout)[0]["id"]
    targets = [tmp_path / "fifo"]
    os.mkfifo(targets[0])
    if os.geteuid() == 0:
        device = tmp_path / "full"
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 7))
        targets.append(device)
    before = fingerprint(demo_db)
    for target in targets:
        kind = stat.S_IFMT(target.lstat().st_mode)
        for command in (("export", rid, "-o", str(target)), ("pdf", rid, "-o", str(target)), ("backup", "-o", str(target))):
            r = cli(*command, "--db", str(demo_db))
            refused(r, "ikke en vanlig fil")
            assert stat.S_IFMT(target.lstat().st_mode) == kind, command  # still the FIFO / the device
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary files left
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize(
    ("command", "needle"),
    [
        (("import", "/dev/zero"), "ikke en vanlig fil"),
        (("import-plans", "/dev/zero"), "ikke en vanlig fil"),
        (("verify", "/dev/zero"), "ikke en vanlig fil"),
        (("sign", "abc", "--role", "leder", "--cert", "/dev/zero", "--password-env", "PW"), "ikke en vanlig fil"),
        (("import", "/"), "en mappe"),
    ],
    ids=["import", "import-plans", "verify", "sign", "folder"],
)
def test_devices_and_folders_are_refused_before_reading(
    command: tuple[str, ...], needle: str, demo_db: Path
) -> None:
    before = fingerprint(demo_db)
    r = cli_limited(*command, "--db", str(demo_db), env={"PW": "passord123"})
    refused(r, needle)
    assert fingerprint(demo_db) == before


def test_import_of_a_fifo_does_not_hang(demo_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pakke.enhetsavtale"
    os.mkfifo(fifo)
    before = fingerprint(demo_db)
    for command in ("import", "import-plans"):
        r = run_cli(command, str(fifo), "--db", str(demo_db), timeout=30)  # before: blocked forever
        refused(r, "FIFO")
    assert fingerprint(demo_db) == before


def test_a_too_large_file_is_refused_without_reading_it(demo_db: Path, tmp_path: Path) -> None:
    big = tmp_path / "stor.enhetsavtale"
    with big.open("wb") as fh:
        fh.truncate(60 * 1024 * 1024)  # sparse: nothing is written, the size is what counts
    before = fingerprint(demo_db)
    refused(cli("import", str(big), "--db", str(demo_db)), "for stor")
    assert fingerprint(demo_db) == before


def test_exit_70_cases_are_clear_lines(demo_db: Path) -> None:
    before = fingerprint(demo_db)
    long = "a" * 50_001
    cases = [
        (("list", "--year", str(10**30)), 2, "året"),
        (("list", "--search", long), 2, "for lang"),
        (("show", long), 2, "ikke en id"),
        (("export", long), 2, "ikke en id"),
        (("archive", "--year", "99999999999999999999", "-o", "arkiv"), 2, "året"),
    ]
    for args, code, needle in cases:
        r = cli(*args, "--db", str(demo_db))
        assert r.returncode == code, (args, r.stderr[:300])
        assert len(r.stderr.splitlines()) == 1 and needle in r.stderr, (args, r.stderr[:300])
        assert "SELECT" not in r.stderr and "uventet" not in r.stderr
    assert fingerprint(demo_db) == before


def test_an_unknown_status_in_the_database_is_a_clear_line(demo_db: Path) -> None:
    con = sqlite3.connect(demo_db)
    with con:
        con.execute("UPDATE revision SET status = 'ukjent' WHERE rowid = (SELECT min(rowid) FROM revision WHERE frozen = 0)")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = fingerprint(demo_db)
    refused(cli("list", "--db", str(demo_db)), "ukjent", "ikke kjenner")
    assert fingerprint(demo_db) == before


def test_a_password_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "ENHETSDIALOG_DATA_DIR": str(data)}
    envb = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    envb[b"PW"] = b"passord-\xff\xfe-123"
    r = subprocess.run(
        [sys.executable, "-m", "enhetsdialog", "certificate", "--name", "Kari", "--password-env", "PW"],
        capture_output=True, text=True, env=envb, cwd=ROOT, timeout=60,  # type: ignore[arg-type]
    )
    refused(r, "UTF-8")
    assert not (data / "certificates").exists() or not list((data / "certificates").iterdir())


def _package_with(tmp_path: Path, demo_db: Path, replace: tuple[bytes, bytes]) -> Path:
    """A valid package of the demo, then its agreement.json edited and the manifest's checksum
    updated, so that only the edit is wrong."""
    import hashlib

    rid = json.loads(run_cli("list", "--json", "--db", str(demo_db)).stdout)[0]["id"]
    good = tmp_path / "god.enhetsavtale"
    assert run_cli("export", rid, "-o", str(good), "--db", str(demo_db)).returncode == 0
    with zipfile.ZipFile(good) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    doc = files["agreement.json"]
    assert replace[0] in doc
    files["agreement.json"] = doc.replace(replace[0], replace[1], 1)
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["agreement.json"] = hashlib.sha256(files["agreement.json"]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "endret.enhetsavtale"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return bad


def test_lone_surrogates_in_a_package_are_refused(demo_db: Path, tmp_path: Path) -> None:
    unit = json.loads(cli("list", "--json", "--db", str(demo_db)).stdout)[0]["unit"]
    bad = _package_with(tmp_path, demo_db, (json.dumps(unit, ensure_ascii=False).encode(), b'"Skole \\ud800"'))
    other = tmp_path / "annen.sqlite3"
    r = cli("import", str(bad), "--db", str(other))
    refused(r, "surrogat")


def test_escape_sequences_from_a_package_are_not_printed_raw(demo_db: Path, tmp_path: Path) -> None:
    unit = json.loads(cli("list", "--json", "--db", str(demo_db)).stdout)[0]["unit"]
    evil = '"\\u001b]0;pwned\\u0007\\u001b[31mRed\\u009b2J skole"'
    pkg = _package_with(tmp_path, demo_db, (json.dumps(unit, ensure_ascii=False).encode(), evil.encode()))
    other = tmp_path / "annen.sqlite3"
    outputs = []
    r = cli("import", str(pkg), "--db", str(other))
    assert r.returncode == 0, r.stderr
    outputs.append(r.stdout)
    for command in (("list",), ("list", "--json"), ("conflicts",)):
        r = cli(*command, "--db", str(other))
        assert r.returncode == 0, r.stderr
        outputs.append(r.stdout)
    rid = json.loads(cli("list", "--json", "--db", str(other)).stdout)[0]["id"]
    outputs += [cli("show", rid, "--db", str(other)).stdout, cli("show", rid, "--json", "--db", str(other)).stdout]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, out[:400]
    assert "\\u001b[31mRed" in outputs[1]  # shown, escaped
    listed = json.loads(outputs[2])  # JSON output stays valid JSON, with the real name in it
    assert listed[0]["unit"] == "\x1b]0;pwned\x07\x1b[31mRed\x9b2J skole"


def test_argparse_speaks_norwegian() -> None:
    r = run_cli("--help")
    assert r.returncode == 0
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in r.stdout, english
    assert "bruk:" in r.stdout and "vis denne hjelpeteksten" in r.stdout
    for args, needle in (
        (("list", "--year", "x"), "ikke et årstall"),
        (("resolve-conflict", "x", "--keep", "mine"), "ugyldig valg"),
        (("tull",), "ugyldig valg"),
        (("pdf",), "mangler"),
        (("list", "--tull"), "ukjente argumenter"),
    ):
        r = run_cli(*args)
        assert r.returncode == 2 and len(r.stderr.splitlines()) == 1, (args, r.stderr)
        assert needle in r.stderr, (args, r.stderr)
        for english in ("invalid", "choose from", "required", "unrecognized", "error:"):
            assert english not in r.stderr, (args, r.stderr)


def test_every_argument_of_every_command_has_a_help_text() -> None:
    from enhetsdialog.cli import build_parser

    parser = build_parser()
    missing: list[str] = []

    def visit(p: argparse.ArgumentParser, name: str) -> None:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    visit(sub, sub_name)
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")

    visit(parser, "enhetsdialog")
    assert missing == []


def test_os_errors_are_in_norwegian(demo_db: Path, tmp_path: Path) -> None:
    for args in (
        ("import", str(tmp_path / "finnes-ikke.enhetsavtale")),
        ("import-plans", str(tmp_path / "finnes-ikke.json")),
        ("verify", str(tmp_path / "finnes-ikke.pdf")),
        ("backup", "-o", str(tmp_path)),
    ):
        r = cli(*args, "--db", str(demo_db))
        refused(r)
        for english in ("No such file", "Is a directory", "Permission denied", "Errno"):
            assert english not in r.stderr, (args, r.stderr)


def test_reimporting_the_same_catalogue_says_so(tmp_path: Path) -> None:
    from enhetsdialog.services.demo_data import catalogue

    cat = tmp_path / "katalog.json"
    cat.write_text(json.dumps(catalogue(), ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "k.sqlite3"
    first = cli("import-plans", str(cat), "--db", str(db))
    assert first.returncode == 0 and "nye" in first.stdout, first.stdout
    again = cli("import-plans", str(cat), "--db", str(db))
    assert again.returncode == 0
    assert "importert fra før" in again.stdout and "Importerte" not in again.stdout, again.stdout


def test_archive_says_1_ny(demo_db: Path, tmp_path: Path) -> None:
    r = cli("archive", "--year", "2026", "-o", str(tmp_path / "arkiv"), "--db", str(demo_db))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Arkiverte ") and "(1 ny)" in r.stdout, r.stdout
