"""Minimisation reaches every copy (issue 12, kind 1) and a kept row is minimised (kind 3), end to end on the
SQLite practice systems: the archive copy of a patient never holds contact details past their term (not copied
when already past it, re-written when the term ends later), and the retention gate passes with every class."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.retention.conftest import NOW, archive_night, dispose_night
from tests.retention.test_dispose import approve_all, world  # noqa: F401 - fixture
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import archive, gate
from transforms.retention.approval import decide
from transforms.retention.plan import make_plan
from transforms.retention.policy import load_policy

CONTACT = [f for r in load_policy().field_rules("patient") for f in r.fields or []]


def test_archive_copies_hold_no_contact_details_past_their_term_and_the_gate_passes(world):
    w = world
    approve_all(w)
    arch = w["root"] / "arch"
    archive_night(w, media_roots=None)
    out = dispose_night(w)
    with w["engine"].connect() as conn:
        minimised = {
            r.hashed_id
            for r in conn.execute(
                select(DISPOSE_JOURNAL.c.hashed_id).where(
                    DISPOSE_JOURNAL.c.class_id == "registration_data", DISPOSE_JOURNAL.c.status == "done"
                )
            )
        }
    archived = {h: row for entity, h, row in archive.read_archived(w["engine"], arch, entity="patient")}
    assert archived and minimised & set(archived)
    for h in minimised & set(archived):  # the archive copy follows the live row
        assert all(archived[h].get(f) is None for f in CONTACT)
    assert archive.verify_archives(register_url=w["register_url"], root=arch)["batches"] > 0
    # every kept patient (blocked by records that point at it) is minimised: the gate passes
    assert gate.validate_plan(w["engine"], "d1", source_urls=w["urls"], data_root=w["data"])["success"]
    # Later nights: contact details of patients archived while their term still ran reach their term; the
    # live row is minimised (or already gone) and the archive copy is re-written without them.
    kept = {h for h, row in archived.items() if any(row.get(f) for f in CONTACT)}
    assert kept
    night = dt.date(2033, 1, 2)
    make_plan(
        night, register_url=w["register_url"], data_root=w["data"], plan_id="d2", created_at=NOW.replace(year=2033)
    )
    decide(w["engine"], "d2", decided_by="fg", decided_at=NOW.replace(year=2033), approve=["registration_data"])
    out = dispose_night(w, "d2", now=NOW.replace(year=2033))
    report = [r for r in out["registration_data"] if r["source"] == "archive"]  # the archive reported as a place
    assert report and report[0]["entity"] == "patient" and report[0]["done"] > 0
    again = {h: row for entity, h, row in archive.read_archived(w["engine"], arch, entity="patient")}
    assert set(again) == set(archived)  # every record still readable, only the fields emptied
    assert sum(1 for h in kept if all(again[h].get(f) is None for f in CONTACT)) == report[0]["done"]
    assert archive.verify_archives(register_url=w["register_url"], root=arch)["batches"] > 0
