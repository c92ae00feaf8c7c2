"""Incremental, chunked extraction of one practice system into canonical staging.

Per entity, a run takes the rows whose watermark lies in its window ``(lower, upper]``:

- ``timestamp`` watermarks: ``upper`` is the run's upper bound (its logical date) in the source's local time;
- ``id`` watermarks (append-only tables): ``upper`` is the highest id present when the window is opened.

``lower`` is the ``upper`` of the latest finished earlier window (none: a full load). The window is stored
in the privacy register the first time a run opens it; a re-run of the same run reuses it, writes the same
rows and replaces its partition, so there are no duplicates and no gaps. Rows stream from a server-side
cursor in chunks of ``chunk_size``; bad rows go to quarantine with a reason; nothing is dropped silently.

A database error while reading is raised as :class:`SourceReadError`, naming the source, the entity and the
error's type only: drivers put values in their messages ("... with text 'Jansen'"), and this message goes
to stderr and the Airflow task log. The driver's exception is not chained into the traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
from sqlalchemy import DateTime, Integer, bindparam, create_engine, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from transforms import register
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.config import ConfigError, raise_problems
from transforms.kernel.progress import progress
from transforms.kernel.timeutil import utc_naive, utc_now
from transforms.register.schema import EXTRACT_WINDOWS
from transforms.sources import staging
from transforms.sources.config import (
    EntityMapping,
    SourceMapping,
    check_against_database,
)
from transforms.sources.convert import canonical_schema, to_canonical
from transforms.sources.streaming import stream_frames

log = logging.getLogger(__name__)


class SourceReadError(RuntimeError):
    """Reading a source failed. The message names source, entity and error type, never a value."""


def _read_error(source: str, entity: str, exc: BaseException) -> SourceReadError:
    original = getattr(exc, "orig", None) or exc
    log.error("%s.%s: reading the source failed (%s)", source, entity, type(original).__name__)
    return SourceReadError(
        f"{source}.{entity}: reading the source failed ({type(exc).__name__}: "
        f"{type(original).__name__}); details withheld, a driver's message can hold values"
    )


@dataclass
class EntityReport:
    entity: str
    rows: int
    quarantined: int
    window: tuple[str | None, str]
    reasons: dict[str, int] = field(default_factory=dict)  # column and problem kind -> count; no values
    seconds: float = 0.0


@dataclass
class SourceReport:
    source: str
    run_key: str
    entities: list[EntityReport]

    @property
    def rows(self) -> int:
        return sum(e.rows for e in self.entities)

    @property
    def quarantined(self) -> int:
        return sum(e.quarantined for e in self.entities)

    def summary(self) -> dict:
        """Counts only: safe for logs and XCom."""
        return {
            "source": self.source,
            "run_key": self.run_key,
            "rows": self.rows,
            "quarantined": self.quarantined,
            "entities": {
                e.entity: {"rows": e.rows, "quarantined": e.quarantined, "reasons": e.reasons} for e in self.entities
            },
        }


def _quote(engine: Engine, name: str) -> str:
    return engine.dialect.identifier_preparer.quote(name)


def _origin(engine: Engine, mapping: EntityMapping) -> str:
    return _quote(engine, mapping.table) if mapping.table else f"({mapping.query})"


def _open_window(
    register_engine: Engine,
    engine: Engine,
    source: SourceMapping,
    entity: str,
    mapping: EntityMapping,
    key: str,
    upper_bound: dt.datetime,
) -> tuple[str | None, str]:
    """The run's window for one entity: the stored one on a re-run, else a new one after the last done."""
    w = EXTRACT_WINDOWS.c
    with register_engine.begin() as conn:
        existing = conn.execute(
            select(w.lower_bound, w.upper_bound).where(w.source == source.name, w.entity == entity, w.run_key == key)
        ).first()
        if existing:
            return existing.lower_bound, existing.upper_bound
        previous = conn.execute(
            select(w.upper_bound)
            .where(w.source == source.name, w.entity == entity, w.status == "done", w.run_key < key)
            .order_by(w.run_key.desc())
            .limit(1)
        ).scalar()
        if mapping.watermark.kind == "timestamp":
            local = upper_bound.astimezone(ZoneInfo(source.timezone)).replace(tzinfo=None)
            upper = local.isoformat(sep=" ")
        else:
            with engine.connect() as src:
                column = _quote(engine, mapping.watermark.column)
                top = src.execute(text(f"SELECT MAX(src.{column}) FROM {_origin(engine, mapping)} AS src")).scalar()
            upper = str(int(top) if top is not None else 0)
            if previous is not None and int(previous) > int(upper):
                upper = previous  # the table shrank (retention): nothing new, keep the mark
        conn.execute(
            EXTRACT_WINDOWS.insert().values(
                source=source.name,
                entity=entity,
                run_key=key,
                kind=mapping.watermark.kind,
                lower_bound=previous,
                upper_bound=upper,
                status="open",
                opened_at=utc_naive(utc_now()),
            )
        )
    return previous, upper


def _close_window(register_engine: Engine, source: str, entity: str, key: str, rows: int, quarantined: int) -> None:
    w = EXTRACT_WINDOWS.c
    with register_engine.begin() as conn:
        conn.execute(
            EXTRACT_WINDOWS.update()
            .where(w.source == source, w.entity == entity, w.run_key == key)
            .values(status="done", rows=rows, quarantined=quarantined, finished_at=utc_naive(utc_now()))
        )


def _window_query(engine: Engine, mapping: EntityMapping, key_column: str, lower: str | None, upper: str):
    quoted = [f"src.{_quote(engine, c)}" for c in mapping.source_columns()]
    wm = f"src.{_quote(engine, mapping.watermark.column)}"
    conditions = [f"({wm} <= :upper OR {wm} IS NULL)"]
    if lower is not None:
        conditions.append(f"{wm} > :lower")
    if mapping.where:
        conditions.append(f"({mapping.where})")
    sql = (
        f"SELECT {', '.join(quoted)} FROM {_origin(engine, mapping)} AS src WHERE {' AND '.join(conditions)} "
        f"ORDER BY {wm}, src.{_quote(engine, key_column)}"
    )
    if mapping.watermark.kind == "timestamp":
        params = {"upper": dt.datetime.fromisoformat(upper)}
        binds = [bindparam("upper", type_=DateTime())]
        if lower is not None:
            params["lower"] = dt.datetime.fromisoformat(lower)
            binds.append(bindparam("lower", type_=DateTime()))
    else:
        params = {"upper": int(upper)}
        binds = [bindparam("upper", type_=Integer())]
        if lower is not None:
            params["lower"] = int(lower)
            binds.append(bindparam("lower", type_=Integer()))
    return text(sql).bindparams(*binds), params


def extract_entity(
    engine: Engine,
    register_engine: Engine,
    source: SourceMapping,
    model: CanonicalModel,
    entity_name: str,
    key: str,
    upper_bound: dt.datetime,
    data_root: Path | None = None,
) -> EntityReport:
    started = time.monotonic()
    entity = model.entity(entity_name)
    mapping = source.entities[entity_name]
    lower, upper = _open_window(register_engine, engine, source, entity_name, mapping, key, upper_bound)
    key_column = mapping.columns[entity.key].column
    statement, params = _window_query(engine, mapping, key_column, lower, upper)
    writer = staging.PartitionWriter(
        staging.partition_dir(source.name, entity_name, key, data_root), canonical_schema(entity)
    )
    quarantine: staging.PartitionWriter | None = None
    reasons: Counter[str] = Counter()
    quarantined = 0
    bar = progress(f"extract {source.name}.{entity_name}", unit="rows")
    try:
        for frame in stream_frames(engine, statement, params, source.chunk_size):
            converted = to_canonical(frame, entity, mapping, source.name)
            writer.write(converted.good)
            if len(converted.bad):
                if quarantine is None:
                    quarantine = staging.PartitionWriter(
                        staging.quarantine_dir(source.name, entity_name, key, data_root),
                        pa.schema([pa.field(c, pa.string()) for c in converted.bad.columns]),
                        "rows.parquet",
                    )
                quarantine.write(pa.Table.from_pandas(converted.bad, preserve_index=False))
                quarantined += len(converted.bad)
                reasons.update(converted.bad["_reason"])
            bar.advance(len(frame))  # counts only: the bar or the task log never sees a value
        manifest = {
            "source": source.name,
            "entity": entity_name,
            "run_key": key,
            "watermark_kind": mapping.watermark.kind,
            "lower_bound": lower,
            "upper_bound": upper,
            "quarantined": quarantined,
            "canonical_model_version": model.version,
        }
        writer.commit(manifest)
        if quarantine is not None:
            quarantine.commit({"source": source.name, "entity": entity_name, "run_key": key})
        else:  # a re-run that now finds no bad rows must not leave the earlier attempt's quarantine behind
            stale = staging.quarantine_dir(source.name, entity_name, key, data_root)
            if stale.exists():
                shutil.rmtree(stale)
    except BaseException as exc:
        bar.close()
        writer.abort()
        if quarantine is not None:
            quarantine.abort()
        if isinstance(exc, (DBAPIError, UnicodeError)):
            raise _read_error(source.name, entity_name, exc) from None
        raise
    bar.close()
    _close_window(register_engine, source.name, entity_name, key, writer.rows, quarantined)
    report = EntityReport(
        entity_name, writer.rows, quarantined, (lower, upper), dict(reasons), round(time.monotonic() - started, 3)
    )
    log.info(
        "extracted %s.%s run=%s: %d rows, %d quarantined",
        source.name,
        entity_name,
        key,
        report.rows,
        report.quarantined,
    )
    return report


def extract_source(
    source: SourceMapping,
    url: str,
    upper_bound: dt.datetime,
    *,
    data_root: Path | None = None,
    register_url: str | None = None,
    entities: Iterable[str] | None = None,
    model: CanonicalModel | None = None,
) -> SourceReport:
    """Extract every mapped entity of one source for the run ending at ``upper_bound`` (timezone-aware).

    Checks the mapping against the live schema first and refuses to start if anything is missing.
    """
    model = model or load_model()
    key = staging.run_key(upper_bound)
    engine = create_engine(url)
    try:
        names = list(entities) if entities is not None else list(source.entities)
        unknown = [n for n in names if n not in source.entities]
        if unknown:
            raise ConfigError(f"{source.name}: not mapped: {', '.join(unknown)}")
        raise_problems(
            source.path or source.name, check_against_database(source, engine, names), "does not fit the database: "
        )
        register_engine = register.register_engine(register_url)
        register.ensure_tables(register_engine, EXTRACT_WINDOWS)
        reports = [
            extract_entity(engine, register_engine, source, model, name, key, upper_bound, data_root) for name in names
        ]
    finally:
        engine.dispose()
    return SourceReport(source.name, key, reports)
