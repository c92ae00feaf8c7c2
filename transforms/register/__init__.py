"""The privacy register (control database): extraction watermarks, the audit chain, legal holds, retention
plans and approvals, the archive's keys and records, and the disposal journal.

SQLite by default (``DCN_CONTROL_DB_URL``), PostgreSQL in production. Every table is declared on ``METADATA`` in
``transforms.register.schema`` (one place to read what the register holds); each capability imports the tables
it uses from there and creates them with ``ensure_tables``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine, event
from sqlalchemy.engine import Engine

from transforms import settings

METADATA = MetaData()


@functools.lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        if engine.url.database and engine.url.database != ":memory:":
            Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # concurrent readers while a task writes
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

    return engine


def register_engine(url: str | None = None) -> Engine:
    """The register's engine (one per URL, shared by the process); default: ``DCN_CONTROL_DB_URL``."""
    return _engine(url or settings.control_db_url())


def ensure_tables(engine: Engine, *tables: Table) -> None:
    """Create these register tables (and their indexes and triggers) where they do not exist yet."""
    METADATA.create_all(engine, tables=list(tables), checkfirst=True)
