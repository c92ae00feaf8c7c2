"""Dispose end to end on PostgreSQL and MariaDB practice systems (and a PostgreSQL privacy register)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import MetaData, Table, create_engine, select, text

from fixtures.practice.vendors import write_system
from tests.retention.conftest import AS_OF, HASH_KEY
from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import load_model
from transforms.retention import certificates, dispose, hashing, verify
from transforms.retention.approval import auto_approve, decide
from transforms.retention.disposal_map import class_order
from transforms.retention.plan import make_plan, plan_items
from transforms.retention.policy import load_policy
from transforms.sources.config import load_sources
from transforms.sources.extract import extract_source
from transforms.sources.staging import read_entity

NOW = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)
SERVERS = {
    "postgresql": "postgresql+psycopg2://postgres@127.0.0.1:5432",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306",
}


@pytest.fixture
def database(request):
    """A fresh database on the server; dropped afterwards. Skips with a reason when the server is absent."""
    kind = request.param
    names = [f"dcn_ret_{uuid.uuid4().hex[:8]}", f"dcn_reg_{uuid.uuid4().hex[:8]}"]
    admin = create_engine(SERVERS[kind] + ("/postgres" if kind == "postgresql" else "/"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"{kind} not reachable at 127.0.0.1: {type(exc).__name__}")
    suffix = "?charset=utf8mb4" if kind == "mariadb" else ""
    yield kind, f"{SERVERS[kind]}/{names[0]}{suffix}", f"{SERVERS[kind]}/{names[1]}{suffix}"
    register.register_engine(f"{SERVERS[kind]}/{names[1]}{suffix}").dispose()
    with admin.connect() as conn:
        for name in names:
            if kind == "postgresql":
                conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()


@pytest.mark.integration
@pytest.mark.parametrize("database", ["postgresql", "mariadb"], indirect=True)
def test_dispose_on_a_server_practice_system(database, tmp_path):
    kind, url, server_register = database
    system = "oase" if kind == "postgresql" else "exquise"
    source = {s.name: s for s in load_sources()}[system]
    write_system(url, system, seed=5, patients=80, as_of=AS_OF, media_dir=tmp_path / "media")
    data = tmp_path / "data"
    extract_source(
        source,
        url,
        dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc),
        data_root=data,
        register_url=f"sqlite:///{tmp_path / 'extract.db'}",
    )
    # the register on the same server kind when it is PostgreSQL (production), else SQLite
    register_url = server_register if kind == "postgresql" else f"sqlite:///{tmp_path / 'register.db'}"
    engine = register.register_engine(register_url)
    summary = make_plan(AS_OF, register_url=register_url, data_root=data, plan_id="srv", created_at=NOW)
    auto_approve(engine, "srv", decided_at=NOW)
    decide(engine, "srv", decided_by="fg", decided_at=NOW, approve=summary["needs_approval"])
    classes = class_order(
        load_policy(),
        load_model(),
        ["web_analytics", "camera_footage", "billing", "registration_data", "objection_consent_records", "dental_file"],
    )
    results = []
    for class_id in classes:
        results += dispose.dispose_class(
            engine,
            "srv",
            class_id,
            source_urls={system: url},
            now=NOW,
            data_root=data,
            media_roots={system: tmp_path / "media"},
            batch_size=40,
        )
    again = [
        r
        for c in classes
        for r in dispose.dispose_class(
            engine,
            "srv",
            c,
            source_urls={system: url},
            now=NOW,
            data_root=data,
            media_roots={system: tmp_path / "media"},
            batch_size=40,
        )
    ]
    assert sum(r.done for r in again) == 0  # nothing twice
    hits = read_entity("web_hit", "hit_id", data_root=data)
    planned = {h for *_, h in plan_items(engine, "srv", class_id="web_analytics", stage="dispose")}
    expected = {str(k) for k in hits["hit_id"] if hashing.hash_id(HASH_KEY.encode(), system, "web_hit", k) in planned}
    mapping = source.entities["web_hit"]
    src = create_engine(url)
    table = Table(mapping.table, MetaData(), autoload_with=src)
    with src.connect() as conn:
        live = {str(r[0]) for r in conn.execute(select(table.c[mapping.columns["hit_id"].column]))}
    src.dispose()
    assert expected and not expected & live and len(live) == len(hits) - len(expected)
    web = [r for r in results if r.class_id == "web_analytics"]
    assert sum(r.done for r in web) == len(expected)
    clips = [r for r in results if r.class_id == "camera_footage"]
    assert sum(r.files_deleted for r in clips) == sum(r.done for r in clips) > 0
    done = {r.class_id for r in results if r.done}
    assert {"billing", "registration_data", "objection_consent_records", "dental_file"} <= done
    assert verify.verify_disposed(engine, source_urls={system: url})["ok"]
    for class_id in classes:
        certificates.certify(engine, "srv", class_id, approver="fg", now=NOW)
    assert chain.verify(engine).ok
    engine.dispose()
