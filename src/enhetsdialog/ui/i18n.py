"""Qt-side helpers of the one translation module (:mod:`enhetsdialog.i18n`).

``tr`` is the older name of :func:`enhetsdialog.i18n._` used across ``ui/``; new code imports ``_``
(and ``ngettext``, ``pgettext``, ``N_``) from :mod:`enhetsdialog.i18n` directly.
"""

from __future__ import annotations

from enhetsdialog.i18n import _ as tr

__all__ = ["tr"]
