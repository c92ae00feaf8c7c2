"""The request register on PostgreSQL (``DCN_CONTROL_DB_URL`` pointing at a server, as in production): the
same flows as on SQLite (intake, duplicate, verification, extension, listing, the CSV register, closing,
workflow events), identifiers encrypted in every raw table, the audit chain intact."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from tests.databases import POSTGRES, fresh_database
from transforms import register
from transforms.audit import chain
from transforms.requests import store
from transforms.requests.intake import register_from_values
from transforms.requests.letters import csv_register

from .conftest import BSN, EVIDENCE, NOTES, NOW, PERSON, PHONE, REASON, leaks

pytestmark = pytest.mark.integration
D = dt.date


@pytest.fixture
def pg(env, monkeypatch):
    with fresh_database(POSTGRES, "PostgreSQL") as url:
        monkeypatch.setenv("DCN_CONTROL_DB_URL", url)
        engine = register.register_engine()
        assert engine.dialect.name == "postgresql"
        yield engine
        engine.dispose()


def test_the_request_tables_on_postgresql(pg, config):
    values = dict(
        types=["access", "erasure"],
        received="2026-01-31T16:45",
        **PERSON,
        phone=PHONE,
        patient_numbers=["exquise:P-77"],
        representative="mandate",
        evidence=EVIDENCE,
        notes=NOTES,
        identity_requested_on="2026-02-02",
        now=NOW,
        config=config,
    )
    first = register_from_values(pg, **values)
    assert first.paused and first.due_on == D(2026, 2, 28) and first.received_at == dt.datetime(2026, 1, 31, 15, 45)
    duplicate = register_from_values(
        pg, **{**values, "received": "2026-02-05", "types": ["access"], "identity_requested_on": None}
    )
    assert duplicate.duplicate_of == first.request_id
    assert store.refusals(duplicate)  # never executed unverified

    record = store.verify_identity(pg, first.request_id, verified_on=D(2026, 2, 10), now=NOW)
    assert record.due_on == D(2026, 3, 10) and not record.paused
    late = store.extend(pg, first.request_id, notified_on=D(2026, 3, 11), reason=REASON, now=NOW)
    assert not late.granted
    granted = store.extend(pg, first.request_id, notified_on=D(2026, 3, 10), reason=REASON, now=NOW)
    assert granted.granted and granted.record.due_on == D(2026, 5, 10)
    store.record_event(pg, first.request_id, "decision", occurred_on=D(2026, 3, 1), now=NOW, chosen=["Kandidaat A"])

    due = store.list_requests(pg, as_of=D(2026, 5, 5), due_within=7)
    assert [r.request_id for r in due] == [duplicate.request_id, first.request_id]  # overdue first
    store.set_status(pg, first.request_id, "closed", now=NOW, outcome="provided", closed_on=D(2026, 4, 1))
    register_csv = csv_register(store.list_requests(pg))
    assert f"{first.request_id},access+erasure,2026-01-31,2026-05-10,yes,2026-02-10,closed,2026-04-01,provided" in (
        register_csv
    )
    assert store.person_query(pg, first.request_id).bsn == BSN

    with pg.connect() as conn:
        for table in ("requests", "request_identifiers", "request_events", "audit_log"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                raw = " ".join(
                    bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v) for v in row
                )
                assert leaks(raw) == [], table
    entries = list(chain.entries(pg))
    assert leaks(json.dumps([e.payload for e in entries], default=str)) == [] and chain.verify(pg).ok
