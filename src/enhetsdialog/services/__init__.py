"""Use cases: what the GUI and the CLI call. One transaction per call; each returns Changes."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from enhetsdialog import paths
from enhetsdialog.services.agreements import AgreementService
from enhetsdialog.services.catalogue import CatalogueService
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.followup import FollowUpService
from enhetsdialog.services.org import OrgService
from enhetsdialog.services.remarks import RemarkService
from enhetsdialog.services.rollup import RollupService
from enhetsdialog.services.settings import Profile, SettingsService
from enhetsdialog.services.year_report import ReportService
from enhetsdialog.storage.database import Database

if TYPE_CHECKING:
    from enhetsdialog.services.archive import ArchiveService
    from enhetsdialog.services.exchange import ExchangeService
    from enhetsdialog.services.integrity import IntegrityService
    from enhetsdialog.services.signing import SigningService

__all__ = ["Changes", "Profile", "Services", "open_services"]


class Services:
    """All services over one database. Built once by the entry point and passed in, never global."""

    def __init__(
        self, db: Database, *, certificates_dir: Path | None = None, profile_path: Path | None = None
    ) -> None:
        self.db = db
        self.certificates_dir = certificates_dir
        self.agreements = AgreementService(db)
        self.catalogue = CatalogueService(db)
        self.org = OrgService(db)
        self.remarks = RemarkService(db)
        self.settings = SettingsService(db, profile_path)
        self.followup = FollowUpService(db, self.settings)
        self.rollup = RollupService(db)
        self.reports = ReportService(db, self.followup)

    # The PDF stack (ReportLab, pikepdf, pyHanko) and the package reader (zip, JSON Schema) load
    # only when a PDF is made or signed or a package moves, so that opening the app and the
    # headless commands stay fast.
    @cached_property
    def exchange(self) -> ExchangeService:
        # lazy: the exchange (jsonschema, packages) loads on first use, not at cold start
        from enhetsdialog.services.exchange import ExchangeService

        return ExchangeService(self.db)

    @cached_property
    def signing(self) -> SigningService:
        # lazy: signing (pyHanko, ~0.5 s) loads on first use, not at cold start
        from enhetsdialog.services.signing import SigningService

        return SigningService(self.db, self.certificates_dir)

    @cached_property
    def integrity(self) -> IntegrityService:
        # lazy: the integrity check (pyHanko) loads on first use
        from enhetsdialog.services.integrity import IntegrityService

        return IntegrityService(self.db)

    @cached_property
    def archive(self) -> ArchiveService:
        # lazy: the archive export (pyHanko, lxml) loads on first use
        from enhetsdialog.services.archive import ArchiveService

        return ArchiveService(self.db, self.signing, self.agreements)

    def close(self) -> None:
        self.db.close()


def open_services(
    path: Path | str,
    *,
    auto_backup: bool = True,
    backup_dir: Path | None = None,
    certificates_dir: Path | None = None,
    profile_path: Path | None = None,
) -> Services:
    """``profile_path``: where the user's profile is kept; by default beside the user's settings
    (``paths.profile_path()``), one per OS user."""
    if profile_path is None:
        profile_path = paths.profile_path()
    return Services(
        Database.open(path, auto_backup=auto_backup, backup_dir=backup_dir),
        certificates_dir=certificates_dir,
        profile_path=profile_path,
    )
