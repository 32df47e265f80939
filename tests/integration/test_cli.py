from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from .helpers import ROOT, run_cli


def test_demo_list_and_show(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    r = run_cli("demo", "--db", str(db))
    assert r.returncode == 0, r.stderr
    rows = json.loads(run_cli("list", "--json", "--db", str(db)).stdout)
    assert len(rows) >= 6
    for row in rows:
        assert {"id", "unit", "year", "revision", "status"} <= set(row)
    statuses = {row["status"] for row in json.loads(run_cli("list", "--json", "--all-revisions", "--db", str(db)).stdout)}
    assert {"utkast", "til_dialog", "i_dialog", "enighet"} <= statuses
    kinds = {r["unit"] for r in rows}
    assert len(kinds) >= 4
    in_dialog = next(r for r in rows if r["status"] == "i_dialog")
    assert in_dialog["open_remarks"] >= 1
    shown = json.loads(run_cli("show", in_dialog["id"][:8], "--json", "--db", str(db)).stdout)
    assert shown["id"] == in_dialog["id"]
    assert shown["remarks"] and any(r["replies"] for r in shown["remarks"])
    goal = shown["content"]["goals"][0]
    assert {i["kind"] for i in goal["indicators"]} == {"prosess", "resultat"}
    text = run_cli("show", in_dialog["id"], "--db", str(db)).stdout
    assert "Hvor vil vi?" in text and "Hvordan vet vi om vi lykkes?" in text
    # running demo again changes nothing
    again = run_cli("demo", "--db", str(db))
    assert again.returncode == 0 and "allerede" in again.stdout


def test_db_path_from_environment_and_default(tmp_path: Path) -> None:
    env_db = tmp_path / "env" / "fra-miljø.sqlite3"
    r = run_cli("demo", env={"ENHETSDIALOG_DB": str(env_db)})
    assert r.returncode == 0, r.stderr
    assert env_db.is_file()
    # --db wins over the environment (a reading command never creates the file it is given)
    other = tmp_path / "other.sqlite3"
    r = run_cli("list", "--db", str(other), env={"ENHETSDIALOG_DB": str(env_db)})
    assert r.returncode == 1 and str(other) in r.stderr and "finnes ikke" in r.stderr
    assert not other.exists()
    # without either, the default lives in the data folder
    data = tmp_path / "datadir"
    default_env = {"ENHETSDIALOG_DB": "", "ENHETSDIALOG_DATA_DIR": str(data)}
    r = run_cli("import-plans", str(ROOT / "docs" / "plankatalog-eksempel.json"), env=default_env)
    assert r.returncode == 0, r.stderr
    assert (data / "enhetsdialog.sqlite3").is_file()
    assert run_cli("list", env=default_env).returncode == 0


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite3"
    cases = [
        ("show", "ffffffff", "--db", str(db)),
        ("show", "ab", "--db", str(db)),
        ("import-plans", str(tmp_path / "finnes-ikke.json"), "--db", str(db)),
        ("list", "--status", "tull", "--db", str(db)),
        ("restore", str(tmp_path / "nei.sqlite3"), "--db", str(db)),
    ]
    for args in cases:
        r = run_cli(*args)
        assert r.returncode != 0, args
        assert r.stderr.count("\n") == 1, (args, r.stderr)
        assert "Traceback" not in r.stderr
        assert r.stderr.startswith("enhetsdialog")


def test_import_plans_validates_and_is_all_or_nothing(tmp_path: Path) -> None:
    from enhetsdialog.services.demo_data import catalogue

    db = tmp_path / "p.sqlite3"
    good = tmp_path / "katalog.json"
    good.write_text(json.dumps(catalogue(), ensure_ascii=False), encoding="utf-8")
    r = run_cli("import-plans", str(good), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "4 planer" in r.stdout
    # importing the same file again changes nothing
    con = sqlite3.connect(db)
    before = con.execute("SELECT * FROM plan_goal ORDER BY id").fetchall()
    assert run_cli("import-plans", str(good), "--db", str(db)).returncode == 0
    assert con.execute("SELECT * FROM plan_goal ORDER BY id").fetchall() == before
    # a broken file (a goal points at a parent that does not exist) writes nothing at all
    data = catalogue()
    data["plans"][0]["goals"][0]["text"] = "endret tekst"
    data["plans"][3]["goals"][0]["parent"] = "00000000-0000-4000-8000-000000000000"
    bad = tmp_path / "feil.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    r = run_cli("import-plans", str(bad), "--db", str(db))
    assert r.returncode == 1 and "ikke finnes" in r.stderr
    assert con.execute("SELECT * FROM plan_goal ORDER BY id").fetchall() == before
    for junk in (b"{not json", b"\xff\xfe", b"[]", json.dumps({"format": "x"}).encode()):
        bad.write_bytes(junk)
        r = run_cli("import-plans", str(bad), "--db", str(db))
        assert r.returncode == 1 and r.stderr.count("\n") == 1
    con.close()


def test_the_documented_example_catalogue_imports(tmp_path: Path) -> None:
    example = ROOT / "docs" / "plankatalog-eksempel.json"
    r = run_cli("import-plans", str(example), "--db", str(tmp_path / "x.sqlite3"))
    assert r.returncode == 0, r.stderr


def test_headless_commands_do_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['enhetsdialog', 'list', '--db', sys.argv[1]]\n"
        "from enhetsdialog.cli import main\n"
        "main(sys.argv[1:])\n"
        "import enhetsdialog.services\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
        "print('no-qt')\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "q.sqlite3")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "no-qt" in r.stdout


def test_python_dash_m_and_version() -> None:
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("enhetsdialog ")
