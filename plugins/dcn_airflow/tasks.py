"""What DAG tasks do, in a few lines each: resolve Airflow inputs, call ``transforms``, return counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL


def sqlalchemy_url(connection: Any) -> str:
    """A SQLAlchemy URL from an Airflow Connection.

    ``extra.sqlalchemy_url`` wins when set (any engine, including SQLite files); otherwise the URL is
    built from the connection's fields for the engines the pipeline supports.
    """
    extra = connection.extra_dejson or {}
    if extra.get("sqlalchemy_url"):
        return extra["sqlalchemy_url"]
    drivers = {
        "postgres": "postgresql+psycopg2",
        "postgresql": "postgresql+psycopg2",
        "mysql": "mysql+pymysql",
        "mariadb": "mysql+pymysql",
    }
    if connection.conn_type == "sqlite":
        return f"sqlite:///{connection.host}"
    if connection.conn_type not in drivers:
        raise ValueError(
            f"connection {connection.conn_id!r}: type {connection.conn_type!r} is not supported; "
            f"use one of {', '.join(sorted(drivers))} or sqlite, or set extra.sqlalchemy_url"
        )
    return URL.create(
        drivers[connection.conn_type],
        username=connection.login or None,
        password=connection.password or None,
        host=connection.host or None,
        port=connection.port or None,
        database=connection.schema or None,
    ).render_as_string(hide_password=False)


def source_connections(*, missing_ok: bool = False) -> tuple[dict[str, str], dict[str, Path]]:
    """SQLAlchemy URLs of every source (its Connection, ``dcn_source_<name>``), and where each keeps its files
    (Connection extra ``media_root``). ``missing_ok``: a source without a Connection is left out (the caller
    reads it from the staging) instead of failing the task."""
    from airflow.sdk import BaseHook

    from transforms.sources.config import load_sources

    urls: dict[str, str] = {}
    media: dict[str, Path] = {}
    for source in load_sources():
        try:
            connection = BaseHook.get_connection(source.connection_id)
        except Exception:  # noqa: BLE001 - no such Connection
            if missing_ok:
                continue
            raise
        urls[source.name] = sqlalchemy_url(connection)
        if (connection.extra_dejson or {}).get("media_root"):
            media[source.name] = Path(connection.extra_dejson["media_root"])
    return urls, media


def run_upper_bound(context: dict) -> dt.datetime:
    """The moment a run extracts up to: its logical date, or when it was triggered (manual/asset runs)."""
    override = (context.get("params") or {}).get("as_of")
    if override:
        moment = dt.datetime.fromisoformat(override)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    moment = context.get("logical_date") or context["dag_run"].run_after
    return dt.datetime.fromtimestamp(moment.timestamp(), tz=dt.timezone.utc)


def extract_one_source(source_name: str, context: dict) -> dict:
    from airflow.sdk import BaseHook

    from transforms.sources.config import get_source
    from transforms.sources.extract import extract_source

    source = get_source(source_name)
    url = sqlalchemy_url(BaseHook.get_connection(source.connection_id))
    return extract_source(source, url, run_upper_bound(context)).summary()


def validate_staging_run(summaries: list[dict]) -> dict:
    """Run the source quality gate on the run's partitions; raises when a fail-level check fails."""
    from transforms.quality.source import validate_source_run
    from transforms.sources.staging import single_run_key

    return validate_source_run(single_run_key(summaries)).summary()


def record_staging_run(summaries: list[dict], quality: dict | None = None) -> dict:
    """Write the run manifest (counts per source and entity, the gate's counts): the library's
    ``write_run_manifest``, the same the CLI ``extract`` calls."""
    from transforms.sources.staging import write_run_manifest

    written = write_run_manifest(summaries, quality)
    return {**written, "quality_quarantined": (quality or {}).get("rows_quarantined", 0)}
