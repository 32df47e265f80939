"""Find user-visible Norwegian text in src/ that does not go through gettext (an AST scan).

    python scripts/i18n_literals.py            # one line per finding, exit 1 when there are any

Three kinds of finding:

``literal``
    A string constant that reads as Norwegian prose (a Norwegian letter, or a common Norwegian word,
    in a text with a space or a capital) outside ``_()``/``N_()``/``ngettext``/``pgettext``...; or any
    text passed straight to a place users see it (Qt's ``setText``/``setToolTip``..., argparse's
    ``help=``/``description=``, ``print``, an error's constructor, and any parameter of ours
    annotated ``Text``/``LazyText``, such as the field label ``check_text`` puts in its message).
``call``
    An f-string, a ``+``/``%`` expression or a variable as the message id of a gettext call
    (extraction cannot see it, so it is never translated).
``import-time``
    ``_()``/``ngettext``/``pgettext`` evaluated when the module is imported (module level, class body,
    default values, decorators): the language is not known yet and cannot change later. Use ``N_``.
``plural``
    ``_("1 x") if n == 1 else _("{n} y")``: a plural made by hand (use ``ngettext``).

Not findings: docstrings, log lines (``log.info(...)``), identifier-like machine values
(``"pågår"``, ``"delvis_nådd"``), the contents of :data:`SKIP_FILES` and :data:`ALLOW` (each with
the reason). tests/unit/test_i18n_literals.py runs this over src/ and fails on any finding.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "enhetsdialog"

# Calls whose first argument(s) are message ids (enhetsdialog.i18n).
GETTEXT = {"_", "gettext", "N_", "lazy", "ngettext", "lazy_ngettext", "pgettext", "lazy_pgettext", "npgettext"}
# How many leading positional arguments are message ids / contexts (all must be literals).
LITERAL_ARGS = {
    "_": 1, "gettext": 1, "N_": 1, "lazy": 1,
    "ngettext": 2, "lazy_ngettext": 2, "pgettext": 2, "lazy_pgettext": 2, "npgettext": 3,
}
# The lazy ones may run at import time; the rest translate now and must not.
EAGER = {"_", "gettext", "ngettext", "pgettext", "npgettext"}

# Files (relative to src/enhetsdialog) not scanned, with why.
SKIP_FILES: dict[str, str] = {
    "i18n.py": "the translation module itself",
    "storage/migrations": "migrations never translate (their text is fixed history)",
    "services/demo_data.py": "the demo's sample content (data, not interface text; the demo is bokmål)",
    "domain/sdg.py": "the SDG names and the data they are looked up by (translated where shown)",
}

# (file, exact text) pairs that look Norwegian but are not interface text.
ALLOW: dict[tuple[str, str], str] = {
    # the demo's sample content is data, written in bokmål like demo_data.py
    ("services/demo.py", "Direktør"): "a demo person's role (stored data)",
    ("services/demo.py", "Årsresultat"): "a demo measurement's note",
    ("services/demo.py", "Vi kom et godt stykke på vei; tiltakene videreføres neste år."): "a demo assessment",
    ("services/demo.py", "Faste nærværssamtaler og elevrådets miljøvandringer."): "demo «Hva lærte vi?»",
    ("services/demo.py", "Kurs uten oppfølging i teamene."): "demo «Hva lærte vi?»",
    ("services/demo.py", "Vi lot elevene lede to personalmøter."): "demo «Hva lærte vi?»",
    ("services/demo.py", "Status ved årsslutt."): "a demo progress note",
    ("services/values.py", "Trondheim kommune"): "the municipality the default values come from (a name)",
    # Noark 5 code lists: the archive standard's own Norwegian names, written into the arkivmelding
    **{("exchange/noark_codes.py", t): "a Noark 5 code's standard name" for t in (
        "Organinternt dokument uten oppfølging", "Ferdigstilt fra saksbehandler", "Ferdig fra saksbehandler",
        "Dokumentet er ferdigstilt", "Elektronisk arkiv", "Sendt med PKI/virksomhetssertifikat",
        "Sendt med PKI/'person standard'-sertifikat", "Sendt med PKI/'person høy'-sertifikat",
        "Signatur påført, ikke verifisert", "Signatur påført og verifisert",
    )},
    ("exchange/arkiv_settings.py", "Enhetsavtaler mellom enhet og tjenesteområde"):
        "the default archive series title, a stored setting the archivist may change",
    **{("exchange/archive.py", t): "letters folded for file names" for t in ("Æ", "Ø", "Å")},
}


def _sql(text: str) -> bool:
    """SQL (the triggers' conditions name stored status values such as 'signert')."""
    return bool(re.match(r"^\s*(NEW|OLD|SELECT|INSERT|UPDATE|DELETE|CREATE|WHEN|PRAGMA)\b", text))

NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ«»]")
NORWEGIAN_WORDS = re.compile(
    r"\b(ikke|ikkje|og|er|til|som|med|eller|kan|skal|har|fra|ved|uten|ingen|finnes|fant|denne|dette|"
    r"det|den|du|deg|din|ditt|dine|vi|hva|hvor|hvordan|enhet|enheten|avtale|avtalen|avtaler|tiltak|"
    r"merknad|merknader|signert|lagre|avbryt|velg|skriv|fil|filen|mappe|mappen|ny|nytt|nye|ut|inn|om|"
    r"et|ei|en|ble|blir|være|alle|noen|mangler|feil|kunne|allerede|trenger|bruk|bruker|navn|tittel|"
    r"leder|direktør|kommune|kommunen|revisjon|indikator|utkast|sertifikat|arkiv|katalog|kommandoen|"
    r"ukjent|gyldig|gyldige|ugyldig|inneholder|bare|klarte|prøv|velg|lagret|signatur|passord|pakke|"
    r"pakken|planen|også|etter|før|tjenesten|kortet|leseren|hentet|sendt|endret|fjernet|lagt)\b",
    re.IGNORECASE,
)
IDENTIFIER = re.compile(r"^([a-zæøå0-9_.:/\-]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+)$")  # machine values, ENV_NAMES
LETTER = re.compile(r"[A-Za-zÆØÅæøå]")

# Methods/constructors whose string arguments a user sees.
QT_SINKS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip", "setWhatsThis",
    "addAction", "addMenu", "setTitle", "setAccessibleName", "setAccessibleDescription", "showMessage",
    "information", "warning", "critical", "question", "setHeaderLabels", "setHorizontalHeaderLabels",
    "addTab", "setTabText", "setLabelText", "setInformativeText", "setDetailedText", "addItem",
    "addItems", "setSpecialValueText", "setSuffix", "setPrefix", "setButtonText", "addButton",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton",
    "QMenu", "setHtml", "setMarkdown", "setPlainText", "getText", "getItem", "getOpenFileName",
    "getSaveFileName", "getExistingDirectory", "setDescription", "setNameFilter", "setNameFilters",
}
ARGPARSE_KW = {"help", "description", "epilog", "title", "usage", "metavar"}
# Annotations that mark a parameter as text a user reads (a label put into a message): a str
# literal passed there is shown untranslated. scan() collects such parameters from src/ first.
TEXT_ANNOTATIONS = {"Text", "LazyText"}


@dataclass(frozen=True, slots=True)
class TextParams:
    positions: frozenset[int]  # positional indexes (self/cls not counted)
    keywords: frozenset[str]


def text_parameters(tree: ast.AST) -> dict[str, TextParams]:
    """Functions of a module whose parameters are annotated ``Text``/``LazyText`` (or ``… | None``)."""

    def is_text(ann: ast.expr | None) -> bool:
        if ann is None:
            return False
        names = {n.id for n in ast.walk(ann) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(ann) if isinstance(n, ast.Attribute)}
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):  # a string annotation
            names |= set(re.findall(r"\w+", ann.value))
        return bool(names & TEXT_ANNOTATIONS)

    out: dict[str, TextParams] = {}
    names: dict[int, str] = {}  # a class's __init__ is called by the class's name
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef):
            for item in cls.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    names[id(item)] = cls.name
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = names.get(id(node), node.name)
            if name.startswith("__"):
                continue
            args = [*node.args.posonlyargs, *node.args.args]
            if args and args[0].arg in ("self", "cls"):
                args = args[1:]
            positions = frozenset(i for i, a in enumerate(args) if is_text(a.annotation))
            keywords = frozenset(a.arg for a in [*args, *node.args.kwonlyargs] if is_text(a.annotation))
            if keywords:
                out[name] = TextParams(positions, keywords)
    return out
LOGGERS = {"log", "logger", "_log", "_logger", "logging", "LOG", "warnings"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log", "warn"}


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.text}"


def skipped(rel: str) -> bool:
    return any(rel == k or rel.startswith(k.rstrip("/") + "/") for k in SKIP_FILES)


def reads_norwegian(text: str) -> bool:
    if not LETTER.search(text) or IDENTIFIER.match(text):
        return False
    if NORWEGIAN_LETTERS.search(text):
        return True
    words = NORWEGIAN_WORDS.findall(text)
    return len(words) >= 2 or (len(words) == 1 and " " in text.strip())


def _words(text: str) -> bool:
    """Words a reader sees, once markup and placeholders are taken out."""
    bare = re.sub(r"<[^>]*(>|$)|^[^<>]*>|&\w+;|\{[^}]*\}|%\(?\w*\)?[sd]", " ", text)
    return bool(re.search(r"[A-Za-zÆØÅæøå]{2,}", bare))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_log_call(call: ast.Call) -> bool:
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr in LOG_METHODS:
        base = f.value
        if isinstance(base, ast.Name) and base.id in LOGGERS:
            return True
        if isinstance(base, ast.Attribute) and base.attr in LOGGERS:
            return True
        if isinstance(base, ast.Call) and _name(base.func) == "getLogger":
            return True
    return False


def _is_gettext(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT


def _bare_fstring(node: ast.AST) -> bool:
    """An f-string in ``node`` that is not inside a further call (Babel warns about those)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call):  # ``f"...".strip()`` counts, ``join(f"..." for ...)`` does not
        return _bare_fstring(node.func)
    if isinstance(node, ast.Lambda):
        return False
    return any(_bare_fstring(child) for child in ast.iter_child_nodes(node))


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _strings(node: ast.AST) -> Iterator[ast.Constant]:
    """The string constants in ``node`` (f-string pieces included)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield sub


class _Scanner(ast.NodeVisitor):
    def __init__(self, rel: str, text_params: dict[str, TextParams] | None = None) -> None:
        self.rel = rel
        self.text_params = text_params or {}
        self.findings: list[Finding] = []
        self.depth = 0  # > 0 inside a function body (runs later, not at import)
        self.quiet: set[int] = set()  # constants already accounted for
        self.reported: set[int] = set()

    def add(self, node: ast.AST, kind: str, text: str) -> None:
        self.findings.append(Finding(self.rel, getattr(node, "lineno", 0), kind, text))

    # -- scopes ---------------------------------------------------------------------------------------

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        # decorators and defaults run at definition time, the body later
        if not isinstance(node, ast.Lambda):
            for d in node.decorator_list:
                self.visit(d)
            if node.returns:
                self.visit(node.returns)
        for d in [*node.args.defaults, *(x for x in node.args.kw_defaults if x is not None)]:
            self.visit(d)
        self.depth += 1
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        for stmt in body:
            self.visit(stmt)
        self.depth -= 1

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    # -- hand-made plurals -----------------------------------------------------------------------------

    def visit_IfExp(self, node: ast.IfExp) -> None:
        """``_("1 merknad") if n == 1 else _("{n} merknader", n=n)``: the plural rule is the language's,
        so it is ``ngettext("{n} merknad", "{n} merknader", n)``."""
        test = node.test
        if (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq | ast.NotEq)
            and any(isinstance(c, ast.Constant) and c.value == 1 for c in [test.left, *test.comparators])
            and all(_is_gettext(x) for x in (node.body, node.orelse))
        ):
            self.add(node, "plural", "a plural made by hand: use ngettext")
        self.generic_visit(node)

    # -- calls ----------------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if isinstance(node.func, ast.Name) and name in GETTEXT:
            self._gettext(node, name)
        elif _is_log_call(node):
            self.quiet.update(id(c) for c in _strings(node))
        else:
            self._sink(node, name)
        self.generic_visit(node)

    def _gettext(self, node: ast.Call, name: str) -> None:
        if name in EAGER and self.depth == 0:
            self.add(node, "import-time", f"{name}() runs at import time: use N_ (or lazy_ngettext)")
        want = LITERAL_ARGS[name]
        args = node.args[:want]
        if len(args) < want:
            self.add(node, "call", f"{name}() without its message id(s)")
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.quiet.add(id(arg))
            elif isinstance(arg, ast.JoinedStr):
                self.add(arg, "call", f"f-string in {name}(): use {name}(\"… {{name}} …\", name=...)")
                self.quiet.update(id(c) for c in _strings(arg))
            else:
                self.add(arg, "call", f"{name}() of a non-literal ({ast.unparse(arg)[:60]}): extraction cannot see it")
                self.quiet.update(id(c) for c in _strings(arg))

        for k in node.keywords:  # Babel skips a call with an f-string anywhere in it
            if _bare_fstring(k.value):
                self.add(k.value, "call", f"f-string in the arguments of {name}(): Babel skips the message")

    def _sink(self, node: ast.Call, name: str | None) -> None:
        targets: list[ast.expr] = []
        if name in QT_SINKS:
            targets.extend(node.args)
        params = self.text_params.get(name or "")
        if params is not None:  # (a name shared with a library's function: SQL is never a label)
            labels = [a for i, a in enumerate(node.args) if i in params.positions]
            labels += [k.value for k in node.keywords if k.arg in params.keywords]
            targets.extend(a for a in labels if not (isinstance(a, ast.Constant) and _sql(str(a.value))))
        targets.extend(k.value for k in node.keywords if k.arg in ARGPARSE_KW)
        # (print and errors: only text that reads as Norwegian, see check_constants; developers'
        # English in a ValueError is not interface text)
        for t in targets:
            for c in self._visible_constants(t):
                if id(c) not in self.quiet and id(c) not in self.reported and _words(c.value):
                    if not IDENTIFIER.match(c.value) and not self._allowed(c.value):
                        self.reported.add(id(c))
                        self.add(c, "literal", repr(c.value)[:100])

    def _visible_constants(self, node: ast.expr) -> Iterator[ast.Constant]:
        """String constants that end up in the shown text as they are (not call arguments)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node
        elif isinstance(node, ast.JoinedStr):
            for v in node.values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    yield v
        elif isinstance(node, ast.BinOp):
            yield from self._visible_constants(node.left)
            yield from self._visible_constants(node.right)
        elif isinstance(node, ast.IfExp):
            yield from self._visible_constants(node.body)
            yield from self._visible_constants(node.orelse)

    def _allowed(self, text: str) -> bool:
        return (self.rel, text) in ALLOW

    # -- every other string ----------------------------------------------------------------------------

    def check_constants(self, tree: ast.AST, docstrings: set[int]) -> None:
        for c in _strings(tree):
            if id(c) in self.quiet or id(c) in docstrings or id(c) in self.reported:
                continue
            if reads_norwegian(c.value) and not self._allowed(c.value) and not _sql(c.value):
                self.reported.add(id(c))
                self.add(c, "literal", repr(c.value)[:100])


def scan_source(source: str, rel: str, text_params: dict[str, TextParams] | None = None) -> list[Finding]:
    """The findings in one module; ``text_params``: the functions (of all of src/) whose parameters
    take text a user reads (default: those of this module)."""
    tree = ast.parse(source)
    scanner = _Scanner(rel, text_parameters(tree) if text_params is None else text_params)
    scanner.visit(tree)
    scanner.check_constants(tree, _docstrings(tree))
    # f-string pieces are reported once per f-string line
    seen: set[tuple[int, str, str]] = set()
    out = []
    for f in sorted(scanner.findings, key=lambda f: (f.line, f.kind)):
        key = (f.line, f.kind, f.text)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def scan(root: Path = SRC) -> list[Finding]:
    sources = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }
    text_params: dict[str, TextParams] = {}
    for source in sources.values():
        text_params.update(text_parameters(ast.parse(source)))
    found: list[Finding] = []
    for rel, source in sources.items():
        if not skipped(rel):
            found.extend(scan_source(source, rel, text_params))
    return found


def main(argv: list[str]) -> int:
    kinds = set(argv) or {"literal", "call", "import-time", "plural"}
    found = [f for f in scan() if f.kind in kinds]
    for f in found:
        print(f)
    print(f"{len(found)} funn", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
