"""Create or migrate the receiver's schema with Alembic (migrations shipped in ``migrations``).

Alembic (SQLAlchemy's own migration tool, well kept) rather than hand-written SQL: the same
ordered, revisioned scripts run on SQLite (batch mode, since SQLite cannot alter columns)
and PostgreSQL; ``alembic_version`` records where a database stands. The receiver migrates
at start, under a lock, so two receivers starting together migrate once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .db import migration_lock

SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to ``revision`` (the latest by default); return where it stands."""
    with migration_lock(engine):
        with engine.begin() as conn:
            command.upgrade(_config(conn), revision)
    return current(engine)
