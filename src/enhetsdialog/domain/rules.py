"""Rules of the domain: status transitions, freezing, nudges and value parsing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from enhetsdialog.domain.enums import AnchorKind, Direction, IndicatorKind, Section, Status
from enhetsdialog.domain.errors import DomainError, FrozenRevisionError
from enhetsdialog.domain.model import Content, Remark, Revision
from enhetsdialog.domain.values import (  # re-exported: the rules of values typed by users
    MAX_TEXT_LENGTH as MAX_TEXT_LENGTH,
)
from enhetsdialog.domain.values import check_text as check_text
from enhetsdialog.domain.values import check_year as check_year
from enhetsdialog.domain.values import format_decimal as format_decimal
from enhetsdialog.domain.values import normalize_decimal as normalize_decimal
from enhetsdialog.domain.values import parse_decimal as parse_decimal

MAX_GOALS_NUDGE = 5

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
            if target_on_wrong_side(ind.direction, ind.baseline_value, ind.target_value):
                label = f"«{_short(ind.name)}»" if ind.name.strip() else "uten navn"
                higher = ind.direction is Direction.HIGHER
                out.append(
                    Nudge(
                        "target_wrong_side",
                        f"Indikatoren {label} ({name.lower()}): målverdien {format_grouped(ind.target_value)} er "
                        f"{'lavere' if higher else 'høyere'} enn utgangsverdien "
                        f"{format_grouped(ind.baseline_value)}, men {ind.direction.label.lower()}. "
                        "Stemmer retningen?",
                        AnchorKind.INDICATOR,
                        ind.id,
                        Section.LYKKES,
                    )
                )
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


def target_on_wrong_side(direction: Direction, baseline: Decimal | None, target: Decimal | None) -> bool:
    """A target that would be a step back for the chosen direction (higher is better, but the
    target is below the baseline; or the other way round). Equal is fine: holding a level."""
    if baseline is None or target is None:
        return False
    return target < baseline if direction is Direction.HIGHER else target > baseline


def format_grouped(value: Decimal | None) -> str:
    """A number as Norwegians read it: digits grouped in threes by a no-break space, decimal comma,
    exact (``Decimal("1234.5")`` -> ``1 234,5``; ``parse_decimal`` reads it back)."""
    text = format_decimal(value)
    if not text:
        return text
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, comma, fraction = digits.partition(",")
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return sign + GROUP_SEPARATOR.join([whole, *groups]) + comma + fraction


GROUP_SEPARATOR = "\u00a0"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_remark_count(remarks: list[Remark]) -> int:
    return sum(1 for r in remarks if not r.resolved)


