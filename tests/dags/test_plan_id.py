"""A retention run's plan id fits the register's column, whatever kind of run started it."""

from __future__ import annotations

from dcn_airflow.retention import PLAN_ID_LENGTH, plan_id_of


def test_plan_ids_fit_the_register_and_stay_one_per_run():
    manual = plan_id_of({"run_id": "manual__2026-11-02T03:00:00+00:00"})
    assert manual == "retention__manual__2026-11-02T03:00:00+00:00"  # short ids unchanged
    long_id = "asset_triggered__2026-12-03T11:24:00.740626+00:00_jfIi25wu"  # what PostgreSQL refused
    first, again = plan_id_of({"run_id": long_id}), plan_id_of({"run_id": long_id})
    other = plan_id_of({"run_id": long_id.replace("jfIi25wu", "Xa81kQ2z")})
    assert len(first) <= PLAN_ID_LENGTH and first == again and first != other
    assert first.startswith("retention__asset_triggered__2026-12-03")
