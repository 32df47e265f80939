"""Translation work lists as JSON, for translators who do not edit .po files directly.

    python scripts/i18n_worklist.py export LANG PARTS PREFIX   # untranslated/fuzzy messages → PREFIX-1.json …
    python scripts/i18n_worklist.py apply LANG FILE.json …      # {key: msgstr | [singular, plural]} → the .po

A work item is {"key", "msgid", "context", "where", "comments"}; the key is the msgid (its singular
for plurals), prefixed by "context\\x04" when there is a context. ``apply`` refuses a translation
whose placeholders differ from the msgid's and prints what it filled. Run ``scripts/i18n.py check``
afterwards. The glossary the translators follow: docs/glossary.md.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "enhetsdialog" / "resources" / "locale"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]")


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "enhetsdialog.po"


def _key(m) -> str:  # type: ignore[no-untyped-def]
    key = m.id if isinstance(m.id, str) else m.id[0]
    return f"{m.context}\x04{key}" if m.context else key


def export(lang: str, parts: int, prefix: str) -> None:
    with _po(lang).open("rb") as fh:
        po = read_po(fh)
    items = []
    for m in po:
        if not m.id:
            continue
        have = m.string if isinstance(m.string, str) else (m.string[0] if m.string else "")
        if have and not m.fuzzy:
            continue
        items.append({"key": _key(m), "msgid": m.id if isinstance(m.id, str) else list(m.id), "context": m.context,
                      "where": [f"{p}:{n}" for p, n in m.locations][:3], "comments": list(m.auto_comments)})
    size = max(1, -(-len(items) // parts))
    for i in range(parts):
        out = Path(f"{prefix}-{i + 1}.json")
        out.write_text(json.dumps(items[i * size:(i + 1) * size], ensure_ascii=False, indent=1), encoding="utf-8")
        print(out, len(items[i * size:(i + 1) * size]))


def apply(lang: str, files: list[str]) -> None:
    done: dict[str, object] = {}
    for f in files:
        done.update(json.loads(Path(f).read_text(encoding="utf-8")))
    with _po(lang).open("rb") as fh:
        po = read_po(fh)
    filled = refused = 0
    for m in po:
        if not m.id or _key(m) not in done:
            continue
        t = done[_key(m)]
        src = m.id if isinstance(m.id, str) else m.id[0]
        first = t if isinstance(t, str) else t[0]  # type: ignore[index]
        if isinstance(m.id, str) and sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(str(first))):
            print("placeholders differ:", repr(src), "->", repr(first))
            refused += 1
            continue
        if isinstance(m.id, str):
            m.string = t if isinstance(t, str) else t[0]  # type: ignore[index]
        else:
            m.string = tuple(t) if isinstance(t, list) else (t, t)
        m.flags.discard("fuzzy")
        filled += 1
    with _po(lang).open("wb") as fh:
        write_po(fh, po, width=100)
    print(f"{lang}: {filled} filled, {refused} refused")


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "export":
        export(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) >= 4 and sys.argv[1] == "apply":
        apply(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
