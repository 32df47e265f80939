"""The one translation function for every string a user sees.

Source strings are written in Norwegian bokmål, the language users see. ``tr`` is the single seam
where another language (e.g. nynorsk) can be plugged in later by filling ``_CATALOGUE``; until then it
returns the source text, formatted with the given values.
"""

from __future__ import annotations

from typing import Any

_CATALOGUE: dict[str, str] = {}


def tr(text: str, /, **values: Any) -> str:
    """Translate ``text`` and fill ``{name}`` placeholders from ``values``."""
    translated = _CATALOGUE.get(text, text)
    return translated.format(**values) if values else translated


def install_catalogue(catalogue: dict[str, str]) -> None:
    """Replace the active catalogue (source text -> translated text)."""
    _CATALOGUE.clear()
    _CATALOGUE.update(catalogue)
