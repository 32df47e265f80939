"""How the agreement's shape is declared: the fields of an item and the free-text answers.

Every field of an item kind (``model.Goal``, ``model.Indicator`` ...) is declared once, where the
dataclass declares its attribute, with :func:`item_field`: its type, its label ids (the column
heading and the noun a sentence uses), whether a user edits it, and how a comparison shows it. The
free-text answers of a revision are declared on ``model.Content`` with :func:`answer` (label and
section). Everything else - validation of typed input, the database columns and row mapping, the
canonical form and the package codec, the comparison, undo and the GUI's table columns - is derived
from these declarations (see ``domain/items.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from enhetsdialog.domain.enums import Section
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.values import (
    check_text,
    normalize_decimal,
    parse_date,
    parse_decimal,
    parse_year,
)
from enhetsdialog.i18n import N_, LazyText

EnumType = type[StrEnum]
_ITEM = "enhetsdialog.item_field"
_ANSWER = "enhetsdialog.answer"

Plain = str | int | None  # what a field is in the database and in the canonical JSON


class FieldType(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # several lines
    DECIMAL = "decimal"  # exact number, typed as Norwegians do (12,5)
    YEAR = "year"
    DATE = "date"
    ENUM = "enum"  # one value of ``FieldSpec.enum``
    REF = "ref"  # an id the app sets (never typed), e.g. the goal a copied goal came from


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of an item kind, with everything the layers need to know about it."""

    name: str
    type: FieldType
    label: LazyText  # column heading, e.g. «Mål» for the target value
    noun: LazyText  # how a sentence names it, e.g. «målverdi»
    default: Any
    enum: EnumType | None = None
    optional: bool = False  # an enum that may be empty
    hint: LazyText | None = None  # a tooltip: what to type
    placeholder: LazyText | None = None
    column: bool = True  # shown as a column of the item's table
    editable: bool = True  # a user sets it (else the app does)
    show_change: bool = False  # comparisons say "from X to Y", not just "changed"
    added: bool = False  # added after content format 1: left out of the canonical form while it
    # has its default, so that the fingerprints of earlier content stay what they were

    @property
    def nullable(self) -> bool:
        """Whether the stored value may be NULL."""
        return self.type in (FieldType.DECIMAL, FieldType.YEAR, FieldType.DATE, FieldType.REF) or self.optional

    def coerce(self, value: Any) -> Any:
        """What a caller gives (a domain value, or text as a user typed it) as a domain value, or
        ValidationError with one line saying what is expected."""
        name = str(self.noun)
        t = self.type
        if t in (FieldType.TEXT, FieldType.LONG_TEXT):
            if not isinstance(value, str):
                raise ValidationError(N_("Feltet «{field}» må være tekst.", field=name))
            return check_text(value, name.capitalize())
        if t is FieldType.DECIMAL:
            if value is None or isinstance(value, str):
                return parse_decimal(value)
            if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
                return normalize_decimal(Decimal(value))
            raise ValidationError(N_("Feltet «{field}» må være et tall.", field=name))
        if t is FieldType.YEAR:
            if isinstance(value, bool) or not isinstance(value, (int, str, type(None))):
                raise ValidationError(N_("Feltet «{field}» må være et årstall.", field=name))
            return parse_year(value, name.capitalize())
        if t is FieldType.DATE:
            if not isinstance(value, (date, str, type(None))):
                raise ValidationError(N_("Feltet «{field}» må være en dato.", field=name))
            return parse_date(value)
        if t is FieldType.ENUM:
            assert self.enum is not None
            if value in (None, "") and self.optional:
                return None
            try:
                return self.enum(value.value if isinstance(value, StrEnum) else value)
            except ValueError:
                allowed = ", ".join(str(e.value) for e in self.enum)
                raise ValidationError(
                    N_("«{value}» er ikke en gyldig verdi for {field} (gyldige: {allowed}).",
                       value=value, field=name, allowed=allowed)
                ) from None
        if value is not None and not isinstance(value, str):
            raise ValidationError(N_("Ugyldig verdi for {field}.", field=name))
        return value

    def to_plain(self, value: Any) -> Plain:
        """The domain value as it is stored and fingerprinted (exact decimal text, ISO dates)."""
        if value is None:
            return None
        t = self.type
        if t is FieldType.DECIMAL:
            return format(normalize_decimal(value), "f")
        if t is FieldType.DATE:
            return str(value.isoformat())
        if t is FieldType.ENUM:
            return str(value.value)
        if t is FieldType.YEAR:
            return int(value)
        return str(value)

    def from_plain(self, plain: Any) -> Any:
        """A stored or received value back as a domain value; ValidationError if it has the wrong form."""
        t = self.type
        if t in (FieldType.TEXT, FieldType.LONG_TEXT):
            if not isinstance(plain, str):
                raise ValidationError(N_("Feltet «{key}» skal være tekst.", key=self.name))
            return plain
        if plain is None:
            if t is FieldType.ENUM and not self.optional:
                raise ValidationError(N_("Feltet «{key}» mangler en verdi.", key=self.name))
            return None
        if t is FieldType.DECIMAL:
            if not isinstance(plain, str):
                raise ValidationError(N_("Et tall i avtalen har feil form."))
            try:
                return normalize_decimal(Decimal(plain))
            except ValidationError:
                raise
            except Exception:
                raise ValidationError(N_("«{value}» er ikke et gyldig tall.", value=plain)) from None
        if t is FieldType.YEAR:
            if not isinstance(plain, int) or isinstance(plain, bool):
                raise ValidationError(N_("Et heltall i avtalen har feil form."))
            return plain
        if t is FieldType.DATE:
            if plain == "":
                return None
            return date.fromisoformat(plain)
        if t is FieldType.ENUM:
            assert self.enum is not None
            if plain == "" and self.optional:
                return None
            return self.enum(plain)
        if not isinstance(plain, str):
            raise ValidationError(N_("Feltet «{key}» skal være tekst.", key=self.name))
        return plain


@dataclass(frozen=True, slots=True)
class _Declared:
    type: FieldType
    label: LazyText
    noun: LazyText
    options: dict[str, Any]


def item_field(
    type: FieldType,
    label: LazyText,
    noun: LazyText,
    *,
    default: Any = None,
    enum: EnumType | None = None,
    **options: Any,
) -> Any:
    """Declare one field of an item dataclass (see :class:`FieldSpec` for ``options``)."""
    if default is None and type in (FieldType.TEXT, FieldType.LONG_TEXT):
        default = ""
    return dataclasses.field(
        default=default, metadata={_ITEM: _Declared(type, label, noun, {"enum": enum, **options})}
    )


def field_specs(cls: type) -> tuple[FieldSpec, ...]:
    """The declared fields of an item dataclass, in declaration order."""
    out = []
    for f in dataclasses.fields(cls):
        d = f.metadata.get(_ITEM)
        if d is not None:
            out.append(FieldSpec(f.name, d.type, d.label, d.noun, f.default, **d.options))
    return tuple(out)


# --- the free-text answers of a revision ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """A free-text answer of a revision (``Content.challenges`` ...): its label and its section."""

    name: str
    label: LazyText
    section: Section


def answer(label: LazyText, section: Section) -> Any:
    """Declare a free-text answer on ``Content``."""
    return dataclasses.field(default="", metadata={_ANSWER: (label, section)})


def answers_of(cls: type) -> tuple[Answer, ...]:
    return tuple(
        Answer(f.name, *f.metadata[_ANSWER]) for f in dataclasses.fields(cls) if _ANSWER in f.metadata
    )
