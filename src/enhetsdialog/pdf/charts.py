"""Indicator charts for the year report, drawn with ReportLab's own graphics (``reportlab.graphics``).

A :class:`~enhetsdialog.domain.outline_blocks.Chart` becomes a :class:`ChartFlowable`: a
``LinePlot`` with the periods along the x axis, this year's values as a line with markers
(last year's lighter, when there are any), the target as a solid green line and the baseline as a
dashed grey one, and a legend under it. Every string names an embedded font (never Helvetica: PDF/A),
values are shown in Norwegian format, and the whole drawing is one tagged ``Figure`` whose alternative
text says what the chart shows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
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
FONT_SIZE = 6.5
MAX_CATEGORY_LABEL = 14


def _nice_range(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    pad = (hi - lo) * 0.12
    low = lo - pad
    if lo >= 0 > low:  # a chart of shares or counts does not go below zero
        low = 0.0
    return low, hi + pad


def _fmt(value: float) -> str:
    return format_grouped(Decimal(str(round(value, 4))))


def _short(label: str) -> str:
    return label if len(label) <= MAX_CATEGORY_LABEL else label[: MAX_CATEGORY_LABEL - 1] + "…"


def build_drawing(chart: o.Chart, width: float) -> Drawing:
    """The chart as a ReportLab Drawing ``width`` points wide (also used by the tests)."""
    fonts.register_fonts()
    d = Drawing(width, HEIGHT)
    # the renderer sets the drawing's initial font first: never the (unembedded) Helvetica
    d.initialFontName, d.initialFontSize = fonts.REGULAR, FONT_SIZE
    categories = [_short(tr(c)) for c in chart.categories] or [""]
    plot_w = width - LEFT - 4 * mm
    lc = LinePlot()
    lc.x, lc.y = LEFT, LEGEND + 7 * mm
    lc.width, lc.height = plot_w, HEIGHT - LEGEND - 10 * mm
    # only measured periods are points (x = the period's place on the axis): no gaps to draw
    data = [[(float(i), float(v)) for i, v in enumerate(s.values) if v is not None] for s in chart.series]
    numbers = [y for points in data for _x, y in points]
    lines = [float(v) for v in (chart.target, chart.baseline) if v is not None]
    lo, hi = _nice_range(numbers + lines or [0.0, 1.0])
    shown = [(i, points) for i, points in enumerate(data) if points]
    lc.data = [points for _i, points in shown] or [[(0.0, lo)]]
    n = len(categories)
    xa = lc.xValueAxis
    xa.valueMin, xa.valueMax = -0.5, n - 0.5
    xa.valueSteps = [float(i) for i in range(n)]
    xa.labelTextFormat = lambda v: categories[int(round(v))] if 0 <= round(v) < n else ""
    xa.labels.fontName = fonts.REGULAR
    xa.labels.fontSize = FONT_SIZE
    xa.labels.fillColor = MUTED
    xa.strokeColor = GRID
    xa.labels.boxAnchor = "n"
    if n > 8:
        xa.labels.angle, xa.labels.boxAnchor = 35, "ne"
    ya = lc.yValueAxis
    ya.valueMin, ya.valueMax = lo, hi
    ya.labels.fontName = fonts.REGULAR
    ya.labels.fontSize = FONT_SIZE
    ya.labels.fillColor = MUTED
    ya.labelTextFormat = _fmt
    ya.strokeColor = GRID
    ya.gridStrokeColor = colors.HexColor("#E4ECF4")
    ya.visibleGrid = 1
    ya.maximumTicks = 6
    for k, (i, points) in enumerate(shown):
        s = chart.series[i]
        colour = PREVIOUS if s.previous else ACCENT
        # one point is a marker only (a line needs two)
        lc.lines[k].strokeColor = colour if len(points) > 1 else None
        lc.lines[k].strokeWidth = 1.2 if s.previous else 1.8
        lc.lines[k].symbol = _marker(colour)
    if not shown:
        lc.lines[0].strokeColor = None
        lc.lines[0].symbol = None
    d.add(lc)

    def y_of(value: Decimal) -> float:
        return float(lc.y + (float(value) - lo) / (hi - lo) * lc.height)

    legend: list[tuple[str, Any, bool]] = [
        (tr(s.name), PREVIOUS if s.previous else ACCENT, False) for s in chart.series
    ]
    for value, colour, name, dashed in (
        (chart.baseline, BASELINE, chart.baseline_label, True),
        (chart.target, TARGET, chart.target_label, False),
    ):
        if value is None:
            continue
        y = y_of(value)
        line = Line(lc.x, y, lc.x + lc.width, y, strokeColor=colour, strokeWidth=1.1)
        if dashed:
            line.strokeDashArray = [3, 2]
        d.add(line)
        caption = f"{tr(name)} {format_grouped(value)}"
        d.add(String(lc.x + lc.width - 1, y + 1.5, caption, fontName=fonts.REGULAR, fontSize=FONT_SIZE,
                     fillColor=colour, textAnchor="end"))
        legend.append((caption, colour, dashed))
    x = LEFT
    for caption, colour, dashed in legend:
        line = Line(x, 2 * mm, x + 6 * mm, 2 * mm, strokeColor=colour, strokeWidth=1.6)
        if dashed:
            line.strokeDashArray = [3, 2]
        d.add(line)
        d.add(String(x + 7.5 * mm, 2 * mm - 2.2, caption, fontName=fonts.REGULAR, fontSize=FONT_SIZE, fillColor=BLACK))
        x += 7.5 * mm + text_width(caption, fonts.REGULAR, FONT_SIZE) + 5 * mm
    return d


def _marker(colour: Any) -> Any:
    m = makeMarker("FilledCircle")
    m.size = 3.2
    m.fillColor = colour
    m.strokeColor = colour
    return m


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
            renderPDF.draw(self._drawing, self.canv, 0, 0, showBoundary=False)
        finally:
            if tagger is not None:
                tagger.end(self.canv)
