"""The committed GX project: current with the config, loadable by GX, leak-proof result format."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from transforms.kernel.canonical import load_model
from transforms.kernel.config import ConfigError
from transforms.quality.config import SEVERITIES, load_quality_config
from transforms.quality.suites import expectations_dir, import_gx, render_project, stale_files, write_project


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_project()


def test_committed_definitions_are_current(rendered):
    stale = stale_files(expectations_dir() / "gx", rendered)
    assert stale == [], f"regenerate with: python -m transforms validate --write-suites ({stale[:5]})"


def test_generation_is_deterministic_and_detects_drift(rendered, tmp_path):
    gx_dir = tmp_path / "gx"
    assert write_project(gx_dir, rendered)  # everything new
    assert write_project(gx_dir, render_project()) == []  # same input, same bytes
    (gx_dir / "expectations" / "source" / "patient.json").write_text("{}")
    (gx_dir / "checkpoints" / "source.removed_entity.json").write_text("{}")
    assert stale_files(gx_dir, rendered) == [
        "checkpoints/source.removed_entity.json",
        "expectations/source/patient.json",
    ]


def test_gx_loads_every_suite_checkpoint_and_definition(tmp_path):
    shutil.copytree(expectations_dir() / "gx", tmp_path / "gx")
    context = import_gx().get_context(mode="file", project_root_dir=str(tmp_path))
    model = load_model()
    names = {s.name for s in context.suites.all()}
    assert names == {f"source.{e}" for e in model.entities} | {
        "release.rows",
        "release.facts",
        "retention.remaining",
        "retention.removed",
    }
    for name in names:
        checkpoint = context.checkpoints.get(name)
        assert checkpoint.result_format["partial_unexpected_count"] == 0
        assert checkpoint.result_format["include_unexpected_rows"] is False
        for expectation in checkpoint.validation_definitions[0].suite.expectations:
            assert expectation.meta["severity"] in SEVERITIES and expectation.meta["name"]
            if expectation.meta["severity"] == "quarantine":  # only row-level kinds can quarantine
                assert expectation.meta["kind"] in {"not_null", "allowed_values", "unique_key", "check"}
            if name.startswith(("release.", "retention.")):  # these gates only block
                assert expectation.meta["severity"] == "fail"
    assert yaml.safe_load((tmp_path / "gx" / "great_expectations.yml").read_text())["analytics_enabled"] is False


def test_suites_follow_the_canonical_model():
    model = load_model()
    for name, entity in model.entities.items():
        suite = json.loads((expectations_dir() / "gx" / "expectations" / "source" / f"{name}.json").read_text())
        by_kind: dict[str, set[str]] = {}
        for expectation in suite["expectations"]:
            by_kind.setdefault(expectation["meta"]["kind"], set()).add(expectation["kwargs"].get("column"))
        assert by_kind["not_null"] == {c for c, col in entity.columns.items() if not col.nullable} | {"source_system"}
        assert by_kind.get("allowed_values", set()) == {c for c, col in entity.columns.items() if col.values}
        assert by_kind["types"] == set(entity.columns) | {"source_system"}


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda c: c["source"]["checks"].append(
                {"entity": "patient", "column": "shoe_size", "check": "bsn_11proef", "severity": "quarantine"}
            ),
            "no column 'shoe_size'",
        ),
        (
            lambda c: c["source"]["checks"].append(
                {"entity": "treatment", "column": "patient_id", "check": "references", "severity": "quarantine"}
            ),
            "needs 'target'",
        ),
        (lambda c: c["source"]["null_rates"].update(severity="quarantine"), "null_rates.severity"),
        (lambda c: c["source"]["generated"].update(columns="quarantine"), "generated.columns"),
        (
            lambda c: c["source"]["checks"].append(
                {"entity": "patient", "column": "bsn", "check": "not_after_run", "severity": "fail"}
            ),
            "needs a date column",
        ),
    ],
)
def test_a_wrong_quality_config_is_refused_with_its_place(tmp_path, edit, message):
    from transforms import settings

    config = yaml.safe_load((settings.config_dir() / "quality.yml").read_text())
    edit(config)
    path = tmp_path / "quality.yml"
    path.write_text(yaml.safe_dump(config))
    with pytest.raises(ConfigError, match=message):
        load_quality_config(path)
