"""Follow-up during the year: measured values per indicator and the year-end assessment per goal.
Allowed on signed revisions: they record what happened, they do not change what was agreed."""

from __future__ import annotations

import re
from decimal import Decimal

from enhetsdialog.domain.enums import Assessment, ItemKind
from enhetsdialog.domain.errors import NotFoundError, ValidationError
from enhetsdialog.domain.rules import check_text, normalize_decimal, parse_decimal
from enhetsdialog.i18n import N_
from enhetsdialog.services.base import Service, writes
from enhetsdialog.services.changes import Changes
from enhetsdialog.storage.uow import UnitOfWork

_PERIOD = re.compile(r"^\d{4}(-(T[1-3]|Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$")


class FollowUpService(Service):
    @writes
    def record_measurement(
        self, uow: UnitOfWork, revision_id: str, indicator_id: str, period: str, value: Decimal | str, comment: str = ""
    ) -> Changes:
        period = period.strip().upper()
        if not _PERIOD.match(period):
            raise ValidationError(N_("Perioden skrives som 2027, 2027-T1, 2027-Q2, 2027-H1 eller 2027-03."))
        dec = parse_decimal(value) if isinstance(value, str) else normalize_decimal(value)
        if dec is None:
            raise ValidationError(N_("Skriv inn en målt verdi."))
        check_text(comment, "Kommentaren")
        if not uow.followup.has_item(revision_id, ItemKind.INDICATOR, indicator_id):
            raise NotFoundError(N_("Fant ikke indikatoren."))
        mid = uow.followup.record_measurement(revision_id, indicator_id, period, dec, comment)
        return Changes(followup=frozenset({revision_id}), created=mid)

    @writes
    def remove_measurement(self, uow: UnitOfWork, measurement_id: str) -> Changes:
        rid = uow.followup.remove_measurement(measurement_id)
        if rid is None:
            raise NotFoundError(N_("Fant ikke målingen."))
        return Changes(followup=frozenset({rid}))

    @writes
    def assess_goal(
        self, uow: UnitOfWork, revision_id: str, goal_id: str, assessment: Assessment | str, reflection: str = ""
    ) -> Changes:
        a = Assessment(assessment)
        check_text(reflection, "Refleksjonen")
        if not uow.followup.has_item(revision_id, ItemKind.GOAL, goal_id):
            raise NotFoundError(N_("Fant ikke målet."))
        uow.followup.set_assessment(revision_id, goal_id, a, reflection)
        return Changes(followup=frozenset({revision_id}))
