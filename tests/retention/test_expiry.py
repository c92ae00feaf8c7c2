"""Expiry dates per class: records just inside and just outside their term get the right decision."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from transforms.retention.expiry import (
    add_months,
    add_term,
    anchor_date,
    as_of_date,
    assign,
    assign_fields,
    is_expired,
    latest_name,
    term_ends_on,
)
from transforms.retention.policy import Term, load_policy

D = dt.date
KEYS = {"patient": "patient_id", "employee": "employee_id"}


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def decide(policy, cls: str, trigger, as_of: dt.date) -> bool:
    c = policy.classes[cls]
    return is_expired(term_ends_on(trigger, c.counted_from, c.term), as_of)


# --- the arithmetic -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, end",
    [
        (D(2020, 1, 31), 1, D(2020, 2, 29)),  # leap February
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2020, 3, 31), 1, D(2020, 4, 30)),  # end of month
        (D(2025, 12, 31), 1, D(2026, 1, 31)),  # over the year end
        (D(2026, 11, 15), 13, D(2027, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, end):
    assert add_months(start, months) == end


def test_leap_day_terms_end_on_28_february_when_the_year_has_none():
    assert add_term(D(2004, 2, 29), Term(years=20)) == D(2024, 2, 29)
    assert add_term(D(2004, 2, 29), Term(years=1)) == D(2005, 2, 28)
    assert add_term(D(2004, 2, 29), Term(years=5)) == D(2009, 2, 28)


def test_weeks_end_on_the_same_weekday():
    end = add_term(D(2026, 10, 1), Term(weeks=4))
    assert end == D(2026, 10, 29) and end.weekday() == D(2026, 10, 1).weekday()


def test_year_anchors():
    assert anchor_date(2018, "end_of_fiscal_year") == D(2018, 12, 31)
    assert anchor_date(D(2020, 1, 1), "end_of_calendar_year") == D(2020, 12, 31)
    assert anchor_date(ts("2020-12-31 23:59"), "end_of_calendar_year") == D(2020, 12, 31)
    with pytest.raises(ValueError):
        anchor_date(2018, "event")
    assert anchor_date(None, "event") is None and anchor_date(pd.NaT, "event") is None


def test_as_of_is_an_amsterdam_date():
    assert as_of_date("2026-11-01") == D(2026, 11, 1)
    # 23:30 UTC on 31 October is already 1 November in Amsterdam (CET, +1)
    assert as_of_date(dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.timezone.utc)) == D(2026, 11, 1)
    assert as_of_date("2026-06-30T22:30:00Z") == D(2026, 7, 1)  # CEST, +2
    with pytest.raises(ValueError, match="naive"):
        as_of_date(dt.datetime(2026, 11, 1, 2, 0))


def test_aware_trigger_is_converted_to_amsterdam_before_taking_its_date(policy):
    late_utc = pd.Timestamp("2026-10-01 22:30", tz="UTC")  # 00:30 on 2 October in Amsterdam
    c = policy.classes["camera_footage"]
    assert term_ends_on(late_utc, c.counted_from, c.term) == D(2026, 10, 30)


# --- per class: just inside and just outside --------------------------------------------------------------


@pytest.mark.parametrize(
    "cls, trigger, last_kept_day",
    [
        ("dental_file", ts("2006-03-15 16:40"), D(2026, 3, 15)),
        ("dental_file", ts("2004-02-29 09:00"), D(2024, 2, 29)),
        ("billing", 2018, D(2025, 12, 31)),
        ("billing", ts("2018-12-31 23:59"), D(2025, 12, 31)),
        ("registration_data", ts("2019-01-01 00:01"), D(2026, 12, 31)),
        ("payroll", 2019, D(2026, 12, 31)),
        ("staff_id_copies", D(2020, 6, 30), D(2025, 12, 31)),
        ("staff_id_copies", D(2020, 12, 31), D(2025, 12, 31)),
        ("staff_id_copies", D(2021, 1, 1), D(2026, 12, 31)),
        ("personnel_file", D(2024, 2, 29), D(2026, 2, 28)),
        ("personnel_file", D(2024, 10, 31), D(2026, 10, 31)),
        ("applicants_without_consent", D(2026, 10, 4), D(2026, 11, 1)),
        ("applicants_with_consent", D(2025, 11, 1), D(2026, 11, 1)),
        ("camera_footage", ts("2026-10-04 23:59"), D(2026, 11, 1)),
        ("camera_footage", ts("2026-10-25 02:30"), D(2026, 11, 22)),  # the night the clocks go back
        ("complaints", D(2021, 10, 31), D(2026, 10, 31)),
        ("contact_forms", D(2026, 4, 30), D(2026, 10, 30)),
        ("contact_forms", D(2025, 8, 31), D(2026, 2, 28)),
        ("supplier_contacts", D(2025, 11, 1), D(2026, 11, 1)),
        ("web_analytics", ts("2025-09-30 12:00"), D(2026, 10, 30)),
        ("security_logs", ts("2025-11-01 00:00"), D(2026, 11, 1)),
        ("objection_consent_records", ts("2006-11-01 08:00"), D(2026, 11, 1)),
    ],
)
def test_just_inside_and_just_outside_the_term(policy, cls, trigger, last_kept_day):
    c = policy.classes[cls]
    assert term_ends_on(trigger, c.counted_from, c.term) == last_kept_day
    assert not decide(policy, cls, trigger, last_kept_day)  # last day: keep
    assert decide(policy, cls, trigger, last_kept_day + dt.timedelta(days=1))  # next day: may go


def test_no_trigger_means_never_a_candidate(policy):
    for cls in ("personnel_file", "applicants_without_consent", "complaints", "contact_forms"):
        assert not decide(policy, cls, None, D(2100, 1, 1))


# --- per record: class and dates via the entity mapping ---------------------------------------------------


def patients() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_system": ["a"] * 5,
            "patient_id": ["adult", "minor", "deceased", "moved", "recent"],
            "date_of_birth": pd.to_datetime(["1960-01-01", "2004-05-05", "1930-01-01", "1970-01-01", "1980-01-01"]),
            "date_of_death": pd.to_datetime([None, None, "2007-01-01", None, None]),
            "last_clinical_change_at": pd.to_datetime(
                ["2006-10-31 10:00", "2006-10-31 10:00", "2006-10-31 10:00", "2006-10-31 10:00", "2006-11-01 08:00"]
            ),
            # an address change years later moves updated_at, never the WGBO clock
            "updated_at": pd.to_datetime(["2006-10-31", "2006-10-31", "2006-10-31", "2025-06-01", "2006-11-01"]),
        }
    )


def test_wgbo_term_counts_from_the_last_clinical_change_for_minors_deceased_and_moved_patients(policy):
    frame = patients()
    result = assign(policy, "patient", frame, {}, KEYS)
    assert set(result["retention_class"]) == {"dental_file"}
    expired = result["term_ends_on"].map(lambda d: is_expired(d, D(2026, 11, 1)))
    # a minor (18 only in 2022) is not kept until 18 + 20: the term still runs from the last clinical change;
    # a deceased patient's file is kept the same 20 years; an address change does not restart the term
    assert dict(zip(frame["patient_id"], expired)) == {
        "adult": True,
        "minor": True,
        "deceased": True,
        "moved": True,
        "recent": False,
    }
    # archive stage: out of the live system after 5 years, still in the archive until the term ends
    assert result["archive_ends_on"].iloc[0] == D(2011, 10, 31)


def test_registration_fields_go_with_the_billing_term_before_the_file(policy):
    frame = patients()
    [rule] = policy.field_rules("patient")
    # never billed: the policy's fallback, the fiscal year of the last clinical change (issue 12: with billing
    # records, the newest of them counts; tests/retention/test_triggers.py)
    never_billed = {
        latest_name(rule): pd.DataFrame(
            {
                "source_system": pd.Series(dtype="object"),
                "patient_id": pd.Series(dtype="object"),
                "value": pd.Series(dtype="Int64"),
            }
        )
    }
    ends = assign_fields(policy, "patient", rule, frame, never_billed, KEYS)
    assert ends.iloc[0] == D(2013, 12, 31)  # end of fiscal year 2006 + 7 years
    file_ends = assign(policy, "patient", frame, {}, KEYS)["term_ends_on"].iloc[0]
    assert ends.iloc[0] < file_ends


def test_related_records_follow_the_patient_file(policy):
    notes = pd.DataFrame(
        {"source_system": ["a", "a", "b"], "note_id": ["n1", "n2", "n3"], "patient_id": ["adult", "recent", "adult"]}
    )
    related = {"patient": patients()[["source_system", "patient_id", "last_clinical_change_at"]]}
    result = assign(policy, "clinical_note", notes, related, KEYS)
    assert result["term_ends_on"].tolist()[:2] == [D(2026, 10, 31), D(2026, 11, 1)]
    # same key in another source is another patient: no trigger found, so no expiry (kept)
    assert result["term_ends_on"].iloc[2] is None


def test_applicant_consent_and_staff_documents_pick_their_class(policy):
    applicants = pd.DataFrame(
        {
            "source_system": ["a"] * 3,
            "applicant_id": ["x", "y", "z"],
            "procedure_ended_on": pd.to_datetime(["2026-09-01"] * 3),
            "consent_extended_retention": pd.array([True, False, None], dtype="boolean"),
        }
    )
    result = assign(policy, "applicant", applicants, {}, KEYS)
    assert result["retention_class"].tolist() == [
        "applicants_with_consent",
        "applicants_without_consent",
        "applicants_without_consent",
    ]  # no recorded consent: 4 weeks
    assert result["term_ends_on"].tolist() == [D(2027, 9, 1), D(2026, 9, 29), D(2026, 9, 29)]

    employees = pd.DataFrame(
        {"source_system": ["a"], "employee_id": ["e1"], "employed_until": pd.to_datetime(["2020-06-30"])}
    )
    documents = pd.DataFrame(
        {
            "source_system": ["a"] * 3,
            "document_id": ["d1", "d2", "d3"],
            "employee_id": ["e1"] * 3,
            "document_type": ["id_copy", "wage_tax_statement", "appraisal"],
        }
    )
    result = assign(policy, "employee_document", documents, {"employee": employees}, KEYS)
    assert result["retention_class"].tolist() == ["staff_id_copies", "staff_id_copies", "personnel_file"]
    assert result["term_ends_on"].tolist() == [D(2025, 12, 31), D(2025, 12, 31), D(2022, 6, 30)]
