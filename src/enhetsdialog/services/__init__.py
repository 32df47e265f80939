"""Use cases: what the GUI and the CLI call. One transaction per call; each returns Changes."""

from __future__ import annotations

from pathlib import Path

from enhetsdialog.services.agreements import AgreementService
from enhetsdialog.services.catalogue import CatalogueService
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.followup import FollowUpService
from enhetsdialog.services.org import OrgService
from enhetsdialog.services.remarks import RemarkService
from enhetsdialog.services.settings import Profile, SettingsService
from enhetsdialog.storage.database import Database

__all__ = ["Changes", "Profile", "Services", "open_services"]


class Services:
    """All services over one database. Built once by the entry point and passed in, never global."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.agreements = AgreementService(db)
        self.catalogue = CatalogueService(db)
        self.org = OrgService(db)
        self.remarks = RemarkService(db)
        self.followup = FollowUpService(db)
        self.settings = SettingsService(db)

    def close(self) -> None:
        self.db.close()


def open_services(path: Path | str, *, auto_backup: bool = True, backup_dir: Path | None = None) -> Services:
    return Services(Database.open(path, auto_backup=auto_backup, backup_dir=backup_dir))
