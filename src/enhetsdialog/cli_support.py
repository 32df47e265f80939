"""What every subcommand shares: argparse in the user's language, argument types with limits,
terminal output that cannot carry escape sequences, and the crash log.

argparse's own texts ("usage:", "positional arguments", "invalid choice", ...) are English
``gettext`` calls inside the standard library; :func:`argparse_translated` swaps argparse's ``_``
and ``ngettext`` for ours while the parser is built and used, with the English ids mapped to our
(bokmål) message ids below, so they are translated like every other message.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from enhetsdialog import paths
from enhetsdialog.fileio import append_private
from enhetsdialog.i18n import N_, LazyText, _, ngettext

# --- argparse in our language ---------------------------------------------------------------------

# argparse's English message ids (Python 3.11–3.13) → ours. Placeholders stay argparse's (%-style).
_ARGPARSE: dict[str, LazyText] = {
    "usage: ": N_("bruk: "),
    "positional arguments": N_("posisjonsargumenter"),
    "options": N_("valg"),
    "optional arguments": N_("valg"),
    "show this help message and exit": N_("vis denne hjelpeteksten og avslutt"),
    "show program's version number and exit": N_("vis programmets versjon og avslutt"),
    "argument %(argument_name)s: %(message)s": N_("argumentet %(argument_name)s: %(message)s"),
    "invalid %(type)s value: %(value)r": N_("ugyldig verdi: %(value)r"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("ugyldig valg: %(value)r (velg blant %(choices)s)"),
    "the following arguments are required: %s": N_("disse argumentene mangler: %s"),
    "unrecognized arguments: %s": N_("ukjente argumenter: %s"),
    "expected one argument": N_("mangler en verdi"),
    "expected at most one argument": N_("tar høyst én verdi"),
    "expected at least one argument": N_("trenger minst én verdi"),
    "ambiguous option: %(option)s could match %(matches)s": N_("tvetydig valg: %(option)s kan bety %(matches)s"),
    "not allowed with argument %s": N_("kan ikke brukes sammen med %s"),
    "ignored explicit argument %r": N_("tar ingen verdi: %r"),
    "one of the arguments %s is required": N_("ett av argumentene %s må oppgis"),
    "unexpected option string: %s": N_("uventet valg: %s"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: feil: %(message)s\n"),
    "can't open '%(filename)s': %(error)s": N_("kan ikke åpne «%(filename)s»: %(error)s"),
}


def _argparse_gettext(message: str) -> str:
    found = _ARGPARSE.get(message)
    return str(found) if found is not None else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return ngettext("trenger %s verdi", "trenger %s verdier", n)
    return singular if n == 1 else plural


@contextlib.contextmanager
def argparse_translated() -> Iterator[None]:
    """argparse speaks the current language inside the block (building, parsing, help, errors)."""
    saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# --- argument types with limits ------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_SEARCH = 500  # characters; SQLite refuses LIKE patterns over 50,000 bytes
MAX_REF = 100  # an id is 36 characters; a prefix is shorter


def year(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("«{value}» er ikke et årstall", value=value[:40])) from None
    if not MIN_YEAR <= n <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            _("året må være mellom {low} og {high}", low=MIN_YEAR, high=MAX_YEAR)
        )
    return n


def search_text(value: str) -> str:
    if len(value) > MAX_SEARCH:
        raise argparse.ArgumentTypeError(
            _("søketeksten er for lang ({n} tegn; høyst {limit})", n=len(value), limit=MAX_SEARCH)
        )
    return value


def reference(value: str) -> str:
    if len(value) > MAX_REF or not value.strip():
        raise argparse.ArgumentTypeError(_("«{value}» er ikke en id", value=value[:40] + ("…" if len(value) > 40 else "")))
    return value


# --- terminal output --------------------------------------------------------------------------------

# C0 and C1 control characters but newline and tab, DEL, and the bidirectional overrides: a name
# from a package or a database must not move the cursor, recolour the terminal or reorder the line
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``\\x1b[31m`` → ``\\u001b[31m``: visible, and still valid inside a JSON string."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    return escape_controls(" ".join(text.splitlines()))


class EscapingStream:
    """A text stream that writes everything through :func:`escape_controls`."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout = EscapingStream(sys.stdout)
    sys.stderr = EscapingStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


# --- the crash log ------------------------------------------------------------------------------------


def write_crash_log(text: str | None = None) -> Path | None:
    """Append ``text`` (default: the current traceback) to ``crash.log`` in the data folder (0600)."""
    path = paths.crash_log_path()
    try:
        append_private(path, (text if text is not None else traceback.format_exc()) + "\n")
    except OSError:
        return None
    return path


def internal_error_line(e: BaseException, log: Path | None) -> str:
    """The one line shown for a bug: the first line of the error, short; the rest is in the log."""
    first = (str(e).splitlines() or [""])[0][:160]
    detail = f"{type(e).__name__}: {first}" if first else type(e).__name__
    if log:
        return _("uventet feil ({detail}). Detaljer i {log}.", detail=detail, log=str(log))
    return _("uventet feil ({detail}).", detail=detail)
