"""Indicator charts for the year report, drawn with ReportLab's own graphics (``reportlab.graphics``).

A :class:`~enhetsdialog.domain.outline_blocks.Chart` becomes a :class:`ChartFlowable`: a ``Drawing``
of graphics shapes – the periods along the x axis, a value axis with gridlines at round steps, this
year's values as a line with markers (last year's lighter, when there are any), the target as a
solid green line and the baseline as a dashed grey one, and a legend under it – rendered by
``renderPDF``. A year report has a chart per indicator (40 in a full agreement), so the chart is
composed from plain shapes (Line, PolyLine, Circle, String) rather than ReportLab's chart widgets,
whose expansion into shapes cost ten times as much, and shape checking is off while it is drawn.

Every string names an embedded font (never Helvetica: PDF/A), values are shown in Norwegian format,
and the whole drawing is one tagged ``Figure`` whose alternative text says what the chart shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, Path, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from enhetsdialog.domain import outline as o
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.i18n import text as tr
from enhetsdialog.pdf import fonts
from enhetsdialog.pdf.render_script import text_width
from enhetsdialog.pdf.render_styles import ACCENT, BLACK, GRID, MUTED
from enhetsdialog.pdf.render_tags import Node, tagger_of

HEIGHT = 46 * mm
LEGEND = 6 * mm
LEFT = 16 * mm  # room for the value labels
TARGET = colors.HexColor("#2E7D32")
BASELINE = colors.HexColor("#7F7F7F")
PREVIOUS = colors.HexColor("#9DB7D5")
GRIDLINE = colors.HexColor("#E4ECF4")
FONT_SIZE = 6.5
MAX_CATEGORY_LABEL = 14
MAX_TICKS = 6


def nice_range(values: list[float]) -> tuple[float, float]:
    """The value axis: a little room above and below what is drawn, never below zero for values
    that are not negative (shares and counts)."""
    lo, hi = min(values), max(values)
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    pad = (hi - lo) * 0.12
    low = lo - pad
    if lo >= 0 > low:
        low = 0.0
    return low, hi + pad


def ticks(lo: float, hi: float, most: int = MAX_TICKS) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) between ``lo`` and ``hi``."""
    raw = (hi - lo) / max(1, most - 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next((m * power for m in (1, 2, 5, 10) if m * power >= raw), 10 * power)
    first = math.ceil(lo / step) * step
    out: list[float] = []
    v = first
    while v <= hi + step * 1e-9 and len(out) < 50:
        out.append(round(v, 10))
        v += step
    return out


def _fmt(value: float) -> str:
    return format_grouped(Decimal(str(round(value, 4))))


def _short(label: str) -> str:
    return label if len(label) <= MAX_CATEGORY_LABEL else label[: MAX_CATEGORY_LABEL - 1] + "…"


@contextmanager
def unchecked() -> Iterator[None]:
    """ReportLab checks every attribute set on a graphics shape (``rl_config.shapeChecking``), which
    is meant for writing new shapes and costs a third of drawing a chart; ours are fixed code."""
    saved = rl_config.shapeChecking
    rl_config.shapeChecking = 0
    try:
        yield
    finally:
        rl_config.shapeChecking = saved


def _text(x: float, y: float, text: str, colour: Any, anchor: str = "start") -> String:
    return String(x, y, text, fontName=fonts.REGULAR, fontSize=FONT_SIZE, fillColor=colour, textAnchor=anchor)


def build_drawing(chart: o.Chart, width: float) -> Drawing:
    """The chart as a ReportLab Drawing ``width`` points wide (also used by the tests)."""
    with unchecked():
        return _build(chart, width)


def _build(chart: o.Chart, width: float) -> Drawing:
    fonts.register_fonts()
    d = Drawing(width, HEIGHT)
    # the renderer sets the drawing's initial font first: never the (unembedded) Helvetica
    d.initialFontName, d.initialFontSize = fonts.REGULAR, FONT_SIZE
    categories = [_short(tr(c)) for c in chart.categories] or [""]
    x0, y0 = float(LEFT), float(LEGEND + 7 * mm)
    w, h = float(width - LEFT - 4 * mm), float(HEIGHT - LEGEND - 10 * mm)
    numbers = [float(v) for s in chart.series for v in s.values if v is not None]
    lines = [float(v) for v in (chart.target, chart.baseline) if v is not None]
    lo, hi = nice_range(numbers + lines or [0.0, 1.0])
    n = len(categories)
    slot = w / n

    def x_of(i: int) -> float:
        return x0 + slot * (i + 0.5)

    def y_of(value: float) -> float:
        return y0 + (value - lo) / (hi - lo) * h

    # the gridlines in one path, the axes and their ticks in another (each shape costs a graphics
    # state on the page)
    grid = Path(strokeColor=GRIDLINE, strokeWidth=0.5, fillColor=None)
    axes = Path(strokeColor=GRID, strokeWidth=0.6, fillColor=None)
    axes.moveTo(x0, y0 + h)
    axes.lineTo(x0, y0)
    axes.lineTo(x0 + w, y0)
    for v in ticks(lo, hi):
        y = y_of(v)
        grid.moveTo(x0, y)
        grid.lineTo(x0 + w, y)
        axes.moveTo(x0 - 2, y)
        axes.lineTo(x0, y)
        d.add(_text(x0 - 3.5, y - 2.2, _fmt(v), MUTED, "end"))
    every = max(1, math.ceil(n / max(1, int(w // 34))))  # a label each 34 pt at least
    for i, category in enumerate(categories):
        axes.moveTo(x_of(i), y0 - 2)
        axes.lineTo(x_of(i), y0)
        if i % every == 0:
            d.add(_text(x_of(i), y0 - 8.5, category, MUTED, "middle"))
    d.insert(0, grid)
    d.add(axes)

    legend: list[tuple[str, Any, bool]] = []  # the lines (baseline, target), after the series
    series_legend: list[tuple[str, Any, bool]] = []
    for value, colour, name, dashed in (
        (chart.baseline, BASELINE, chart.baseline_label, True),
        (chart.target, TARGET, chart.target_label, False),
    ):
        if value is None:
            continue
        y = y_of(float(value))
        d.add(Line(x0, y, x0 + w, y, strokeColor=colour, strokeWidth=1.1, strokeDashArray=[3, 2] if dashed else None))
        caption = f"{tr(name)} {format_grouped(value)}"
        d.add(_text(x0 + w - 1, y + 1.5, caption, colour, "end"))
        legend.append((caption, colour, dashed))
    for s in chart.series:
        colour = PREVIOUS if s.previous else ACCENT
        points = [(x_of(i), y_of(float(v))) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            d.add(PolyLine([c for p in points for c in p], strokeColor=colour, strokeWidth=1.2 if s.previous else 1.8))
        for px, py in points:
            d.add(Circle(px, py, 1.7, fillColor=colour, strokeColor=None))
        series_legend.append((tr(s.name), colour, False))
    x = LEFT
    for caption, colour, dashed in series_legend + legend:
        d.add(Line(x, 2 * mm, x + 6 * mm, 2 * mm, strokeColor=colour, strokeWidth=1.6,
                   strokeDashArray=[3, 2] if dashed else None))
        d.add(_text(x + 7.5 * mm, 2 * mm - 2.2, caption, BLACK))
        x += 7.5 * mm + text_width(caption, fonts.REGULAR, FONT_SIZE) + 5 * mm
    return d


class ChartFlowable(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """The chart of one indicator, tagged as one Figure with its alternative text."""

    def __init__(self, chart: o.Chart, node: Node | None) -> None:
        super().__init__()
        self.chart = chart
        self.node = node.add("Figure", alt=tr(chart.alt)) if node is not None else None
        self._drawing: Drawing | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = min(availWidth, 150 * mm)
        self.height = HEIGHT
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        if self._drawing is None or self._drawing.width != self.width:
            self._drawing = build_drawing(self.chart, self.width)
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.begin(self.canv, self.node)
        try:
            with unchecked():
                renderPDF.draw(self._drawing, self.canv, 0, 0, showBoundary=False)
        finally:
            if tagger is not None:
                tagger.end(self.canv)
