"""Approval per class (routine classes automatic), policy-version check, and one retention run at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.retention.conftest import AS_OF
from transforms import register
from transforms.audit import chain
from transforms.retention.approval import (
    AUTO,
    LockError,
    acquire_lock,
    approved_classes,
    auto_approve,
    decide,
    release_lock,
    renew_lease,
    retention_lock,
)
from transforms.retention.lease import APPROVAL_TIMEOUT, LEASE_TTL, cli_holder
from transforms.retention.plan import PlanError, load_plan, make_plan
from transforms.retention.policy import load_policy

NOW = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)


def test_routine_classes_auto_approved_the_rest_waits_for_a_person(practice, register_url):
    engine = register.register_engine(register_url)
    summary = make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="p1", created_at=NOW)
    routine = auto_approve(engine, "p1", decided_at=NOW)
    assert {"camera_footage", "web_analytics"} <= set(routine) and "dental_file" not in routine
    assert approved_classes(engine, "p1") == set(routine)
    assert load_plan(engine, "p1").status == "planned"  # dental file etc. still wait
    decisions = decide(
        engine,
        "p1",
        decided_by="j.devries (FG)",
        decided_at=NOW,
        approve=[c for c in summary["needs_approval"] if c != "complaints"],
        reject=["complaints"],
    )
    assert decisions["complaints"] == "rejected" and "complaints" not in approved_classes(engine, "p1")
    assert load_plan(engine, "p1").status == "approved"
    # a retried gate does not flip an earlier decision
    decide(engine, "p1", decided_by="someone else", decided_at=NOW, approve=["complaints"])
    assert "complaints" not in approved_classes(engine, "p1")
    kinds = [e.kind for e in chain.entries(engine)]
    assert kinds == ["retention.plan", "retention.approval", "retention.approval"]
    assert [e.payload["decided_by"] for e in chain.entries(engine, kind="retention.approval")] == [
        AUTO,
        "j.devries (FG)",
    ]


def test_plan_under_another_policy_version_cannot_be_approved(practice, register_url, tmp_path):
    engine = register.register_engine(register_url)
    make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="p2", created_at=NOW)
    policy = load_policy()
    changed = policy.model_copy(update={"content_hash": "f" * 64})
    with pytest.raises(PlanError, match="made under policy"):
        decide(engine, "p2", decided_by="fg", decided_at=NOW, approve=["dental_file"], policy=changed)
    with pytest.raises(PlanError, match="not classes of plan"):
        decide(engine, "p2", decided_by="fg", decided_at=NOW, approve=["dental_fiel"], policy=policy)


def test_one_retention_run_at_a_time(register_url):
    engine = register.register_engine(register_url)
    acquire_lock(engine, "run-a", now=NOW)
    with pytest.raises(LockError, match="another retention run holds the lease"):
        acquire_lock(engine, "run-b", now=NOW + dt.timedelta(hours=1))
    acquire_lock(engine, "run-a", now=NOW + dt.timedelta(hours=1))  # a retried task of the same run
    # a crashed run's lease expires and can be taken over
    acquire_lock(engine, "run-b", now=NOW + dt.timedelta(hours=1) + LEASE_TTL + dt.timedelta(minutes=1))
    assert not release_lock(engine, "run-a") and release_lock(engine, "run-b")
    with retention_lock(engine, "run-c", now=NOW):
        with pytest.raises(LockError):
            acquire_lock(engine, "run-d", now=NOW)
    acquire_lock(engine, "run-d", now=NOW)


def test_the_lease_outlives_the_approval_wait_and_each_task_renews_it(register_url):
    """The incident: the lock lived 6 h, the approval may wait 20 h, a second run took the lock at 6 h 01."""
    engine = register.register_engine(register_url)
    assert LEASE_TTL > APPROVAL_TIMEOUT  # one constant sets both (the DAG's gate reads APPROVAL_TIMEOUT)
    acquire_lock(engine, "retention__run-a", now=NOW)  # the lock task
    renew_lease(engine, "retention__run-a", now=NOW + dt.timedelta(minutes=5))  # the plan task, then the gate waits
    for waited in (dt.timedelta(hours=6, minutes=1), APPROVAL_TIMEOUT + dt.timedelta(minutes=1)):
        with pytest.raises(LockError, match=r"holds the lease until .* UTC \(Airflow run run-a\)"):
            acquire_lock(engine, "retention__run-b", now=NOW + waited)
    # the approver answers at the last minute: record_decision renews, and so does every later task
    answered = NOW + APPROVAL_TIMEOUT
    expires = renew_lease(engine, "retention__run-a", now=answered)
    assert expires == (answered + LEASE_TTL).astimezone(dt.timezone.utc).replace(tzinfo=None)
    with pytest.raises(LockError):  # past the first expiry, but renewed
        acquire_lock(engine, "retention__run-b", now=NOW + LEASE_TTL + dt.timedelta(minutes=1))
    # only after the renewed lease expired (the run died) may another run take over ...
    acquire_lock(engine, "retention__run-b", now=answered + LEASE_TTL + dt.timedelta(minutes=1))
    # ... and then the old run must stop rather than carry on beside it
    with pytest.raises(LockError, match=r"lease of retention__run-a was lost: .*\(Airflow run run-b\)"):
        renew_lease(engine, "retention__run-a", now=answered + LEASE_TTL + dt.timedelta(minutes=2))
    assert release_lock(engine, "retention__run-b")
    with pytest.raises(LockError, match="was released"):
        renew_lease(engine, "retention__run-b", now=answered + LEASE_TTL + dt.timedelta(minutes=3))


def test_an_expired_lease_nobody_took_is_renewed(register_url):
    engine = register.register_engine(register_url)
    acquire_lock(engine, "run-a", now=NOW, ttl=dt.timedelta(hours=1))
    renew_lease(engine, "run-a", now=NOW + dt.timedelta(hours=2))  # nobody else ran meanwhile
    with pytest.raises(LockError):
        acquire_lock(engine, "run-b", now=NOW + dt.timedelta(hours=2))


def test_the_loser_is_told_what_kind_of_run_holds_the_lease(register_url):
    engine = register.register_engine(register_url)
    holder = cli_holder("dispose", "d1")
    acquire_lock(engine, holder, now=NOW)
    with pytest.raises(LockError) as refused:
        acquire_lock(engine, cli_holder("dispose", "d1") + "-other", now=NOW)
    assert str(refused.value).startswith(
        "another retention run holds the lease until 2026-11-02 03:00 UTC (command line: retention dispose d1 pid "
    )


def test_a_replanned_run_asks_for_approval_again(practice, register_url):
    engine = register.register_engine(register_url)
    make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="p3", created_at=NOW)
    auto_approve(engine, "p3", decided_at=NOW)
    decide(engine, "p3", decided_by="fg", decided_at=NOW, approve=["dental_file"])
    assert "dental_file" in approved_classes(engine, "p3")
    make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="p3", created_at=NOW)  # task retried
    assert approved_classes(engine, "p3") == set()
