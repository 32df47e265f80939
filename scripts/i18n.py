"""Message catalogues: extract, update, compile and check (Babel).

    python scripts/i18n.py extract   # src/ → resources/locale/enhetsdialog.pot
    python scripts/i18n.py update    # the .pot merged into nb/nn/en .po (new ids empty, changed ones fuzzy)
    python scripts/i18n.py compile   # .po → .mo beside them (the build does this too)
    python scripts/i18n.py check     # exit 1 when nn or en lack a translation, are fuzzy or obsolete,
                                     # or when a .po is out of step with the source

``nb`` is the source language: its catalogue is filled with the message ids themselves, so that
tools that expect a complete catalogue for every language find one.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "enhetsdialog"
LOCALE = SRC / "resources" / "locale"
POT = LOCALE / "enhetsdialog.pot"
DOMAIN = "enhetsdialog"
LANGUAGES = ("nb", "nn", "en")
TRANSLATED = ("nn", "en")

# The functions of enhetsdialog.i18n, as Babel keyword specs.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "lazy": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
# tests, benchmarks and scripts are not shown to users; the migrations never translate
EXCLUDE_DIRS = ("storage/migrations",)


def _filter(dirname: str) -> bool:
    rel = Path(dirname).resolve().relative_to(SRC.resolve()).as_posix() if dirname != str(SRC) else ""
    return not any(rel.startswith(x) for x in EXCLUDE_DIRS) and "__pycache__" not in rel


def extract_catalog() -> Catalog:
    catalog = Catalog(project="Enhetsdialog", domain=DOMAIN, locale=None, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        SRC,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
        directory_filter=_filter,
    ):
        catalog.add(
            message,
            None,
            [(f"src/enhetsdialog/{filename}", lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-brace-format",) if _has_braces(message) else (),
        )
    return catalog


def _has_braces(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("{" in t for t in texts)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=False, omit_header=False, ignore_obsolete=False)
    data = buf.getvalue()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def cmd_extract() -> int:
    catalog = extract_catalog()
    catalog.creation_date = datetime(2026, 1, 1, tzinfo=UTC)  # stable file: no churn per run
    write(POT, catalog)
    print(f"{len(catalog)} meldinger i {POT.relative_to(ROOT)}")
    return 0


def cmd_update() -> int:
    cmd_extract()
    for lang in LANGUAGES:
        template = read(POT)  # fresh per language: update() may share message objects with it
        path = po_path(lang)
        if path.exists():
            catalog = read(path, lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="Enhetsdialog", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=False, update_creation_date=False)
        catalog.obsolete.clear()
        if lang == "nb":
            for message in catalog:
                if not message.id:
                    continue
                message.string = message.id
                message.flags.discard("fuzzy")
        catalog.revision_date = datetime(2026, 1, 1, tzinfo=UTC)
        catalog.creation_date = datetime(2026, 1, 1, tzinfo=UTC)
        write(path, catalog)
        missing = [m for m in catalog if m.id and not _complete(m)]
        print(f"{lang}: {len(catalog) - 1} meldinger, {len(missing)} uten (godkjent) oversettelse")
    return 0


def _complete(message: object) -> bool:
    string = getattr(message, "string", None)
    if getattr(message, "fuzzy", False):
        return False
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def compile_all(target: Path | None = None) -> list[Path]:
    """Compile every .po to .mo (beside it, or under ``target`` with the same layout)."""
    written = []
    for lang in LANGUAGES:
        po = po_path(lang)
        if not po.exists():
            continue
        catalog = read(po, lang)
        mo = (target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo") if target else po.with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def cmd_compile() -> int:
    for mo in compile_all():
        print(mo.relative_to(ROOT))
    return 0


def problems() -> list[str]:
    """Everything that makes the catalogues incomplete or out of step with the source."""
    out: list[str] = []
    source = extract_catalog()
    ids = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in source if m.id}
    for lang in LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            out.append(f"{lang}: {path.relative_to(ROOT)} mangler")
            continue
        catalog = read(path, lang)
        have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
        for key in sorted(ids - have, key=str):
            out.append(f"{lang}: mangler i katalogen (kjør scripts/i18n.py update): {key[0]!r}")
        for key in sorted(have - ids, key=str):
            out.append(f"{lang}: finnes ikke lenger i kildekoden: {key[0]!r}")
        if catalog.obsolete:
            out.append(f"{lang}: {len(catalog.obsolete)} foreldede meldinger")
        if lang in TRANSLATED:
            for m in catalog:
                if m.id and not _complete(m):
                    first = m.id if isinstance(m.id, str) else m.id[0]
                    out.append(f"{lang}: {'uklar (fuzzy)' if m.fuzzy else 'ikke oversatt'}: {first!r}")
            for m in catalog:
                if m.id:
                    out.extend(f"{lang}: {e}" for e in _placeholder_errors(m))
    return out


def _placeholder_errors(message: Any) -> list[str]:
    import string

    def names(text: str) -> set[str]:
        try:
            return {f for _, f, _, _ in string.Formatter().parse(text) if f}
        except ValueError:
            return {"<ugyldig>"}

    mid = message.id
    mstr = message.string
    ids = mid if isinstance(mid, tuple) else (mid,)
    strs = mstr if isinstance(mstr, tuple | list) else (mstr,)
    wanted = set().union(*(names(t) for t in ids))
    errors = []
    for s in strs:
        if s and not names(s) <= wanted | {"n"}:
            errors.append(f"ukjent plassholder i oversettelsen av {ids[0]!r}: {sorted(names(s) - wanted)}")
    return errors


def cmd_check() -> int:
    found = problems()
    for line in found[:200]:
        print(line)
    if len(found) > 200:
        print(f"… og {len(found) - 200} til")
    print("Katalogene er komplette." if not found else f"{len(found)} problemer.")
    return 1 if found else 0


def main(argv: list[str]) -> int:
    commands = {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile, "check": cmd_check}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
