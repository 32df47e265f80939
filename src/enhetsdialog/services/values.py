"""The municipality's own values and their guiding text, carried by the plan catalogue.

«Åpen, kompetent, modig» are Trondheim kommune's values; other municipalities have their own. A
catalogue may carry up to three (``"values"``, docs/plankatalog.md); step 2 asks what each means in
practice. The agreement keeps the answers in its three value fields, in the catalogue's order. A
catalogue without ``"values"`` changes nothing; with none imported, Trondheim's are shown (the demo
catalogue carries them too).

They are kept in the setting table (``catalogue.values``, JSON), with the municipality the catalogue
names (``catalogue.municipality``), so no migration is needed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import N_, _
from enhetsdialog.storage import repo
from enhetsdialog.storage.uow import UnitOfWork

VALUES_KEY = repo.VALUES_KEY
MUNICIPALITY_KEY = "catalogue.municipality"
VALUE_FIELDS = ("value_open", "value_competent", "value_brave")  # the agreement's three answers, in order
MAX_VALUES = len(VALUE_FIELDS)


@dataclass(frozen=True, slots=True)
class Value:
    name: str  # «Åpen»
    question: str = ""  # the guiding text under the name: «Hvordan deler vi, inviterer med og sier ifra?»
    example: str = ""  # shown in the empty field: «For eksempel: …»


@dataclass(frozen=True, slots=True)
class MunicipalValues:
    values: tuple[Value, ...]
    intro: str = ""  # the guide of the card: «Hva betyr åpen, kompetent og modig hos oss …?»
    municipality: str = ""  # whose values these are
    default: bool = False  # no catalogue has said: Trondheim's

    def fields(self) -> list[tuple[str, Value]]:
        """(answer field, value) for each value, in order."""
        return list(zip(VALUE_FIELDS, self.values, strict=False))


def trondheim() -> MunicipalValues:
    """Trondheim kommune's values (the fallback and the demo), in the current language."""
    return MunicipalValues(
        values=(
            Value(_("Åpen"), _("Hvordan deler vi, inviterer med og sier ifra?"),
                  _("For eksempel: Vi deler planene tidlig med foreldre og ansatte …")),
            Value(_("Kompetent"), _("Hvilken kompetanse bygger vi, og hvordan lærer vi av hverandre?"),
                  _("For eksempel: Lærende møter hver uke der vi deler erfaringer …")),
            Value(_("Modig"), _("Hva betyr det å være modig hos oss?"),
                  _("For eksempel: Vi sier ja til å prøve, og vi tør å stoppe det som ikke virker …")),
        ),
        intro=_("Hva betyr åpen, kompetent og modig hos oss – i det vi faktisk gjør sammen?"),
        municipality="Trondheim kommune",
        default=True,
    )


def _text(d: dict[str, Any], key: str, where: str, limit: int, *, required: bool = False) -> str:
    v = d.get(key, "")
    if not isinstance(v, str) or (required and not v.strip()):
        raise ValidationError(N_("{where}: «{key}» mangler eller er ikke tekst.", where=where, key=key))
    if len(v) > limit:
        raise ValidationError(N_("{where}: «{key}» er for lang (høyst {limit} tegn).", where=where, key=key, limit=limit))
    return v.strip()


def parse_values(data: dict[str, Any]) -> MunicipalValues | None:
    """The catalogue's ``"values"``, checked; None when it has none (an older catalogue)."""
    raw = data.get("values")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        raise ValidationError(N_("«values» skal ha en liste «items» med verdiene."))
    items = raw["items"]
    if not 1 <= len(items) <= MAX_VALUES:
        raise ValidationError(N_("«values» skal ha fra 1 til {n} verdier (har {m}).", n=MAX_VALUES, m=len(items)))
    values = []
    for n, item in enumerate(items, start=1):
        where = _("Verdi {n}", n=n)
        if not isinstance(item, dict):
            raise ValidationError(N_("{where} har feil form.", where=where))
        values.append(Value(_text(item, "name", where, 60, required=True), _text(item, "question", where, 500),
                            _text(item, "example", where, 500)))
    if len({v.name.casefold() for v in values}) != len(values):
        raise ValidationError(N_("«values» har samme verdi flere ganger."))
    municipality = data.get("municipality")
    return MunicipalValues(tuple(values), intro=_text(raw, "intro", "values", 500),
                           municipality=municipality if isinstance(municipality, str) else "")


def store(uow: UnitOfWork, values: MunicipalValues) -> None:
    doc = {"values": [asdict(v) for v in values.values], "intro": values.intro, "municipality": values.municipality}
    uow.settings.set(VALUES_KEY, json.dumps(doc, ensure_ascii=False))


def load(uow: UnitOfWork) -> MunicipalValues:
    raw = uow.settings.get(VALUES_KEY)
    if raw:
        try:
            doc = json.loads(raw)
            values = tuple(Value(str(v["name"]), str(v.get("question", "")), str(v.get("example", "")))
                           for v in doc["values"][:MAX_VALUES])
            if values:
                return MunicipalValues(values, intro=str(doc.get("intro", "")),
                                       municipality=str(doc.get("municipality", "")))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged setting shows the fallback, never an error
    return trondheim()


def same_municipality(a: str, b: str) -> bool:
    """«Fjordby kommune» and «fjordby» are the same municipality."""
    def norm(s: str) -> str:
        return " ".join(s.casefold().split()).removesuffix(" kommune").removesuffix(" kommune")

    return norm(a) == norm(b)
