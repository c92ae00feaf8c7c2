"""One request through the workflow the DAG runs (without Airflow): the run conf is checked, ambiguity stops
for a person who sees labels and counts only, the decision (or its absence) is what happens."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.requests.locate_fixtures import PATIENTS, cases, systems  # noqa: F401 - pytest fixtures
from transforms.requests import store, workflow
from transforms.requests.context import StepContext
from transforms.requests.intake import register_from_values

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def wf(env, systems, monkeypatch):
    """A register of its own; the shared practice systems and their staging (read-only)."""
    from transforms import register

    monkeypatch.setenv("DCN_DATA_ROOT", str(systems["data_root"]))
    return register.register_engine(env), systems


def _new(engine, **identifiers) -> str:
    record = register_from_values(
        engine, types=["access"], received="2026-10-20", identity_verified_on="2026-10-21", now=NOW, **identifiers
    )
    return record.request_id


def _values(person) -> list[str]:
    return [v for v in (person.bsn, person.email, person.mobile, person.last_name, str(person.date_of_birth)) if v]


@pytest.mark.parametrize(
    "conf",
    [None, {}, {"request_id": "123456782"}, {"request_id": "REQ-AAAA"}, {"request_id": "REQ-AAAAAAAAAAAA", "bsn": "1"}],
)
def test_the_run_conf_holds_a_request_id_and_nothing_else(conf):
    with pytest.raises(workflow.WorkflowError) as caught:
        workflow.request_id_from_conf(conf)
    assert "123456782" not in str(caught.value)
    assert workflow.request_id_from_conf({"request_id": "REQ-ABCDEFGH2345"}) == "REQ-ABCDEFGH2345"


def test_two_fitting_candidates_stop_for_a_person_and_the_choice_is_carried_out(wf, cases):
    engine, systems = wf
    head = cases["family_head"]
    request_id = _new(engine, email=head.email)
    assert workflow.start(engine, request_id, now=NOW)["executable"]
    step = StepContext(engine=engine, sources=systems["urls"], now=NOW, data_root=systems["data_root"])
    located = workflow.locate_step(step, request_id)
    assert located["status"] == "needs_decision" and located["needs_approval"]
    assert [c["label"] for c in located["candidates"]] == ["Kandidaat A", "Kandidaat B"]
    shown = json.dumps(located, ensure_ascii=False)
    assert not [v for v in _values(head) + _values(cases["family_child"]) if v.lower() in shown.lower()]

    # the officer's review on the protected workstation: the flagged texts in full, per candidate label
    texts = workflow.flagged_texts(step, request_id)
    assert {t["candidate"] for t in texts} <= {"Kandidaat A", "Kandidaat B"}

    # nobody answered (timeout without a default, skipped): nothing built, the request stays open
    out = workflow.answer(step, request_id, decision=None)
    assert out["outcome"] == "no_decision" and store.get_request(engine, request_id).status == "in_progress"
    # an option that was not offered is refused, never guessed
    with pytest.raises(workflow.WorkflowError, match="Kandidaat C was not offered"):
        workflow.answer(step, request_id, decision={"chosen_options": ["Kandidaat C"]})
    with pytest.raises(workflow.WorkflowError, match="pick the candidate"):
        workflow.answer(step, request_id, decision={"chosen_options": ["Goedkeuren"]})
    rejected = workflow.answer(step, request_id, decision={"chosen_options": ["Afwijzen"]})
    assert rejected["outcome"] == "rejected" and rejected["packages"] == 0

    out = workflow.answer(
        step, request_id, decision={"chosen_options": ["Kandidaat A"], "params_input": {"flagged_texts": "include"}}
    )
    assert out["outcome"] in ("provided", "partially_provided") and out["packages"] == 1
    record = store.get_request(engine, request_id)
    assert record.status == "answered" and record.closed_on == dt.date(2026, 11, 2)
    from transforms.retention.files import registry_path

    tracked = json.loads(registry_path(systems["data_root"]).read_text())
    [entry] = [e for e in tracked if e["ref"] == request_id]
    assert entry["class"] == "request_packages" and any(p.endswith("access.password.sealed") for p in entry["paths"])
    password = workflow.reveal_password(request_id, "access", systems["data_root"])
    with pytest.raises(workflow.WorkflowError, match="already shown"):
        workflow.reveal_password(request_id, "access", systems["data_root"])
    import pyzipper

    package = systems["data_root"] / "requests" / "packages" / request_id / "access" / f"access-{request_id}.zip"
    with pyzipper.AESZipFile(package) as archive:
        archive.setpassword(password.encode())
        data = json.loads(archive.read("data.json"))
    # the chosen candidate only (patient A: the lower key), never the other family member
    keys = {r["patient_id"] for r in data["entities"]["patient"]["records"]}
    assert keys == {str(PATIENTS - 3)}


def test_an_unverified_request_does_not_start(wf, cases):
    engine, _ = wf
    record = register_from_values(
        engine, types=["access"], received="2026-10-20", bsn=cases["both_vendors"].bsn, now=NOW
    )
    started = workflow.start(engine, record.request_id, now=NOW)
    assert not started["executable"] and "identity not verified" in started["reasons"][0]
