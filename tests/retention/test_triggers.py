"""Where terms count from (issue 12, kinds 2, 3, 6, 7), on crafted staging, with the register on SQLite and on
PostgreSQL, over several nights:

- contact details follow the patient's latest billing record (archived ones included), not the last clinical
  change; a patient never billed falls back to the last clinical change;
- a patient planned for destruction is minimised too (the destruction may be blocked);
- the vendor's last-clinical-change stamp never counts earlier than the newest note, treatment or image, and the
  disagreements are counted per source;
- a contact form never handled and an applicant whose procedure never closed are counted from the policy's
  fallback; quarantined rows are reported per source and class, not silently kept.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.databases import register_database
from tests.retention.conftest import HASH_KEY
from transforms import register
from transforms.kernel.canonical import load_model
from transforms.register.schema import ARCHIVE_RECORDS
from transforms.retention import hashing
from transforms.retention.plan import compute_plan
from transforms.retention.policy import ConfigError, load_policy
from transforms.sources import staging

RUN = "20261102T000000Z"
ARROW = {
    "string": pa.string(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us"),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
}
KEY = HASH_KEY.encode()


def write_staged(root: Path, entity: str, rows: list[dict], source: str = "exquise") -> None:
    """One committed staging partition of ``entity`` in the canonical schema (as the extractor writes it)."""
    columns = load_model().entity(entity).columns
    schema = pa.schema([("source_system", pa.string()), *((n, ARROW[c.type]) for n, c in columns.items())])
    data = {n: [r.get(n, source if n == "source_system" else None) for r in rows] for n in schema.names}
    folder = staging.partition_dir(source, entity, RUN, root)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(data, schema=schema), folder / staging.DATA_FILE)
    (folder / staging.MANIFEST).write_text(json.dumps({"rows": len(rows)}))


def patient(pid: str, last_change: dt.datetime) -> dict:
    return {
        "patient_id": pid,
        "last_name": "X",
        "email": f"{pid}@example.org",
        "street": "Straat",
        "last_clinical_change_at": last_change,
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path):
    with register_database(request.param, tmp_path) as url:
        yield url


def plan(data: Path, register_url: str, as_of: dt.date):
    engine = register.register_engine(register_url)
    out = compute_plan(as_of, engine=engine, sources=["exquise"], data_root=data, key=KEY, mapped_entities={})
    return out


def ids(items, class_id, entity, stage) -> set[str]:
    return set(items.get((class_id, entity, stage), []))


def hid(entity: str, key: str) -> str:
    return hashing.hash_id(KEY, "exquise", entity, key)


def test_contact_details_follow_the_latest_billing_record(tmp_path, register_url):
    data = tmp_path / "data"
    write_staged(
        data,
        "patient",
        [
            patient("p1", dt.datetime(2017, 12, 20, 10)),  # treated December 2017, invoiced January 2018
            patient("p2", dt.datetime(2012, 5, 1, 10)),  # last treatment 2012, a no-show fee in 2019
            patient("p3", dt.datetime(2017, 3, 1, 10)),  # never billed: falls back to the last clinical change
            patient("p4", dt.datetime(2010, 3, 1, 10)),  # billed 2016, its invoice archived and no longer staged
        ],
    )
    write_staged(
        data,
        "invoice",
        [
            {"invoice_id": "i1", "patient_id": "p1", "invoice_date": dt.date(2018, 1, 10), "fiscal_year": 2018},
            {"invoice_id": "i2", "patient_id": "p2", "invoice_date": dt.date(2012, 5, 2), "fiscal_year": 2012},
            {"invoice_id": "i3", "patient_id": "p2", "invoice_date": dt.date(2019, 6, 1), "fiscal_year": 2019},
            {"invoice_id": "i4", "patient_id": "p4", "invoice_date": dt.date(2010, 3, 2), "fiscal_year": 2010},
        ],
    )
    write_staged(
        data, "payment", [{"payment_id": "y1", "patient_id": "p1", "paid_on": dt.date(2018, 2, 1), "fiscal_year": 2018}]
    )
    engine = register.register_engine(register_url)
    register.ensure_tables(engine, ARCHIVE_RECORDS)
    with engine.begin() as conn:  # p4's 2016 payment went to the archive; its term ends 31-12-2023
        conn.execute(
            ARCHIVE_RECORDS.insert().values(
                hashed_id=hid("payment", "y4"),
                entity="payment",
                class_id="billing",
                subject_hash=hid("patient", "p4"),
                term_ends_on=dt.date(2023, 12, 31),
                plan_id="old",
                batch_no=1,
                archived_at=dt.datetime(2019, 1, 2),
            )
        )
    minimised = {}
    # several nights: each patient's contact details go the day after the 7-year term of the newest billing
    nights = [
        dt.date(2023, 12, 31),
        dt.date(2024, 1, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 1),
    ]
    for night in nights:
        _, items = plan(data, register_url, night)
        minimised[night] = ids(items, "registration_data", "patient", "minimise")
    p1, p2, p3, p4 = (hid("patient", p) for p in ("p1", "p2", "p3", "p4"))
    assert minimised[nights[0]] == set()  # p4's archived 2016 payment keeps it through 31-12-2023
    assert minimised[nights[1]] == {p4}
    assert minimised[nights[2]] == {p3, p4}  # never billed: the fiscal year of the last treatment (2017)
    assert minimised[nights[3]] == {p3, p4}  # p1 invoiced in January 2018: kept through 31-12-2025
    assert minimised[nights[4]] == {p1, p3, p4}
    assert minimised[nights[5]] == {p1, p3, p4}  # p2's no-show fee of 2019 keeps it through 31-12-2026
    assert minimised[nights[6]] == {p1, p2, p3, p4}


def test_a_stale_file_changed_stamp_never_shortens_the_dental_file(tmp_path, register_url):
    data = tmp_path / "data"
    # the vendor's stamp says 2005 for q1 and q2; q1's file has a note of 2007, q2's an image of 2006 (same
    # file, later). q3's stamp is right (a treatment the same day does not count as newer).
    write_staged(
        data,
        "patient",
        [
            patient("q1", dt.datetime(2005, 3, 1, 9)),
            patient("q2", dt.datetime(2005, 3, 1, 9)),
            patient("q3", dt.datetime(2005, 3, 1, 9)),
        ],
    )
    write_staged(
        data, "clinical_note", [{"note_id": "n1", "patient_id": "q1", "written_at": dt.datetime(2007, 6, 1, 14)}]
    )
    write_staged(data, "imaging", [{"image_id": "m2", "patient_id": "q2", "taken_at": dt.datetime(2006, 2, 1, 8)}])
    write_staged(
        data,
        "treatment",
        [
            {"treatment_id": "t1", "patient_id": "q1", "performed_on": dt.date(2005, 1, 1)},
            {"treatment_id": "t3", "patient_id": "q3", "performed_on": dt.date(2005, 3, 1)},
        ],
    )
    q1, q2, q3 = (hid("patient", p) for p in ("q1", "q2", "q3"))
    due = {}
    for night in (dt.date(2025, 3, 2), dt.date(2026, 2, 2), dt.date(2027, 6, 2)):  # several nights
        result, items = plan(data, register_url, night)
        due[night] = ids(items, "dental_file", "patient", "dispose")
        # the file's entries follow their patient's corrected term
        assert (hid("clinical_note", "n1") in ids(items, "dental_file", "clinical_note", "dispose")) == (
            q1 in due[night]
        )
    assert due[dt.date(2025, 3, 2)] == {q3}  # 20 years from the stamp only where the stamp is right
    assert due[dt.date(2026, 2, 2)] == {q2, q3}  # image of 1-2-2006: kept through 1-2-2026
    assert due[dt.date(2027, 6, 2)] == {q1, q2, q3}  # note of 1-6-2007: kept through 1-6-2027
    # reported per source (counts only) on every class whose terms count from the stamp
    counts = result.classes["dental_file"].stamps_corrected
    assert counts == {"patient.last_clinical_change_at": {"exquise": 2}}
    assert result.classes["billing"].stamps_corrected == counts  # appointments count from the same stamp


def test_a_patient_planned_for_destruction_is_minimised_too(tmp_path, register_url):
    data = tmp_path / "data"
    # the whole file is past 20 years; its destruction may still be blocked in the live system (a closed
    # complaint, a held invoice point at it), so its contact details must go in the same plan
    write_staged(data, "patient", [patient("r1", dt.datetime(2004, 1, 5, 9))])
    result, items = plan(data, register_url, dt.date(2026, 11, 1))
    r1 = hid("patient", "r1")
    assert r1 in ids(items, "dental_file", "patient", "dispose")
    assert r1 in ids(items, "registration_data", "patient", "minimise")


def test_records_whose_trigger_never_happens_count_from_the_fallback(tmp_path, register_url):
    data = tmp_path / "data"
    write_staged(
        data,
        "contact_form",
        [
            {"submission_id": "c1", "submitted_at": dt.datetime(2025, 9, 1, 12), "handled_on": None},  # never handled
            {"submission_id": "c2", "submitted_at": dt.datetime(2026, 3, 1, 12), "handled_on": None},
            {"submission_id": "c3", "submitted_at": dt.datetime(2025, 1, 1, 12), "handled_on": dt.date(2026, 4, 1)},
        ],
    )
    write_staged(
        data,
        "applicant",
        [
            {
                "applicant_id": "a1",
                "applied_on": dt.date(2025, 3, 1),
                "procedure_ended_on": None,
                "consent_extended_retention": False,
            },
            {
                "applicant_id": "a2",
                "applied_on": dt.date(2025, 3, 1),
                "procedure_ended_on": None,
                "consent_extended_retention": True,
            },
        ],
    )
    stages = {}
    for night in (dt.date(2025, 9, 2), dt.date(2026, 9, 2), dt.date(2026, 10, 2), dt.date(2027, 3, 2)):
        result, items = plan(data, register_url, night)
        stages[night] = (
            ids(items, "contact_forms", "contact_form", "dispose")
            | ids(items, "applicants_without_consent", "applicant", "dispose")
            | ids(items, "applicants_with_consent", "applicant", "dispose")
        )
    c1, c2, c3 = (hid("contact_form", c) for c in ("c1", "c2", "c3"))
    a1, a2 = hid("applicant", "a1"), hid("applicant", "a2")
    assert stages[dt.date(2025, 9, 2)] == {a1}  # 6 months after applying, never closed
    # 12 months after an unhandled submission; with consent: 18 months after applying
    assert stages[dt.date(2026, 9, 2)] == {a1, a2, c1}
    assert stages[dt.date(2026, 10, 2)] == {a1, a2, c1, c3}  # handled 1-4-2026: 6 months
    assert stages[dt.date(2027, 3, 2)] == {a1, a2, c1, c2, c3}
    counts = result.classes
    assert counts["contact_forms"].fallback == {"contact_form": 2} and counts["contact_forms"].no_trigger == 0
    assert counts["applicants_with_consent"].fallback == {"applicant": 1}


def test_quarantined_rows_are_reported_per_source_and_class(tmp_path, register_url):
    data = tmp_path / "data"
    write_staged(data, "contact_form", [{"submission_id": "c1", "submitted_at": dt.datetime(2026, 9, 1, 12)}])
    for run, rows in (("20261101T000000Z", 2), ("20261102T000000Z", 1)):
        folder = staging.quarantine_dir("exquise", "applicant", run, data)
        folder.mkdir(parents=True)
        (folder / staging.MANIFEST).write_text(json.dumps({"rows": rows, "file": "part-00000.parquet"}))
    result, _ = plan(data, register_url, dt.date(2026, 11, 1))
    for class_id in ("applicants_with_consent", "applicants_without_consent"):  # cannot tell which: both
        assert result.classes[class_id].unjudged == {"exquise": {"applicant": 3}}
    assert result.classes["contact_forms"].unjudged == {}


def test_the_policy_refuses_a_latest_trigger_it_could_not_compare(tmp_path):
    text = (
        Path(load_policy().path)
        .read_text()
        .replace(
            "latest: [invoice.fiscal_year, insurance_claim.fiscal_year, payment.fiscal_year]",
            "latest: [invoice.fiscal_year, treatment.performed_on]",
        )
        .replace("fallback: {column: submitted_at", "fallback: {column: message")
    )
    path = tmp_path / "policy.yml"
    path.write_text(text)
    with pytest.raises(ConfigError) as failure:
        load_policy(path)
    message = str(failure.value)
    assert "mixes years and dates" in message
    assert "treatment.performed_on" in message and "counts differently" in message
    assert "contact_form.message" in message


def test_the_certificate_shows_what_the_terms_rest_on_and_what_was_not_judged():
    from transforms.retention.certificates import render_certificate

    text = render_certificate(
        {
            "class": "contact_forms",
            "action": "destroy",
            "term": "6 months",
            "basis": ["GDPR"],
            "as_of": "2026-11-01",
            "plan_id": "p",
            "policy_version": "v",
            "approver": None,
            "done": 0,
            "counts": {},
            "hashed_ids": [],
            "fallback": {"contact_form": 2},
            "stamps_corrected": {"patient.last_clinical_change_at": {"exquise": 3}},
            "unjudged": {"oase": {"contact_form": 4}},
        },
        1,
        "h",
    )
    assert "Fallback trigger: contact_form 2" in text
    assert "patient.last_clinical_change_at older than the record's newest entry: exquise 3" in text
    assert "Not judged      : oase contact_form 4" in text
