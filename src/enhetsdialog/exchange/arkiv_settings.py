"""Where the municipality's archive files the agreements: arkivdel and klassifikasjon, per municipality.

The archive decides these values (they are codes in *its* Noark 5 system); Enhetsdialog only carries
them into every arkivmelding. The defaults below let an export validate before anyone has set them,
and the export says so when it used them (docs/arkiv.md: set them with ``enhetsdialog
archive-settings set`` before the first delivery).

Pure and light: no lxml here, so the settings service can load it at start-up.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.i18n import N_, LazyText

MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ArchiveSettings:
    """The archive's codes for the agreements of one municipality (see the module docstring)."""

    arkivdel: str = "ENHETSAVTALER"
    arkivdel_beskrivelse: str = "Enhetsavtaler"
    klassifikasjonssystem: str = "ENHETSDIALOG"
    klasse: str = "ENHETSAVTALE"
    klasse_tittel: str = "Enhetsavtaler mellom enhet og tjenesteområde"
    journalenhet: str = ""  # optional: the archive's journal unit, when it wants one

    @property
    def is_default(self) -> bool:
        return self == DEFAULTS

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ArchiveSettings:
        """Stored settings; the defaults for what is missing or unreadable (never raises)."""
        if not text:
            return DEFAULTS
        try:
            data = json.loads(text)
        except ValueError:
            return DEFAULTS
        if not isinstance(data, dict):
            return DEFAULTS
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and isinstance(v, str)}
        return replace(DEFAULTS, **values)

    def changed(self, **values: Any) -> ArchiveSettings:
        """These settings with ``values`` (None: keep); ValidationError for a value the archive cannot take."""
        known = {f.name for f in fields(self)}
        unknown = set(values) - known
        if unknown:
            raise ValidationError(N_("Ukjent arkivinnstilling: {name}.", name=", ".join(sorted(unknown))))
        clean: dict[str, str] = {}
        for name, value in values.items():
            if value is None:
                continue
            text = " ".join(str(value).split())
            required = name != "journalenhet"
            if required and not text:
                raise ValidationError(N_("{label} kan ikke være tom.", label=LABELS[name]))
            if len(text) > MAX_LENGTH:
                raise ValidationError(
                    N_("{label} kan ha høyst {n} tegn.", label=LABELS[name], n=MAX_LENGTH)
                )
            if any(not c.isprintable() for c in text):
                raise ValidationError(N_("{label} kan ikke ha kontrolltegn.", label=LABELS[name]))
            clean[name] = text
        return replace(self, **clean)


DEFAULTS = ArchiveSettings()

LABELS: dict[str, LazyText] = {
    "arkivdel": N_("Arkivdel (kode)"),
    "arkivdel_beskrivelse": N_("Arkivdel (beskrivelse)"),
    "klassifikasjonssystem": N_("Klassifikasjonssystem"),
    "klasse": N_("Klasse (klasseID)"),
    "klasse_tittel": N_("Klasse (tittel)"),
    "journalenhet": N_("Journalenhet"),
}


def settings_key(municipality_id: str) -> str:
    """The key the settings are kept under in the database (one per municipality)."""
    return f"archive.settings.{municipality_id}"
