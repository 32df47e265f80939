"""Every user-visible string goes through gettext, and comes out translated.

* The AST scan (``scripts/i18n_literals.py``) finds no Norwegian text outside ``_()``/``N_()``..., no
  f-string or variable as a message id, and no ``_()`` run at import time (its allow-list is in
  the script, each entry with its reason).
* Under ``using("nn")``/``using("en")`` a message of each layer (an error, an enum label, the CLI's
  help, a PDF heading) comes out translated when the catalogue has a translation: a tiny test
  catalogue stands in for the real ones, which are being translated separately.
* The catalogue completeness check (``scripts/i18n.py check``) is ready, and skipped until
  ``CATALOGUES_COMPLETE`` is flipped (or ``ENHETSDIALOG_CHECK_CATALOGUES=1`` is set).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.values import parse_decimal
from enhetsdialog.i18n import _, using
from tests import i18n_support

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import i18n_literals  # noqa: E402

# Flip when the translators have filled the nn and en catalogues (issue 12, step 8).
CATALOGUES_COMPLETE = True


# --- the scan ----------------------------------------------------------------------------------------


def test_no_unwrapped_norwegian_text_in_src() -> None:
    found = i18n_literals.scan()
    assert not found, "Tekst som ikke går gjennom gettext:\n" + "\n".join(map(str, found))


def scan(code: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in i18n_literals.scan_source(textwrap.dedent(code), "example.py")]


def test_the_scan_finds_an_unwrapped_sentence_and_a_label() -> None:
    found = scan(
        '''
        def f(label):
            raise ValueError("Filen er ikke en gyldig avtalepakke.")
        def g(button):
            button.setText("Lagre")
        '''
    )
    assert [k for k, _t in found] == ["literal", "literal"]


def test_the_scan_finds_fstrings_variables_and_import_time_calls() -> None:
    found = scan(
        '''
        from enhetsdialog.i18n import _, N_
        TITLE = _("Hvor vil vi?")
        class Step:
            title = _("Hvordan kommer vi dit?")
        def f(name, message):
            a = _(f"Fant ikke {name}.")
            b = _(message)
            c = _("{when} ({source})", when=f"{name}!")
            return a, b, c
        '''
    )
    kinds = [k for k, _t in found]
    assert kinds.count("import-time") == 2
    assert kinds.count("call") == 3


def test_the_scan_finds_a_bare_label_passed_where_a_translatable_text_is_expected() -> None:
    """A field label handed to a function that puts it in its message (``check_text(value,
    field_label: Text)``) is shown as it is: a bare literal there is as untranslated as one in
    setText, however short, and whether the function is a function or a class."""
    found = scan(
        '''
        from enhetsdialog.i18n import N_, Text
        def check_text(value: str, field_label: Text = N_("Teksten")) -> str:
            return value
        class Problem(Exception):
            def __init__(self, path: str, kind: "Text | None" = None) -> None:
                self.kind = kind
        def f(comment, source):
            check_text(comment, "Kommentaren")
            check_text(source, field_label="Kilden")
            check_text(comment, N_("Refleksjonen"))
            raise Problem("/tmp/x", "Mappen")
        def g(s):
            s.execute(text("PRAGMA defer_foreign_keys = ON"))
        def text(value: Text) -> str:
            return str(value)
        '''
    )
    assert sorted(t for k, t in found if k == "literal") == ["'Kilden'", "'Kommentaren'", "'Mappen'"]


def test_the_scan_finds_plurals_made_by_hand() -> None:
    found = scan(
        '''
        from enhetsdialog.i18n import _
        def f(n):
            return _("1 merknad") if n == 1 else _("{n} merknader", n=n)
        '''
    )
    assert [k for k, _t in found] == ["plural"]


def test_the_scan_leaves_docstrings_logs_identifiers_and_lazy_constants_alone() -> None:
    found = scan(
        '''
        """Modulen finnes ikke ennå – en docstring på norsk er for utviklere."""
        import logging
        from enhetsdialog.i18n import N_, _
        log = logging.getLogger(__name__)
        LABEL = N_("Hvor vil vi?")
        STATUS = "delvis_nådd"
        def f(x):
            log.info("kunne ikke lese filen %s", x)
            return _("Lagre"), {"pågår": 1}
        '''
    )
    assert found == []


# --- translated in each layer ------------------------------------------------------------------------

NN = {
    "«{text}» er ikke et tall. Skriv for eksempel 12,5 eller 1 200.": "«{text}» er ikkje eit tal. Skriv til dømes 12,5 eller 1 200.",
    "Hvor vil vi?": "Kvar vil vi?",
    ("status", "Signert"): "Signert (nn)",
    "vis eller endre kommunens skriftspråk": "vis eller endre skriftspråket til kommunen",
    "Enhetsavtale {year}": "Einingsavtale {year}",
    ("{n} ny revisjon", "{n} nye revisjoner"): ("{n} ny revisjon (nn)", "{n} nye revisjonar"),
}
EN = {
    "«{text}» er ikke et tall. Skriv for eksempel 12,5 eller 1 200.": "“{text}” is not a number. Write for example 12.5 or 1,200.",
    "Hvor vil vi?": "Where do we want to go?",
    ("status", "Signert"): "Signed",
    "vis eller endre kommunens skriftspråk": "show or change the municipality's written language",
    "Enhetsavtale {year}": "Unit agreement {year}",
    ("{n} ny revisjon", "{n} nye revisjoner"): ("{n} new revision", "{n} new revisions"),
}


@pytest.fixture
def catalogues(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n_support.install(monkeypatch, "nn", NN, contexts=frozenset({"status"}))
    i18n_support.install(monkeypatch, "en", EN, contexts=frozenset({"status"}))


@pytest.mark.parametrize("lang, table", [("nn", NN), ("en", EN)])
def test_an_error_is_translated_where_it_is_shown(catalogues: None, lang: str, table: dict) -> None:
    message = "«{text}» er ikke et tall. Skriv for eksempel 12,5 eller 1 200."
    with pytest.raises(ValidationError) as caught:
        parse_decimal("tolv")  # raised in a bokmål context ...
    assert caught.value.message_id == message and caught.value.params == {"text": "tolv"}
    with using(lang):  # ... shown in another, its parameter filled in
        assert caught.value.message == table[message].format(text="tolv")
    assert caught.value.message == message.format(text="tolv")


@pytest.mark.parametrize("lang, table", [("nn", NN), ("en", EN)])
def test_enum_labels_are_translated_when_read(catalogues: None, lang: str, table: dict) -> None:
    with using(lang):
        assert Section.HVOR.label == table["Hvor vil vi?"]
        assert Status.SIGNERT.label == table[("status", "Signert")]
        assert Status.UTKAST.label == "Utkast"  # not in the test catalogue: the source text
    assert Section.HVOR.label == "Hvor vil vi?"


@pytest.mark.parametrize("lang, table", [("nn", NN), ("en", EN)])
def test_the_cli_help_is_translated(catalogues: None, lang: str, table: dict) -> None:
    from enhetsdialog.cli import build_parser

    with using(lang):
        text = build_parser().format_help()
    assert " ".join(table["vis eller endre kommunens skriftspråk"].split()) in " ".join(text.split())


@pytest.mark.parametrize("lang, table", [("nn", NN), ("en", EN)])
def test_a_pdf_heading_is_translated(catalogues: None, lang: str, table: dict) -> None:
    from enhetsdialog.domain import outline as o
    from tests.pdf_fixtures import build_agreement

    full = build_agreement(status=Status.ENIGHET)
    document = o.build_outline(full)  # built once; its labels are translated when rendered
    with using(lang):
        shown = o.texts(document)
    title = table["Enhetsavtale {year}"].format(year=full.revision.year)
    assert title in shown
    assert "1 " + table["Hvor vil vi?"] in shown
    assert f"Enhetsavtale {full.revision.year}" in o.texts(document)


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_plurals_follow_the_count(catalogues: None, lang: str) -> None:
    from enhetsdialog.i18n import ngettext

    one, many = (NN if lang == "nn" else EN)[("{n} ny revisjon", "{n} nye revisjoner")]
    with using(lang):
        assert ngettext("{n} ny revisjon", "{n} nye revisjoner", 1) == one.format(n=1)
        assert ngettext("{n} ny revisjon", "{n} nye revisjoner", 3) == many.format(n=3)


def test_a_missing_translation_falls_back_to_bokmaal(catalogues: None) -> None:
    with using("nn"):
        assert _("Denne meldingen finnes ikke i katalogen.") == "Denne meldingen finnes ikke i katalogen."


# --- the catalogues are complete (enable when the translations are in) -----------------------------


@pytest.mark.skipif(
    not (CATALOGUES_COMPLETE or os.environ.get("ENHETSDIALOG_CHECK_CATALOGUES") == "1"),
    reason="nn/en are being translated; flip CATALOGUES_COMPLETE (or set ENHETSDIALOG_CHECK_CATALOGUES=1)",
)
def test_every_message_is_translated_in_nn_and_en() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
