"""Issue 12, kind 1 extended: a patient whose file went to the archive while the contact details' own term still
ran leaves the live system and the staging with them; the archive copy keeps the field term end
(``archive_field_term``), the plan of the night that term ends lists the record for minimising, and dispose
empties the fields in the archive copy (re-written, verified), though no live or staged row is left."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.retention.conftest import HASH_KEY, NOW, dispose_night, world_on
from tests.retention.test_copies_and_scopes import night_one
from tests.retention.test_dispose import world  # noqa: F401 - the fixture
from transforms.register.schema import ARCHIVE_FIELD_TERMS
from transforms.retention import archive, certificates, hashing, purge
from transforms.retention.approval import decide
from transforms.retention.plan import make_plan, plan_items
from transforms.sources.staging import read_entity

CONTACT = ("email", "phone_mobile", "phone_home", "street", "house_number", "postcode", "city")


@pytest.fixture(params=["sqlite", "postgresql"])
def field_world(request, world):
    with world_on(request.param, world) as w:
        yield w


def free_old_patients(w) -> None:
    """Every patient of the pristine world has consent records, which keep the patient row live for 20 years;
    here those of patients whose last clinical change is 5 to 12 years back are gone from the live systems (as
    at a practice that never recorded any), so night one can move such a patient to the archive (its billing
    is archived too) while the contact details' own term, from the latest billing record, still runs."""
    from sqlalchemy import MetaData, Table, create_engine, delete

    from transforms.kernel.canonical import load_model
    from transforms.retention.disposal_map import resolve_target
    from transforms.sources.config import load_sources

    patients = read_entity("patient", "patient_id", data_root=w["data"])
    old = patients[
        (patients["last_clinical_change_at"].astype(str) >= "2014-11-01")
        & (patients["last_clinical_change_at"].astype(str) < "2021-10-01")
    ]
    sources = {s.name: s for s in load_sources()}
    key = load_model().entity("communication_preference").key
    for source, group in old.groupby("source_system"):
        target, reason = resolve_target(sources[source], "communication_preference", key, whole_rows=False)
        assert target is not None, reason
        column = sources[source].entities["communication_preference"].columns["patient_id"].column
        engine = create_engine(w["urls"][source])
        table = Table(target.table, MetaData(), autoload_with=engine)
        keys = group["patient_id"].tolist()
        keys = keys + [str(k) for k in keys]
        with engine.begin() as conn:
            conn.execute(delete(table).where(table.c[column].in_(keys)))
        engine.dispose()


def test_archived_contact_fields_are_minimised_at_their_own_term(field_world):
    w = field_world
    free_old_patients(w)
    night_one(w)
    purge.purge_plan(w["engine"], "d1", data_root=w["data"], source_urls=w["urls"], now=NOW)
    with w["engine"].connect() as conn:
        terms = {
            r.hashed_id: r.fields_end_on
            for r in conn.execute(
                select(ARCHIVE_FIELD_TERMS).where(
                    ARCHIVE_FIELD_TERMS.c.entity == "patient", ARCHIVE_FIELD_TERMS.c.minimised_at.is_(None)
                )
            )
        }
    staged = read_entity("patient", "patient_id", data_root=w["data"])
    still_staged = {
        hashing.hash_id(HASH_KEY.encode(), s, "patient", k)
        for s, k in zip(staged["source_system"], staged["patient_id"])
    }
    gone = {h: end for h, end in terms.items() if h not in still_staged}
    assert gone  # patients that left the live system and the staging for the archive
    archived = {h: row for e, h, row in archive.read_archived(w["engine"], w["root"] / "arch") if e == "patient"}
    holding = {h: end for h, end in gone.items() if any(archived[h].get(f) is not None for f in CONTACT)}
    assert holding  # archive copies that still hold contact details, their term still running
    day = min(holding.values()) + dt.timedelta(days=1)  # the first such field term has just ended
    due = {h for h, end in gone.items() if end < day}
    make_plan(day, register_url=w["register_url"], data_root=w["data"], plan_id="d2", created_at=NOW)
    listed = {h for *_, h in plan_items(w["engine"], "d2", class_id="registration_data", stage="minimise")}
    assert due <= listed
    decide(w["engine"], "d2", decided_by="fg", decided_at=NOW, approve=["registration_data"])
    result = dispose_night(w, "d2", now=NOW + dt.timedelta(days=1))
    assert any(r["source"] == "archive" and r["done"] for r in result["registration_data"])
    after = {h: row for e, h, row in archive.read_archived(w["engine"], w["root"] / "arch") if e == "patient"}
    assert all(after[h].get(f) is None for h in due for f in CONTACT)
    later = [h for h, end in holding.items() if end >= day]
    assert all(after[h] == archived[h] for h in later)  # the others keep theirs until their own term
    assert archive.verify_archives(register_url=w["register_url"], root=w["root"] / "arch")["batches"]  # raises if bad
    with w["engine"].connect() as conn:
        marked = {
            r.hashed_id
            for r in conn.execute(select(ARCHIVE_FIELD_TERMS).where(ARCHIVE_FIELD_TERMS.c.minimised_at.is_not(None)))
        }
    assert due <= marked
    cert = certificates.certify(w["engine"], "d2", "registration_data", approver="fg", now=NOW)
    assert "Archive copies  :" in cert["text"]
