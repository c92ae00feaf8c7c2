"""Shared fixtures: both vendors' practice systems extracted once; each test validates its own copy."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.practice import build_practice
from transforms.sources import staging

AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 2, 0, 0, tzinfo=dt.timezone.utc)
RUN_KEY = staging.run_key(UPPER)


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """A data root holding one extraction run of both sources (never validated: copy it first)."""
    return build_practice(tmp_path_factory.mktemp("quality-practice"), seed=7, patients=300, as_of=AS_OF, upper=UPPER)


@pytest.fixture
def data_root(pristine, tmp_path) -> Path:
    """A private copy of the staged run, free to be validated, quarantined and tampered with."""
    target = tmp_path / "data"
    shutil.copytree(pristine / "staging", target / "staging")
    return target


def staged_table(root: Path, source: str, entity: str) -> pa.Table:
    return pq.read_table(staging.partition_dir(source, entity, RUN_KEY, root) / staging.DATA_FILE)


def replace_staged(root: Path, source: str, entity: str, table: pa.Table) -> None:
    """Overwrite a staged partition in place (the manifest stays): how a test plants a defect."""
    pq.write_table(table, staging.partition_dir(source, entity, RUN_KEY, root) / staging.DATA_FILE)


def set_value(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(index), pa.array(values, type=table.schema.field(index).type))
