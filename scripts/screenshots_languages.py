"""Screenshots of the window in each interface language, from the demo municipality, to check that
nothing is cut off or left in bokmål in nynorsk and English (longer words, longer sentences).

    .venv/bin/python scripts/screenshots_languages.py                 # offscreen, 1366x768, nb nn en
    .venv/bin/python scripts/screenshots_languages.py --lang nn --out /tmp/shots
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_languages.py --platform xcb

Writes docs/screenshots/<lang>/<name>.png. Each language runs in its own process (the window is
built in the language current when it is made, as at a real start). Everything happens in a
temporary data folder; nothing touches a real user's data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
LANGUAGES = ("nb", "nn", "en")
SHOTS = ("01-start", "02-hvor-vil-vi", "03-hvordan-vet-vi-om-vi-lykkes", "04-oppfolging", "05-sammenlign")


def small(path: Path) -> None:
    """256 colours (a screenshot of a window has few): a third of the bytes, the same to the eye."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as img:
        img.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def one_language(lang: str, out: Path, width: int, height: int) -> list[Path]:
    tmp = tempfile.TemporaryDirectory(prefix="enhetsdialog-shots-")
    os.environ["ENHETSDIALOG_DATA_DIR"] = tmp.name
    sys.path.insert(0, str(ROOT / "src"))

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    from enhetsdialog import i18n
    from enhetsdialog.services import open_services
    from enhetsdialog.services.certificates import demo_sign_both
    from enhetsdialog.services.demo import fill_demo

    from enhetsdialog.ui.app import create_main_window, make_application
    from enhetsdialog.ui.qt_translations import install

    app = make_application()
    services = open_services(Path(tmp.name) / "enhetsdialog.sqlite3", auto_backup=False)
    demo = fill_demo(services, sign_both=demo_sign_both)
    i18n.set_language(lang)
    install(app, lang)
    ctx, window = create_main_window(services)
    window.resize(width, height)
    window.show()
    folder = out / lang
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(name: str, widget: QWidget | None = None) -> None:
        for _ in range(3):
            ctx.wait_idle(5000)
            QCoreApplication.processEvents()
        path = folder / f"{name}.png"
        (widget or window).grab().save(str(path))
        small(path)
        written.append(path)

    window.new_agreement("")
    shot(SHOTS[0])
    window.open_revision(demo.agreements["byasen:2027"])
    window.editor.go_to(0)
    shot(SHOTS[1])
    window.editor.go_to(3)
    shot(SHOTS[2])
    window.open_followup(demo.agreements["byasen:2026"])
    shot(SHOTS[3])
    window.director.open_compare(demo.agreements["lade:2027"])
    shot(SHOTS[4])
    window.close()
    ctx.shutdown()
    services.close()
    tmp.cleanup()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--platform", default="offscreen", help="Qt platform (offscreen, or xcb under Xvfb)")
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="one language (default: all three)")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args()
    langs = args.lang or list(LANGUAGES)
    os.environ["QT_QPA_PLATFORM"] = args.platform
    if len(langs) > 1:  # one process per language: each window starts in its own, as at a real start
        for lang in langs:
            cmd = [sys.executable, __file__, "--lang", lang, "--out", str(args.out), "--platform", args.platform,
                   "--width", str(args.width), "--height", str(args.height)]
            if subprocess.run(cmd, check=False).returncode:
                return 1
        return 0
    for path in one_language(langs[0], args.out, args.width, args.height):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
