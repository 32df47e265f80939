"""Values typed by users: numbers as Norwegians write them, dates, years, text limits.

Pure and dependency-free inside the domain, so that the item declarations (``fields.py``) and the
rules (``rules.py``) can both use them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from enhetsdialog import i18n
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import N_, Text

MAX_TEXT_LENGTH = 200_000  # characters in one field; far above any real answer, below harm


_NUMBER_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_decimal(text: str | None) -> Decimal | None:
    """Parse a number as Norwegians type it: ``12,5``, ``1 234,5``, ``1.234,5``, ``-3``, ``12.5``.

    Empty text is ``None``. Anything else raises ValidationError with a hint.
    """
    if text is None:
        return None
    shown = text.strip()
    s = shown.replace("\u2212", "-").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if s.endswith("%"):
        s = s[:-1]
    if not s:
        return None
    if "," in s and "." in s:
        s = s.replace(".", "")  # 1.234,5: dots group thousands, the comma is the decimal mark
    elif s.count(".") > 1:
        s = s.replace(".", "")  # 1.234.567
    s = s.replace(",", ".") if s.count(",") == 1 else s
    if not _NUMBER_RE.match(s):
        raise ValidationError(N_("«{text}» er ikke et tall. Skriv for eksempel 12,5 eller 1 200.", text=shown))
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already rules this out
        raise ValidationError(N_("«{text}» er ikke et tall.", text=shown)) from exc
    return normalize_decimal(value)


def normalize_decimal(value: Decimal) -> Decimal:
    """One representation per number: no exponent, no trailing zeros (12.50 -> 12.5, 1E+2 -> 100)."""
    if not value.is_finite():
        raise ValidationError(N_("Tallet må være endelig."))
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def format_decimal(value: Decimal | None) -> str:
    """Norwegian display: decimal comma, no thousands separator in editable fields."""
    if value is None:
        return ""
    return format(normalize_decimal(value), "f").replace(".", ",")


_TEXT = N_("Teksten")
_YEAR = N_("Året")


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def check_text(value: str, field_label: Text = _TEXT) -> str:
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            N_(
                "{field} er for lang ({count} tegn; høyst {most}).",
                field=field_label,
                count=_grouped(len(value)),
                most=_grouped(MAX_TEXT_LENGTH),
            )
        )
    if "\x00" in value:
        raise ValidationError(N_("{field} inneholder et ugyldig tegn (NUL).", field=field_label))
    return value


def check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise ValidationError(N_("Året {year} er utenfor det som kan brukes (2000–2100).", year=year))
    return year


def parse_year(text: str | int | None, field_label: Text = _YEAR) -> int | None:
    """A year as typed (``2026``) or given; empty is None. Raises ValidationError with a hint."""
    if text is None or text == "":
        return None
    try:
        year = int(str(text).strip())
    except ValueError as exc:
        raise ValidationError(N_("{field} må være et årstall, for eksempel 2026.", field=field_label)) from exc
    return check_year(year)


def parse_date(text: str | date | None) -> date | None:
    """``15.03.2027``, ``15.3.27``, ``15/3/2027`` or ISO; empty is None. Raises ValidationError with a hint."""
    if text is None or isinstance(text, date):
        return text
    s = str(text).strip()
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass
    try:
        d, m, y = (int(x) for x in s.replace("/", ".").split("."))
        if y < 100:
            y += 2000
        return date(y, m, d)
    except (ValueError, TypeError):
        raise ValidationError(N_("«{text}» er ikke en dato. Skriv for eksempel 15.03.2027.", text=s)) from None


def format_date(value: date | None) -> str:
    """A day for reading, in the current language (``31.03.2029``; ``31 Mar 2029`` in English)."""
    return i18n.format_date(value)


def format_date_input(value: date | None) -> str:
    """A day in an input field: ``31.03.2029`` in every language, the form :func:`parse_date` reads."""
    return value.strftime("%d.%m.%Y") if value else ""
