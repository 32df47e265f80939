"""Rules of the domain: status transitions, freezing, nudges and value parsing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from enhetsdialog.domain.enums import STATUS_LABELS, AnchorKind, Direction, IndicatorKind, Section, Status
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
from enhetsdialog.i18n import N_, LazyText, _, lazy_ngettext

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

# The buttons' words for each transition (``str(...)`` translates them when shown).
TRANSITION_ACTIONS: dict[tuple[Status, Status], LazyText] = {
    (Status.UTKAST, Status.TIL_DIALOG): N_("Del for dialog"),
    (Status.TIL_DIALOG, Status.UTKAST): N_("Trekk tilbake til utkast"),
    (Status.TIL_DIALOG, Status.I_DIALOG): N_("Start dialog"),
    (Status.I_DIALOG, Status.TIL_DIALOG): N_("Send tilbake til leder"),
    (Status.I_DIALOG, Status.ENIGHET): N_("Marker enighet"),
    (Status.ENIGHET, Status.I_DIALOG): N_("Gjenåpne dialogen"),
}

_FROZEN = N_("Revisjonen er signert og kan ikke endres. Lag en ny revisjon for å gjøre endringer.")


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
            N_(
                "Statusen kan ikke endres fra «{current}» til «{target}».",
                current=STATUS_LABELS[current],
                target=STATUS_LABELS[target],
            )
        )
    if frozen and target not in (Status.SIGNERT, Status.ARKIVERT):
        raise FrozenRevisionError(_FROZEN)
    if target is Status.ENIGHET and open_remarks > 0:
        raise DomainError(
            lazy_ngettext(
                "Det er {n} åpen merknad. Alle merknader må være løst før enighet.",
                "Det er {n} åpne merknader. Alle merknader må være løst før enighet.",
                open_remarks,
            )
        )



def ensure_editable(revision: Revision) -> None:
    if revision.frozen or revision.status in (Status.SIGNERT, Status.ARKIVERT):
        raise FrozenRevisionError(_FROZEN)


def can_sign(revision: Revision) -> None:
    if revision.status is not Status.ENIGHET:
        raise DomainError(
            N_(
                "Bare en avtale med status «{agreed}» kan signeres (denne har «{status}»).",
                agreed=STATUS_LABELS[Status.ENIGHET],
                status=STATUS_LABELS[revision.status],
            )
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
                _(
                    "Avtalen har {count} mål. Få og tydelige mål (høyst {most}) er lettere å lykkes med.",
                    count=len(goals),
                    most=MAX_GOALS_NUDGE,
                ),
                AnchorKind.SECTION,
                Section.HVOR.value,
                Section.HVOR,
            )
        )
    for n, goal in enumerate(goals, start=1):
        if goal.text.strip():
            name = _("Mål {n} «{text}»", n=n, text=_short(goal.text))  # TRANSLATORS: at the start of a sentence
            ref = _("mål {n} «{text}»", n=n, text=_short(goal.text))  # TRANSLATORS: inside a sentence
        else:
            name, ref = _("Mål {n}", n=n), _("mål {n}", n=n)
        if not goal.plan_goal_ids and not goal.sdgs:
            out.append(
                Nudge(
                    "no_upward_link",
                    _("{goal} er ikke knyttet til et plannivå eller et bærekraftsmål.", goal=name),
                    AnchorKind.GOAL,
                    goal.id,
                    Section.HVOR,
                )
            )
        kinds = {i.kind for i in goal.indicators}
        missing = [k for k in (IndicatorKind.PROSESS, IndicatorKind.RESULTAT) if k not in kinds]
        if missing:
            if len(missing) == 2:
                text = _(
                    "{goal} mangler prosessindikator og resultatindikator. "
                    "Avtalen ber om både prosess- og resultatindikatorer.",
                    goal=name,
                )
            elif missing[0] is IndicatorKind.PROSESS:
                text = _(
                    "{goal} mangler prosessindikator. Avtalen ber om både prosess- og resultatindikatorer.",
                    goal=name,
                )
            else:
                text = _(
                    "{goal} mangler resultatindikator. Avtalen ber om både prosess- og resultatindikatorer.",
                    goal=name,
                )
            out.append(
                Nudge(
                    "missing_indicator_kind",
                    text,
                    AnchorKind.GOAL,
                    goal.id,
                    Section.LYKKES,
                )
            )
        for ind in sorted(goal.indicators, key=lambda i: i.position):
            if target_on_wrong_side(ind.direction, ind.baseline_value, ind.target_value):
                label = _indicator_label(ind.name)
                values = {
                    "indicator": label,
                    "goal": ref,
                    "target": format_grouped(ind.target_value),
                    "baseline": format_grouped(ind.baseline_value),
                }
                if ind.direction is Direction.HIGHER:
                    text = _(
                        "Indikatoren {indicator} ({goal}): målverdien {target} er lavere enn utgangsverdien "
                        "{baseline}, men høyere er bedre. Stemmer retningen?",
                        **values,
                    )
                else:
                    text = _(
                        "Indikatoren {indicator} ({goal}): målverdien {target} er høyere enn utgangsverdien "
                        "{baseline}, men lavere er bedre. Stemmer retningen?",
                        **values,
                    )
                out.append(
                    Nudge(
                        "target_wrong_side",
                        text,
                        AnchorKind.INDICATOR,
                        ind.id,
                        Section.LYKKES,
                    )
                )
            no_baseline, no_target = ind.baseline_value is None, ind.target_value is None
            if no_baseline or no_target:
                label = _indicator_label(ind.name)
                if no_baseline and no_target:
                    text = _("Indikatoren {indicator} ({goal}) mangler utgangsverdi og målverdi.", indicator=label, goal=ref)
                elif no_baseline:
                    text = _("Indikatoren {indicator} ({goal}) mangler utgangsverdi.", indicator=label, goal=ref)
                else:
                    text = _("Indikatoren {indicator} ({goal}) mangler målverdi.", indicator=label, goal=ref)
                out.append(
                    Nudge(
                        "indicator_incomplete",
                        text,
                        AnchorKind.INDICATOR,
                        ind.id,
                        Section.LYKKES,
                    )
                )
    return out


def _indicator_label(name: str) -> str:
    return _("«{name}»", name=_short(name)) if name.strip() else _("uten navn")


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


