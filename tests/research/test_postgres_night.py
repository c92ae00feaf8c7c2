"""Research datasets from practice systems on a real PostgreSQL server: extract, anonymise the text, publish;
nothing that identifies a source patient reaches a published file. (The SQLite night runs through the DAGs in
tests/dags/test_research_dag.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.practice.vendors import write_system
from tests.databases import POSTGRES, fresh_database
from tests.practice import leaked, published_values, source_identifiers, without_first_of_month
from transforms.research import load_datasets, publish_dataset
from transforms.sources.config import load_sources
from transforms.sources.extract import extract_source
from transforms.text.staged import anonymise_staged_texts

pytestmark = pytest.mark.integration
AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
KEY = b"postgres-night-research-key-0123456789abcdef"


def test_a_postgres_night_publishes_nothing_identifying(tmp_path):
    sources = {s.name: s for s in load_sources()}
    data_root, register_url = tmp_path / "data", f"sqlite:///{tmp_path / 'register.db'}"
    with fresh_database(POSTGRES, "PostgreSQL") as exquise, fresh_database(POSTGRES, "PostgreSQL") as oase:
        urls = {"exquise": exquise, "oase": oase}
        for system, url in urls.items():
            write_system(url, system, seed=17, patients=300, as_of=AS_OF)
            extract_source(sources[system], url, UPPER, data_root=data_root, register_url=register_url)
        anonymise_staged_texts(data_root=data_root, processes=1)
        summaries = [
            publish_dataset(
                name, key=KEY, as_of=AS_OF, data_root=data_root, register_url=register_url, run_key="pg-night"
            )
            for name in sorted(load_datasets())
        ]
        identifiers = without_first_of_month(source_identifiers(urls, birth_dates=True))
    assert all(summary["published"] for summary in summaries)
    releases = [(data_root / "research" / summary["dataset"] / "current").resolve() for summary in summaries]
    values = [value for release in releases for value in published_values(release)]
    assert len(identifiers) > 1500 and len(values) > 10_000
    assert leaked(identifiers, values) == []
