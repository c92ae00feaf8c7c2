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


OFFICER = {"id": "7", "name": "j.devries (FG)"}


@pytest.mark.parametrize("answer", ["two", "none", "no answer"])
def test_the_approval_answer_decides_each_class_that_needs_a_person(answer, tmp_path, monkeypatch):
    from dcn_airflow import retention
    from dcn_airflow.approval import NONE, class_title
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
    required = summary["needs_approval"]
    assert len(required) >= 3 and set(summary["auto_approved"]).isdisjoint(required)
    # the form: class names as words, counts with thousands separators, no ids of anyone
    assert summary["approval_options"] == {class_title(c): c for c in required}
    assert "Dental file" in summary["approval_options"] and "dental_file" not in summary["approval_text"]
    assert summary["approval_subject"].startswith("Retention 2 Nov 2026: ") and "classes" in summary["approval_subject"]
    assert "@" not in summary["approval_text"] and "retention__" not in summary["approval_subject"]

    chosen = {"two": [class_title(c) for c in required[:2]], "none": [NONE], "no answer": None}[answer]
    reply = {"chosen_options": chosen, "responded_by_user": OFFICER} if chosen else None
    decision = retention.record_decision(context, summary, reply)
    engine = register.register_engine(register_url)
    recorded = {c: d["decision"] for c, d in approval.decisions(engine, summary["plan_id"]).items() if c in required}
    assert approval.approved_classes(engine, summary["plan_id"]) & set(required) == set(decision["approved"])
    if answer == "two":
        assert decision["approved"] == required[:2] and decision["rejected"] == required[2:]
        assert decision["approver"] == "j.devries (FG)"
        assert recorded == {c: "approved" if c in required[:2] else "rejected" for c in required}
    elif answer == "none":
        assert decision["approved"] == [] and decision["rejected"] == required
        assert set(recorded.values()) == {"rejected"}
    else:
        assert decision["unanswered"] == required and set(recorded.values()) == {approval.UNANSWERED}
        # a later answer (the command line) replaces the lapse; a decision already made stays
        approval.decide(
            engine,
            summary["plan_id"],
            decided_by="j.devries",
            decided_at=dt.datetime.now(dt.timezone.utc),
            approve=required[:1],
        )
        assert approval.decisions(engine, summary["plan_id"])[required[0]]["decision"] == "approved"
        approval.decide(
            engine, summary["plan_id"], decided_by="x", decided_at=dt.datetime.now(dt.timezone.utc), reject=required[:1]
        )
        assert approval.decisions(engine, summary["plan_id"])[required[0]]["decision"] == "approved"


def test_the_approval_form_refuses_a_contradictory_answer():
    from dcn_airflow.approval import NONE, chosen_classes, class_title

    options = {"Billing": "billing", "Staff ID copies": "staff_id_copies"}
    assert class_title("staff_id_copies") == "Staff ID copies"
    assert chosen_classes(options, ["Staff ID copies", "Billing"]) == ["billing", "staff_id_copies"]
    assert chosen_classes(options, [NONE]) == []
    with pytest.raises(ValueError, match="choose either"):
        chosen_classes(options, [NONE, "Billing"])
    with pytest.raises(ValueError, match="not an option"):
        chosen_classes(options, ["Payroll"])


def test_research_counts_to_the_amsterdam_calendar_day(monkeypatch):
    import dcn_airflow.research as research

    seen = {}
    monkeypatch.setattr("transforms.research.publish_dataset", lambda name, **kw: seen.update(kw) or {})
    monkeypatch.setattr(research, "pseudonym_key", lambda: b"k" * 32)
    late_evening_utc = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 on the 25th in Amsterdam
    research.publish_one("treatments", {"logical_date": late_evening_utc})
    assert seen["as_of"] == dt.date(2026, 11, 25)
    assert seen["run_key"] == "20261124T233000Z"


def test_the_demo_writes_each_tasks_lines_where_the_ui_reads_task_logs(tmp_path):
    from fixtures.demo import write_task_logs

    output = "\n".join(
        [
            "2026-12-03T10:00:00Z [info] parsing",
            "2026-12-03T10:00:01Z [info] [DAG TEST] starting task_id=extract map_index=1",
            "2026-12-03T10:00:01Z [info] [DAG TEST] running task <TaskInstance: dcn_extract.extract "
            "manual__2026-12-03T10:00:00+00:00 map_index=1 [TaskInstanceState.SCHEDULED] ti_id=1>",
            "2026-12-03T10:00:02Z [info] extracted 3 rows",
            "2026-12-03T10:00:03Z [info] [DAG TEST] end task task_id=extract map_index=1",
            "2026-12-03T10:00:04Z [info] [DAG TEST] running task <TaskInstance: dcn_extract.record_run "
            "manual__2026-12-03T10:00:00+00:00 [TaskInstanceState.SCHEDULED] ti_id=2>",
            "2026-12-03T10:00:05Z [info] recorded",
        ]
    )
    files = write_task_logs(output, tmp_path)
    run = tmp_path / "dag_id=dcn_extract" / "run_id=manual__2026-12-03T10:00:00+00:00"
    assert files == [
        run / "task_id=extract" / "map_index=1" / "attempt=1.log",
        run / "task_id=record_run" / "attempt=1.log",
    ]
    assert "extracted 3 rows" in files[0].read_text() and "recorded" not in files[0].read_text()
    assert "parsing" not in files[1].read_text() and "recorded" in files[1].read_text()


def test_an_unanswered_approval_fails_the_runs_last_task_and_an_answer_does_not():
    """``approval_outcome`` is the retention run's last task: the run must not read as a success when nobody
    answered (its message names the classes, no records)."""
    from airflow.providers.common.compat.sdk import AirflowFailException

    from dcn_airflow import retention

    lapsed = {"approved": [], "rejected": [], "unanswered": ["dental_file", "billing"], "approver": None}
    with pytest.raises(AirflowFailException, match=r"2 class\(es\) not decided, nothing done there \(Billing, Dental"):
        retention.approval_outcome(lapsed)
    answered = {"approved": ["billing"], "rejected": ["payroll"], "unanswered": [], "approver": "officer"}
    assert retention.approval_outcome(answered) == {"approved": 1, "rejected": 1, "unanswered": 0}
    nothing_to_approve = {"approved": [], "rejected": [], "unanswered": [], "approver": None}
    assert retention.approval_outcome(nothing_to_approve) == {"approved": 0, "rejected": 0, "unanswered": 0}
