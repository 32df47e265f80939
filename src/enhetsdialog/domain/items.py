"""The item kinds of an agreement, declared once: per kind its dataclass, fields (declared on the
dataclass, see ``fields.py``), section, parent and names. Typed references and patches for the
services.

Adding a field to a kind means adding one ``item_field`` to its dataclass in ``model.py`` (and a
migration for the column); validation, storage, the canonical form, packages, comparison, undo and
the GUI's table columns follow from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from enhetsdialog.domain.enums import ItemKind, Section
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.fields import FieldSpec, Plain, field_specs
from enhetsdialog.domain.model import Activity, Content, Goal, Indicator, Participant, SupportNeed
from enhetsdialog.i18n import N_, LazyText, lazy_ngettext

__all__ = ["KINDS", "ItemKind", "ItemRef", "KindSpec", "Patch", "find_item", "items_of", "spec"]


@dataclass(frozen=True, slots=True)
class KindSpec:
    kind: ItemKind
    cls: type[Any]
    section: Section
    parent: ItemKind | None  # activities and indicators belong to a goal
    singular: LazyText  # «tiltak»
    title_field: str  # the field that names an item in a sentence («Tiltaket «…» er fjernet»)
    counted: LazyText  # «{n} tiltak», a lazy_ngettext: count() gives it its number
    fields: tuple[FieldSpec, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", field_specs(self.cls))

    @property
    def editable(self) -> tuple[FieldSpec, ...]:
        """The fields a user sets (and undo restores)."""
        return tuple(f for f in self.fields if f.editable)

    @property
    def columns(self) -> tuple[FieldSpec, ...]:
        """The fields shown as columns of the item's table."""
        return tuple(f for f in self.fields if f.editable and f.column)

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise ValidationError(N_("Feltet «{name}» finnes ikke her.", name=name))

    def count(self, n: int) -> LazyText:
        return LazyText(self.counted.message, plural=self.counted.plural, n=n, context=self.counted.context)

    def plain(self, item: Any) -> dict[str, Plain]:
        """The item's declared fields as stored/fingerprinted values."""
        return {f.name: f.to_plain(getattr(item, f.name)) for f in self.fields}

    def from_plain(self, values: Mapping[str, Any], **extra: Any) -> Any:
        """An item from stored values (``extra``: id, position ...)."""
        return self.cls(**{f.name: f.from_plain(values[f.name]) for f in self.fields}, **extra)


KINDS: dict[ItemKind, KindSpec] = {
    k.kind: k
    for k in (
        KindSpec(ItemKind.GOAL, Goal, Section.HVOR, None, N_("mål"), "text", lazy_ngettext("{n} mål", "{n} mål", 1)),
        KindSpec(ItemKind.ACTIVITY, Activity, Section.ENKLERE, ItemKind.GOAL, N_("tiltak"), "what",
                 lazy_ngettext("{n} tiltak", "{n} tiltak", 1)),
        KindSpec(ItemKind.INDICATOR, Indicator, Section.LYKKES, ItemKind.GOAL, N_("indikator"), "name",
                 lazy_ngettext("{n} indikator", "{n} indikatorer", 1)),
        KindSpec(ItemKind.SUPPORT_NEED, SupportNeed, Section.ENKLERE, None, N_("støttebehov"), "need",
                 lazy_ngettext("{n} støttebehov", "{n} støttebehov", 1)),
        KindSpec(ItemKind.PARTICIPANT, Participant, Section.SAMSKAPING, None, N_("deltaker"), "role",
                 lazy_ngettext("{n} deltaker", "{n} deltakere", 1)),
    )
}


def spec(kind: ItemKind | str) -> KindSpec:
    try:
        return KINDS[ItemKind(kind)]
    except ValueError:
        raise ValidationError(N_("Ukjent type element: {kind}.", kind=kind)) from None


# --- walking a revision's content ----------------------------------------------------------------


def items_of(content: Content, kind: ItemKind) -> Iterator[tuple[Any, str | None]]:
    """Every item of ``kind`` with the id of its goal (None for items that belong to the revision)."""
    if kind is ItemKind.GOAL:
        yield from ((g, None) for g in content.goals)
    elif kind is ItemKind.ACTIVITY:
        yield from ((a, g.id) for g in content.goals for a in g.activities)
    elif kind is ItemKind.INDICATOR:
        yield from ((i, g.id) for g in content.goals for i in g.indicators)
    elif kind is ItemKind.SUPPORT_NEED:
        yield from ((n, None) for n in content.support_needs)
    else:
        yield from ((p, None) for p in content.participants)


def find_item(content: Content, kind: ItemKind, item_id: str) -> tuple[Any, str | None] | None:
    """The item with ``item_id`` and the id of its goal (for activities and indicators)."""
    return next(((x, g) for x, g in items_of(content, kind) if x.id == item_id), None)


# --- what services take --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One item of one revision."""

    revision_id: str
    kind: ItemKind
    id: str


@dataclass(frozen=True, slots=True)
class Patch:
    """Values for some fields of one kind of item, already checked against the kind's declaration
    (domain values: Decimal, date, enums, int, str or None). Build it with :meth:`of`."""

    kind: ItemKind
    values: Mapping[str, Any]

    @classmethod
    def of(cls, kind: ItemKind | str, /, **values: Any) -> Patch:
        """Check and convert what a caller gives (domain values or text typed by a user)."""
        k = spec(kind)
        out: dict[str, Any] = {}
        for name, value in values.items():
            f = k.field(name)
            if not f.editable:
                raise ValidationError(N_("Feltet «{name}» finnes ikke her.", name=name))
            out[name] = f.coerce(value)
        return cls(k.kind, out)

    @classmethod
    def of_item(cls, kind: ItemKind, item: Any) -> Patch:
        """Every editable field of ``item`` (what undo puts back)."""
        return cls(kind, {f.name: getattr(item, f.name) for f in spec(kind).editable})

    def plain(self) -> dict[str, Plain]:
        k = spec(self.kind)
        return {name: k.field(name).to_plain(v) for name, v in self.values.items()}

    def __bool__(self) -> bool:
        return bool(self.values)
