"""A small line chart of one indicator, painted with QPainter: last year's values (faded), this year's
periods (measured or still open), the baseline and the target as horizontal lines, and which way is
better.

Plain QPainter rather than a plotting library: QtCharts comes in PySide6-Addons (a wheel of ~175 MB)
and pyqtgraph brings numpy; one chart of a dozen points needs neither. The widget knows nothing of
services or the domain's read model: :class:`ChartData` is all it draws, and the same data gives the
accessible description (a screen reader hears the numbers the chart shows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from enhetsdialog.domain.enums import Direction
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme

THIS_YEAR = theme.ACCENT
LAST_YEAR = "#77828E"  # 3.9:1 on white: a graphical object (WCAG 1.4.11) seen beside this year
TARGET = theme.RESULTAT.fg
BASELINE = theme.MUTED


@dataclass(frozen=True, slots=True)
class Slot:
    """One place on the time axis: a period (short label for the axis, full label for the reader)
    and its value, if measured. ``last_year``: a period of last year's agreement."""

    label: str
    value: Decimal | None
    long_label: str = ""
    last_year: bool = False


@dataclass(frozen=True, slots=True)
class ChartData:
    name: str
    direction: Direction
    slots: Sequence[Slot] = field(default_factory=tuple)
    baseline: Decimal | None = None
    baseline_label: str = ""  # e.g. "2025"
    target: Decimal | None = None
    unit: str = ""

    def measured(self, *, last_year: bool = False) -> list[Slot]:
        return [s for s in self.slots if s.value is not None and s.last_year == last_year]

    def values(self) -> list[Decimal]:
        out = [s.value for s in self.slots if s.value is not None]
        out += [v for v in (self.baseline, self.target) if v is not None]
        return out


def _number(value: Decimal, unit: str = "") -> str:
    text = format_grouped(value)
    if not unit:
        return text
    return f"{text} %" if unit.strip() == "%" else f"{text} {unit}"


def describe(data: ChartData) -> str:
    """The chart in words (its accessible description, and the tooltip)."""
    parts: list[str] = []
    if data.baseline is not None:
        parts.append(_("Utgangspunkt {value}", value=_number(data.baseline, data.unit))
                     + (f" ({data.baseline_label})" if data.baseline_label else ""))
    last = data.measured(last_year=True)
    if last:
        parts.append(_("i fjor: {values}", values=", ".join(
            f"{s.long_label or s.label} {_number(s.value, data.unit)}" for s in last if s.value is not None)))
    this = data.measured()
    if this:
        parts.append(_("målt: {values}", values=", ".join(
            f"{s.long_label or s.label} {_number(s.value, data.unit)}" for s in this if s.value is not None)))
    else:
        parts.append(_("ikke målt ennå"))
    if data.target is not None:
        parts.append(_("mål {value}", value=_number(data.target, data.unit)))
    parts.append(str(data.direction.label).lower())
    return "; ".join(parts) + "."


class IndicatorChart(QWidget):
    """Baseline → measurements → target for one indicator."""

    HEIGHT = 140

    def __init__(self, data: ChartData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(220)
        self.setMaximumWidth(760)  # wider, the points drift apart and the eye loses the line
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._data = data or ChartData("", Direction.HIGHER)
        self.set_data(self._data)

    def set_data(self, data: ChartData) -> None:
        self._data = data
        self.setAccessibleName(_("Diagram: {name}", name=data.name) if data.name else _("Diagram"))
        text = describe(data)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def data(self) -> ChartData:
        return self._data

    def point_count(self) -> int:
        """How many of this year's measurements are drawn."""
        return len(self._data.measured())

    def sizeHint(self) -> QSize:
        return QSize(360, self.HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.HEIGHT)

    # --- painting -----------------------------------------------------------------------------------

    def paintEvent(self, e: QPaintEvent) -> None:
        data = self._data
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        p.setFont(small)
        fm = QFontMetrics(small)
        p.fillRect(self.rect(), QColor(theme.SURFACE))
        values = data.values()
        right_labels = [self._line_label(v, which) for v, which in
                        ((data.target, "target"), (data.baseline, "baseline")) if v is not None]
        gutter = max((fm.horizontalAdvance(t) for t in right_labels), default=0) + 10
        top = 2 * fm.height() + 10  # the legend, then room for a point's value above the highest point
        plot = QRectF(10, top, self.width() - 20 - gutter, self.height() - top - fm.height() - 8)
        if not data.slots or plot.width() < 40:
            p.end()
            return
        lo, hi = (min(values), max(values)) if values else (Decimal(0), Decimal(1))
        span = hi - lo or (abs(hi) or Decimal(1))
        lo, hi = lo - span * Decimal("0.15"), hi + span * Decimal("0.15")

        def y(v: Decimal) -> float:
            return plot.bottom() - float((v - lo) / (hi - lo)) * plot.height()

        step = plot.width() / len(data.slots)
        xs = [plot.left() + step * (i + 0.5) for i in range(len(data.slots))]

        # the axis and the period labels; a thin gap between last year and this year
        p.setPen(QPen(QColor(theme.BORDER), 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        for i, s in enumerate(data.slots):
            if i and data.slots[i - 1].last_year and not s.last_year:
                x = plot.left() + step * i
                p.setPen(QPen(QColor(theme.BORDER), 1, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(QColor(theme.MUTED))
            box = QRectF(xs[i] - step / 2, plot.bottom() + 3, step, fm.height())
            p.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                       fm.elidedText(s.label, Qt.TextElideMode.ElideRight, int(step)))

        self._hline(p, data.baseline, "baseline", y, plot, fm, Qt.PenStyle.DotLine)
        self._hline(p, data.target, "target", y, plot, fm, Qt.PenStyle.DashLine)
        self._series(p, data, xs, y, fm, last_year=True)
        self._series(p, data, xs, y, fm, last_year=False)
        self._direction(p, data, plot, fm)
        p.end()

    def _line_label(self, value: Decimal | None, which: str) -> str:
        if value is None:
            return ""
        number = format_grouped(value)
        return _("Mål {value}", value=number) if which == "target" else _("Utg. {value}", value=number)

    def _hline(self, p: QPainter, value: Decimal | None, which: str, y: Callable[[Decimal], float], plot: QRectF,
               fm: QFontMetrics, style: Qt.PenStyle) -> None:
        if value is None:
            return
        colour = QColor(TARGET if which == "target" else BASELINE)
        yy = y(value)
        p.setPen(QPen(colour, 1.5 if which == "target" else 1, style))
        p.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
        p.setPen(colour)
        text = self._line_label(value, which)
        # the two labels must not sit on top of each other when the lines are close
        offset = 0.0
        other = self._data.baseline if which == "target" else None
        if other is not None and abs(y(other) - yy) < fm.height():
            offset = -fm.height() / 2 if yy <= y(other) else fm.height() / 2
        p.drawText(QRectF(plot.right() + 6, yy - fm.height() / 2 + offset, 200, fm.height()),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)

    def _series(self, p: QPainter, data: ChartData, xs: list[float], y: Callable[[Decimal], float], fm: QFontMetrics, *,
                last_year: bool) -> None:
        colour = QColor(LAST_YEAR if last_year else THIS_YEAR)
        points = [(xs[i], y(s.value), s) for i, s in enumerate(data.slots)
                  if s.value is not None and s.last_year == last_year]
        if not points:
            return
        path = QPainterPath(QPointF(points[0][0], points[0][1]))
        for x, yy, _s in points[1:]:
            path.lineTo(x, yy)
        p.setPen(QPen(colour, 1.5 if last_year else 2.2, Qt.PenStyle.SolidLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setBrush(colour if not last_year else QColor(theme.SURFACE))
        radius = 3.2 if last_year else 4.0
        labelled = {id(s) for _x, _y, s in (points if len(points) <= 6 else points[-1:])}
        for x, yy, s in points:
            p.setPen(QPen(colour, 1.5))
            p.drawEllipse(QPointF(x, yy), radius, radius)
            if id(s) in labelled and s.value is not None:
                p.setPen(QColor(theme.MUTED if last_year else theme.TEXT))
                p.drawText(QRectF(x - 40, yy - fm.height() - 5, 80, fm.height()),
                           int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), format_grouped(s.value))

    def _direction(self, p: QPainter, data: ChartData, plot: QRectF, fm: QFontMetrics) -> None:
        arrow = "↑" if data.direction is Direction.HIGHER else "↓"
        legend = f"{arrow} {data.direction.label}"
        if data.measured(last_year=True):
            legend += "   " + _("○ i fjor   ● i år")
        p.setPen(QColor(theme.MUTED))
        p.drawText(QRectF(plot.left(), 2, self.width() - 20, fm.height()),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), legend)
