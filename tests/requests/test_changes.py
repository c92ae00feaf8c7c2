"""Restriction, objection, consent withdrawal and rectification through the DAG's tasks with the officer's
answer (``dcn_airflow.request_changes``, as ``dcn_request_changes`` runs them): plan, approval, act, verify,
letter; rejected or unanswered nothing changes; nothing the tasks return names the person."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import create_engine, text

from tests.practice import sql_value
from tests.requests.erasure_fixtures import NOW, answer, register_verified
from transforms import register
from transforms.audit import chain
from transforms.requests import changes, consent, rectification, restriction, store
from transforms.requests.identity import PersonQuery


def _run(tasks, request_id: str, option: str | None = "Approve") -> list[dict]:
    """Every task of one run, in order; returns what each put in XCom."""
    context = {"params": {"request_id": request_id}}
    summary = tasks.plan(context)
    decision = tasks.record_decision(context, summary, answer(option))
    executed = tasks.execute(context, decision)
    verified = tasks.verify(context, executed)
    return [summary, decision, executed, verified, tasks.letter(context, verified)]


def _nothing_of(person, xcom: list[dict]) -> None:
    dumped = json.dumps(xcom, default=str)
    for value in (person.bsn, person.email, person.last_name, person.first_name):
        assert value not in dumped


def test_restriction_is_planned_approved_placed_verified_and_answered(practice, tasks):
    zoe = practice["cases"]["both_vendors"]
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["restriction"])
    xcom = _run(tasks, request_id)
    summary, decision, executed, verified, letter = xcom
    assert summary["restriction"] == {"subjects": {"exquise": 1, "oase": 1}}
    assert "exquise (1)" in summary["approval_text"] and decision["approved"]
    assert executed["restriction"] == {"placed": 2, "active": 2} and verified["ok"]
    assert {("exquise", "patient", "120"), ("oase", "patient", "120")} <= restriction.restricted_subjects(engine)
    body = open(letter["letter"], encoding="utf-8").read()
    assert "beperkt" in body and store.get_request(engine, request_id).outcome == "provided"
    _nothing_of(zoe, xcom)


@pytest.mark.parametrize("kind", ["objection", "consent_withdrawal"])
def test_objection_and_withdrawal_are_written_back_after_approval(practice, tasks, kind):
    zoe = practice["cases"]["both_vendors"]
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), [kind])
    if kind == "objection":  # the officer narrows the purposes; otherwise config/requests.yml's default
        changes.set_purposes(engine, request_id, ["onderzoek", "herinnering_sms"], set_by="fg", now=NOW)
    xcom = _run(tasks, request_id)
    summary, _, executed, verified, letter = xcom
    wanted = ["herinnering_sms", "onderzoek"] if kind == "objection" else list(consent.PURPOSES)
    assert summary["preferences"] == {"kind": kind, "purposes": wanted, "patients": {"exquise": 1, "oase": 1}}
    assert "`onderzoek`" in summary["approval_text"]
    assert executed["preferences"]["entries"] == 2 * len(wanted) and verified["ok"]
    assert sql_value(
        practice["urls"]["oase"], "SELECT given FROM consents WHERE person_id = 120 AND purpose = 'onderzoek'"
    ) in (0, "0")
    assert all(e["verified_at"] for e in consent.ledger(engine, request_id))
    assert "herinneringen per sms" in open(letter["letter"], encoding="utf-8").read()
    _nothing_of(zoe, xcom)


def test_rectification_shows_the_change_set_and_writes_it_back_after_approval(practice, tasks):
    zoe = practice["cases"]["both_vendors"]
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["rectification"])
    with pytest.raises(changes.ChangeError, match="propose it first"):
        tasks.plan({"params": {"request_id": request_id}})
    rectification.propose(
        practice["step"],
        request_id,
        changes=[rectification.Change("email", "zoe.nieuw@example.nl")],  # Oase's patient: by hand (a query)
        statement=rectification.Statement("Ik ben niet allergisch voor penicilline.", written_at=NOW),
    )
    xcom = _run(tasks, request_id)
    summary, _, executed, verified, letter = xcom
    assert summary["rectification"]["changes"] == 3 and "exquise.patient.email" in summary["approval_text"]
    # before/after on the officer's console page (linked by request id) and on the worker, never in the form
    assert f"(/dcn-privacy/requests/{request_id}/changes)" in summary["approval_text"]
    assert "requests changes" in summary["approval_text"]
    assert executed["rectification"]["applied"] == {"exquise": 2, "oase": 1} and verified["ok"]
    assert sql_value(practice["urls"]["exquise"], "SELECT email FROM patienten WHERE patnr = 120") == (
        "zoe.nieuw@example.nl"
    )
    assert any("zoe.nieuw@example.nl" in line for line in rectification.review_lines(engine, request_id))
    body = open(letter["letter"], encoding="utf-8").read()
    assert "gecorrigeerd" in body and "verklaring" in body
    _nothing_of(zoe, xcom)
    assert "zoe.nieuw@example.nl" not in json.dumps(xcom) and "penicilline" not in json.dumps(xcom)
    # the verify step re-reads the source: a value changed back since is named by its place, never its value
    source = create_engine(practice["urls"]["exquise"])
    with source.begin() as conn:
        conn.execute(text("UPDATE patienten SET email = 'oud@example.nl' WHERE patnr = 120"))
    source.dispose()
    assert rectification.not_shown(practice["step"], request_id) == ["exquise.patient.email"]


@pytest.mark.parametrize("option", ["Reject", None])
def test_rejected_or_unanswered_nothing_changes(practice, tasks, option):
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=practice["cases"]["both_vendors"].bsn), ["restriction"])
    _, decision, executed, verified, letter = _run(tasks, request_id, option)
    assert not decision["approved"] and executed == {"request_id": request_id, "executed": False}
    assert verified["ok"] is None and letter["letter"] is None
    assert not restriction.holds_of(engine, request_id)


def test_the_nightly_read_back_fails_with_ids_only_when_a_source_lost_a_preference(practice, tasks):
    zoe = practice["cases"]["both_vendors"]
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["consent_withdrawal"])
    consent.record_preferences(practice["step"], request_id, purposes=["nieuwsbrief"])
    assert tasks.verify_preferences({})["ok"]
    source = create_engine(practice["urls"]["oase"])
    with source.begin() as conn:  # a restore, or someone ticks the box again
        conn.execute(text("UPDATE consents SET given = 1 WHERE person_id = 120 AND purpose = 'nieuwsbrief'"))
    source.dispose()
    with pytest.raises(RuntimeError) as failed:
        tasks.verify_preferences({})
    assert request_id in str(failed.value) and "oase" in str(failed.value)
    for value in (zoe.bsn, zoe.email, zoe.last_name, "120"):
        assert value not in str(failed.value)


def test_the_cli_lifts_a_restriction_with_the_told_on_date_and_proposes_a_change_set(practice, capsys):
    from transforms.cli import main

    zoe = practice["cases"]["both_vendors"]
    engine = register.register_engine(practice["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["restriction", "objection"])
    restriction.restrict(practice["step"], request_id, placed_by="fg")
    assert main(["requests", "lift", request_id, "--told-on", "2026-10-28", "--by", "fg"]) == 0
    assert not restriction.holds_of(engine, request_id)
    assert main(["requests", "lift", request_id, "--told-on", "2026-10-28", "--by", "fg"]) == 2  # none in force
    assert main(["requests", "purposes", request_id, "--purpose", "nieuwsbrief", "--by", "fg"]) == 0
    assert changes.purposes_of(engine, request_id) == ["nieuwsbrief"]
    assert main(["requests", "purposes", request_id, "--purpose", "spam", "--by", "fg"]) == 2
    assert main(["requests", "rectify", request_id, "--set", "patient.email=x@example.nl"]) == 2  # asks none
    out = capsys.readouterr()
    assert zoe.bsn not in out.out + out.err and "x@example.nl" not in out.err
    assert changes.steps_of(("restriction", "objection", "access")) == ["restriction", "preferences"]
    assert changes.kind_of(("erasure", "objection")) == "erasure"
    lifted = [e.payload for e in chain.entries(engine, kind="request.restriction_lifted")]
    assert lifted[0]["told_on"] == dt.date(2026, 10, 28).isoformat()
