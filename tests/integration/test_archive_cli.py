"""``enhetsdialog archive-settings`` and ``archive`` on the command line: one line per bad input, the
settings stored per municipality and carried into the messages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import dump, run_cli


def test_archive_settings_show_set_reset(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    none = run_cli("archive-settings", "show", "--db", db)
    assert none.returncode == 1 and "finnes ikke" in none.stderr and len(none.stderr.strip().splitlines()) == 1
    assert run_cli("demo", "--db", db).returncode == 0
    shown = json.loads(run_cli("archive-settings", "show", "--json", "--db", db).stdout)
    assert shown["default"] is True and shown["arkivdel"] == "ENHETSAVTALER"
    before = dump(Path(db))
    for bad, message in (
        (["set"], "minst én innstilling"),
        (["set", "--arkivdel", "   "], "kan ikke være tom"),
        (["set", "--klasse", "x" * 300], "høyst 200 tegn"),
        (["show", "--kommune", "Ingensteds"], "Fant ikke kommunen"),
    ):
        r = run_cli("archive-settings", *bad, "--db", db)
        assert r.returncode == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert dump(Path(db)) == before
    r = run_cli("archive-settings", "set", "--arkivdel", "SAK", "--klasse", "026", "--kommune", "Fjordby kommune", "--db", db)
    assert r.returncode == 0 and "Arkivdel (kode): SAK" in r.stdout, r.stderr
    out = tmp_path / "arkiv"
    done = run_cli("archive", "--year", "2026", "-o", str(out), "--db", db)
    assert done.returncode == 0, done.stderr
    assert "standardverdiene" not in done.stdout
    assert all("<n5mdk:kode>SAK</n5mdk:kode>" in p.read_text("utf-8") for p in out.glob("*/arkivmelding.xml"))
    r = run_cli("archive-settings", "reset", "--db", db)
    assert r.returncode == 0 and "standardverdiene" in r.stdout


def test_archive_refusals_exit_1_and_say_why(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run_cli("demo", "--db", db).returncode == 0
    empty = run_cli("archive", "--year", "2031", "-o", str(tmp_path / "x"), "--db", db)
    assert empty.returncode == 1 and "Ingen signerte avtaler for 2031" in empty.stderr
    # a trust anchor none of the demo's self-made certificates chains to: nothing is archived
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from enhetsdialog.pdf.certificates import create_personal_certificate

    cert = pkcs12.load_key_and_certificates(create_personal_certificate("Fremmed CA", None, b"x"), b"x")[1]
    assert cert is not None
    ca = tmp_path / "ca.pem"
    ca.write_bytes(cert.public_bytes(Encoding.PEM))
    r = run_cli("archive", "--year", "2026", "-o", str(tmp_path / "arkiv"), "--trust", str(ca), "--db", db)
    assert r.returncode == 1
    assert "✗ Lade skole" in r.stdout and "Ikke arkivert: Lade skole" in r.stderr and "betrodd utsteder" in r.stderr
