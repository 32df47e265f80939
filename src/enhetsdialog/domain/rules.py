"""Rules of the domain: status transitions, freezing, nudges and value parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Section, Status
from enhetsdialog.domain.errors import DomainError, FrozenRevisionError, ValidationError
from enhetsdialog.domain.model import Content, Remark, Revision

MAX_GOALS_NUDGE = 5
MAX_TEXT_LENGTH = 200_000  # characters in one field; far above any real answer, below harm

# Transitions a user can ask for. Signing (enighet -> signert) happens only through signatures,
# and archiving (signert -> arkivert) only through the archive export.
USER_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.UTKAST: frozenset({Status.TIL_DIALOG}),
    Status.TIL_DIALOG: frozenset({Status.UTKAST, Status.I_DIALOG}),
    Status.I_DIALOG: frozenset({Status.TIL_DIALOG, Status.ENIGHET}),
    Status.ENIGHET: frozenset({Status.I_DIALOG}),
    Status.SIGNERT: frozenset(),
    Status.ARKIVERT: frozenset(),
}

ALL_TRANSITIONS: dict[Status, frozenset[Status]] = {
    **USER_TRANSITIONS,
    Status.ENIGHET: frozenset({Status.I_DIALOG, Status.SIGNERT}),
    Status.SIGNERT: frozenset({Status.ARKIVERT}),
}

TRANSITION_ACTIONS: dict[tuple[Status, Status], str] = {
    (Status.UTKAST, Status.TIL_DIALOG): "Del for dialog",
    (Status.TIL_DIALOG, Status.UTKAST): "Trekk tilbake til utkast",
    (Status.TIL_DIALOG, Status.I_DIALOG): "Start dialog",
    (Status.I_DIALOG, Status.TIL_DIALOG): "Send tilbake til leder",
    (Status.I_DIALOG, Status.ENIGHET): "Marker enighet",
    (Status.ENIGHET, Status.I_DIALOG): "Gjenåpne dialogen",
}


def check_transition(
    current: Status,
    target: Status,
    *,
    open_remarks: int = 0,
    frozen: bool = False,
    by_system: bool = False,
) -> None:
    """Raise DomainError if ``current -> target`` is not allowed."""
    allowed = ALL_TRANSITIONS if by_system else USER_TRANSITIONS
    if target not in allowed[current]:
        raise DomainError(
            f"Statusen kan ikke endres fra «{current.label}» til «{target.label}»."
        )
    if frozen and target not in (Status.SIGNERT, Status.ARKIVERT):
        raise FrozenRevisionError(
            "Revisjonen er signert og kan ikke endres. Lag en ny revisjon for å gjøre endringer."
        )
    if target is Status.ENIGHET and open_remarks > 0:
        raise DomainError(
            f"Det er {open_remarks} åpne merknader. Alle merknader må være løst før enighet."
        )


def ensure_editable(revision: Revision) -> None:
    if revision.frozen or revision.status in (Status.SIGNERT, Status.ARKIVERT):
        raise FrozenRevisionError(
            "Revisjonen er signert og kan ikke endres. Lag en ny revisjon for å gjøre endringer."
        )


def can_sign(revision: Revision) -> None:
    if revision.status is not Status.ENIGHET:
        raise DomainError(
            f"Bare en avtale med status «Enighet» kan signeres (denne har «{revision.status.label}»)."
        )


# --- nudges --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Nudge:
    """A friendly hint, never a block. ``anchor_kind``/``anchor_id`` say where it can be fixed."""

    code: str
    message: str
    anchor_kind: AnchorKind
    anchor_id: str
    section: Section


def nudges(content: Content) -> list[Nudge]:
    out: list[Nudge] = []
    goals = sorted(content.goals, key=lambda g: g.position)
    if len(goals) > MAX_GOALS_NUDGE:
        out.append(
            Nudge(
                "many_goals",
                f"Avtalen har {len(goals)} mål. Få og tydelige mål (høyst {MAX_GOALS_NUDGE}) "
                "er lettere å lykkes med.",
                AnchorKind.SECTION,
                Section.HVOR.value,
                Section.HVOR,
            )
        )
    for n, goal in enumerate(goals, start=1):
        name = f"Mål {n}" + (f" «{_short(goal.text)}»" if goal.text.strip() else "")
        if not goal.plan_goal_ids and not goal.sdgs:
            out.append(
                Nudge(
                    "no_upward_link",
                    f"{name} er ikke knyttet til et plannivå eller et bærekraftsmål.",
                    AnchorKind.GOAL,
                    goal.id,
                    Section.HVOR,
                )
            )
        kinds = {i.kind for i in goal.indicators}
        missing = [k for k in (IndicatorKind.PROSESS, IndicatorKind.RESULTAT) if k not in kinds]
        if missing:
            what = " og ".join(k.label.lower() for k in missing)
            out.append(
                Nudge(
                    "missing_indicator_kind",
                    f"{name} mangler {what}. Avtalen ber om både prosess- og resultatindikatorer.",
                    AnchorKind.GOAL,
                    goal.id,
                    Section.LYKKES,
                )
            )
        for ind in sorted(goal.indicators, key=lambda i: i.position):
            lacks = []
            if ind.baseline_value is None:
                lacks.append("utgangsverdi")
            if ind.target_value is None:
                lacks.append("målverdi")
            if lacks:
                label = f"«{_short(ind.name)}»" if ind.name.strip() else "uten navn"
                out.append(
                    Nudge(
                        "indicator_incomplete",
                        f"Indikatoren {label} ({name.lower()}) mangler {' og '.join(lacks)}.",
                        AnchorKind.INDICATOR,
                        ind.id,
                        Section.LYKKES,
                    )
                )
    return out


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_remark_count(remarks: list[Remark]) -> int:
    return sum(1 for r in remarks if not r.resolved)


# --- values typed by users -------------------------------------------------------------------------

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
        raise ValidationError(f"«{shown}» er ikke et tall. Skriv for eksempel 12,5 eller 1 200.")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already rules this out
        raise ValidationError(f"«{shown}» er ikke et tall.") from exc
    return normalize_decimal(value)


def normalize_decimal(value: Decimal) -> Decimal:
    """One representation per number: no exponent, no trailing zeros (12.50 -> 12.5, 1E+2 -> 100)."""
    if not value.is_finite():
        raise ValidationError("Tallet må være endelig.")
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def format_decimal(value: Decimal | None) -> str:
    """Norwegian display: decimal comma, no thousands separator in editable fields."""
    if value is None:
        return ""
    return format(normalize_decimal(value), "f").replace(".", ",")


def check_text(value: str, field_label: str = "Teksten") -> str:
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"{field_label} er for lang ({len(value):,} tegn; høyst {MAX_TEXT_LENGTH:,}).".replace(",", " ")
        )
    if "\x00" in value:
        raise ValidationError(f"{field_label} inneholder et ugyldig tegn (NUL).")
    return value


def check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise ValidationError(f"Året {year} er utenfor det som kan brukes (2000–2100).")
    return year
