"""The unit of work: one transaction and the repositories that work inside it.

Services never see a session; they get a :class:`UnitOfWork` from ``services/base.py`` (one per
service call, or the caller's when calls are composed) and use its repositories, whose methods are
named for what they do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy.orm import Session

from enhetsdialog.storage.agreements import AgreementRepo, PackageRepo
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.exchange_merge_rows import MergeRepo
from enhetsdialog.storage.exchange_state import ExchangeStateRepo
from enhetsdialog.storage.followup import FollowUpRepo
from enhetsdialog.storage.org import CatalogueRepo, OrgRepo
from enhetsdialog.storage.remarks import RemarkRepo, SettingsRepo
from enhetsdialog.storage.rollup import RollupRepo


class UnitOfWork:
    """Repositories over one open transaction (read-only or read-write)."""

    def __init__(self, session: Session, *, writable: bool) -> None:
        self.session = session  # for the modules that still call storage functions with it (archive)
        self.writable = writable
        self.agreements = AgreementRepo(session)
        self.packages = PackageRepo(session)
        self.remarks = RemarkRepo(session)
        self.followup = FollowUpRepo(session)
        self.org = OrgRepo(session)
        self.catalogue = CatalogueRepo(session)
        self.settings = SettingsRepo(session)
        self.rollup = RollupRepo(session)
        self.exchange = ExchangeStateRepo(session)
        self.merge = MergeRepo(session)


@contextlib.contextmanager
def reading(db: Database) -> Iterator[UnitOfWork]:
    with db.read() as s:
        yield UnitOfWork(s, writable=False)


@contextlib.contextmanager
def writing(db: Database) -> Iterator[UnitOfWork]:
    with db.write() as s:
        yield UnitOfWork(s, writable=True)
