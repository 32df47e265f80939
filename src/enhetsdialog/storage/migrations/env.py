"""Alembic environment: always run with a connection handed in by storage.migrate."""

from alembic import context

from enhetsdialog.storage.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - we never run alembic from its own CLI
    raise RuntimeError("Enhetsdialog runs its migrations itself; use storage.migrate.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
