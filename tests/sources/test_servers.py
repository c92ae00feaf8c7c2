"""Generator and extraction against the machine's real PostgreSQL and MariaDB (a fresh database each)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from fixtures.practice.vendors import write_system
from tests.databases import MARIADB, POSTGRES, fresh_database
from transforms.sources import staging
from transforms.sources.config import get_source
from transforms.sources.extract import extract_source

from .conftest import AS_OF, SEED

pytestmark = pytest.mark.integration
FIRST = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.timezone.utc)
SECOND = dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.timezone.utc)
SERVERS = [pytest.param(POSTGRES, "PostgreSQL", id="postgresql"), pytest.param(MARIADB, "MariaDB", id="mariadb")]


@pytest.mark.parametrize(("server", "label"), SERVERS)
@pytest.mark.parametrize("system", ["exquise", "oase"])
def test_generate_extract_increment_and_quarantine(server, label, system, workspace):
    with fresh_database(server, label) as url:
        write_system(url, system, seed=SEED, patients=150, as_of=AS_OF, defects=0.02)
        source = get_source(system).model_copy(update={"chunk_size": 97})  # many chunks through the cursor
        report = extract_source(
            source, url, FIRST, data_root=workspace["data_root"], register_url=workspace["register_url"]
        )
        by_entity = {e.entity: e for e in report.entities}
        assert by_entity["patient"].rows + by_entity["patient"].quarantined == 150
        assert report.quarantined > 0, "planted defects are quarantined on every engine"
        for entity, mapping in source.entities.items():
            if mapping.table and not mapping.where:
                engine = create_engine(url)
                with engine.connect() as conn:
                    expected = conn.execute(text(f"SELECT COUNT(*) FROM {mapping.table}")).scalar()
                engine.dispose()
                assert by_entity[entity].rows + by_entity[entity].quarantined == expected, entity
        staged = staging.read_entity("treatment", "treatment_id", data_root=workspace["data_root"])
        assert staged.tariff_cents.min() > 0 and pd.api.types.is_integer_dtype(staged.tariff_cents)
        # nothing changed: the next run stages nothing; the same run again stages the same
        again = extract_source(
            source, url, SECOND, data_root=workspace["data_root"], register_url=workspace["register_url"]
        )
        assert again.rows == 0 and again.quarantined == 0
        rerun = extract_source(
            source, url, FIRST, data_root=workspace["data_root"], register_url=workspace["register_url"]
        )
        assert rerun.summary()["entities"] == report.summary()["entities"]


def test_register_on_postgresql(sqlite_systems, tmp_path):
    """The privacy register itself on PostgreSQL, as in production."""
    with fresh_database(POSTGRES, "PostgreSQL") as register_url:
        report = extract_source(
            get_source("oase"), sqlite_systems["oase"], FIRST, data_root=tmp_path / "data", register_url=register_url
        )
        engine = create_engine(register_url)
        with engine.connect() as conn:
            done = conn.execute(text("SELECT COUNT(*) FROM extract_windows WHERE status = 'done'")).scalar()
        engine.dispose()
        assert done == len(report.entities)


def test_postgresql_stream_keeps_free_text_exactly(sqlite_systems, tmp_path):
    """Notes with newlines, quotes and diacritics arrive identical to the SQLite extraction of the same data."""
    with fresh_database(POSTGRES, "PostgreSQL") as url:
        write_system(url, "exquise", seed=SEED, patients=300, as_of=AS_OF)
        for name, source_url in (("pg", url), ("sqlite", sqlite_systems["exquise"])):
            extract_source(
                get_source("exquise"),
                source_url,
                FIRST,
                data_root=tmp_path / name,
                register_url=f"sqlite:///{tmp_path / name}.db",
                entities=["clinical_note"],
            )
    pg = staging.read_entity("clinical_note", "note_id", data_root=tmp_path / "pg").set_index("note_id")
    lite = staging.read_entity("clinical_note", "note_id", data_root=tmp_path / "sqlite").set_index("note_id")
    assert pg.text.str.contains("\n").any() and pg.text.str.contains("ë|ï|é|ł|ş", regex=True).any()
    assert pg.text.equals(lite.text)
    assert pg.written_at.equals(lite.written_at)


def test_postgresql_error_mid_stream_fails_the_run_and_commits_nothing(tmp_path):
    with fresh_database(POSTGRES, "PostgreSQL") as url:
        write_system(url, "exquise", seed=SEED, patients=100, as_of=AS_OF)
        source = get_source("exquise")
        broken = source.entities["treatment"].model_copy(update={"where": "1 / (verrichting_id - 300) IS NOT NULL"})
        source = source.model_copy(update={"entities": {**source.entities, "treatment": broken}})
        with pytest.raises(Exception, match="division by zero"):
            extract_source(
                source,
                url,
                FIRST,
                data_root=tmp_path / "data",
                register_url=f"sqlite:///{tmp_path}/r.db",
                entities=["treatment"],
            )
    assert staging.committed_partitions("exquise", "treatment", tmp_path / "data") == []
