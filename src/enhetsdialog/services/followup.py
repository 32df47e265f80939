"""Follow-up during the year: measured values per indicator and the year-end assessment per goal.
Allowed on signed revisions: they record what happened, they do not change what was agreed."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import and_, delete, insert, select, update

from enhetsdialog.domain.enums import Assessment
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.model import new_id
from enhetsdialog.domain.rules import check_text, normalize_decimal, parse_decimal
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage import repo
from enhetsdialog.storage.database import Database

_PERIOD = re.compile(r"^\d{4}(-(T[1-3]|Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$")


class FollowUpService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record_measurement(
        self, revision_id: str, indicator_id: str, period: str, value: Decimal | str, comment: str = ""
    ) -> Changes:
        period = period.strip().upper()
        if not _PERIOD.match(period):
            raise ValidationError("Perioden skrives som 2027, 2027-T1, 2027-Q2, 2027-H1 eller 2027-03.")
        dec = parse_decimal(value) if isinstance(value, str) else normalize_decimal(value)
        if dec is None:
            raise ValidationError("Skriv inn en målt verdi.")
        check_text(comment, "Kommentaren")
        with self.db.write() as s:
            found = s.execute(
                select(repo.INDICATOR.c.id).where(
                    and_(repo.INDICATOR.c.revision_id == revision_id, repo.INDICATOR.c.id == indicator_id)
                )
            ).scalar()
            if found is None:
                raise NotFoundError("Fant ikke indikatoren.")
            existing = s.execute(
                select(repo.MEASUREMENT.c.id).where(
                    and_(
                        repo.MEASUREMENT.c.revision_id == revision_id,
                        repo.MEASUREMENT.c.indicator_id == indicator_id,
                        repo.MEASUREMENT.c.period == period,
                    )
                )
            ).scalar()
            values = {"value": repo.dec_to_db(dec), "comment": comment, "recorded_at": repo.now_iso()}
            if existing:
                s.execute(update(repo.MEASUREMENT).where(repo.MEASUREMENT.c.id == existing).values(**values))
                mid = str(existing)
            else:
                mid = new_id()
                s.execute(
                    insert(repo.MEASUREMENT).values(
                        id=mid, revision_id=revision_id, indicator_id=indicator_id, period=period, **values
                    )
                )
        return Changes(followup=frozenset({revision_id}), created=mid)

    def remove_measurement(self, measurement_id: str) -> Changes:
        with self.db.write() as s:
            rid = s.execute(select(repo.MEASUREMENT.c.revision_id).where(repo.MEASUREMENT.c.id == measurement_id)).scalar()
            if rid is None:
                raise NotFoundError("Fant ikke målingen.")
            s.execute(delete(repo.MEASUREMENT).where(repo.MEASUREMENT.c.id == measurement_id))
        return Changes(followup=frozenset({str(rid)}))

    def assess_goal(
        self, revision_id: str, goal_id: str, assessment: Assessment | str, reflection: str = ""
    ) -> Changes:
        a = Assessment(assessment)
        check_text(reflection, "Refleksjonen")
        with self.db.write() as s:
            found = s.execute(
                select(repo.GOAL.c.id).where(and_(repo.GOAL.c.revision_id == revision_id, repo.GOAL.c.id == goal_id))
            ).scalar()
            if found is None:
                raise NotFoundError("Fant ikke målet.")
            s.execute(
                delete(repo.ASSESSMENT).where(
                    and_(repo.ASSESSMENT.c.revision_id == revision_id, repo.ASSESSMENT.c.goal_id == goal_id)
                )
            )
            s.execute(
                insert(repo.ASSESSMENT).values(
                    id=new_id(),
                    revision_id=revision_id,
                    goal_id=goal_id,
                    assessment=a.value,
                    reflection=reflection,
                    assessed_at=repo.now_iso(),
                )
            )
        return Changes(followup=frozenset({revision_id}))
