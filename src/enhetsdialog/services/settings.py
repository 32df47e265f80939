"""Settings: the user's own profile (who is writing: leader or director), keys kept in the
database, the archive's codes per municipality (arkivdel, klassifikasjon: ``archive_settings``) and
the languages (docs/i18n.md).

Languages: the municipality has a written language (``nb``, ``nn``; ``en`` for tests and guests),
kept in the database's ``setting`` table; its agreements' PDFs and reports are written in it. The
interface language is the user's own choice (``language`` in the profile file), else the
municipality's, else the system's; ``ENHETSDIALOG_LANG`` overrides it for one run
(:func:`enhetsdialog.i18n.resolve_language`).

The profile belongs to the person at this computer, not to the database (which may be shared or
copied between machines): it is a small JSON file in the user's configuration folder
(``paths.profile_path()``). A profile an earlier version kept in the database is read once as a
fallback and moved into the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.exchange.arkiv_settings import DEFAULTS, ArchiveSettings, settings_key
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import LANGUAGE_NAMES, LANGUAGES, N_, normalise, profile_language, resolve_language
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.files import write_atomic
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.repo import language_key
from enhetsdialog.storage.uow import UnitOfWork

_OLD_KEYS = ("profile.name", "profile.role", "profile.title")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    role: Role
    title: str = ""


class SettingsService(Service):
    def __init__(self, db: Database, profile_path: Path | None = None) -> None:
        super().__init__(db)
        self.profile_path = profile_path

    def profile(self) -> Profile | None:
        """Who is writing: from the user's profile file, else (once) from the database."""
        if self.profile_path is not None:
            found = _read_profile(self.profile_path)
            if found is not None:
                return found
        old = self._profile_in_database()
        if old is not None and self.profile_path is not None:
            self._write_file(old)
        return old

    @reads
    def _profile_in_database(self, uow: UnitOfWork) -> Profile | None:
        name, role, title = (uow.settings.get(k) for k in _OLD_KEYS)
        if not name or not role:
            return None
        try:
            return Profile(name=name, role=Role(role), title=title or "")
        except ValueError:
            return None

    def set_profile(self, name: str, role: Role | str, title: str = "") -> Changes:
        name = " ".join(name.split())
        if not name:
            raise ValidationError(N_("Skriv inn navnet ditt."))
        p = Profile(name=name, role=Role(role), title=title.strip())
        if self.profile_path is not None:
            self._write_file(p)
        else:
            self._save_in_database(p)
        return Changes(settings=True)

    def _write_file(self, p: Profile) -> None:
        assert self.profile_path is not None
        data = {**_read_json(self.profile_path), "name": p.name, "role": p.role.value, "title": p.title}
        self._write_json(data)

    def _write_json(self, data: dict[str, object]) -> None:
        assert self.profile_path is not None
        try:
            self.profile_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.profile_path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as e:
            raise ValidationError(
                N_("Kan ikke lagre profilen i «{path}»: {reason}.", path=str(self.profile_path), reason=os_error_text(e))
            ) from e

    # --- languages ---------------------------------------------------------------------------------

    def user_language(self) -> str | None:
        """The user's own choice of interface language (profile file), or None: follow the
        municipality's."""
        return None if self.profile_path is None else profile_language(self.profile_path)

    def set_user_language(self, code: str | None) -> Changes:
        """Choose the interface language for this user (``None``: follow the municipality's). Kept in
        the profile file; it applies from the next start."""
        if self.profile_path is None:
            raise ValidationError(N_("Språkvalget kan ikke lagres: programmet har ingen profilfil."))
        data = _read_json(self.profile_path)
        if code is None or code == "":
            data.pop("language", None)
        else:
            data["language"] = check_language(code)
        self._write_json(data)
        return Changes(settings=True)

    @reads
    def municipality_language(self, uow: UnitOfWork, municipality_id: str | None = None) -> str:
        """The written language of the municipality (the database's only one when not given):
        ``nb`` until it is set."""
        return written_language(uow, municipality_id)

    @writes
    def set_municipality_language(self, uow: UnitOfWork, municipality_id: str, code: str) -> Changes:
        """Set the municipality's written language (``nb``, ``nn`` or ``en``): the PDFs of its
        agreements are written in it from now on (signed PDFs stay as they were signed)."""
        self._municipality(uow, municipality_id)
        uow.settings.set(language_key(municipality_id), check_language(code))
        return Changes(settings=True)

    def interface_language(self) -> str:
        """The language the interface should speak: ``ENHETSDIALOG_LANG``, else the user's choice,
        else the municipality's, else the system's, else bokmål."""
        return resolve_language(user=self.user_language(), municipality=self.municipality_language())

    @writes
    def _save_in_database(self, uow: UnitOfWork, p: Profile) -> None:
        for key, value in zip(_OLD_KEYS, (p.name, p.role.value, p.title), strict=True):
            uow.settings.set(key, value)

    @reads
    def get(self, uow: UnitOfWork, key: str) -> str | None:
        return uow.settings.get(key)

    @writes
    def set(self, uow: UnitOfWork, key: str, value: str) -> Changes:
        uow.settings.set(key, value)
        return Changes(settings=True)


    # --- the archive's codes, per municipality (docs/arkiv.md) -------------------------------------------

    @reads
    def archive_settings(self, uow: UnitOfWork, municipality_id: str) -> ArchiveSettings:
        """Arkivdel and klassifikasjon for the municipality's agreements (the defaults until set)."""
        return ArchiveSettings.from_json(uow.settings.get(settings_key(municipality_id)))

    @writes
    def set_archive_settings(self, uow: UnitOfWork, municipality_id: str, values: Mapping[str, str | None]) -> Changes:
        """Change some of the archive settings (by field name; ``None``: keep); ValidationError leaves
        them as they were."""
        self._municipality(uow, municipality_id)
        current = ArchiveSettings.from_json(uow.settings.get(settings_key(municipality_id)))
        uow.settings.set(settings_key(municipality_id), current.changed(**values).to_json())
        return Changes(settings=True)

    @writes
    def reset_archive_settings(self, uow: UnitOfWork, municipality_id: str) -> Changes:
        self._municipality(uow, municipality_id)
        uow.settings.set(settings_key(municipality_id), DEFAULTS.to_json())
        return Changes(settings=True)

    @staticmethod
    def _municipality(uow: UnitOfWork, municipality_id: str) -> None:
        if municipality_id not in {m.id for m in uow.org.municipalities()}:
            raise NotFoundError(N_("Fant ikke kommunen {id}.", id=municipality_id))


def check_language(code: str) -> str:
    """``code`` as one of ``LANGUAGES``; one Norwegian line for anything else."""
    found = normalise(code)
    if found is None or code.strip().lower() not in LANGUAGES:
        raise ValidationError(
            N_(
                "Ukjent språk «{code}». Velg ett av disse: {choices}.",
                code=code,
                choices=", ".join(f"{c} ({LANGUAGE_NAMES[c]})" for c in LANGUAGES),
            )
        )
    return found


def written_language(uow: UnitOfWork, municipality_id: str | None = None) -> str:
    """The municipality's written language in this transaction (the only one when not given):
    ``nb`` until it is set."""
    mid = municipality_id or _only_municipality(uow)
    if mid is None:
        return "nb"
    return normalise(uow.settings.get(language_key(mid))) or "nb"


def _only_municipality(uow: UnitOfWork) -> str | None:
    found = uow.org.municipalities()
    return found[0].id if found else None


def _read_json(path: Path) -> dict[str, object]:
    """The profile file as a dict ({} when it is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_profile(path: Path) -> Profile | None:
    """The profile in ``path``; None when there is none or it cannot be read (then it is asked again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name, role = str(data["name"]).strip(), Role(data["role"])
        return Profile(name=name, role=role, title=str(data.get("title", ""))) if name else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
