"""User text on its way to ReportLab: cleaning, escaping, and the paragraph classes that carry tags.

* user text is never interpreted as markup: it goes through :func:`markup` (escaped, newlines become
  line breaks, runs of spaces are kept) before it reaches a Paragraph, or skips the parser entirely;
* :class:`Para` and :class:`CellText` carry the structure node they belong to, so the tagger can mark
  what they draw (see ``render_tags``).
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

from enhetsdialog.domain.outline import format_date, short
from enhetsdialog.domain.outline import format_datetime as _format_datetime
from enhetsdialog.pdf.render_tags import Node, tagger_of

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


def clean(text: str) -> str:
    """User text with line breaks normalised, tabs as four spaces and unprintable controls dropped."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text).replace("\t", "    "))


def markup(text: str) -> str:
    """User text as ReportLab paragraph markup that shows exactly the characters typed.

    ``&``, ``<`` and ``>`` are escaped, so nothing the user writes is read as a tag or an entity;
    newlines become ``<br/>``; a run of spaces keeps its width (every space after the first is a
    no-break space); tabs count as four spaces; other control characters, which cannot be shown,
    are dropped.
    """
    lines = []
    for line in clean(text).split("\n"):
        line = escape(line)
        if "  " in line or line.startswith(" "):
            line = re.sub(r"(?<= ) ", "\u00a0", line)
            if line.startswith(" "):
                line = "\u00a0" + line[1:]
        lines.append(line)
    return "<br/>".join(lines)


def format_datetime(value: Any) -> str:
    """``20.11.2026 kl. 14:30`` in the current language ('' for None)."""
    return str(_format_datetime(value))


class CellText(str):
    """A plain-string table cell (drawn verbatim by the table); one object per cell."""

    __slots__ = ()


class Para(Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """A Paragraph that is tagged as its ``node`` and does not break its lines twice at one width.

    Tables, KeepTogether and page splitting wrap the same paragraph two or three times at one
    width; line breaking is most of the cost of a page, so the last result is reused. A paragraph
    inside a table cell has no node of its own (the cell's sequence holds it).
    """

    _wrapped_at: float | None = None
    node: Node | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_at == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            part.node = self.node
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = tagger_of(canvas)
        if tagger is None or self.node is None:
            super().drawOn(canvas, x, y, _sW)
            return
        tagger.begin(canvas, self.node)
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            tagger.end(canvas)


__all__ = ["CellText", "Para", "clean", "format_date", "format_datetime", "markup", "short"]
