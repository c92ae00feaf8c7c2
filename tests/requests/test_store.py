"""The register: identifiers encrypted at rest (read raw), bound to their request; duplicates by keyed hash;
nothing executed before verification; no identifier in the audit chain, logs or the CSV register."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from transforms.audit import chain
from transforms.register.schema import REQUEST_IDENTIFIERS, REQUESTS
from transforms.requests import crypto, store
from transforms.requests.identity import PersonQuery
from transforms.requests.letters import csv_register

from .conftest import BSN, DOB, EMAIL, EVIDENCE, NAME, NOTES, NOW, PHONE, REASON, leaks

D = dt.date


def person(**extra) -> PersonQuery:
    values = dict(
        bsn=BSN,
        email=EMAIL,
        phone=PHONE,
        name=NAME,
        date_of_birth=D.fromisoformat(DOB),
        patient_numbers=(("exquise", "P-77"),),
    )
    values.update(extra)
    return PersonQuery(**values)


def register(engine, config, query=None, types=("access",), received=D(2026, 1, 31), **kwargs):
    return store.register_request(
        engine, types=list(types), received=received, query=query or person(), now=NOW, config=config, **kwargs
    )


def test_identifiers_notes_evidence_and_reasons_are_not_stored_in_the_clear(engine, config, env):
    record = register(
        engine, config, requester="representative", representative_kind="mandate", evidence=EVIDENCE, notes=NOTES
    )
    store.verify_identity(engine, record.request_id, verified_on=D(2026, 2, 2), now=NOW)
    store.extend(engine, record.request_id, notified_on=D(2026, 2, 20), reason=REASON, now=NOW)
    with engine.connect() as conn:
        for table in ("requests", "request_identifiers", "request_events", "audit_log"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                raw = " ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in row)
                assert leaks(raw) == [], table
    engine.dispose()
    database = Path(env.removeprefix("sqlite:///"))
    for path in database.parent.glob(database.name + "*"):  # the file, its WAL and shared memory
        assert leaks(path.read_bytes().decode("latin-1")) == [], path.name
    # and the register gives it all back, decrypted, to the one caller that needs it
    assert store.person_query(engine, record.request_id) == person()


def test_a_ciphertext_moved_to_another_request_does_not_decrypt(engine, config):
    first = register(engine, config)
    second = register(engine, config, query=PersonQuery(employee_number="E-1"))
    with engine.begin() as conn:
        blob = conn.execute(
            select(REQUEST_IDENTIFIERS.c.identity).where(REQUEST_IDENTIFIERS.c.request_id == first.request_id)
        ).scalar_one()
        conn.execute(
            update(REQUEST_IDENTIFIERS)
            .where(REQUEST_IDENTIFIERS.c.request_id == second.request_id)
            .values(identity=blob)
        )
    with pytest.raises(crypto.RequestKeyError) as caught:
        store.person_query(engine, second.request_id)
    assert leaks(str(caught.value)) == []


def test_another_key_is_reported_as_such(engine, config, monkeypatch):
    record = register(engine, config)
    monkeypatch.setenv("DCN_REQUESTS_KEY", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
    with pytest.raises(crypto.RequestKeyError, match="another requests key"):
        store.person_query(engine, record.request_id)


def test_the_key_file_is_made_private_when_no_key_is_set(engine, config, monkeypatch, tmp_path):
    monkeypatch.delenv("DCN_REQUESTS_KEY")
    monkeypatch.setenv("DCN_REQUESTS_KEY_FILE", str(tmp_path / "secrets" / "requests.key"))
    record = register(engine, config)
    assert (tmp_path / "secrets" / "requests.key").stat().st_mode & 0o777 == 0o600
    assert store.person_query(engine, record.request_id).bsn == BSN


def test_same_person_and_type_within_the_window_is_a_duplicate(engine, config):
    first = register(engine, config)
    # the same BSN written differently, same type, a month later
    again = register(engine, config, query=PersonQuery(bsn="1234.56.782"), received=D(2026, 3, 1))
    assert again.duplicate_of == first.request_id
    # name + date of birth, written the other way round and without the diaeresis
    by_name = register(engine, config, query=PersonQuery(name="de Vries, Jan", date_of_birth=D(1980, 3, 14)))
    assert by_name.duplicate_of == first.request_id
    by_number = register(engine, config, query=PersonQuery(patient_numbers=(("exquise", "P-77"),)))
    assert by_number.duplicate_of == first.request_id


@pytest.mark.parametrize(
    "query, types, received",
    [
        (PersonQuery(bsn=BSN), ("erasure",), D(2026, 3, 1)),  # another type
        (PersonQuery(bsn=BSN), ("access",), D(2027, 2, 1)),  # outside the window
        (PersonQuery(bsn="111222333"), ("access",), D(2026, 3, 1)),  # another person
        (PersonQuery(email=EMAIL), ("access",), D(2026, 3, 1)),  # a shared family e-mail only
        (PersonQuery(name=NAME, date_of_birth=D(2012, 3, 14)), ("access",), D(2026, 3, 1)),  # a namesake
        (PersonQuery(patient_numbers=(("oase", "P-77"),)), ("access",), D(2026, 3, 1)),  # same number, other system
    ],
)
def test_not_a_duplicate(engine, config, query, types, received):
    register(engine, config)
    assert register(engine, config, query=query, types=types, received=received).duplicate_of is None


def test_the_window_is_configured(engine, config):
    register(engine, config)
    narrow = config.model_copy(update={"duplicate_window_days": 10})
    assert register(engine, narrow, query=PersonQuery(bsn=BSN), received=D(2026, 3, 1)).duplicate_of is None


def test_an_unverified_duplicate_is_never_executed(engine, config):
    register(engine, config)
    duplicate = register(engine, config, query=PersonQuery(bsn=BSN), received=D(2026, 2, 10))
    reasons = store.refusals(duplicate)
    assert any("duplicates" in r for r in reasons) and any("not verified" in r for r in reasons)
    with pytest.raises(store.RequestError, match="not verified"):
        store.set_status(engine, duplicate.request_id, "in_progress", now=NOW)
    verified = store.verify_identity(engine, duplicate.request_id, verified_on=D(2026, 2, 11), now=NOW)
    assert store.refusals(verified) == []


def test_due_dates_are_stored_at_each_fact(engine, config):
    record = register(engine, config, identity_requested_on=D(2026, 2, 3))
    assert record.paused and record.status == "awaiting_identity"
    with engine.connect() as conn:
        stored = conn.execute(
            select(REQUESTS.c.due_on, REQUESTS.c.paused).where(REQUESTS.c.request_id == record.request_id)
        ).one()
    assert stored.due_on == D(2026, 2, 28) and stored.paused == 1
    record = store.verify_identity(engine, record.request_id, verified_on=D(2026, 3, 31), now=NOW)
    assert record.due_on == D(2026, 4, 30) and not record.paused
    outcome = store.extend(engine, record.request_id, notified_on=D(2026, 4, 30), reason=REASON, now=NOW)
    assert outcome.granted and outcome.record.due_on == D(2026, 6, 30)


def test_a_representative_needs_a_kind_and_evidence(engine, config):
    with pytest.raises(store.RequestError):
        register(engine, config, requester="representative", representative_kind="mandate")
    with pytest.raises(store.RequestError):
        register(engine, config, requester="representative", evidence=EVIDENCE)
    record = register(
        engine, config, requester="representative", representative_kind="parent_guardian", evidence=EVIDENCE
    )
    assert record.requester == "representative" and record.representative_kind == "parent_guardian"


def test_received_at_is_kept_in_utc_and_the_day_in_amsterdam(engine, config):
    # 23:30 UTC on 31 January is 00:30 on 1 February in Amsterdam: the period runs from 1 February
    record = register(engine, config, received=dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.timezone.utc))
    assert record.received_on == D(2026, 2, 1) and record.due_on == D(2026, 3, 1)
    assert record.received_at == dt.datetime(2026, 1, 31, 23, 30)


def test_no_identifier_in_the_audit_chain_logs_or_csv(engine, config, caplog):
    caplog.set_level(logging.DEBUG)
    record = register(
        engine,
        config,
        notes=NOTES,
        requester="representative",
        representative_kind="mentor",
        evidence=EVIDENCE,
        identity_requested_on=D(2026, 2, 1),
    )
    register(engine, config, received=D(2026, 2, 5))  # a duplicate
    store.verify_identity(engine, record.request_id, verified_on=D(2026, 2, 10), now=NOW)
    store.extend(engine, record.request_id, notified_on=D(2026, 2, 11), reason=REASON, now=NOW)
    store.set_status(engine, record.request_id, "closed", now=NOW, outcome="provided", closed_on=D(2026, 3, 1))
    entries = list(chain.entries(engine))
    kinds = [e.kind for e in entries]
    assert kinds.count("request.registered") == 2 and "request.extended" in kinds and "request.closed" in kinds
    assert leaks(json.dumps([e.payload for e in entries], default=str)) == []
    assert all(e.payload["request_id"].startswith("REQ-") for e in entries)
    assert leaks(caplog.text) == [] and record.request_id in caplog.text
    register_csv = csv_register(store.list_requests(engine))
    assert leaks(register_csv) == [] and f"{record.request_id},access,2026-01-31" in register_csv
    assert chain.verify(engine).ok


def test_person_query_repr_shows_no_values():
    assert leaks(repr(person())) == [] and "bsn" in repr(person())
