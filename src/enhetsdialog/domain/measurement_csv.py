"""Reading a CSV file of measured values (the format: docs/oppfolging.md). Pure: bytes in, rows
of text out, or one ValidationError naming the row and the reason. Whether the indicators, periods
and agreements exist is checked against the database by ``services/measurement_csv.py``.

Accepted: UTF-8 with or without BOM; ``;``, ``,`` or tab between the cells (decided by the header
line); header names case-insensitive in Norwegian or English; quoted cells as spreadsheets write
them. Refused cleanly: files over :data:`MAX_BYTES`, more than :data:`MAX_ROWS` rows, a cell over
:data:`MAX_CELL` characters, binary data, unknown or repeated columns, rows with too many cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import N_, LazyText

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL = 10_000  # characters; a comment is short, a spreadsheet cell rarely longer

# column -> the names accepted in the header (lower case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indikator", "indicator"),
    "period": ("periode", "period"),
    "value": ("verdi", "value"),
    "comment": ("kommentar", "comment"),
    "source": ("kilde", "source"),
    "date": ("dato", "date", "målt", "measured_on"),
    "agreement": ("avtale", "agreement"),
}
REQUIRED = ("indicator", "period", "value")
_BY_NAME = {name: col for col, names in COLUMNS.items() for name in names}


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row as written in the file; ``row`` is its line number (the header is line 1)."""

    row: int
    indicator: str
    period: str
    value: str
    comment: str = ""
    source: str = ""
    date: str = ""
    agreement: str = ""


def row_error(row: int, reason: LazyText | str) -> ValidationError:
    return ValidationError(N_("Rad {row}: {reason} Ingenting er importert.", row=row, reason=reason))


def _file_error(reason: LazyText) -> ValidationError:
    return ValidationError(N_("{reason} Ingenting er importert.", reason=reason))


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise _file_error(N_("Filen er for stor ({mb} MB; høyst {limit} MB).",
                             mb=len(data) // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    if b"\x00" in data:
        raise _file_error(N_("Filen er ikke en CSV-fil (den inneholder binære data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(N_("Filen er ikke UTF-8-tekst. Lagre den som «CSV UTF-8» og prøv igjen.")) from None
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text[:4096]):
        raise _file_error(N_("Filen er ikke en CSV-fil (den inneholder kontrolltegn)."))
    return text


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _header(cells: list[str]) -> list[str]:
    out: list[str] = []
    for cell in cells:
        name = cell.strip().strip('"').strip().casefold()
        col = _BY_NAME.get(name)
        if col is None:
            raise row_error(1, N_("ukjent kolonne «{name}». Kolonnene heter indikator, periode, verdi, og valgfritt "
                                  "kommentar, kilde, dato og avtale.", name=cell.strip()[:40]))
        if col in out:
            raise row_error(1, N_("kolonnen «{name}» står to ganger.", name=cell.strip()[:40]))
        out.append(col)
    missing = [c for c in REQUIRED if c not in out]
    if missing:
        raise row_error(1, N_("kolonnen «{name}» mangler (kolonnene må minst være indikator, periode og verdi).",
                              name=COLUMNS[missing[0]][0]))
    return out


def parse_measurements_csv(data: bytes) -> list[CsvRow]:
    """The data rows of a CSV file; every row with the right number of cells and none too long.
    Empty lines are skipped. A ValidationError on the first problem, naming its row."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise _file_error(N_("Filen er tom eller mangler overskriftsraden (indikator, periode, verdi)."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first), strict=True)
    rows: list[CsvRow] = []
    columns: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            row_no = line
            line = reader.line_num + 1
            if cells and max(map(len, cells)) > MAX_CELL:
                raise row_error(row_no, N_("en celle er for lang (høyst {n} tegn).", n=MAX_CELL))
            if columns is None:
                columns = _header(cells)
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns):
                raise row_error(row_no, N_("raden har {n} celler, men overskriften bare {m}. Et desimaltall med komma "
                                           "må stå i anførselstegn når komma skiller cellene.",
                                           n=len(cells), m=len(columns)))
            if len(rows) >= MAX_ROWS:
                raise _file_error(N_("Filen har for mange rader (høyst {n}).", n=MAX_ROWS))
            values = dict(zip(columns, map(str.strip, cells), strict=False))
            rows.append(CsvRow(row_no, values.get("indicator", ""), values.get("period", ""), values.get("value", ""),
                               values.get("comment", ""), values.get("source", ""), values.get("date", ""),
                               values.get("agreement", "")))
    except csv.Error as exc:
        raise row_error(line, N_("raden kan ikke leses som CSV ({reason}).", reason=str(exc)[:80])) from None
    if columns is None:
        raise _file_error(N_("Filen er tom eller mangler overskriftsraden (indikator, periode, verdi)."))
    if not rows:
        raise _file_error(N_("Filen har ingen rader med målinger."))
    return rows
