"""Restriction (art. 18) and objection / consent withdrawal (art. 7(3), 21) at both vendors: holds while
restricted, lifting only after the person was told; preferences written back through the mapping, verified the
next night, staged by the next extraction (from which research leaves the person out)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, text

from tests.practice import sql_rows
from tests.requests.erasure_fixtures import (
    NOW,
    extract_again,
    register_verified,
)
from transforms import register
from transforms.audit import chain
from transforms.requests import consent, restriction
from transforms.requests.identity import PersonQuery
from transforms.retention import holds


def test_restriction_holds_the_person_everywhere_until_lifted_after_telling(practice):
    from transforms.research.build import restricted_patients

    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = register.register_engine(p["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["restriction"])
    placed = restriction.restrict(p["step"], request_id, placed_by="fg")
    assert placed["placed"] == 2
    assert restriction.restrict(p["step"], request_id, placed_by="fg")["placed"] == 0
    assert {("exquise", "120"), ("oase", "120")} <= set(restricted_patients(p["register_url"]))
    assert {("exquise", "patient", "120"), ("oase", "patient", "120")} <= restriction.restricted_subjects(engine)
    # retention may not destroy: the person hold covers every class of the person
    index = holds.HoldIndex.build(holds.list_holds(engine))
    assert index.person_held("oase", "patient", "120", "dental_file")
    # lifting needs the day the person was told, not in the future
    with pytest.raises(restriction.RestrictionError):
        restriction.lift_restriction(engine, request_id, told_on=dt.date(2026, 12, 1), lifted_by="fg", now=NOW)
    lifted = restriction.lift_restriction(engine, request_id, told_on=dt.date(2026, 10, 28), lifted_by="fg", now=NOW)
    assert lifted["lifted"] == 2 and not restriction.restricted_subjects(engine)
    entry = [e for e in chain.entries(engine, kind="request.restriction_lifted")][0]
    assert entry.payload["told_on"] == "2026-10-28"


def test_objection_is_written_back_at_both_vendors_and_verified_the_next_night(practice):
    from tests.requests.erasure_fixtures import UPPER
    from transforms.kernel import staging

    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = register.register_engine(p["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["objection"])
    done = consent.record_preferences(p["step"], request_id, purposes=["herinnering_sms", "onderzoek"])
    assert done["sources"] == ["exquise", "oase"] and done["entries"] == 4
    # the vendors' own tables, columns and codes
    assert {
        r[0]
        for r in sql_rows(
            p["urls"]["exquise"], "SELECT akkoord FROM voorkeuren WHERE patnr = 120 AND soort IN ('SMS', 'ONDERZOEK')"
        )
    } == {"N"}
    assert {
        r[0]
        for r in sql_rows(
            p["urls"]["oase"],
            "SELECT given FROM consents WHERE person_id = 120 AND purpose IN ('herinnering_sms', 'onderzoek')",
        )
    } == {0}
    # idempotent: a re-run writes nothing again
    again = consent.record_preferences(p["step"], request_id, purposes=["herinnering_sms", "onderzoek"])
    assert again["written_now"] == 0 and len(consent.ledger(engine, request_id)) == 4
    # the next night: the source shows it
    report = consent.verify_preferences(engine, source_urls=p["urls"], now=NOW + dt.timedelta(days=1))
    assert report["ok"] and report["shown"] == 4
    assert all(e["verified_at"] for e in consent.ledger(engine, request_id))
    # and the next extraction stages it: research reads the newest `onderzoek` preference, not granted
    extract_again(p, UPPER + dt.timedelta(days=2))
    frame = staging.read_entity("communication_preference", "preference_id", data_root=p["data_root"])
    mine = frame[(frame["patient_id"].astype(str) == "120") & (frame["purpose"] == "onderzoek")]
    newest = mine.sort_values("recorded_at").groupby("source_system").tail(1)
    assert set(newest["source_system"]) == {"exquise", "oase"} and not newest["granted"].any()


def test_a_source_that_lost_the_preference_is_reported(practice):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = register.register_engine(p["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["consent_withdrawal"])
    consent.record_preferences(p["step"], request_id, purposes=["nieuwsbrief"])
    source = create_engine(p["urls"]["oase"])
    with source.begin() as conn:  # a restore, or someone ticks the box again
        conn.execute(text("UPDATE consents SET given = 1 WHERE person_id = 120 AND purpose = 'nieuwsbrief'"))
    source.dispose()
    report = consent.verify_preferences(engine, source_urls=p["urls"], now=NOW)
    assert not report["ok"] and report["problems"] == [
        {"request_id": request_id, "source": "oase", "purpose": "nieuwsbrief"}
    ]


def test_the_demos_erasure_and_objection(practice):
    """What ``make demo`` runs after its DAGs (fixtures/demo_requests.py): two letters, nothing of the person."""
    from fixtures.demo_requests import run_requests
    from tests.requests.erasure_fixtures import AS_OF, PATIENTS, SEED

    p = practice
    letters = run_requests(p["urls"], p["media"], seed=SEED, patients=PATIENTS, today=AS_OF, now=NOW)
    assert set(letters) == {"erasure", "objection"}
    for path in letters.values():
        body = path.read_text()
        assert "Geachte heer, mevrouw" in body
        for case in ("both_vendors", "family_head"):
            assert p["cases"][case].bsn not in body and p["cases"][case].last_name not in body
    assert "gewist" in letters["erasure"].read_text() and "sms" in letters["objection"].read_text()
