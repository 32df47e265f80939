"""The first start on a fresh Debian/Ubuntu desktop: either the real window opens on a real X server
(Xvfb with Qt's xcb platform, not offscreen, which hides missing system libraries), or the app says in
one Norwegian line which packages to install, exits non-zero and writes it to crash.log."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ROOT, run_cli

REQUIRE_X = os.environ.get("ENHETSDIALOG_REQUIRE_X") == "1"  # CI: never skip, fail instead


def _qt_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def test_the_missing_packages_are_named_for_apt(monkeypatch: pytest.MonkeyPatch) -> None:
    from enhetsdialog.ui import platform_check

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    gone = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}

    def loader(name: str) -> None:
        if name in gone:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")

    missing = platform_check.missing_for_window(loader, plugin=Path("/nowhere/libqxcb.so"))
    assert missing and missing.packages == ("libxcb-cursor0", "libxcb-icccm4")
    line = platform_check.message(missing)
    assert "\n" not in line and "sudo apt install libxcb-cursor0 libxcb-icccm4" in line
    # a library the table does not know is named as the dynamic loader names it
    plugin_error = "libxcb-foo.so.9: cannot open shared object file: No such file or directory"

    def plugin_loader(name: str) -> None:
        if name.endswith("libqxcb.so"):
            raise OSError(plugin_error)

    missing = platform_check.missing_for_window(plugin_loader, plugin=Path("/q/libqxcb.so"))
    assert missing.libraries == ("libxcb-foo.so.9",) and "libxcb-foo.so.9" in platform_check.message(missing)
    # other platforms are not checked; no display is said as such
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not platform_check.missing_for_window(lambda n: (_ for _ in ()).throw(OSError(n)))
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY")
    assert platform_check.missing_for_window(lambda n: None, plugin=None).no_display


@pytest.fixture
def broken_plugin(tmp_path: Path) -> Path:
    """A copy of Qt's xcb plugin whose Qt library asks for an X library that exists nowhere, as the
    plugin does on a fresh Debian that lacks libxcb-icccm4."""
    qt = _qt_dir()
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    qpa = qt / "lib" / "libQt6XcbQpa.so.6"
    if not plugin.is_file() or not qpa.is_file():
        pytest.skip("this PySide6 has no xcb plugin (not Linux)")
    root = tmp_path / "Qt"
    (root / "plugins" / "platforms").mkdir(parents=True)
    (root / "lib").mkdir()
    shutil.copyfile(plugin, root / "plugins" / "platforms" / "libqxcb.so")
    for lib in (qt / "lib").iterdir():
        if lib.name != qpa.name:
            (root / "lib" / lib.name).symlink_to(lib)
    data = qpa.read_bytes()
    assert data.count(b"libxcb-util.so.1\x00") == 1
    (root / "lib" / qpa.name).write_bytes(data.replace(b"libxcb-util.so.1\x00", b"libxcb-utiX.so.1\x00"))
    return root / "plugins" / "platforms"


def test_a_missing_system_library_is_one_norwegian_line_not_a_qt_abort(broken_plugin: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = tmp_path / "db.sqlite3"
    r = run_cli(
        "--db",
        str(db),
        env={
            "QT_QPA_PLATFORM": "xcb",
            "QT_QPA_PLATFORM_PLUGIN_PATH": str(broken_plugin),
            "DISPLAY": ":99",
            "ENHETSDIALOG_DATA_DIR": str(data),
        },
        timeout=60,
    )
    assert r.returncode == 1, (r.returncode, r.stderr)  # not Qt's abort (-6)
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("enhetsdialog: Vinduet kan ikke åpnes"), r.stderr
    assert "mangler" in lines[0] and ("libxcb-utiX.so.1" in lines[0] or "sudo apt install" in lines[0])
    assert "Could not load" not in r.stderr and "xcb-cursor0 or libxcb-cursor0" not in r.stderr
    assert "Vinduet kan ikke åpnes" in (data / "crash.log").read_text(encoding="utf-8")
    assert not db.exists()  # nothing was opened or created


@pytest.fixture
def x_server(tmp_path: Path) -> Iterator[str]:
    """A real X server (Xvfb) on a free display; its display name."""
    if shutil.which("Xvfb") is None:
        if REQUIRE_X:
            pytest.fail("Xvfb is not installed (sh scripts/install-system-libs.sh --test installs it)")
        pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-br", "-noreset"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_platform_check_runs_on_its_own_before_the_package_is_installed(tmp_path: Path) -> None:
    """scripts/install-system-libs.sh runs ui/platform_check.py with the system's python3, before
    anything is installed: it must import nothing of ours at the top (-S: no site-packages, so no
    installed enhetsdialog either)."""
    r = subprocess.run(
        [sys.executable, "-S", str(ROOT / "src" / "enhetsdialog" / "ui" / "platform_check.py")],
        capture_output=True, text=True, cwd=tmp_path, env={"PATH": os.environ.get("PATH", "")},
    )
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


def test_the_real_window_opens_and_is_painted_on_a_real_x_server(x_server: str, tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_server, "ENHETSDIALOG_DATA_DIR": str(tmp_path / "data")}
    probe = "from enhetsdialog.ui.platform_check import missing_for_window as m; print(*m().libraries)"
    missing = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT
    ).stdout.strip()
    if missing and not REQUIRE_X:
        pytest.skip(f"Qt's xcb libraries are missing here ({missing}): sh scripts/install-system-libs.sh")
    r = run_cli("--smoke-test", env=env, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "platform xcb" in r.stdout and "window painted on the X server" in r.stdout, r.stdout
