"""The hash-chained audit log: append-only, and any edited or removed entry is detected."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError, OperationalError

from transforms import register
from transforms.audit import chain
from transforms.cli import main

T0 = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)


def fill(engine, n: int = 5) -> list[chain.AuditEntry]:
    return [
        chain.append(
            engine,
            "retention.certificate",
            {"class": "camera_footage", "destroyed": i, "hashed_ids": [f"{i:064x}"]},
            recorded_at=T0 + dt.timedelta(minutes=i),
        )
        for i in range(n)
    ]


def tamper(engine, *statements: str) -> None:
    """What an attacker with write access does: drop the guard triggers, then change the table."""
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)


@pytest.fixture
def engine(register_url):
    return register.register_engine(register_url)


def test_entries_chain_and_verify(engine):
    written = fill(engine)
    assert [e.seq for e in written] == [1, 2, 3, 4, 5]
    assert written[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in zip(written, written[1:]))
    result = chain.verify(engine, expect_head=written[-1].entry_hash, expect_seq=5)
    assert result.ok and result.entries == 5 and result.head_hash == written[-1].entry_hash
    assert chain.head(engine) == (5, written[-1].entry_hash)
    assert [e.payload["destroyed"] for e in chain.entries(engine)] == [0, 1, 2, 3, 4]


def test_the_database_refuses_update_and_delete(engine):
    fill(engine, 2)
    with pytest.raises((DatabaseError, OperationalError), match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET payload = '{}' WHERE seq = 1"))
    with pytest.raises((DatabaseError, OperationalError), match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    assert chain.verify(engine).ok


def test_edited_entry_is_detected(engine):
    fill(engine)
    tamper(
        engine, "UPDATE audit_log SET payload = replace(payload, '\"destroyed\":2', '\"destroyed\":20') WHERE seq = 3"
    )
    result = chain.verify(engine)
    assert not result.ok and result.problems == ["entry 3: content does not match its hash (edited)"]


def test_edited_entry_with_recomputed_hash_breaks_the_next_link(engine):
    written = fill(engine)
    forged_payload = chain.canonical_json({"class": "camera_footage", "destroyed": 99, "hashed_ids": []})
    forged = chain.entry_hash(
        written[1].entry_hash, 3, "retention.certificate", written[2].recorded_at.replace(tzinfo=None), forged_payload
    )
    tamper(engine, f"UPDATE audit_log SET payload = '{forged_payload}', entry_hash = '{forged}' WHERE seq = 3")
    result = chain.verify(engine)
    assert not result.ok
    assert "entry 4: does not link to the entry before it (removed or edited)" in result.problems


def test_removed_entry_is_detected(engine):
    fill(engine)
    tamper(engine, "DELETE FROM audit_log WHERE seq = 2")
    problems = chain.verify(engine).problems
    assert "entry 3: expected sequence number 2 (1 entry missing before it)" in problems
    assert "entry 3: does not link to the entry before it (removed or edited)" in problems


def test_removed_first_entry_is_detected(engine):
    fill(engine)
    tamper(engine, "DELETE FROM audit_log WHERE seq = 1")
    assert not chain.verify(engine).ok


def test_cut_off_tail_is_detected_against_a_head_kept_elsewhere(engine):
    written = fill(engine)
    tamper(engine, "DELETE FROM audit_log WHERE seq = 5")
    assert chain.verify(engine).ok  # a shorter chain is internally consistent ...
    result = chain.verify(engine, expect_head=written[-1].entry_hash, expect_seq=5)
    assert not result.ok  # ... but not against the head printed on a certificate
    assert any("expected head hash is not in the chain" in p for p in result.problems)


def test_concurrent_writers_never_fork_the_chain(engine):
    chain.ensure_audit_table(engine)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                chain.append(engine, "test", {"writer": n, "i": i}, recorded_at=T0, attempts=50)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = chain.verify(engine)
    assert result.ok and result.entries == 40 and result.head_seq == 40


def test_cli_verify_exit_codes(register_url, engine, monkeypatch, capsys):
    monkeypatch.setenv("DCN_CONTROL_DB_URL", register_url)
    fill(engine, 3)
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact: 3 entries" in capsys.readouterr().out
    assert main(["audit", "head"]) == 0
    seq, digest = capsys.readouterr().out.split()
    assert seq == "3" and len(digest) == 64
    tamper(engine, "DELETE FROM audit_log WHERE seq = 2")
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "audit chain BROKEN" in out and "entry 3" in out
    assert main(["audit", "show", "--limit", "1"]) == 0 and "retention.certificate" in capsys.readouterr().out


def _server_engine(url: str, create: str, dbname: str):
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(create.format(db=dbname)))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"database server not reachable at {url.split('@')[-1]}: {type(exc).__name__}")
    return admin


@pytest.mark.integration
@pytest.mark.parametrize("server", ["postgresql", "mariadb"])
def test_append_only_and_verify_on_server_databases(server):
    db = f"dcn_audit_{uuid.uuid4().hex[:8]}"
    if server == "postgresql":
        base, admin_db, drop = "postgresql+psycopg2://postgres@127.0.0.1:5432", "/postgres", "DROP DATABASE {db}"
        tamper_sql = ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"]
    else:
        base, admin_db, drop = "mysql+pymysql://root@127.0.0.1:3306", "/", "DROP DATABASE {db}"
        tamper_sql = ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
    admin = _server_engine(base + admin_db, "CREATE DATABASE {db}", db)
    engine = create_engine(f"{base}/{db}")
    try:
        written = fill(engine, 4)
        assert chain.verify(engine, expect_head=written[-1].entry_hash).ok
        with pytest.raises(DatabaseError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
        with engine.begin() as conn:
            for statement in tamper_sql:
                conn.execute(text(statement))
            conn.execute(text("UPDATE audit_log SET kind = 'forged' WHERE seq = 2"))
        assert chain.verify(engine).problems == ["entry 2: content does not match its hash (edited)"]
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(drop.format(db=db)))
        admin.dispose()
