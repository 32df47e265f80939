"""The CSV import of measurements (all or nothing, every row checked first) and the follow-up CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from enhetsdialog.cli import main
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import using
from enhetsdialog.services import Services

from .helpers import dump
from .test_followup_services import _agreement


def test_csv_import_all_or_nothing(services: Services) -> None:
    rid, ids = _agreement(services)
    f = services.followup
    good = "\ufeffIndikator;Periode;Verdi;Kommentar;Kilde;Dato\nSykefravær;2026-T1;9,1;første;HR;15.05.2026\n\ntrivsel;2026;4,2;;;\n"
    preview = f.preview_measurements_csv(good.encode(), rid)
    assert [(r.row, str(r.period), str(r.value)) for r in preview.rows] == [(2, "2026-T1", "9.1"), (4, "2026", "4.2")]
    assert f.import_measurements_csv(good.encode(), rid).details == {"rows": 2, "replaced": 0}
    english = f"indicator,period,value,agreement\n{ids['tertial'][:8]},2026-t2,\"8,7\",{rid[:8]}\n"
    assert f.import_measurements_csv(english.encode()).details == {"rows": 1, "replaced": 0}
    assert f.preview_measurements_csv(good.encode(), rid).replaced == 2
    before = dump(services.db.path)
    bad_files = {
        "Indikator;Periode;Verdi\nSykefravær;2026-T3;8\nTrivsel;2026-T1;4\n": "Rad 3",  # a tertial for a yearly one
        "Indikator;Periode;Verdi\nSykefravær;2026-T3;åtte\n": "Rad 2",
        "Indikator;Periode;Verdi\nFinnes ikke;2026;8\n": "Rad 2",
        "Indikator;Periode;Verdi\nSykefravær;2026-T3;8\nSykefravær;2026-t3;7\n": "rad 2",
        "Indikator;Periode;Verdi\nSykefravær;2026-T3;\n": "Rad 2",
        "Indikator;Periode\nSykefravær;2026-T3\n": "Rad 1",
        "Indikator;Periode;Verdi;Farge\nSykefravær;2026-T3;8;rød\n": "Rad 1",
        "Indikator,Periode,Verdi\nSykefravær,2026-T3,8,5\n": "Rad 2",  # a decimal comma not quoted
        "Indikator;Periode;Verdi;Dato\nSykefravær;2026-T3;8;31.02.2026\n": "Rad 2",
        "Indikator;Periode;Verdi\n" + "Sykefravær;2026-T3;8;" + "x" * 20_000 + "\n": "Rad 2",
        "": "tom",
        "Indikator;Periode;Verdi\n": "ingen rader",
    }
    for text, where in bad_files.items():
        with using("nb"), pytest.raises(ValidationError) as exc:
            f.import_measurements_csv(text.encode(), rid)
        assert where in exc.value.message and "Ingenting er importert" in exc.value.message
        assert "\n" not in exc.value.message
    for data in (b"\x89PNG\r\n\x1a\n\x00\x00", "Indikator;Periode;Verdi\nSykefravær;2026-T3;8\n".encode("utf-16"),
                 b"Indikator;Periode;Verdi\nSyke\xe6;2026-T3;8\n", b"x" * (21 * 1024 * 1024)):
        with pytest.raises(ValidationError):
            f.import_measurements_csv(data, rid)
    with pytest.raises(ValidationError, match="avtale"):
        f.import_measurements_csv(b"Indikator;Periode;Verdi\nTrivsel;2026;4\n")
    assert dump(services.db.path) == before


def test_cli_records_and_shows_follow_up(services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid, ids = _agreement(services)
    services.close()
    db = ["--db", str(db_path)]
    assert main(["measure", rid[:8], "--indicator", "syke", "--period", "2026-T1", "--value", "9,1", *db,
                 "--comment", "første", "--source", "HR", "--date", "15.05.2026"]) == 0
    assert main(["progress", rid[:8], "--activity", "nærvær", "--status", "i-gang", "--comment", "godt i gang", *db]) == 0
    assert main(["assess", rid[:8], "--goal", "mindre", "--result", "delvis", "--reflection", "nesten", *db]) == 0
    assert main(["learned", rid[:8], "--worked", "samtalene", *db]) == 0
    assert main(["learned", rid[:8], "--courage", "vi prøvde", *db]) == 0
    csv = db_path.parent / "m.csv"
    csv.write_text("indikator;periode;verdi\nSykefravær;2026-T2;8,4\nTrivsel;2026;4,6\n", encoding="utf-8")
    assert main(["import-measurements", str(csv), "--agreement", rid[:8], *db]) == 0
    capsys.readouterr()
    assert main(["followup", rid[:8], *db]) == 0
    out = capsys.readouterr().out
    for expected in ("Mindre fravær", "9,4 → 9,1 (2026-T1) · 8,4 (2026-T2) → 7,5", "På vei", "3. tertial 2026",
                     "I gang – godt i gang", "Delvis nådd – nesten", "samtalene", "vi prøvde", "Nådd"):
        assert expected in out, expected
    # every error: one Norwegian line on stderr, nothing changed
    before = dump(db_path)
    for args, code in (
        (["measure", rid[:8], "--indicator", "trivsel", "--period", "2026-T1", "--value", "4"], 1),
        (["measure", rid[:8], "--indicator", "finnes ikke", "--period", "2026", "--value", "4"], 1),
        (["measure", rid[:8], "--indicator", "trivsel", "--period", "2026", "--value", "fire"], 1),
        (["assess", rid[:8], "--goal", "mindre", "--result", "kanskje"], 2),
        (["progress", rid[:8], "--activity", "nærvær", "--status", "ferdig"], 2),
        (["learned", rid[:8]], 1),
        (["import-measurements", str(db_path.parent / "finnes-ikke.csv"), "--agreement", rid[:8]], 1),
        (["followup", "zzzzzzzz"], 1),
    ):
        with using("nb"):
            try:
                result = main([*args, *db])
            except SystemExit as e:
                result = int(e.code or 0)
        err = capsys.readouterr().err
        assert result == code, args
        assert err.count("\n") == 1 and err.strip(), (args, err)
    assert dump(db_path) == before
