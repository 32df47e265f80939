"""Settings kept in the database: the user's profile (who is writing: leader or director)."""

from __future__ import annotations

from dataclasses import dataclass

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    role: Role
    title: str = ""


class SettingsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def profile(self) -> Profile | None:
        with self.db.read() as s:
            name = repo.get_setting(s, "profile.name")
            role = repo.get_setting(s, "profile.role")
            title = repo.get_setting(s, "profile.title") or ""
        if not name or not role:
            return None
        return Profile(name=name, role=Role(role), title=title)

    def set_profile(self, name: str, role: Role | str, title: str = "") -> Changes:
        name = " ".join(name.split())
        if not name:
            raise ValidationError("Skriv inn navnet ditt.")
        with self.db.write() as s:
            repo.set_setting(s, "profile.name", name)
            repo.set_setting(s, "profile.role", Role(role).value)
            repo.set_setting(s, "profile.title", title.strip())
        return Changes(settings=True)

    def get(self, key: str) -> str | None:
        with self.db.read() as s:
            return repo.get_setting(s, key)

    def set(self, key: str, value: str) -> Changes:
        with self.db.write() as s:
            repo.set_setting(s, key, value)
        return Changes(settings=True)
