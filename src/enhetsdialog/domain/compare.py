"""Compare two revisions item by item: this year with last year, revision n with n-1, unit A with B.

Items are matched by their identity first (ids are stable across revisions of one agreement), then
goals by ``origin_id`` (a goal copied forward to next year remembers the goal it came from), then
activities, indicators and support needs by their text inside matched goals. When no goal matches by
id or origin at all - two different units - goals are matched by their place in the list, and the
descriptions say so. Pure: no storage, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from enhetsdialog import i18n
from enhetsdialog.domain.enums import ItemKind, Section
from enhetsdialog.domain.fields import FieldSpec
from enhetsdialog.domain.items import KINDS, spec
from enhetsdialog.domain.matching import match, match_origin, moved_indexes, norm, ordered, position_key
from enhetsdialog.domain.model import (
    ANSWERS,
    TEXT_FIELDS,
    Activity,
    Goal,
    Indicator,
    Participant,
    PlanGoal,
    Revision,
    SupportNeed,
)
from enhetsdialog.domain.rules import format_decimal
from enhetsdialog.domain.sdg import sdg_label
from enhetsdialog.i18n import N_, LazyText, _


class DiffKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between revision ``a`` (before) and ``b`` (after)."""

    kind: DiffKind
    item_kind: ItemKind | None  # None: one of the free-text answers
    a_id: str | None  # the item in a (for text fields: the field name); None when added
    b_id: str | None  # the item in b; None when removed
    section: Section
    description: str  # one line, in the language current when compare() ran
    fields: tuple[str, ...] = ()  # the fields that changed (kind "changed")
    by_position: bool = False  # matched by place in the list, not by identity

    @property
    def subject(self) -> str:
        """What differs, as a stable word: an item kind's value, or ``text`` for a free-text answer."""
        return "text" if self.item_kind is None else self.item_kind.value


SECTION_ORDER: dict[Section, int] = {s: i for i, s in enumerate(Section)}

# Labels, sections and field lists come from the declarations (domain/model.py, domain/items.py).
TEXT_LABELS: dict[str, LazyText] = {a.name: a.label for a in ANSWERS}
TEXT_SECTIONS: dict[str, Section] = {a.name: a.section for a in ANSWERS}
FIELD_LABELS: dict[str, LazyText] = {
    "plan_goal_ids": N_("koblingene til planmål"),
    "sdgs": N_("bærekraftsmålene"),
    **{f.name: f.noun for k in KINDS.values() for f in k.editable},
}


def _fields(kind: ItemKind) -> tuple[FieldSpec, ...]:
    return spec(kind).editable


# --- small helpers ------------------------------------------------------------------------------------


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    if value is None or value == "":
        return _("(tom)")
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, date):
        return i18n.format_date(value)
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    return str(value)


def _changes(a: Any, b: Any, fields: Sequence[FieldSpec]) -> tuple[list[str], list[str]]:
    """Changed field names and their descriptions."""
    changed: list[str] = []
    parts: list[str] = []
    for f in fields:
        name = f.name
        va, vb = getattr(a, name), getattr(b, name)
        if va == vb:
            continue
        changed.append(name)
        label = f.noun
        if f.show_change:
            parts.append(_("{field} endret fra {old} til {new}", field=label, old=_show(va), new=_show(vb)))
        else:
            parts.append(_("{field} endret", field=label))
    return changed, parts


# --- the comparison -------------------------------------------------------------------------------------


class _Comparer:
    def __init__(self, a: Revision, b: Revision, plan_goals: Mapping[str, PlanGoal] | None) -> None:
        self.a, self.b = a, b
        self.plan_goals = plan_goals or {}
        self.out: list[Difference] = []
        self.a_goals = ordered(a.content.goals)
        self.b_goals = ordered(b.content.goals)
        self.a_goal_no = {g.id: n for n, g in enumerate(self.a_goals, start=1)}
        self.b_goal_no = {g.id: n for n, g in enumerate(self.b_goals, start=1)}
        # activities/indicators not matched inside their goal pair: (goal, item), per kind
        self.unpaired_a: set[str] = set()
        self.unpaired_b: set[str] = set()
        self.gone: dict[ItemKind, list[tuple[Goal, Any]]] = {ItemKind.ACTIVITY: [], ItemKind.INDICATOR: []}
        self.new: dict[ItemKind, list[tuple[Goal, Any]]] = {ItemKind.ACTIVITY: [], ItemKind.INDICATOR: []}

    def add(self, d: Difference) -> None:
        self.out.append(d)

    def run(self) -> list[Difference]:
        self.texts()
        self.goals()
        self.support_needs()
        self.participants()
        return sorted(self.out, key=lambda d: SECTION_ORDER[d.section])  # stable: keeps the walk's order

    # texts
    def texts(self) -> None:
        for name in TEXT_FIELDS:
            va, vb = getattr(self.a.content, name), getattr(self.b.content, name)
            if va == vb:
                continue
            label = TEXT_LABELS[name]
            if not va.strip():
                kind, what = DiffKind.ADDED, _("{answer}: tekst er lagt til.", answer=label)
            elif not vb.strip():
                kind, what = DiffKind.REMOVED, _("{answer}: teksten er fjernet.", answer=label)
            else:
                kind, what = DiffKind.CHANGED, _("{answer}: teksten er endret.", answer=label)
            self.add(Difference(kind, None, name, name, TEXT_SECTIONS[name], what, (name,)))

    # goals
    def goal_name(self, g: Goal, side: str, *, start: bool = True) -> str:
        n = (self.a_goal_no if side == "a" else self.b_goal_no)[g.id]
        if g.text.strip():
            if start:
                return _("Mål {n} «{text}»", n=n, text=_short(g.text))
            return _("mål {n} «{text}»", n=n, text=_short(g.text))
        return _("Mål {n}", n=n) if start else _("mål {n}", n=n)

    def goals(self) -> None:
        pairs, gone, new = match(self.a_goals, self.b_goals, [lambda g: g.id])
        # a's goal X was copied forward to b's goal Y: Y.origin_id == X.id
        more, gone, new = match_origin(gone, new)
        pairs += [(x, y, 1) for x, y in more]
        unrelated = not pairs and bool(self.a_goals) and bool(self.b_goals)
        if unrelated:  # different agreements: the same wording, else the same place in the list
            found, gone, new = match(
                gone, new, [lambda g: norm(g.text) or None, position_key(self.a_goals, self.b_goals)]
            )
            pairs = [(x, y, 2 + how) for x, y, how in found]
        moved = moved_indexes([(x, y) for x, y, _ in pairs], self.a_goals, self.b_goals) if not unrelated else set()
        for i, (ga, gb, how) in enumerate(pairs):
            by_position = how == 3
            if i in moved:
                self.add(
                    Difference(
                        DiffKind.MOVED, ItemKind.GOAL, ga.id, gb.id, Section.HVOR,
                        _("{goal} er flyttet (var mål {old}).", goal=self.goal_name(gb, "b"), old=self.a_goal_no[ga.id]),
                    )
                )
            self.goal_changes(ga, gb, by_position)
        self.unpaired_a = {g.id for g in gone}
        self.unpaired_b = {g.id for g in new}
        for g in gone:
            self.add(Difference(DiffKind.REMOVED, ItemKind.GOAL, g.id, None, Section.HVOR, _removed(self.goal_name(g, "a"))))
        for g in new:
            self.add(Difference(DiffKind.ADDED, ItemKind.GOAL, None, g.id, Section.HVOR, _added(self.goal_name(g, "b"))))
        self.moved_between_goals()

    def goal_changes(self, ga: Goal, gb: Goal, by_position: bool) -> None:
        changed, parts = _changes(ga, gb, _fields(ItemKind.GOAL))
        pa, pb = set(ga.plan_goal_ids), set(gb.plan_goal_ids)
        if pa != pb:
            changed.append("plan_goal_ids")
            parts += [_("kobling til planmål {plan_goal} lagt til", plan_goal=self.plan_goal_label(p)) for p in sorted(pb - pa)]
            parts += [_("kobling til planmål {plan_goal} fjernet", plan_goal=self.plan_goal_label(p)) for p in sorted(pa - pb)]
        sa, sb = set(ga.sdgs), set(gb.sdgs)
        if sa != sb:
            changed.append("sdgs")
            parts += [_("bærekraftsmål {sdg} lagt til", sdg=sdg_label(n)) for n in sorted(sb - sa)]
            parts += [_("bærekraftsmål {sdg} fjernet", sdg=sdg_label(n)) for n in sorted(sa - sb)]
        if changed:
            name = self.goal_name(gb, "b")
            if by_position:
                what = _(
                    "{goal}, sammenlignet etter plassering med {other}: {changes}.",
                    goal=name,
                    other=self.goal_name(ga, "a", start=False),
                    changes="; ".join(parts),
                )
            else:
                what = _("{item}: {changes}.", item=name, changes="; ".join(parts))
            self.add(
                Difference(
                    DiffKind.CHANGED, ItemKind.GOAL, ga.id, gb.id, Section.HVOR,
                    what, tuple(changed), by_position,
                )
            )
        self.items(
            ga, gb, ga.activities, gb.activities, ItemKind.ACTIVITY, _fields(ItemKind.ACTIVITY), Section.ENKLERE,
            lambda x: norm(x.what) or None,
        )
        self.items(
            ga, gb, ga.indicators, gb.indicators, ItemKind.INDICATOR, _fields(ItemKind.INDICATOR), Section.LYKKES,
            lambda x: norm(x.name) or None,
        )

    def plan_goal_label(self, plan_goal_id: str) -> str:
        pg = self.plan_goals.get(plan_goal_id)
        if pg is None:
            return plan_goal_id[:8]
        return _("«{name}»", name=_short(f"{pg.code} {pg.text}".strip(), 60))

    def items(
        self,
        ga: Goal,
        gb: Goal,
        a_items: Sequence[Any],
        b_items: Sequence[Any],
        item_kind: ItemKind,
        names: Sequence[FieldSpec],
        section: Section,
        text_key: Callable[[Any], Any],
    ) -> None:
        """Activities or indicators of one pair of goals, matched by id, then by text."""
        a_sorted, b_sorted = ordered(a_items), ordered(b_items)
        pairs, gone, new = match(a_sorted, b_sorted, [lambda x: x.id, text_key])
        goal_b = _("mål {n}", n=self.b_goal_no[gb.id])
        moved = moved_indexes([(x, y) for x, y, _n in pairs], a_sorted, b_sorted)
        for i, (xa, xb, _n) in enumerate(pairs):
            item = _subject(xb) if _has_title(xb) or not _has_title(xa) else _subject(xa)
            if i in moved:
                self.add(
                    Difference(
                        DiffKind.MOVED, item_kind, xa.id, xb.id, section,
                        _("{item} ({goal}) har fått en ny plass i rekkefølgen.", item=item, goal=goal_b),
                    )
                )
            changed, parts = _changes(xa, xb, names)
            if changed:
                self.add(
                    Difference(
                        DiffKind.CHANGED, item_kind, xa.id, xb.id, section,
                        _("{item} ({goal}): {changes}.", item=item, goal=goal_b, changes=", ".join(parts)),
                        tuple(changed),
                    )
                )
        self.gone[item_kind] += [(ga, x) for x in gone]
        self.new[item_kind] += [(gb, x) for x in new]

    def moved_between_goals(self) -> None:
        """What was not matched inside its goal: moved to another goal (same id, or same text), else
        removed or added. Items of goals that were removed or added go with their goal."""
        paired_a = {g.id for g in self.a_goals} - {gid for gid in self.unpaired_a}
        paired_b = {g.id for g in self.b_goals} - {gid for gid in self.unpaired_b}
        for item_kind, names, section, field_name in (
            (ItemKind.ACTIVITY, _fields(ItemKind.ACTIVITY), Section.ENKLERE, "what"),
            (ItemKind.INDICATOR, _fields(ItemKind.INDICATOR), Section.LYKKES, "name"),
        ):
            gone = self.gone[item_kind] + [(g, x) for g in self.a_goals if g.id not in paired_a for x in ordered(_items_of(g, item_kind))]
            new = self.new[item_kind] + [(g, x) for g in self.b_goals if g.id not in paired_b for x in ordered(_items_of(g, item_kind))]
            pairs, gone_left, new_left = match(gone, new, [lambda p: p[1].id, _text_of_pair(field_name)])
            for (ga, xa), (gb, xb), _n in pairs:
                item = _subject(xb)
                self.add(
                    Difference(
                        DiffKind.MOVED, item_kind, xa.id, xb.id, section,
                        _(
                            "{item} er flyttet fra {old_goal} til {new_goal}.",
                            item=item,
                            old_goal=self.goal_name(ga, "a", start=False),
                            new_goal=self.goal_name(gb, "b", start=False),
                        ),
                    )
                )
                changed, parts = _changes(xa, xb, names)
                if changed:
                    self.add(
                        Difference(
                            DiffKind.CHANGED, item_kind, xa.id, xb.id, section,
                            _(
                                "{item} ({goal}): {changes}.",
                                item=item,
                                goal=_("mål {n}", n=self.b_goal_no[gb.id]),
                                changes=", ".join(parts),
                            ),
                            tuple(changed),
                        )
                    )
            for g, x in gone_left:
                if g.id in paired_a:
                    what = _("{item} ({goal}) er fjernet.", item=_subject(x), goal=_("mål {n}", n=self.a_goal_no[g.id]))
                    self.add(Difference(DiffKind.REMOVED, item_kind, x.id, None, section, what))
            for g, x in new_left:
                if g.id in paired_b:
                    what = _("{item} ({goal}) er lagt til.", item=_subject(x), goal=_("mål {n}", n=self.b_goal_no[g.id]))
                    self.add(Difference(DiffKind.ADDED, item_kind, None, x.id, section, what))

    # revision-level lists
    def support_needs(self) -> None:
        self.flat(
            self.a.content.support_needs, self.b.content.support_needs, ItemKind.SUPPORT_NEED, _fields(ItemKind.SUPPORT_NEED),
            Section.ENKLERE, lambda x: (x.area, norm(x.need)),
        )

    def participants(self) -> None:
        self.flat(
            self.a.content.participants, self.b.content.participants, ItemKind.PARTICIPANT, _fields(ItemKind.PARTICIPANT),
            Section.SAMSKAPING, lambda x: (norm(x.role), norm(x.name)),
        )

    def flat(
        self,
        a_items: Sequence[Any],
        b_items: Sequence[Any],
        item_kind: ItemKind,
        names: Sequence[FieldSpec],
        section: Section,
        text_key: Callable[[Any], Any],
    ) -> None:
        a_sorted, b_sorted = ordered(a_items), ordered(b_items)
        pairs, gone, new = match(a_sorted, b_sorted, [lambda x: x.id, text_key])
        moved = moved_indexes([(x, y) for x, y, _n in pairs], a_sorted, b_sorted)
        for i, (xa, xb, _n) in enumerate(pairs):
            item = _subject(xb)
            if i in moved:
                what = _("{item} har fått en ny plass i rekkefølgen.", item=item)
                self.add(Difference(DiffKind.MOVED, item_kind, xa.id, xb.id, section, what))
            changed, parts = _changes(xa, xb, names)
            if changed:
                what = _("{item}: {changes}.", item=item, changes=", ".join(parts))
                self.add(Difference(DiffKind.CHANGED, item_kind, xa.id, xb.id, section, what, tuple(changed)))
        for x in gone:
            self.add(Difference(DiffKind.REMOVED, item_kind, x.id, None, section, _removed(_subject(x))))
        for x in new:
            self.add(Difference(DiffKind.ADDED, item_kind, None, x.id, section, _added(_subject(x))))


def _text_of_pair(field_name: str) -> Callable[[tuple[Goal, Any]], str | None]:
    return lambda p: norm(getattr(p[1], field_name)) or None


def _items_of(g: Goal, kind: ItemKind) -> list[Any]:
    return list(g.activities) if kind is ItemKind.ACTIVITY else list(g.indicators)


def _removed(item: str) -> str:
    return _("{item} er fjernet.", item=item)


def _added(item: str) -> str:
    return _("{item} er lagt til.", item=item)


def _title(x: Any) -> str:
    if isinstance(x, Activity):
        return x.what
    if isinstance(x, Indicator):
        return x.name
    if isinstance(x, SupportNeed):
        return x.need
    if isinstance(x, Participant):
        return " ".join(p for p in (x.role, x.name) if p.strip())
    return ""


def _has_title(x: Any) -> bool:
    return bool(_title(x).strip())


def _subject(x: Any) -> str:
    """The item as the subject of a sentence: «Tiltaket «Ukentlige møter»», «Indikatoren», ..."""
    title = _short(_title(x)) if _has_title(x) else ""
    if isinstance(x, Activity):
        return _("Tiltaket «{text}»", text=title) if title else _("Tiltaket")
    if isinstance(x, Indicator):
        return _("Indikatoren «{text}»", text=title) if title else _("Indikatoren")
    if isinstance(x, SupportNeed):
        area = x.area.label
        if title:
            return _("Behovet for støtte ({area}) «{text}»", area=area, text=title)
        return _("Behovet for støtte ({area})", area=area)
    if isinstance(x, Participant):
        return _("Deltakeren «{text}»", text=title) if title else _("Deltakeren")
    return ""


def compare(a: Revision, b: Revision, *, plan_goals: Mapping[str, PlanGoal] | None = None) -> list[Difference]:
    """The differences from ``a`` (before) to ``b`` (after), in the agreement's order of sections.

    ``plan_goals`` (optional) gives names to links to plan goals in the descriptions."""
    return _Comparer(a, b, plan_goals).run()
