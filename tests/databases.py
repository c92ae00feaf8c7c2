"""Real database servers for integration tests: each call creates a fresh database and drops it after.

PostgreSQL (127.0.0.1:5432, user postgres) and MariaDB (127.0.0.1:3306, root) are expected on CI and on
the developers' machines; where one is absent the test is skipped with the reason, not failed.
Override with DCN_TEST_POSTGRES_URL / DCN_TEST_MARIADB_URL (server URLs without a database).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES = os.environ.get("DCN_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
MARIADB = os.environ.get("DCN_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/mysql")


@contextlib.contextmanager
def fresh_database(server_url: str, label: str) -> Iterator[str]:
    """Create ``dcn_test_<random>`` on the server, yield its URL, drop it afterwards."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server means: skip
        admin.dispose()
        pytest.skip(f"{label} not reachable at {make_url(server_url).render_as_string()}: {type(exc).__name__}")
    name = f"dcn_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            if admin.dialect.name == "postgresql":
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@contextlib.contextmanager
def register_database(kind: str, folder: Path) -> Iterator[str]:
    """A privacy register's URL: a SQLite file in ``folder`` (``kind`` "sqlite") or a fresh PostgreSQL database
    ("postgresql"), whose shared engine is disposed before the database is dropped."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'register.db'}"
        return
    from transforms import register

    with fresh_database(POSTGRES, "PostgreSQL") as url:
        yield url
        register.register_engine(url).dispose()
