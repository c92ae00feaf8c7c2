"""The console's state of a retention class comes from what happened: journal, certificate, decision and the
run's task states; an approved class of a run that failed at verify is never shown as done."""

from __future__ import annotations

import datetime as dt
import re

from transforms.console import fmt, svg
from transforms.console.retention import RunInfo, class_name, class_state
from transforms.retention.plan import ClassCounts, Plan
from transforms.retention.policy import load_policy

AT = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.timezone.utc)


def _plan() -> Plan:
    return Plan(
        plan_id="retention__manual__x",
        as_of=dt.date(2026, 12, 3),
        policy_version="v",
        key_fingerprint="k",
        created_at=AT,
        sources=["exquise"],
        classes={
            "camera_footage": ClassCounts(action="destroy", approval="auto", dispose=334, held=6),
            "billing": ClassCounts(action="destroy", approval="required", dispose=8190),
            "contact_forms": ClassCounts(action="destroy", approval="auto"),
        },
    )


def _run(**tasks: str) -> RunInfo:
    return RunInfo("dcn_retention", "manual__x", "failed" if "failed" in tasks.values() else "success", AT, tasks=tasks)


def test_states_follow_what_happened():
    policy, plan = load_policy(), _plan()
    approved = ("approved", "policy:auto", AT)
    failed = _run(dispose="success", verify="failed", validate="upstream_failed", certify="upstream_failed")
    state = class_state(
        "camera_footage", plan, policy, decision=approved, done={"destroyed": 334}, certified=False, run=failed
    )
    assert (state.state, state.tone) == ("failed", "bad") and "failed at verify" in state.words
    done = class_state(
        "camera_footage", plan, policy, decision=approved, done={"destroyed": 334}, certified=True, run=_run()
    )
    assert done.state == "certified" and "334 destroyed" in done.words
    silent = class_state("billing", plan, policy, decision=None, done={}, certified=False, run=_run(approve="success"))
    assert silent.state == "not decided" and "nothing done" in silent.words
    waiting = RunInfo("dcn_retention", "manual__x", "running", AT, tasks={"approve": "deferred"}, approval_since=AT)
    assert class_state("billing", plan, policy, decision=None, done={}, certified=False, run=waiting).state == "waiting"
    assert class_state(
        "contact_forms", plan, policy, decision=approved, done={}, certified=False, run=_run()
    ).state == ("nothing due")
    assert class_name("dental_file", policy) == "Dental file" and "_" not in class_name("registration_data", policy)


def test_formatting_and_charts_are_for_people():
    assert (fmt.number(8190), fmt.percent(0.066667), fmt.ratio(0.2)) == ("8,190", "6.7%", "0.200")
    assert fmt.datetime(dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.timezone.utc)) == "3 dec 2026 03:00"
    chart = svg.stacked_bars("t", [svg.Bar("<b>", (("x", 3),), tone="bad", note="failed")], {"x": "a"})
    assert chart.startswith("<svg") and "<b>" not in chart and "failed" in chart
    assert re.findall(r"class='axis'>([0-9,]+)</text>", chart) == ["0", "1", "2", "3", "4"]


def test_source_quality_links_each_partitions_data_docs_pages_where_they_exist(tmp_path):
    """Per practice system and entity: the validation result of that extraction and the suite, as GX lays them
    out; an entity whose pages are not there links nothing (no dead link)."""
    import json

    from transforms.console import sections

    key = "20261102T030000Z"
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / f"{key}.json").write_text(
        json.dumps(
            {
                "run_key": key,
                "rows": 12,
                "quality": {"success": True, "failed": []},
                "sources": [{"source": "oase", "entities": {"patient": {"rows": 10}, "invoice": {"rows": 2}}}],
            }
        )
    )
    site = tmp_path / "quality" / "gx" / "uncommitted" / "data_docs" / "local_site"
    older = site / "validations" / "source" / "patient" / f"{key}-oase" / "20261102T030100.000000Z" / "b.html"
    newer = site / "validations" / "source" / "patient" / f"{key}-oase" / "20261102T040100.000000Z" / "b.html"
    other_source = site / "validations" / "source" / "invoice" / f"{key}-exquise" / "20261102T030100.000000Z" / "b.html"
    for page in (older, newer, other_source, site / "expectations" / "source" / "patient.html"):
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<html></html>")
    rows = {r.entity: r for r in sections.quality(tmp_path).per_entity}
    assert rows["patient"].docs == {
        "validation": newer.relative_to(site).as_posix(),
        "suite": "expectations/source/patient.html",
    }
    assert rows["invoice"].docs == {}  # exquise's page is not oase's
