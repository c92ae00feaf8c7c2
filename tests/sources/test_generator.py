"""The synthetic practice systems: deterministic, realistic, valid identifiers, every category, 25+ years."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tracemalloc

import pytest
from sqlalchemy import create_engine, inspect, text

from fixtures.practice import dutch
from fixtures.practice.synthetic import FLUSH_ROWS, SYSTEMS, generate
from fixtures.practice.vendors import VENDORS, write_system

from .conftest import AS_OF, SEED


def _fingerprint(url: str) -> str:
    engine = create_engine(url)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(inspect(engine).get_table_names()):
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return digest.hexdigest()


def test_same_seed_same_data_other_seed_other_data(tmp_path, sqlite_systems):
    again = f"sqlite:///{tmp_path / 'again.db'}"
    write_system(again, "oase", seed=SEED, patients=300, as_of=AS_OF)
    assert _fingerprint(again) == _fingerprint(sqlite_systems["oase"])
    other = f"sqlite:///{tmp_path / 'other.db'}"
    write_system(other, "oase", seed=SEED + 1, patients=300, as_of=AS_OF)
    assert _fingerprint(other) != _fingerprint(sqlite_systems["oase"])


def test_refuses_to_overwrite_without_replace(sqlite_systems):
    with pytest.raises(FileExistsError, match="--replace"):
        write_system(sqlite_systems["exquise"], "exquise", seed=SEED, patients=10, as_of=AS_OF)


def test_every_vendor_table_has_rows(sqlite_systems):
    for system, url in sqlite_systems.items():
        metadata, _ = VENDORS[system]()
        engine = create_engine(url)
        with engine.connect() as conn:
            empty = [t for t in metadata.tables if conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() == 0]
        assert empty == [], f"{system}: empty tables {empty}"


def _canonical(entity: str, system: str = "exquise", patients: int = 300) -> list[dict]:
    return [row for name, rows in generate(SYSTEMS[system], SEED, patients, AS_OF) if name == entity for row in rows]


def test_identifiers_pass_their_checks():
    patients = _canonical("patient")
    assert all(dutch.is_valid_bsn(p["bsn"]) for p in patients)
    assert all(re.fullmatch(r"\d{4} [A-Z]{2}", p["postcode"]) for p in patients)
    assert all(re.fullmatch(r"EX\d{6}", p["patient_number"]) for p in patients)
    ibans = [p["payer_iban"] for p in _canonical("payment") if p["payer_iban"]]
    assert ibans and all(dutch.is_valid_iban(i) and i.startswith("NL") for i in ibans)
    staff = _canonical("employee")
    assert all(dutch.is_valid_bsn(e["bsn"]) and dutch.is_valid_iban(e["iban"]) for e in staff)


def test_the_checks_reject_what_they_should():
    assert dutch.is_valid_bsn("111222333") and dutch.is_valid_bsn("111.222.333")
    assert not dutch.is_valid_bsn("111222334") and not dutch.is_valid_bsn("000000000")
    assert dutch.is_valid_iban("NL91 ABNA 0417 1643 00") and not dutch.is_valid_iban("NL92ABNA0417164300")


def test_dates_span_every_retention_boundary():
    patients = _canonical("patient")
    last_clinical = [p["last_clinical_change_at"].date() for p in patients]
    wgbo_cutoff = AS_OF.replace(year=AS_OF.year - 20)
    assert min(last_clinical) < wgbo_cutoff < max(last_clinical)
    assert any(p["date_of_death"] for p in patients) and any(p["deregistered_on"] for p in patients)
    assert any((AS_OF - p["date_of_birth"]).days < 18 * 365 for p in patients), "minors"
    # An administrative change after the last clinical one: updated_at moves, the WGBO trigger does not.
    assert any(p["updated_at"] > p["last_clinical_change_at"] for p in patients)
    invoice_years = {i["invoice_date"].year for i in _canonical("invoice")}
    assert min(invoice_years) < AS_OF.year - 8 and max(invoice_years) >= AS_OF.year - 1
    clips = [c["recorded_from"].date() for c in _canonical("camera_recording")]
    assert min(clips) < AS_OF - dt.timedelta(weeks=4) < max(clips)
    applicants = _canonical("applicant")
    assert any(a["procedure_ended_on"] is None for a in applicants) or len(applicants) < 20
    assert any(a["consent_extended_retention"] for a in applicants)
    employees = _canonical("employee")
    assert any(e["employed_until"] for e in employees) and any(e["employed_until"] is None for e in employees)
    complaints = _canonical("complaint", patients=2000)
    assert any(c["closed_on"] is None for c in complaints) and any(c["closed_on"] for c in complaints)
    objections = [p for p in _canonical("communication_preference") if not p["granted"]]
    assert {p["purpose"] for p in objections} >= {"herinnering_sms", "onderzoek"}


def test_notes_carry_personal_data_inside_the_text_as_real_notes_do():
    patients = {p["patient_id"]: p for p in _canonical("patient")}
    notes = _canonical("clinical_note")
    with_name = sum(1 for n in notes if patients[n["patient_id"]]["last_name"].lower() in n["text"].lower())
    with_number = sum(1 for n in notes if re.search(r"\d{3}[ .-]?\d{2,3}[ .-]?\d{3}", n["text"]))
    assert with_name / len(notes) > 0.2 and with_number / len(notes) > 0.1
    assert any(re.search(r"\b(element|elem\.|kies)\s*\d{2}\b", n["text"]) for n in notes)


def test_family_links_point_to_a_household_head_at_the_same_address():
    patients = {p["patient_id"]: p for p in _canonical("patient", system="oase")}
    links = _canonical("family_link", system="oase")
    assert links
    for link in links:
        member, head = patients[link["patient_id"]], patients[link["related_patient_id"]]
        assert (member["street"], member["house_number"], member["last_name"]) == (
            head["street"],
            head["house_number"],
            head["last_name"],
        )


def test_generation_streams_in_bounded_batches():
    sizes: dict[str, int] = {}
    for entity, rows in generate(SYSTEMS["exquise"], SEED, 1500, AS_OF, chunk_patients=500):
        sizes[entity] = max(sizes.get(entity, 0), len(rows))
    assert sizes["patient"] == 500
    assert max(sizes.values()) <= max(FLUSH_ROWS, 500 * 20)


def _peak_bytes(patients: int) -> int:
    tracemalloc.start()
    for _ in generate(SYSTEMS["oase"], SEED, patients, AS_OF, chunk_patients=250):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_the_number_of_patients():
    small, large = _peak_bytes(500), _peak_bytes(2000)
    assert large < small * 1.5, f"peak {small:,} B for 500 patients but {large:,} B for 2000"


def test_the_snapshot_has_no_change_on_or_after_as_of():
    """Any run on the as-of day sees a consistent system: no parent changes after its children."""
    start = dt.datetime.combine(AS_OF, dt.time())
    for entity, rows in generate(SYSTEMS["oase"], SEED, 300, AS_OF):
        for row in rows:
            for column in ("updated_at", "recorded_from", "occurred_at", "submitted_at"):
                if row.get(column) is not None:
                    assert row[column] < start, (entity, column)
