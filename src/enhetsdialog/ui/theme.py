"""A calm, light look: Fusion with a light palette, generous spacing and a few accent colours.

Colours are named for what they mean (prosess/resultat, nudge, error, signed), so every widget that
shows one of those uses the same colour. Style sheets are scoped by object name or the ``role``
property, so Fusion still draws everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from enhetsdialog.domain.enums import IndicatorKind, Status


@dataclass(frozen=True, slots=True)
class Chip:
    fg: str
    bg: str
    border: str


WINDOW = "#F3F5F8"
SURFACE = "#FFFFFF"
BORDER = "#DCE1E7"
TEXT = "#1E2A36"
MUTED = "#5B6876"
ACCENT = "#1F6FB2"
ACCENT_DARK = "#17578C"
ACCENT_SOFT = "#E5EFFA"
PLACEHOLDER = "#687481"  # 4.8:1 on white (the old #8A96A3 was 3.0:1)
FOCUS = "#0B2540"  # the focus ring: dark, 2 px, on every control

PROSESS = Chip("#5536B8", "#EEE8FC", "#CFC2F5")
RESULTAT = Chip("#0B6B4D", "#DDF3EA", "#A9DFC8")
NUDGE = Chip("#7A4F00", "#FFF5DC", "#F0D38D")
ERROR = Chip("#9B1C1C", "#FDECEC", "#F2B8B5")
SIGNED = Chip("#174A7C", "#E6F0FB", "#B5D0EE")
NEUTRAL = Chip("#3D4B59", "#EEF1F4", "#D5DBE2")

STATUS_CHIPS: dict[Status, Chip] = {
    Status.UTKAST: NEUTRAL,
    Status.TIL_DIALOG: Chip("#7A4F00", "#FFF3D6", "#F0D38D"),
    Status.I_DIALOG: Chip("#7C2D8F", "#F6E8FA", "#E2C2EC"),
    Status.ENIGHET: Chip("#0B6B4D", "#DDF3EA", "#A9DFC8"),
    Status.SIGNERT: SIGNED,
    Status.ARKIVERT: Chip("#4A5562", "#E9ECEF", "#CDD3DA"),
}


def kind_chip(kind: IndicatorKind) -> Chip:
    return PROSESS if kind is IndicatorKind.PROSESS else RESULTAT


def chip_css(chip: Chip, *, radius: int = 9, pad: str = "2px 9px") -> str:
    return (
        f"color: {chip.fg}; background: {chip.bg}; border: 1px solid {chip.border}; "
        f"border-radius: {radius}px; padding: {pad};"
    )


# --- contrast (WCAG 2.1) ------------------------------------------------------------------------------

AA_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: normal text; disabled controls and decoration are exempt


def luminance(colour: str) -> float:
    """Relative luminance of ``#RRGGBB`` as WCAG 2.1 defines it."""
    h = colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(colour: str) -> str:
    """Text on ``colour`` (an SDG tile, a chip) that meets WCAG AA: the theme's text colour or white
    when one of them does, else black or white, whichever contrasts more."""
    for candidate in (TEXT, "#FFFFFF"):
        if contrast_ratio(candidate, colour) >= AA_TEXT:
            return candidate
    return max(("#000000", "#FFFFFF"), key=lambda c: contrast_ratio(c, colour))


def palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: SURFACE,
        QPalette.ColorRole.AlternateBase: "#F7F9FB",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#F7F8FA",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: "#FFFFFF",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: PLACEHOLDER,
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Light: "#FFFFFF",
        QPalette.ColorRole.Midlight: "#E9EDF1",
        QPalette.ColorRole.Mid: "#C9D0D8",
        QPalette.ColorRole.Dark: "#9AA5B1",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9AA5B1"))
    return p


STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolTip {{ color: {TEXT}; background: #FFFFFF; border: 1px solid {BORDER}; padding: 4px; }}

QWidget[role="page"] {{ background: {WINDOW}; }}
QScrollArea[role="page"] {{ background: {WINDOW}; border: none; }}
QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QLabel[role="title"] {{ font-size: 19pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="subtitle"] {{ font-size: 12.5pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="field"] {{ font-weight: 600; color: {TEXT}; }}
QLabel[role="guide"] {{ color: {MUTED}; }}
QLabel[role="hint"] {{ color: {MUTED}; font-size: 9pt; }}
QLabel[role="meta"] {{ color: {MUTED}; }}

QTextEdit[role="answer"], QLineEdit[role="answer"] {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; padding: 4px 6px;
    selection-background-color: {ACCENT};
}}
QTextEdit[role="answer"]:focus, QLineEdit[role="answer"]:focus {{ border: 2px solid {ACCENT}; padding: 3px 5px; }}
QTextEdit[role="answer"][readOnly="true"] {{ background: #F7F9FB; }}

QPushButton {{ padding: 5px 12px; border-radius: 6px; border: 1px solid #C9D0D8; background: #FFFFFF; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; padding: 4px 11px; }}
QPushButton:disabled {{ color: #9AA5B1; background: #F3F5F7; border-color: #E1E5EA; }}
QPushButton[role="primary"] {{ background: {ACCENT}; color: #FFFFFF; border: 1px solid {ACCENT_DARK}; font-weight: 600; }}
QPushButton[role="primary"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {FOCUS}; padding: 4px 11px; }}
QPushButton[role="primary"]:disabled {{ background: #AFC6DC; border-color: #AFC6DC; color: #FFFFFF; }}
QPushButton[role="link"] {{ border: none; background: transparent; color: {ACCENT}; padding: 2px 4px; text-align: left; }}
QPushButton[role="link"]:hover {{ text-decoration: underline; }}
QPushButton[role="link"]:focus {{ border: 1px dotted {ACCENT}; }}

QFrame#StepBar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QPushButton[role="step"] {{
    border: 1px solid transparent; border-radius: 15px; background: transparent; color: {MUTED};
    padding: 5px 9px; font-weight: 600;
}}
QPushButton[role="step"]:hover {{ background: {ACCENT_SOFT}; color: {ACCENT_DARK}; }}
QPushButton[role="step"]:focus {{ border: 2px solid {ACCENT}; padding: 4px 8px; }}
QPushButton[role="step"]:checked {{ background: {ACCENT}; color: #FFFFFF; }}
QPushButton[role="step"]:checked:focus {{ border: 2px solid {FOCUS}; padding: 4px 8px; }}
QLabel[role="stepArrow"] {{ color: #A8B3BF; }}

QFrame#ErrorBar {{ background: {ERROR.bg}; border: 1px solid {ERROR.border}; border-radius: 8px; }}
QFrame#ErrorBar QLabel {{ color: {ERROR.fg}; }}
QFrame#NoticeBar {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame#Banner {{ background: {SIGNED.bg}; border: 1px solid {SIGNED.border}; border-radius: 8px; }}
QFrame#Banner QLabel {{ color: {SIGNED.fg}; }}
QFrame[role="nudges"] {{ background: {NUDGE.bg}; border: 1px solid {NUDGE.border}; border-radius: 8px; }}
QFrame[role="nudges"] QLabel {{ color: {NUDGE.fg}; }}

QFrame#Navigator {{ background: {SURFACE}; border-right: 1px solid {BORDER}; }}
QTreeView#NavigatorTree {{ border: none; background: {SURFACE}; }}
QTreeView#NavigatorTree::item {{ padding: 4px 2px; }}

QTableView {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; gridline-color: #E8ECF0; }}
QHeaderView::section {{
    background: #F5F7F9; color: {MUTED}; border: none; border-bottom: 1px solid {BORDER};
    border-right: 1px solid #E8ECF0; padding: 5px 6px; font-weight: 600;
}}
QListView#GoalList {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QListView#GoalList::item {{ padding: 7px 6px; border-bottom: 1px solid #EEF1F4; }}
QListView#GoalList::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}

QTextBrowser#Summary {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; padding: 8px; }}
QTextBrowser#Summary:focus {{ border: 2px solid {ACCENT}; padding: 7px; }}

/* focus is visible on every control (WCAG 2.4.7): lists, trees, tables, combo boxes, text views */
QListView:focus, QTreeView:focus, QTableView:focus, QTextBrowser:focus, QPlainTextEdit:focus {{
    border: 2px solid {ACCENT};
}}
QTreeView#NavigatorTree:focus {{ border: 2px solid {ACCENT}; }}
QListView#GoalList:focus {{ border: 2px solid {ACCENT}; }}
QComboBox:focus, QSpinBox:focus, QLineEdit:focus {{ border: 2px solid {ACCENT}; border-radius: 4px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 1px dotted {FOCUS}; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 8px; }}
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(palette())
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
