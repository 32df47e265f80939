"""Settings: the user's own profile (who is writing: leader or director) and keys kept in the
database.

The profile belongs to the person at this computer, not to the database (which may be shared or
copied between machines): it is a small JSON file in the user's configuration folder
(``paths.profile_path()``). A profile an earlier version kept in the database is read once as a
fallback and moved into the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.fileio import os_error_text
from enhetsdialog.i18n import N_
from enhetsdialog.services.base import Service, reads, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.files import write_atomic
from enhetsdialog.storage.database import Database
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
        data = {"name": p.name, "role": p.role.value, "title": p.title}
        try:
            self.profile_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.profile_path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as e:
            raise ValidationError(
                N_("Kan ikke lagre profilen i «{path}»: {reason}.", path=str(self.profile_path), reason=os_error_text(e))
            ) from e

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


def _read_profile(path: Path) -> Profile | None:
    """The profile in ``path``; None when there is none or it cannot be read (then it is asked again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name, role = str(data["name"]).strip(), Role(data["role"])
        return Profile(name=name, role=role, title=str(data.get("title", ""))) if name else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
