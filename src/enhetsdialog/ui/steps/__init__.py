"""The steps of the leader's guided agreement, in the order of the four questions."""

from __future__ import annotations

from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.steps.cocreation import CocreationStep
from enhetsdialog.ui.steps.easier import EasierStep
from enhetsdialog.ui.steps.how import HowStep
from enhetsdialog.ui.steps.success import SuccessStep
from enhetsdialog.ui.steps.summary import SummaryStep
from enhetsdialog.ui.steps.where import WhereStep

STEPS: tuple[type[StepPage], ...] = (WhereStep, HowStep, EasierStep, SuccessStep, CocreationStep, SummaryStep)

__all__ = ["STEPS", "StepPage"]
