"""Issue 19: utility floors, k over the patient's set, the three risk tests, the policy threshold, query error.

Crafted data with answers worked out by hand; each test fails if the behaviour it names is missing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.research.conftest import AS_OF, KEY, crafted_config, crafted_definition, publish_crafted, town, write_staged
from transforms import settings
from transforms.kernel.config import ConfigError
from transforms.research import risk, utility
from transforms.research.build import build_dataset, connect
from transforms.research.config import load_datasets
from transforms.research.publish import current_release
from transforms.research.risk import SuppressionBudgetExceeded, UtilityFloorNotMet

QI = ["age_band", "sex", "region", "performed_month"]
MONTH_LINE = (
    "performed_month: {source: treatment.performed_on, role: quasi, treatment: date, levels: [month, quarter, year]}"
)


def _definition(
    tmp_path, *, month_floor: str | None = None, known_events: int = 2, budget: float = 0.05, extra: str = ""
):
    text = crafted_definition(budget=budget, known_events=known_events)
    if month_floor:
        text = text.replace(MONTH_LINE, MONTH_LINE[:-1] + f", max_level: {month_floor}, weight: 3}}")
    return crafted_config(tmp_path, text + extra)


def _people(n: int, prefix: str = "p") -> list[dict]:
    """n patients with the same fixed attributes (one class on everything but time)."""
    return [
        {
            "patient_id": f"{prefix}{i}",
            "date_of_birth": dt.date(1980, 1, 1),
            "sex": "V",
            "postcode": "1234 AB",
            "practice_id": "1",
            "first_name": "V",
            "last_name": "A",
            "updated_at": dt.datetime(2026, 1, 1),
        }
        for i in range(n)
    ]


def _visits(root: Path, visits: dict[str, list[dt.date]], people: list[dict]) -> None:
    write_staged(root, "patient", people)
    rows = [
        {
            "treatment_id": f"{pid}-{j}",
            "patient_id": pid,
            "practice_id": "1",
            "practitioner_id": "e1",
            "performed_on": day,
            "treatment_code": "C11",
            "tariff_cents": 1000,
            "updated_at": dt.datetime(2026, 10, 2),
        }
        for pid, days in visits.items()
        for j, day in enumerate(days)
    ]
    write_staged(root, "treatment", rows)
    write_staged(root, "communication_preference", [])


# --- utility floor --------------------------------------------------------------------------------------


def _scattered(root: Path) -> None:
    """20 patients, each treated in one month of their own across 2025: no month or quarter holds 5 of them
    together with the rest of what they share, a year does."""
    people = _people(20)
    _visits(root, {p["patient_id"]: [dt.date(2025, 1 + i % 12, 10)] * 2 for i, p in enumerate(people)}, people)


def test_a_floor_the_data_cannot_meet_fails_naming_the_floor_and_publishes_nothing(tmp_path):
    _scattered(tmp_path / "data")
    config = _definition(tmp_path, month_floor="quarter")
    with pytest.raises(UtilityFloorNotMet) as info:
        publish_crafted(tmp_path, config, "v1")
    message = str(info.value)
    assert "utility floor not met" in message and "performed_month <= quarter" in message
    assert "performed_month at year" in message or "performed_month at *" in message
    assert "p1" not in message  # counts and names of columns only
    assert current_release("crafted", tmp_path / "data") is None
    # a UtilityFloorNotMet is a budget failure too: the CLI and the DAG block on it (exit 1)
    assert isinstance(info.value, SuppressionBudgetExceeded)


def test_without_the_floor_the_same_data_is_released_with_time_coarsened(tmp_path):
    _scattered(tmp_path / "data")
    definition = load_datasets(_definition(tmp_path))["crafted"]
    result = build_dataset(
        connect(), definition, KEY.encode(), as_of=AS_OF, data_root=tmp_path / "data", restricted=[]
    )["treatments"]
    assert result.levels["performed_month"] in ("year", "*")


def test_when_no_generalisation_helps_the_error_is_the_budget_not_the_floor(tmp_path):
    """Four patients: k = 5 is out of reach whatever the levels; the floor is not to blame."""
    people = _people(4)
    _visits(tmp_path / "data", {p["patient_id"]: [dt.date(2025, 3, 1)] for p in people}, people)
    definition = load_datasets(_definition(tmp_path, month_floor="quarter"))["crafted"]
    with pytest.raises(SuppressionBudgetExceeded) as info:
        build_dataset(connect(), definition, KEY.encode(), as_of=AS_OF, data_root=tmp_path / "data", restricted=[])
    assert not isinstance(info.value, UtilityFloorNotMet) and "suppression budget" in str(info.value)


def test_the_floor_keeps_the_column_and_suppresses_the_rare_rows_instead(tmp_path):
    """120 patients in one month plus 2 in months of their own: the floor keeps the month for everyone and
    the two outliers' rows are suppressed (within the budget) rather than the column coarsened."""
    people = _people(122)
    visits = {p["patient_id"]: [dt.date(2026, 10, 1), dt.date(2026, 10, 2)] for p in people[:120]}
    visits.update({"p120": [dt.date(2026, 2, 1)], "p121": [dt.date(2026, 6, 1)]})
    _visits(tmp_path / "data", visits, people)
    definition = load_datasets(_definition(tmp_path, month_floor="month"))["crafted"]
    con = connect()
    result = build_dataset(con, definition, KEY.encode(), as_of=AS_OF, data_root=tmp_path / "data", restricted=[])[
        "treatments"
    ]
    frame = con.execute("SELECT * FROM out_treatments").df()
    assert result.levels["performed_month"] == "month" and set(frame["performed_month"]) == {"2026-10"}
    assert result.suppressed == 2 and result.utility_floor["met"] and result.utility_floor["rows_at_floor"] == 240


# --- k over the patient's set ---------------------------------------------------------------------------


def _pair_data(root: Path) -> None:
    """Six patients treated in January and March, six in January and May, and X in March and May. Every
    month is shared by at least 7 patients, so per row everyone is 5-anonymous, but the pair March + May is
    X's alone: whoever knows two of X's visits finds X."""
    people = _people(12) + _people(1, prefix="x")
    jan, mar, may = dt.date(2026, 1, 15), dt.date(2026, 3, 15), dt.date(2026, 5, 15)
    visits = {f"p{i}": [jan, mar] for i in range(6)} | {f"p{i}": [jan, may] for i in range(6, 12)}
    visits["x0"] = [mar, may]
    _visits(root, visits, people)


def _sets(frame: pd.DataFrame) -> dict[str, set[tuple]]:
    return {key: set(map(tuple, rows[QI].astype(str).values)) for key, rows in frame.groupby("_patient_key")}


def _pair_support(sets: dict[str, set[tuple]]) -> dict[frozenset, int]:
    support: dict[frozenset, int] = {}
    for items in sets.values():
        for pair in itertools.combinations(sorted(items), 2):
            support[frozenset(pair)] = support.get(frozenset(pair), 0) + 1
    return support


@pytest.mark.parametrize("known_events", [1, 2])
def test_k_is_counted_in_patients_over_their_set_of_quasi_identifiers(tmp_path, known_events):
    _pair_data(tmp_path / "data")
    definition = load_datasets(_definition(tmp_path, month_floor="month", known_events=known_events, budget=0.1))[
        "crafted"
    ]
    con = connect()
    result = build_dataset(con, definition, KEY.encode(), as_of=AS_OF, data_root=tmp_path / "data", restricted=[])[
        "treatments"
    ]
    frame = con.execute("SELECT * FROM out_treatments").df()
    sets = _sets(frame)
    pairs = _pair_support(sets)
    if known_events == 1:  # per row: X's two visits are both released, and the pair is X's alone
        assert len(sets["exquise:x0"]) == 2 and min(pairs.values()) == 1
        assert result.suppressed == 0 and result.risk["k_reached"] >= 5
    else:  # over the set: one of X's visits is suppressed; every released pair is held by >= 5 patients
        assert len(sets.get("exquise:x0", ())) == 1 and min(pairs.values()) >= 5
        assert result.suppressed == 1 and result.suppressed_by_reason == {"k_anonymity": 1}
        singling = result.risk["singling_out"]["prosecutor"]
        assert singling["k_reached"] == result.risk["k_reached"] == min(min(pairs.values()), 6)
        assert singling["highest_risk"] == pytest.approx(1 / result.risk["k_reached"], abs=1e-6)


# --- the three risk tests on hand-made tables -----------------------------------------------------------


def _risk_tables(con) -> None:
    """Released: class A (5 patients, value x), class B (7 patients: 4 x, 3 y), one row each. Population:
    A has 10 patients, B the same 7."""
    released = [(p, "A", "x") for p in range(5)] + [(p, "B", "x" if p < 9 else "y") for p in range(5, 12)]
    con.execute("CREATE TABLE rel (pnum INTEGER, c VARCHAR, v VARCHAR)")
    con.executemany("INSERT INTO rel VALUES (?, ?, ?)", released)
    con.execute("CREATE TABLE pop AS SELECT pnum, c FROM rel UNION ALL SELECT 100 + i, 'A' FROM range(5) t(i)")


def test_prosecutor_journalist_and_marketer_risk_have_their_known_values():
    con = duckdb.connect()
    _risk_tables(con)
    figures = risk.release_risk(
        con, "rel", ["c"], threshold=0.15, known_events=2, population=risk.patient_items_sql("pop", ["c"])
    )
    so = figures["singling_out"]
    assert figures["k_reached"] == 5 and figures["highest_prosecutor_risk"] == 0.2
    assert figures["average_prosecutor_risk"] == pytest.approx((5 * 0.2 + 7 / 7) / 12, abs=1e-6)
    assert figures["records_at_risk"] == 5 and so["prosecutor"]["patients_at_risk"] == 5  # class A, 0.2 > 0.15
    assert so["journalist"]["highest_risk"] == pytest.approx(1 / 7, abs=1e-6)  # A is 10 in the population
    assert so["marketer"]["average_risk"] == pytest.approx((5 * 0.1 + 7 * (1 / 7)) / 12, abs=1e-6)
    assert so["prosecutor"]["highest_risk"] >= so["journalist"]["highest_risk"] >= so["marketer"]["average_risk"]


def test_a_patient_holding_two_classes_is_singled_out_by_the_pair():
    con = duckdb.connect()
    _risk_tables(con)
    con.execute("INSERT INTO rel VALUES (0, 'B', 'x')")  # patient 0 is in A and in B: the pair is theirs alone
    assert risk.release_risk(con, "rel", ["c"], threshold=0.2, known_events=2)["k_reached"] == 1
    assert risk.release_risk(con, "rel", ["c"], threshold=0.2, known_events=1)["k_reached"] == 5


def test_inference_l_diversity_and_t_closeness_have_their_known_values():
    con = duckdb.connect()
    _risk_tables(con)
    figures = risk.inference_risk(con, "rel", ["c"], "v")
    # A: only x (l = 1, TV distance to (0.75, 0.25) = 0.25); B: 4/7 x, 3/7 y (distance 0.1786)
    assert figures["l_reached"] == 1 and figures["rows_in_classes_with_one_value"] == 5
    assert figures["t_closeness"] == pytest.approx(0.25, abs=1e-4) and figures["classes"] == 2


def test_linkability_between_tables_and_datasets_in_the_risk_report(tmp_path):
    town(tmp_path / "data", patients=120)
    other = crafted_definition().replace("name: crafted", "name: other")
    config = crafted_config(tmp_path, crafted_definition())
    crafted_config(tmp_path, other, name="other")
    summary = publish_crafted(tmp_path, config, "v1")
    report = json.loads(Path(summary["risk_report"]).read_text())
    (link,) = report["linkability"]["between_datasets"]
    assert link["dataset"] == "other" and not link["same_key_domain"]
    released = pd.read_parquet(Path(summary["release"]) / "treatments.parquet")["patient_pseudonym"].nunique()
    assert link["pseudonyms_equal"] == 0 and link["released_patients"] == released > 100
    # the same patients under a shared key domain: every pseudonym equal (linkable)
    crafted_config(tmp_path, other.replace("keep_releases: 2", "keep_releases: 2\nkey_domain: crafted"), name="other")
    summary = publish_crafted(tmp_path, config, "v2")
    (link,) = json.loads(Path(summary["risk_report"]).read_text())["linkability"]["between_datasets"]
    assert link["same_key_domain"] and link["pseudonyms_equal"] == released
    table = report["tables"]["treatments"]
    assert table["risk_policy"]["threshold"] == 0.2 and table["risk_policy"]["met"]
    assert {"prosecutor", "journalist", "marketer"} <= set(table["singling_out"])


# --- policy threshold ------------------------------------------------------------------------------------


def test_a_threshold_below_one_over_k_is_refused_on_load(tmp_path):
    text = crafted_definition().replace("threshold: 0.2", "threshold: 0.1")
    with pytest.raises(ConfigError) as info:
        load_datasets(crafted_config(tmp_path, text))
    assert "risk_policy.threshold" in str(info.value) and "raise k to 10" in str(info.value)


def test_the_release_gate_blocks_a_risk_above_the_policy(tmp_path):
    from transforms.quality.release import validate_release

    frame = pd.DataFrame(
        {
            "key": [f"s:{i % 10}" for i in range(40)],
            "pseudonym": [f"ps{i % 10}" for i in range(40)],
            "age_band": ["30-39"] * 40,
        }
    )
    risk_report = {
        "k_configured": 5,
        "k_reached": 10,
        "rows_in": 40,
        "rows_out": 40,
        "suppressed": 0,
        "excluded": 0,
        "direct_identifier_columns": [],
        "pseudonym_column": "pseudonym",
        "patient_key_column": "key",
        "quasi_identifier_columns": ["age_band"],
        "risk_threshold": 0.2,
    }

    def validate(run_key: str, highest_risk: float):
        report = {**risk_report, "highest_prosecutor_risk": highest_risk}
        return validate_release(
            frame, report, dataset="policy", run_key=run_key, data_root=tmp_path, raise_on_failure=False
        )

    ok = validate("a", 0.1)
    assert ok.success
    bad = validate("b", 0.25)
    assert not bad.success and {o.name for _, o in bad.failures()} == {"release.risk_within_policy"}


# --- config validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace(MONTH_LINE, MONTH_LINE[:-1] + ", max_level: week}"), "max_level 'week' is not a level"),
        (
            lambda t: t + "queries:\n  - {name: q, table: treatments, group_by: {performed_month: fortnight}}\n",
            "level must be one of day, month, quarter, year",
        ),
        (
            lambda t: t + "queries:\n  - {name: q, table: treatments, group_by: {nothing: value}}\n",
            "'nothing' is not a column of 'treatments'",
        ),
        (lambda t: t.replace("risk_policy:", "risk_policy_missing:"), "risk_policy"),
    ],
)
def test_utility_and_policy_mistakes_are_named_on_load(tmp_path, change, message):
    with pytest.raises(ConfigError) as info:
        load_datasets(crafted_config(tmp_path, change(crafted_definition())))
    assert message in str(info.value)


def test_the_shipped_definitions_state_floors_weights_policy_and_queries():
    datasets = load_datasets(settings.REPO_ROOT / "config")
    treatments = datasets["treatments"].tables["treatments"].columns
    assert treatments["performed_month"].max_level == "quarter" and treatments["region"].max_level == "pc2"
    assert treatments["performed_month"].shift_days > 0
    for definition in datasets.values():
        assert definition.risk_policy.threshold >= 1 / definition.k and definition.queries


# --- query error -----------------------------------------------------------------------------------------


def test_query_error_compares_the_release_with_the_truth(tmp_path):
    definition = load_datasets(
        crafted_config(
            tmp_path,
            crafted_definition()
            + (
                "queries:\n  - {name: per_quarter, table: treatments, group_by: {performed_month: quarter}}\n"
                "  - {name: per_band, table: treatments, group_by: {age_band: 20y}, count: patients}\n"
            ),
        )
    )["crafted"]
    con = duckdb.connect()
    # truth: 10 rows in 2026-Q1 (patients 0-9, aged 31), 20 in 2026-Q2 (patients 10-29, aged 92)
    con.execute("""CREATE TABLE b_treatments AS SELECT i AS pnum,
                   CASE WHEN i < 10 THEN DATE '2026-02-10' ELSE DATE '2026-05-10' END AS performed_month__raw,
                   CASE WHEN i < 10 THEN 31 ELSE 92 END AS age_band__raw FROM range(30) t(i)""")
    # release: one Q1 row suppressed, one Q2 row released only as a year (unanswerable for a quarter)
    con.execute("""CREATE TABLE out_treatments AS SELECT i AS pnum,
                   CASE WHEN i < 10 THEN '2026-02' WHEN i = 29 THEN '2026' ELSE '2026-05' END AS performed_month,
                   CASE WHEN i < 10 THEN '30-34' ELSE '90+' END AS age_band FROM range(1, 30) t(i)""")
    per_quarter, per_band = (utility.query_error(con, definition, q) for q in definition.queries)
    assert per_quarter["cells"] == 2 and per_quarter["unanswerable_rows"] == 1
    assert per_quarter["median_relative_error"] == pytest.approx((0.1 + 0.05) / 2)  # Q1 9/10, Q2 19/20
    assert per_quarter["total_relative_error"] == pytest.approx(2 / 30, abs=1e-6)
    # 30-34 answers the 20-39 band; 90+ answers 80+ (top code 90 at 20-year bands); patient 0 is missing
    assert per_band["cells"] == 2 and per_band["median_relative_error"] == pytest.approx(0.05)
    assert utility.evaluate_queries(con, definition)["median_relative_error"] == pytest.approx(0.0625)


def test_linkability_gate_blocks_linked_tables_above_the_policy():
    from transforms.research.config import load_datasets
    from transforms.research.publish import linkability_gate
    from transforms.research.risk import LinkabilityRiskExceeded

    definition = load_datasets()["treatments"]
    assert definition.table_domain("notes") != definition.table_domain("treatments")  # shipped: not linkable
    linked = {"between_tables": [{"tables": ["a", "b"], "same_pseudonyms": True, "k_over_combined_set": 1}]}
    with pytest.raises(LinkabilityRiskExceeded, match="as few as 1 patient"):
        linkability_gate(definition, linked)
    assert linked["met"] is False and linked["between_tables"][0]["highest_risk"] == 1.0
    fine = {"between_tables": [{"tables": ["a", "b"], "same_pseudonyms": True, "k_over_combined_set": 5}]}
    linkability_gate(definition, fine)
    assert fine["met"] and fine["between_tables"][0]["within_policy"]
    apart = {"between_tables": [{"tables": ["a", "b"], "same_pseudonyms": False, "pseudonyms_equal": 0}]}
    linkability_gate(definition, apart)
    assert apart["met"]
