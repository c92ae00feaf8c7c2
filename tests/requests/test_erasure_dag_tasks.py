"""The erasure through the DAG's tasks with the officer's answer (``dcn_request_changes``; the DAG itself runs in
tests/dags/test_request_changes_dag.py): approve carries the erasure out (and leaves a suppression entry after an
objection), reject or silence erases nothing, and nothing the tasks return names the person."""

from __future__ import annotations

import json

import pytest

from tests.requests.erasure_fixtures import answer, register_verified
from transforms import register
from transforms.requests import erasure
from transforms.requests.identity import PersonQuery


def test_approved_in_the_approval_task_the_erasure_is_carried_out(practice, tasks):
    from tests.requests.erasure_fixtures import NOW
    from transforms.requests import consent

    zoe = practice["cases"]["both_vendors"]
    engine = register.register_engine(practice["register_url"])
    objection = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["objection"])
    consent.record_preferences(practice["step"], objection, purposes=["herinnering_sms"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure", "wgbo_destruction"])
    context = {"params": {"request_id": request_id}}
    summary = tasks.plan(context)
    decision = tasks.record_decision(context, summary, answer(tasks.APPROVE))
    assert decision["approved"] and decision["approver"] == "fg"
    executed = tasks.execute(context, decision)
    verified = tasks.verify(context, executed)
    letter = tasks.letter(context, verified)
    assert verified["ok"] and letter["letter"].endswith("antwoordbrief.txt")
    from transforms.requests import store

    assert store.get_request(engine, request_id).outcome == "partially_provided"  # billing kept: partial
    # the consent rows went with the person; a minimal suppression entry per source stays, the objection's entries
    # too, and the nightly read-back still passes (the source shows no row of the person: that is the preference)
    assert {e["source_system"] for e in consent.ledger(engine, request_id)} == {"exquise", "oase"}
    assert {e["kind"] for e in consent.ledger(engine, request_id)} == {"suppression"}
    assert {(e["kind"], e["granted"]) for e in consent.ledger(engine, objection)} == {("objection", 0)}
    assert consent.verify_preferences(engine, source_urls=practice["urls"], now=NOW)["ok"]
    xcom = json.dumps([summary, decision, executed, verified, letter], default=str)
    for value in (zoe.bsn, zoe.email, zoe.last_name, zoe.first_name):
        assert value not in xcom


@pytest.mark.parametrize("option", ["Reject", None])
def test_rejected_or_unanswered_nothing_is_erased(practice, tasks, option):
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=practice["cases"]["both_vendors"].bsn), ["erasure"])
    context = {"params": {"request_id": request_id}}
    summary = tasks.plan_erasure(context)
    decision = tasks.record_decision(context, summary, answer(option))
    assert not decision["approved"]
    assert tasks.execute(context, decision) == {"request_id": request_id, "executed": False}
    assert erasure.journal_counts(engine, request_id) == {}
    assert erasure.load_plan(engine, request_id).status == ("rejected" if option else "planned")


def test_a_request_id_of_the_wrong_shape_is_refused_without_echo(tasks):
    with pytest.raises(ValueError) as error:
        tasks.request_id_of({"params": {"request_id": "123456782"}})
    assert "123456782" not in str(error.value)
