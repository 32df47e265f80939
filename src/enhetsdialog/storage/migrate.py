"""Alembic, run programmatically at open (imported only when a migration is needed)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def alembic_config(connection: Any | None = None) -> Config:
    cfg = Config()
    location = resources.files("enhetsdialog.storage") / "migrations"
    cfg.set_main_option("script_location", str(location))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade_to_head(connection: Any) -> None:
    command.upgrade(alembic_config(connection), "head")


def script_revisions() -> list[str]:
    """All revisions of the shipped scripts, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]
