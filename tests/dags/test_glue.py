"""The small Airflow glue: Connection to SQLAlchemy URL, the run's upper bound, the run manifest."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from dcn_airflow.tasks import record_staging_run, run_upper_bound, sqlalchemy_url


def _conn(conn_type, **fields):
    base = {
        "conn_id": "dcn_source_x",
        "host": None,
        "login": None,
        "password": None,
        "port": None,
        "schema": None,
        "extra_dejson": {},
    }
    return SimpleNamespace(conn_type=conn_type, **{**base, **fields})


def test_connection_urls_for_each_engine():
    assert sqlalchemy_url(_conn("sqlite", host="/data/x.db")) == "sqlite:////data/x.db"
    assert (
        sqlalchemy_url(_conn("postgres", host="db", login="etl", password="p@ss:w/rd", port=5432, schema="exquise"))
        == "postgresql+psycopg2://etl:p%40ss%3Aw%2Frd@db:5432/exquise"
    )
    assert sqlalchemy_url(_conn("mysql", host="db", login="root", schema="oase")) == "mysql+pymysql://root@db/oase"
    explicit = _conn("generic", extra_dejson={"sqlalchemy_url": "mssql+pyodbc://x"})
    assert sqlalchemy_url(explicit) == "mssql+pyodbc://x"
    with pytest.raises(ValueError, match="type 'ftp' is not supported"):
        sqlalchemy_url(_conn("ftp", host="x"))


def test_upper_bound_comes_from_the_run_not_the_clock():
    logical = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.timezone.utc)
    assert run_upper_bound({"logical_date": logical, "params": {}}) == logical
    manual = SimpleNamespace(run_after=dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone.utc))
    assert run_upper_bound({"logical_date": None, "dag_run": manual}) == manual.run_after
    override = run_upper_bound({"logical_date": logical, "params": {"as_of": "2026-10-01T02:00:00+02:00"}})
    assert override == dt.datetime(2026, 10, 1, 0, 0, tzinfo=dt.timezone.utc)


def test_run_manifest_sums_the_sources(tmp_path, monkeypatch):
    monkeypatch.setenv("DCN_DATA_ROOT", str(tmp_path))
    summaries = [
        {"source": "a", "run_key": "20261124T010000Z", "rows": 10, "quarantined": 1, "entities": {}},
        {"source": "b", "run_key": "20261124T010000Z", "rows": 5, "quarantined": 0, "entities": {}},
    ]
    assert record_staging_run(summaries, {"rows_quarantined": 4}) == {
        "run_key": "20261124T010000Z",
        "rows": 15,
        "quarantined": 1,
        "quality_quarantined": 4,
    }
    written = json.loads((tmp_path / "runs" / "20261124T010000Z.json").read_text())
    assert [s["source"] for s in written["sources"]] == ["a", "b"]
    with pytest.raises(ValueError, match="disagree on the run key"):
        record_staging_run([summaries[0], {**summaries[1], "run_key": "20261125T010000Z"}])
    with pytest.raises(ValueError, match="no source"):
        record_staging_run([])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"chosen_options": ["Approve"], "responded_by_user": {"id": "7", "name": "j.devries (FG)"}}, "approved"),
        ({"chosen_options": ["Reject"], "responded_by_user": {"id": "7", "name": "j.devries (FG)"}}, "rejected"),
        (None, "pending"),
    ],
)
def test_the_approval_answer_decides_the_classes_that_need_a_person(answer, expected, tmp_path, monkeypatch):
    from dcn_airflow import retention
    from tests.practice import build_practice
    from transforms import register
    from transforms.retention import approval

    data_root = build_practice(
        tmp_path,
        seed=3,
        patients=120,
        as_of=dt.date(2026, 11, 1),
        upper=dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc),
    )
    register_url = f"sqlite:///{tmp_path / 'control.db'}"
    monkeypatch.setenv("DCN_DATA_ROOT", str(data_root))
    monkeypatch.setenv("DCN_CONTROL_DB_URL", register_url)
    monkeypatch.setenv("DCN_RETENTION_HASH_KEY", "glue-test-hash-key-0123456789abcdefghij")
    context = {
        "run_id": "scheduled__2026-11-02",
        "params": {},
        "logical_date": dt.datetime(2026, 11, 2, 3, tzinfo=dt.timezone.utc),
    }
    summary = retention.make_plan(context)
    assert summary["needs_approval"] and set(summary["auto_approved"]).isdisjoint(summary["needs_approval"])
    assert "dental_file" in summary["approval_text"] and "@" not in summary["approval_text"]

    decision = retention.record_decision(context, summary, answer)
    assert decision[expected] == summary["needs_approval"]
    approved = approval.approved_classes(register.register_engine(register_url), summary["plan_id"])
    assert (set(summary["needs_approval"]) <= approved) == (expected == "approved")
    if expected == "approved":
        assert decision["approver"] == "j.devries (FG)"


def test_research_counts_to_the_amsterdam_calendar_day(monkeypatch):
    import dcn_airflow.research as research

    seen = {}
    monkeypatch.setattr("transforms.research.publish_dataset", lambda name, **kw: seen.update(kw) or {})
    monkeypatch.setattr(research, "pseudonym_key", lambda: b"k" * 32)
    late_evening_utc = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 on the 25th in Amsterdam
    research.publish_one("treatments", {"logical_date": late_evening_utc})
    assert seen["as_of"] == dt.date(2026, 11, 25)
    assert seen["run_key"] == "20261124T233000Z"
