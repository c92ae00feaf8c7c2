"""Rectification: a reviewed change set written back through the mapping, old values kept encrypted, the
patient's statement added as a note of its own kind; the next extraction stages the corrected value."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, select, text

from tests.practice import sql_rows
from tests.requests.erasure_fixtures import (
    NOW,
    UPPER,
    extract_again,
    register_verified,
)
from transforms import register
from transforms.register.schema import REQUEST_RECTIFICATIONS
from transforms.requests import rectification
from transforms.requests.identity import PersonQuery

NEW_STREET = "Nieuwe Gracht"
STATEMENT = "Ik ben het niet eens met de aantekening over mijn pijnklachten."


def test_correction_and_statement_reviewed_then_written_back(practice):
    from transforms.kernel import staging

    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = register.register_engine(p["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["rectification"])
    (old_street,) = sql_rows(p["urls"]["exquise"], "SELECT straat FROM patienten WHERE patnr = 120")[0]
    proposed = rectification.propose(
        p["step"],
        request_id,
        changes=[rectification.Change("street", NEW_STREET)],
        statement=rectification.Statement(STATEMENT, written_at=NOW),
    )
    # Oase's patient is query-mapped: the officer is told to correct it by hand; statements go to both vendors
    assert proposed["by_hand"] == ["oase.patient.street"]
    assert proposed["counts"] == {
        "exquise.clinical_note.text:patient_statement:proposed": 1,
        "exquise.patient.street:correction:proposed": 1,
        "oase.clinical_note.text:patient_statement:proposed": 1,
    }
    assert NEW_STREET not in str(proposed) and old_street not in str(proposed)
    review = "\n".join(rectification.review_lines(engine, request_id))
    assert f"{old_street!r} -> {NEW_STREET!r}" in review and STATEMENT in review
    with engine.connect() as conn:  # before and after only as ciphertext
        sealed = b"".join(r.sealed for r in conn.execute(select(REQUEST_RECTIFICATIONS)))
    assert old_street.encode() not in sealed and NEW_STREET.encode() not in sealed
    assert rectification.decide(engine, request_id, approve=True, decided_by="fg", now=NOW) == "approved"
    report = rectification.apply(p["step"], request_id)
    assert report["applied"] == {"exquise": 2, "oase": 1} and not report["conflicts"]
    assert sql_rows(p["urls"]["exquise"], "SELECT straat FROM patienten WHERE patnr = 120")[0][0] == NEW_STREET
    for url, sql in (
        (p["urls"]["exquise"], "SELECT tekst FROM journaal WHERE patnr = 120 AND soort = 'verklaring_patient'"),
        (p["urls"]["oase"], "SELECT body FROM notes WHERE person_id = 120 AND category = 'verklaring_patient'"),
    ):
        assert [r[0] for r in sql_rows(url, sql)] == [STATEMENT]
    # a re-run changes nothing and adds no second statement
    with engine.begin() as conn:
        conn.execute(REQUEST_RECTIFICATIONS.update().values(status="approved"))
    rectification.apply(p["step"], request_id)
    assert len(sql_rows(p["urls"]["oase"], "SELECT body FROM notes WHERE category = 'verklaring_patient'")) == 1
    # the history: the old value is still in the register (encrypted) with the applied change
    assert f"{old_street!r} -> {NEW_STREET!r}" in "\n".join(rectification.review_lines(engine, request_id))
    # the next extraction stages the corrected value and the statement
    extract_again(p, UPPER + dt.timedelta(days=2))
    patients = staging.read_entity("patient", "patient_id", data_root=p["data_root"])
    mine = patients[(patients["source_system"] == "exquise") & (patients["patient_id"].astype(str) == "120")]
    assert mine["street"].tolist() == [NEW_STREET]
    notes = staging.read_entity("clinical_note", "note_id", data_root=p["data_root"])
    assert (notes["note_type"] == "verklaring_patient").sum() == 2


def test_a_value_changed_meanwhile_is_a_conflict_and_nothing_of_that_source_is_written(practice):
    p, zoe = practice, practice["cases"]["both_vendors"]
    engine = register.register_engine(p["register_url"])
    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["rectification"])
    rectification.propose(
        p["step"],
        request_id,
        changes=[rectification.Change("street", NEW_STREET), rectification.Change("city", "Zwolle")],
    )
    rectification.decide(engine, request_id, approve=True, decided_by="fg", now=NOW)
    source = create_engine(p["urls"]["exquise"])
    with source.begin() as conn:  # the practice corrects the city itself meanwhile
        conn.execute(text("UPDATE patienten SET woonplaats = 'Deventer' WHERE patnr = 120"))
    source.dispose()
    report = rectification.apply(p["step"], request_id)
    assert report["conflicts"] == {"exquise": 2} and not report["applied"]
    assert sql_rows(p["urls"]["exquise"], "SELECT straat FROM patienten WHERE patnr = 120")[0][0] != NEW_STREET
