"""Erasure (art. 17) and WGBO 7:455 destruction end to end on both vendors: the exceptions table class by class,
plan -> approval -> act -> verify -> letter, the officer's exceptions, holds, a representative's request, a
restored backup that the night's tombstones clear again, and nothing of the person in logs or evidence."""

from __future__ import annotations

import datetime as dt
import logging
import shutil

import pytest
from sqlalchemy import select

from tests.practice import sql_value
from tests.requests.erasure_fixtures import (
    AS_OF,
    NOW,
    register_verified,
)
from transforms import register
from transforms.audit import chain
from transforms.register.schema import DISPOSE_JOURNAL, REQUEST_EXCEPTIONS
from transforms.requests import erasure
from transforms.requests.erasure import ErasureError, RecordFacts, decide_rule
from transforms.requests.identity import PersonQuery
from transforms.retention import holds, verify

TODAY = dt.date(2026, 11, 2)
LATER = dt.date(2030, 1, 1)
PAST = dt.date(2020, 1, 1)


@pytest.mark.parametrize(
    "class_id,kw,rule",
    [
        # a hold or an open complaint keeps any class (legal claims, art. 17(3)(e))
        ("contact_forms", {"held": "hold"}, "hold"),
        ("dental_file", {"held": "open_complaint", "destruction": True}, "open_complaint"),
        # the fiscal term (AWR 52(4)) keeps billing and payroll while it runs, not after
        ("billing", {"term_ends_on": LATER}, "fiscal"),
        ("billing", {"term_ends_on": PAST}, "term_ended"),
        ("payroll", {"term_ends_on": LATER}, "fiscal"),
        ("staff_id_copies", {"term_ends_on": LATER}, "wage_tax"),
        # the WGBO file: kept under 7:454 on an art. 17 request, destroyed on a 7:455 request
        ("dental_file", {"term_ends_on": LATER}, "wgbo_file"),
        ("dental_file", {"term_ends_on": LATER, "destruction": True}, "wgbo_destruction"),
        # ... unless of substantial interest to someone else, or a law forbids it (the officer records it)
        ("dental_file", {"destruction": True, "exception": "third_party_interest"}, "third_party_interest"),
        ("dental_file", {"destruction": True, "exception": "law_forbids"}, "law_forbids"),
        ("billing", {"exception": "legal_claim", "term_ends_on": PAST}, "legal_claim"),
        # a closed complaint: the claims period; an open one is a hold (above)
        ("complaints", {"term_ends_on": LATER}, "complaint_claims"),
        # what no law keeps goes
        ("contact_forms", {}, "erase"),
        ("applicants_without_consent", {}, "erase"),
        ("applicants_with_consent", {}, "erase"),
        ("supplier_contacts", {}, "erase"),
        ("registration_data", {"term_ends_on": LATER}, "erase"),
        ("objection_consent_records", {"term_ends_on": LATER}, "suppression"),
        ("personnel_file", {"term_ends_on": None}, "erase"),
        ("personnel_file", {"employed": True}, "employment"),
    ],
)
def test_exceptions_table_record_class_by_record_class(class_id, kw, rule):
    facts = RecordFacts(class_id, **{k: v for k, v in kw.items() if k != "destruction"})
    assert decide_rule(facts, destruction=kw.get("destruction", False), as_of=TODAY) == rule
    assert (erasure.RULES[rule][0] == "erase") == (rule in ("erase", "wgbo_destruction", "suppression", "term_ended"))


def _engine(p):
    return register.register_engine(p["register_url"])


def _run(p, request_id, *, approve=True):
    engine = _engine(p)
    plan = erasure.plan_erasure(p["step"], request_id)
    erasure.decide(engine, request_id, approve=approve, decided_by="fg@dcn", now=NOW)
    return plan


def _execute(p, request_id):
    return erasure.execute_erasure(p["step"], request_id)


def _identifiers(case) -> list[str]:
    return [case.bsn, case.email, case.last_name, case.mobile[-8:]]


def test_erasure_and_destruction_at_both_vendors_end_to_end(practice, caplog):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = _engine(p)
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure", "wgbo_destruction"])
    caplog.set_level(logging.DEBUG)
    plan = _run(p, request_id)
    summary = plan.summary()
    assert {i.source_system for i in plan.items} == {"exquise", "oase"}
    assert summary["erase"] > 0 and summary["keep"] > 0
    text_ = erasure.approval_text(summary)
    assert "dental_file" in text_ and "wgbo_destruction" in text_
    report = _execute(p, request_id)
    assert erasure.verify_erasure(p["step"], request_id)["ok"]
    # the dental file is gone from both practice systems; billing within its term is still there
    exquise_pid = sql_value(p["urls"]["exquise"], f"SELECT count(*) FROM patienten WHERE bsn = '{zoe.bsn}'")
    assert sql_value(p["urls"]["oase"], "SELECT count(*) FROM procedures WHERE person_id = 120") == 0
    assert sql_value(p["urls"]["exquise"], "SELECT count(*) FROM verrichtingen WHERE patnr = 120") == 0
    assert sql_value(p["urls"]["exquise"], "SELECT count(*) FROM journaal WHERE patnr = 120") == 0
    kept = [i for i in plan.items if i.action == "keep" and i.origin == "live"]
    for item in kept:
        if item.entity == "invoice" and item.source_system == "oase":
            assert sql_value(p["urls"]["oase"], f"SELECT count(*) FROM invoices WHERE invoice_id = {item.key}") == 1
    # a patient row still referenced keeps name and number, never contact or address details
    if exquise_pid:
        email = sql_value(p["urls"]["exquise"], f"SELECT count(email) FROM patienten WHERE bsn = '{zoe.bsn}'")
        assert email == 0
    assert (
        sql_value(p["urls"]["oase"], "SELECT count(*) FROM person_contacts WHERE person_id = 120 AND kind = 'EMAIL'")
        == 0
    )
    # evidence: the journal counts what was done, the audit chain is intact and holds no identifier
    assert sum(n for k, n in report["live"].items() if k.endswith(":done")) == sum(
        1 for i in plan.items if i.erased and i.origin == "live"
    )
    with engine.connect() as conn:  # every erased record is a tombstone (this erasure's, or an earlier disposal's)
        done = {r.hashed_id for r in conn.execute(select(DISPOSE_JOURNAL).where(DISPOSE_JOURNAL.c.status == "done"))}
    assert {i.hashed_id for i in plan.items if i.erased and i.origin != "archive"} <= done
    # the archive: the dental file's keys destroyed (7:455), the fiscal years' keys kept
    archived = {(i.class_id, i.action) for i in plan.items if i.origin in ("archive", "staging")}
    assert ("dental_file", "destroy") in archived and ("billing", "keep") in archived
    assert report["archive_subjects_shredded_now"] == 2
    kinds = [e.kind for e in chain.entries(engine)]
    assert {"request.erasure_planned", "request.erasure_approved", "request.erasure_executed"} <= set(kinds)
    assert "request.erasure_verified" in kinds
    assert chain.verify(engine, data_root=p["data_root"]).ok
    blob = "\n".join(str(e.payload) for e in chain.entries(engine)) + caplog.text
    assert not [v for v in _identifiers(zoe) if v in blob]
    # the letter lists what was erased and what was kept, with the rule and until when, in Dutch
    letter = erasure.write_decision_letter(engine, request_id, letter_date=TODAY, data_root=p["data_root"]).read_text()
    assert "Wat wij hebben gewist of vernietigd:" in letter and "vernietigd op uw verzoek" in letter
    assert "fiscale bewaarplicht" in letter and "tot en met 31 december" in letter
    assert not [v for v in _identifiers(zoe) if v in letter]


def test_erasure_alone_keeps_the_dental_file_and_erases_contact_details(practice):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = _engine(p)
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure"])
    plan = _run(p, request_id)
    dental = [i for i in plan.items if i.class_id == "dental_file"]
    assert dental and all(i.action == "keep" and i.rule == "wgbo_file" for i in dental)
    assert all(i.keep_until is not None for i in dental)
    assert any(i.action == "minimise" and i.class_id == "registration_data" for i in plan.items)
    assert all(i.rule == "suppression" for i in plan.items if i.entity == "communication_preference")
    report = _execute(p, request_id)
    assert report["archive_subjects_shredded_now"] == 0  # the dental file's archived part stays readable too
    kept_live = [i for i in dental if i.origin == "live" and i.entity == "treatment" and i.source_system == "exquise"]
    for item in kept_live:
        assert sql_value(p["urls"]["exquise"], f"SELECT count(*) FROM verrichtingen WHERE verrichting_id = {item.key}")
    assert sql_value(p["urls"]["exquise"], "SELECT count(*) FROM voorkeuren WHERE patnr = 120") == 0
    assert sql_value(p["urls"]["exquise"], "SELECT count(email) FROM patienten WHERE patnr = 120") == 0
    assert sql_value(p["urls"]["exquise"], "SELECT count(achternaam) FROM patienten WHERE patnr = 120") == 1


def test_a_7455_request_alone_touches_only_the_dental_file(practice):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = _engine(p)
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["wgbo_destruction"])
    plan = _run(p, request_id)
    assert {i.class_id for i in plan.items} == {"dental_file"}
    assert {i.rule for i in plan.items if i.entity != "patient"} == {"wgbo_destruction"}


def test_third_party_interest_recorded_by_the_officer_keeps_the_file(practice):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = _engine(p)
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["wgbo_destruction"])
    reason = "erfelijke aandoening, van belang voor de kinderen"

    def record(class_id: str, why: str) -> None:
        erasure.record_exception(
            engine, request_id, kind="third_party_interest", class_id=class_id, reason=why, recorded_by="fg", now=NOW
        )

    with pytest.raises(ErasureError):
        record("billing", reason)
    with pytest.raises(ErasureError):
        record("dental_file", " ")
    record("dental_file", reason)
    plan = _run(p, request_id)
    assert {i.rule for i in plan.items} == {"third_party_interest"}
    with engine.connect() as conn:
        stored = conn.execute(select(REQUEST_EXCEPTIONS.c.reason)).scalar_one()
    assert reason.encode() not in stored  # the reason only as ciphertext
    report = _execute(p, request_id)
    assert not any(k.endswith(":done") for k in report["live"])


def test_a_hold_keeps_everything_it_covers_and_a_rejection_erases_nothing(practice):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = _engine(p)
    holds.place_hold(
        engine,
        scope="person",
        reason="claim",
        placed_by="fg",
        placed_at=NOW,
        source_system="oase",
        subject_kind="patient",
        subject_key="120",
    )
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure", "wgbo_destruction"])
    plan = _run(p, request_id, approve=False)
    oase = [i for i in plan.items if i.source_system == "oase"]
    assert oase and all(i.action == "keep" and i.rule == "hold" for i in oase)
    with pytest.raises(ErasureError, match="rejected"):
        _execute(p, request_id)
    assert erasure.journal_counts(engine, request_id) == {}


def test_unverified_request_is_not_planned(practice):
    from transforms.requests import store
    from transforms.requests.config import RequestsConfig

    engine = _engine(practice)
    record = store.register_request(
        engine,
        types=["erasure"],
        received=dt.date(2026, 10, 20),
        query=PersonQuery(bsn=practice["cases"]["both_vendors"].bsn),
        now=NOW,
        config=RequestsConfig(),
    )
    with pytest.raises(ErasureError, match="identity not verified"):
        erasure.plan_erasure(practice["step"], record.request_id)


def test_a_representative_asks_for_a_child(practice):
    p, child = practice, practice["cases"]["family_child"]
    engine = _engine(p)
    request_id = register_verified(
        engine,
        PersonQuery(name=child.full_name, date_of_birth=child.date_of_birth),
        ["erasure"],
        requester="representative",
        representative_kind="parent_guardian",
        evidence="uittreksel-gezag-2026",
    )
    plan = _run(p, request_id)
    assert plan.items and {i.entity for i in plan.items} >= {"patient"}
    _execute(p, request_id)
    assert erasure.verify_erasure(p["step"], request_id)["ok"]


def test_restored_backup_is_erased_again_by_the_nights_tombstones(practice):
    from transforms.retention import certificates
    from transforms.retention.plan import make_plan

    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = _engine(p)
    backup = p["root"] / "backup"  # made before the archive night and the erasure
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure", "wgbo_destruction"])
    _run(p, request_id)
    _execute(p, request_id)
    assert sql_value(p["urls"]["oase"], "SELECT count(*) FROM procedures WHERE person_id = 120") == 0
    # the practice restores an old backup: the person is back in the live systems
    for name in ("exquise", "oase"):
        shutil.copy(backup / f"{name}.db", p["root"] / f"{name}.db")
    assert sql_value(p["urls"]["oase"], "SELECT count(*) FROM procedures WHERE person_id = 120") > 0
    problems = erasure.verify_erasure(p["step"], request_id)
    assert not problems["ok"]
    # the night: tombstones first, then the plan; the certificate counts what came back and went again
    counts = verify.reapply_tombstones(engine, source_urls=p["urls"], now=NOW, plan_id="night")
    assert counts.get("oase.treatment.destroy", 0) > 0
    assert sql_value(p["urls"]["oase"], "SELECT count(*) FROM procedures WHERE person_id = 120") == 0
    assert sql_value(p["urls"]["exquise"], "SELECT count(*) FROM journaal WHERE patnr = 120") == 0
    assert erasure.verify_erasure(p["step"], request_id)["ok"]
    make_plan(AS_OF, register_url=p["register_url"], data_root=p["data_root"], plan_id="night")
    cert = certificates.certify(engine, "night", "dental_file", approver=None, now=NOW)
    assert cert["entry"]["payload"]["tombstones_reapplied"] > 0
    assert "Came back, gone" in cert["text"]
    with engine.connect() as conn:
        pending = conn.execute(select(DISPOSE_JOURNAL).where(DISPOSE_JOURNAL.c.status == "pending")).all()
    assert not pending


def test_the_person_leaves_every_research_release_still_kept(practice, monkeypatch):
    """Two releases of a dataset hold the person's rows under their pseudonym: both lose them, others stay."""
    import duckdb
    import pandas as pd

    from transforms.research import load_datasets
    from transforms.research.pseudonym import DatasetKey, research_key_from_env

    p, zoe = practice, practice["cases"]["both_vendors"]
    monkeypatch.setenv("DCN_RESEARCH_PSEUDONYM_KEY", "research-test-key-0123456789-abcdefghijklmnop")
    name, definition = sorted(load_datasets().items())[0]
    table_name, table = next(iter(definition.tables.items()))
    key = DatasetKey(research_key_from_env(), definition.domain)
    mine = [key.pseudonym("patient", s, "120") for s in ("exquise", "oase")]
    others = [key.pseudonym("patient", "exquise", str(n)) for n in (1, 2, 3)]
    root = p["data_root"] / "research" / name
    for version in ("v1", "v2"):
        folder = root / "releases" / version
        folder.mkdir(parents=True)
        frame = pd.DataFrame({table.pseudonym_column: [*mine, *others], "value": range(5)})
        frame.to_parquet(folder / f"{table_name}.parquet")
        with duckdb.connect(str(folder / f"{name}.duckdb")) as con:
            con.execute(f'CREATE TABLE "{table_name}" AS SELECT * FROM frame')
    (root / "current").symlink_to("releases/v2")
    engine = _engine(p)
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure"])
    plan = _run(p, request_id)
    assert plan.summary()["research_rows"] == 2
    report = _execute(p, request_id)
    assert report["research_rows_removed_now"] == 4  # both releases still kept
    for version in ("v1", "v2"):
        folder = root / "releases" / version
        left = pd.read_parquet(folder / f"{table_name}.parquet")[table.pseudonym_column].tolist()
        assert left == others
        with duckdb.connect(str(folder / f"{name}.duckdb")) as con:
            assert con.execute(f'SELECT count(*) FROM "{table_name}"').fetchone()[0] == 3
    assert _execute(p, request_id)["research_rows_removed_now"] == 0  # a re-run finds nothing more
    assert (
        "onderzoeksbestanden"
        in erasure.write_decision_letter(engine, request_id, letter_date=TODAY, data_root=p["data_root"]).read_text()
    )


def test_the_persons_anonymised_texts_go_kept_notes_too(practice):
    """The anonymised text output holds the person's notes: all of them leave it, also those the WGBO keeps."""
    import json

    import pandas as pd

    from transforms.kernel import staging

    p, zoe = practice, practice["cases"]["both_vendors"]
    notes = staging.read_entity("clinical_note", "note_id", data_root=p["data_root"])
    theirs = notes[notes["patient_id"].astype(str) == "120"][["source_system", "note_id"]]
    others = notes[notes["patient_id"].astype(str) != "120"][["source_system", "note_id"]].head(5)
    frame = pd.concat([theirs, others]).assign(status="anonymised", text="[NAAM] had pijn")
    folder = p["data_root"] / "anonymised" / "text" / "clinical_note"
    folder.mkdir(parents=True)
    frame.to_parquet(folder / staging.DATA_FILE)
    (folder / staging.MANIFEST).write_text(json.dumps({"file": staging.DATA_FILE, "rows": len(frame)}))
    engine = _engine(p)
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure"])  # the file itself is kept
    plan = _run(p, request_id)
    assert plan.text_outputs == len(theirs) > 0
    report = _execute(p, request_id)
    assert report["text_removed_now"] == len(theirs)
    left = pd.read_parquet(folder / staging.DATA_FILE)
    assert sorted(left["note_id"].astype(str)) == sorted(others["note_id"].astype(str))
    assert _execute(p, request_id)["text_removed_now"] == 0
