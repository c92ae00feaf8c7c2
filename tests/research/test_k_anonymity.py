"""k-anonymity over distinct patients, suppression budget, exclusions and the risk figures, on crafted data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.research.conftest import AS_OF, KEY, crafted_config, crafted_definition, town
from transforms.research.build import build_dataset, connect
from transforms.research.config import load_datasets
from transforms.research.risk import SuppressionBudgetExceeded

QI = ["age_band", "sex", "region", "performed_month"]
CENTENARIAN = {
    "patient_id": "old",
    "date_of_birth": dt.date(1925, 6, 1),
    "sex": "V",
    "postcode": "9999 ZZ",
    "practice_id": "1",
    "first_name": "Oudste",
    "last_name": "Dorpeling",
    "updated_at": dt.datetime(2026, 1, 1),
}


def build(tmp_path, *, k=5, budget=0.05, sex_suppressible=True, restricted=()):
    definition = load_datasets(crafted_config(tmp_path, crafted_definition(k, budget, sex_suppressible)))["crafted"]
    con = connect()
    results = build_dataset(
        con, definition, KEY.encode(), as_of=AS_OF, data_root=tmp_path / "data", restricted=list(restricted)
    )
    frame = con.execute("SELECT * FROM out_treatments").df()
    return results["treatments"], frame


def test_a_unique_centenarian_in_a_village_does_not_survive_as_herself(tmp_path):
    town(tmp_path / "data", patients=120, extra=[CENTENARIAN])
    result, frame = build(tmp_path)
    mine = frame[frame["_patient_key"] == "exquise:old"]
    if len(mine):  # if her rows are published, she hides among at least k patients in every class she is in
        classes = frame.groupby(QI, dropna=False)["_patient_key"].nunique()
        for _, row in mine.iterrows():
            assert classes[tuple(row[c] for c in QI)] >= 5
        assert not (mine["age_band"].str.startswith("100")).any() and "9999" not in set(mine["region"])
    else:
        assert result.suppressed >= 3
    assert "9999" not in set(frame["region"]) and "99" not in set(frame["region"])
    assert result.risk["k_reached"] >= 5


def test_every_class_holds_k_distinct_patients_and_the_figures_recompute(tmp_path):
    town(tmp_path / "data", patients=120, extra=[CENTENARIAN])
    result, frame = build(tmp_path)
    patients = frame.groupby(QI, dropna=False)["_patient_key"].transform("nunique")
    assert patients.min() >= 5
    # the report, recomputed independently from the released rows
    assert result.risk["k_reached"] == patients.min()
    assert result.risk["highest_prosecutor_risk"] == pytest.approx(1 / patients.min(), abs=1e-6)
    assert result.risk["average_prosecutor_risk"] == pytest.approx((1 / patients).mean(), abs=1e-6)
    # the policy threshold of the crafted dataset is 1/k = 0.2: k = 5 leaves nobody above it
    assert result.risk["risk_threshold"] == 0.2
    assert result.risk["records_at_risk"] == int((1 / patients > 0.2).sum()) == 0
    assert result.risk["equivalence_classes"] == frame.groupby(QI, dropna=False).ngroups
    staged_rows = 121 * 3
    assert result.rows_in == staged_rows and result.rows_out == len(frame)
    assert result.rows_in == result.rows_out + result.suppressed + result.excluded
    assert result.suppressed <= result.suppression_budget_rows == int(0.05 * staged_rows)
    for column in QI:
        loss = result.information_loss[column]
        assert loss["distinct_values_released"] == frame[column].nunique()
        assert loss["generalisation_loss"] == pytest.approx(loss["level_index"] / loss["height"])
        assert loss["suppressed_values"] == int((frame[column] == "*").sum())


def test_a_patient_with_many_rows_does_not_count_as_many(tmp_path):
    """Four patients with 10 rows each are 40 rows but only 4 patients: not 5-anonymous."""
    town(tmp_path / "data", patients=4, treatments_per_patient=10)
    with pytest.raises(SuppressionBudgetExceeded):
        build(tmp_path, budget=0.5)


def test_above_the_budget_the_build_fails(tmp_path):
    """Three patients of sex X (a column that may not be suppressed): their rows exceed a 1 % budget."""
    extra = [
        {**CENTENARIAN, "patient_id": f"x{i}", "date_of_birth": dt.date(1980, 1, 1), "sex": "X", "postcode": "1234 AB"}
        for i in range(3)
    ]
    town(tmp_path / "data", patients=120, extra=extra)
    with pytest.raises(SuppressionBudgetExceeded) as info:
        build(tmp_path, budget=0.01, sex_suppressible=False)
    assert "x0" not in str(info.value) and "budget" in str(info.value)
    result, frame = build(tmp_path, budget=0.05, sex_suppressible=False)
    assert "X" not in set(frame["sex"]) and 9 <= result.suppressed <= result.suppression_budget_rows


def test_objection_and_restriction_exclude_patients(tmp_path):
    at = dt.datetime(2026, 1, 1)
    prefs = [  # 3 objects; 4 objected then granted again (latest wins); 5 granted; 6 objected to SMS only
        {"preference_id": "p1", "patient_id": "3", "purpose": "onderzoek", "granted": False, "recorded_at": at},
        {"preference_id": "p2", "patient_id": "4", "purpose": "onderzoek", "granted": False, "recorded_at": at},
        {
            "preference_id": "p3",
            "patient_id": "4",
            "purpose": "onderzoek",
            "granted": True,
            "recorded_at": at + dt.timedelta(days=30),
        },
        {"preference_id": "p4", "patient_id": "5", "purpose": "onderzoek", "granted": True, "recorded_at": at},
        {"preference_id": "p5", "patient_id": "6", "purpose": "herinnering_sms", "granted": False, "recorded_at": at},
    ]
    for p in prefs:
        p["updated_at"] = p["recorded_at"]
    town(tmp_path / "data", patients=120, prefs=prefs)
    result, frame = build(tmp_path, restricted=[("exquise", "7"), ("exquise", "3"), ("oase", "8")])
    keys = set(frame["_patient_key"])
    assert "exquise:3" not in keys and "exquise:7" not in keys
    assert result.excluded_by_reason["restriction"] == 6 and result.excluded_by_reason["objection"] == 0
    assert result.excluded == 6


def test_objection_counted_separately(tmp_path):
    at = dt.datetime(2026, 1, 1)
    prefs = [
        {
            "preference_id": "p1",
            "patient_id": "3",
            "purpose": "onderzoek",
            "granted": False,
            "recorded_at": at,
            "updated_at": at,
        }
    ]
    town(tmp_path / "data", patients=120, prefs=prefs)
    result, frame = build(tmp_path)
    assert result.excluded_by_reason["objection"] == 3 and "exquise:3" not in set(frame["_patient_key"])
    # 4, 5, 6 kept unless suppressed for k; with 120 patients in two towns they are in the release
    assert {"exquise:4", "exquise:5", "exquise:6"} <= set(frame["_patient_key"])


def test_l_diversity_suppresses_classes_with_one_sensitive_value(tmp_path):
    town(tmp_path / "data", patients=120)
    text = crafted_definition().replace(
        "    description: crafted treatments\n",
        "    description: crafted treatments\n    l_diversity: {column: treatment_code, l: 2}\n",
    )
    definition = load_datasets(crafted_config(tmp_path, text))["crafted"]
    con = connect()
    build_dataset(con, definition, KEY.encode(), as_of=AS_OF, data_root=tmp_path / "data", restricted=[])
    frame = con.execute("SELECT * FROM out_treatments").df()
    assert frame.groupby(QI, dropna=False)["treatment_code"].nunique().min() >= 2


def test_suppressed_rows_are_counted_by_reason(tmp_path):
    town(tmp_path / "data", patients=120, extra=[CENTENARIAN])
    result, frame = build(tmp_path)
    assert result.suppressed_by_reason == {"k_anonymity": result.suppressed}


def test_date_shift_keeps_intervals_and_as_of_limits_the_rows(tmp_path):
    """Shifted dates: each patient's own keyed offset, the days between their treatments unchanged."""
    from transforms.research.pseudonym import DatasetKey

    town(tmp_path / "data", patients=60)
    text = crafted_definition().replace(
        "performed_month: {source: treatment.performed_on, role: quasi, treatment: date, levels: [month, quarter, year]}",
        "performed_month: {source: treatment.performed_on, role: quasi, treatment: date, levels: [day, month], "
        "shift_days: 30}",
    )
    definition = load_datasets(crafted_config(tmp_path, text))["crafted"]
    con = connect()
    results = build_dataset(
        con, definition, KEY.encode(), as_of=dt.date(2026, 10, 2), data_root=tmp_path / "data", restricted=[]
    )
    assert results["treatments"].rows_in == 60 * 2  # the treatments of 3 October are after as_of
    shifted = con.execute('SELECT _patient_key, "performed_month__raw" AS d FROM b_treatments').df()
    key = DatasetKey(KEY.encode(), "crafted")
    offsets = set()
    for patient, dates in shifted.groupby("_patient_key")["d"]:
        days = sorted(pd.to_datetime(dates).dt.date)
        assert (days[1] - days[0]).days == 1
        offset = (days[0] - dt.date(2026, 10, 1)).days
        assert offset == key.shift_days("exquise", patient.split(":")[1], 30)
        offsets.add(offset)
    assert len(offsets) > 10


def test_the_risk_before_generalisation_is_reported(tmp_path):
    town(tmp_path / "data", patients=120, extra=[CENTENARIAN])
    result, _ = build(tmp_path)
    before = result.risk["before_generalisation"]
    assert before["k"] == 1 and before["rows_of_unique_patients"] >= 3  # the centenarian, at least
    assert before["rows_in_classes_below_k"] >= before["rows_of_unique_patients"]
