"""The JSON Schema of an agreement package's agreement.json (and manifest), completed from the
domain's declaration of the items' fields and the free-text answers, and its check with one line
of bokmål for the first thing wrong.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.fields import FieldSpec, FieldType
from enhetsdialog.domain.items import spec as kind_spec
from enhetsdialog.domain.model import TEXT_FIELDS
from enhetsdialog.exchange.errors import PackageError
from enhetsdialog.exchange.package_types import SCHEMA_RESOURCE, refuse
from enhetsdialog.i18n import N_, LazyText, Text


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of agreement.json (with the manifest's under ``$defs/manifest``). The items'
    fields and the free-text answers are filled in from the domain's declaration, so that a field
    declared there is accepted here; the shipped file documents format 1 (a test keeps them equal)."""
    text = resources.files("enhetsdialog").joinpath("resources", "schema", SCHEMA_RESOURCE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return declared_schema(loaded)


def _field_schema(f: FieldSpec) -> dict[str, Any]:
    if f.type is FieldType.ENUM:
        assert f.enum is not None
        return {"enum": [e.value for e in f.enum] + ([None] if f.optional else [])}
    ref = {
        FieldType.TEXT: "text",
        FieldType.LONG_TEXT: "text",
        FieldType.DECIMAL: "decimal_or_null",
        FieldType.YEAR: "year_or_null",
        FieldType.DATE: "date_or_null",
        FieldType.REF: "uuid_or_null",
    }[f.type]
    return {"$ref": f"#/$defs/{ref}"}


def _declare(obj: dict[str, Any], kind: ItemKind) -> None:
    """Set the declared fields of ``kind`` on the object schema of its items (other properties, such
    as a goal's links and lists, stay as the file has them)."""
    fields = kind_spec(kind).fields
    names = {f.name for f in fields}
    props: dict[str, Any] = obj["properties"]
    others = {k: v for k, v in props.items() if k not in names and k not in ("id", "position")}
    obj["properties"] = {"id": props["id"], "position": props["position"],
                         **{f.name: _field_schema(f) for f in fields}, **others}
    obj["required"] = ["id", "position", *(f.name for f in fields if not f.added),
                       *(k for k in obj["required"] if k in others)]


def declared_schema(document: dict[str, Any]) -> dict[str, Any]:
    defs = document["$defs"]
    goal = defs["goal"]
    _declare(goal, ItemKind.GOAL)
    _declare(goal["properties"]["activities"]["items"], ItemKind.ACTIVITY)
    _declare(goal["properties"]["indicators"]["items"], ItemKind.INDICATOR)
    content = defs["canonical"]["properties"]["content"]
    _declare(content["properties"]["support_needs"]["items"], ItemKind.SUPPORT_NEED)
    _declare(content["properties"]["participants"]["items"], ItemKind.PARTICIPANT)
    lists = {k: v for k, v in content["properties"].items() if k not in TEXT_FIELDS}
    content["properties"] = {**{name: {"$ref": "#/$defs/text"} for name in TEXT_FIELDS}, **lists}
    content["required"] = [*TEXT_FIELDS, *(k for k in content["required"] if k in lists)]
    return document


@cache
def validator(definition: str | None) -> Any:
    """A validator for the whole document (None) or for one of its ``$defs``."""
    # imported here: jsonschema is needed only when a package is read
    try:
        from jsonschema import Draft202012Validator
    except ImportError:  # pragma: no cover - a broken installation
        raise PackageError(
            N_("Avtalepakker kan ikke leses: programmet mangler modulen jsonschema. Installer Enhetsdialog på nytt.")
        ) from None

    full = schema()
    if definition is None:
        return Draft202012Validator(full)
    return Draft202012Validator({"$schema": full["$schema"], "$defs": full["$defs"], "$ref": f"#/$defs/{definition}"})


_SCHEMA_REASONS: dict[str, LazyText] = {
    "type": N_("har feil type"),
    "enum": N_("har en ukjent verdi"),
    "const": N_("har en ukjent verdi"),
    "required": N_("mangler et felt"),
    "additionalProperties": N_("har et ukjent felt"),
    "pattern": N_("har feil form"),
    "propertyNames": N_("har et ugyldig navn"),
    "maxLength": N_("er for lang"),
    "minLength": N_("er tom"),
    "maxItems": N_("har for mange elementer"),
    "minItems": N_("har for få elementer"),
    "maxProperties": N_("har for mange felt"),
    "maximum": N_("er for stor"),
    "minimum": N_("er for liten"),
    "uniqueItems": N_("har like elementer flere ganger"),
    "anyOf": N_("har feil type eller form"),
}


def check_schema(validator: Any, document: Any, member: str) -> None:
    error = next(iter(validator.iter_errors(document)), None)
    if error is None:
        return
    where: Text = "/".join(str(p) for p in error.absolute_path) or N_("(roten)")
    reason = _SCHEMA_REASONS.get(str(error.validator), N_("er ikke slik formatet krever"))
    if error.validator == "required" and error.validator_value:
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        if missing:
            reason = N_("mangler feltet «{name}»", name=missing[0])
    # TRANSLATORS: {reason} is one of the schema reasons above («har feil type», «mangler et felt» ...)
    raise refuse(N_("{member}: «{where}» {reason}", member=member, where=where, reason=reason))
