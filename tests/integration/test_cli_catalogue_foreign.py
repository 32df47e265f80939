"""A catalogue from another municipality is refused by `import-plans` with one line and nothing
imported, unless --annen-kommune says it is meant."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .helpers import dump

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "plankatalog-eksempel.json"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "enhetsdialog", *args], capture_output=True, text=True, timeout=120)


def test_another_municipalitys_catalogue_needs_the_flag(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert _run("--db", str(db), "import-plans", str(EXAMPLE)).returncode == 0
    other = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    other["municipality"] = "Annenby kommune"
    for plan in other.get("plans", []):
        plan["id"] = plan["id"][:-4] + "beef"
    path = tmp_path / "annenby.json"
    path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    before = dump(db)
    r = _run("--db", str(db), "import-plans", str(path))
    assert r.returncode == 1 and "--annen-kommune" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert dump(db) == before
    assert _run("--db", str(db), "import-plans", "--annen-kommune", str(path)).returncode == 0
