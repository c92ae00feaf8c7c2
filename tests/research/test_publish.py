"""Publication on generated practice data: gated, atomic, versioned; the previous release survives a failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.research.conftest import AS_OF, KEY, write_anonymised
from transforms.quality.report import QualityGateFailed
from transforms.research import current_release, publish_dataset
from transforms.sources.staging import read_entity
from transforms.text.engine import WITHHELD_MARKER

REGISTER = "register.db"


def anonymise_directly(data_root: Path, leak_in_note: str | None = None) -> dict[str, set]:
    """Stand-in for the text anonymiser: every 7th record withheld, every 11th missing (no output)."""
    kinds = {}
    for entity, key in (("clinical_note", "note_id"), ("complaint", "complaint_id")):
        staged = read_entity(entity, key, data_root=data_root, columns=["source_system", key])
        rows, missing, withheld = [], set(), set()
        for i, (source, record) in enumerate(staged.itertuples(index=False)):
            if i % 11 == 5:
                missing.add((source, record))
                continue
            if i % 7 == 3:
                withheld.add((source, record))
                rows.append(
                    {
                        "source_system": source,
                        key: record,
                        "text": WITHHELD_MARKER,
                        "status": "withheld",
                        "reason": "timeout",
                    }
                )
                continue
            text = "Controle, element 36 gevuld. [PERSOON-1] tevreden."
            if leak_in_note and entity == "clinical_note" and i == 0:
                text += " " + leak_in_note
            rows.append(
                {
                    "source_system": source,
                    key: record,
                    "text": text,
                    "status": "ok",
                    "reason": None,
                    "entity_types": ["PERSOON"],
                }
            )
        write_anonymised(data_root, entity, rows)
        kinds[entity] = {"missing": missing, "withheld": withheld}
    return kinds


@pytest.fixture
def root(practice, tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(practice / "staging", data / "staging")
    return data


def publish(name, data_root, run_key, **kw):
    return publish_dataset(
        name,
        key=KEY.encode(),
        as_of=AS_OF,
        data_root=data_root,
        run_key=run_key,
        register_url=f"sqlite:///{data_root.parent / REGISTER}",
        **kw,
    )


def test_both_datasets_publish_with_every_artefact(root, caplog):
    caplog.set_level("DEBUG")
    kinds = anonymise_directly(root)
    first = publish("treatments", root, "v1")
    complaints = publish("complaints", root, "v1")
    release = current_release("treatments", root)
    assert release == root / "research" / "treatments" / "releases" / "v1" and first["published"]
    assert {p.name for p in release.iterdir()} == {
        "treatments.parquet",
        "notes.parquet",
        "treatments.duckdb",
        "data_dictionary.json",
        "data_dictionary.md",
        "risk_report.json",
    }
    treatments = pd.read_parquet(release / "treatments.parquet")
    assert "_patient_key" not in treatments.columns and "pnum" not in treatments.columns
    assert list(treatments.columns) == [
        "patient_pseudonym",
        "practitioner_pseudonym",
        "age_band",
        "sex",
        "region",
        "practice",
        "performed_month",
        "treatment_code",
        "tooth_element",
    ]
    with duckdb.connect(str(release / "treatments.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM treatments").fetchall()[0][0] == len(treatments)
        assert con.execute("SELECT count(*) FROM notes").fetchall()[0][0] == first["tables"]["notes"]["rows_out"]
    report = json.loads((release / "risk_report.json").read_text())
    for table, _counts in first["tables"].items():
        r = report["tables"][table]
        assert r["rows_in"] == r["rows_out"] + r["suppressed"] + r["excluded"]
        assert r["k_reached"] >= r["k_configured"] == 5 and r["excluded_by_reason"]["objection"] > 0
        assert set(r["information_loss"]) == set(r["quasi_identifier_columns"])
    dictionary = json.loads((release / "data_dictionary.json").read_text())
    text_range = dictionary["tables"]["notes"]["columns"]["text"]["value_range"]
    assert "min" not in text_range and "values" not in text_range
    # text: missing -> NULL, withheld keeps its marker, never the staged text
    notes = pd.read_parquet(release / "notes.parquet")
    assert notes["text"].isna().any() and (notes["text"] == WITHHELD_MARKER).any()
    staged = set(read_entity("clinical_note", "note_id", data_root=root, columns=["text"])["text"])
    assert not staged & set(notes["text"].dropna())
    assert kinds["clinical_note"]["missing"]
    # the complaints dataset cannot be joined with the treatments one on pseudonyms
    other = pd.read_parquet(current_release("complaints", root) / "complaints.parquet")
    assert complaints["published"] and not set(other["patient_pseudonym"]) & set(treatments["patient_pseudonym"])
    # the key is nowhere in the outputs or the logs
    for path in release.rglob("*"):
        assert KEY.encode() not in path.read_bytes()
    assert KEY not in caplog.text and "objection" in caplog.text


def test_pseudonyms_are_stable_across_runs_and_change_with_the_key(root):
    anonymise_directly(root)
    publish("treatments", root, "v1")
    publish("treatments", root, "v2")
    releases = root / "research" / "treatments" / "releases"
    one = pd.read_parquet(releases / "v1" / "treatments.parquet")
    two = pd.read_parquet(releases / "v2" / "treatments.parquet")
    assert one.equals(two)  # same data, same key: the same release (idempotent)
    assert current_release("treatments", root).name == "v2"
    other = publish_dataset(
        "treatments",
        key=b"another-master-key-0123456789abcdef",
        as_of=AS_OF,
        data_root=root,
        run_key="v3",
        register_url=f"sqlite:///{root.parent / REGISTER}",
    )
    three = pd.read_parquet(Path(other["release"]) / "treatments.parquet")
    assert not set(three["patient_pseudonym"]) & set(one["patient_pseudonym"])


def test_a_gate_failure_keeps_the_previous_release_current(root, caplog):
    anonymise_directly(root)
    publish("treatments", root, "v1")
    anonymise_directly(root, leak_in_note="Bel haar op 06-12345678.")
    with pytest.raises(QualityGateFailed):
        publish("treatments", root, "v2")
    folder = root / "research" / "treatments"
    assert current_release("treatments", root).name == "v1"
    assert [p.name for p in (folder / "releases").iterdir()] == ["v1"]  # no build folder, no v2
    assert "06-12345678" not in caplog.text


def test_a_restriction_hold_removes_the_patient(root):
    import datetime as dt

    from transforms import register
    from transforms.retention.holds import place_hold

    anonymise_directly(root)
    treatments = read_entity("treatment", "treatment_id", data_root=root, columns=["source_system", "patient_id"])
    source, patient = treatments.iloc[0]
    engine = register.register_engine(f"sqlite:///{root.parent / REGISTER}")
    place_hold(
        engine,
        scope="person",
        reason="restriction_request",
        placed_by="fg",
        source_system=source,
        subject_kind="patient",
        subject_key=patient,
        placed_at=dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc),
    )
    result = publish("treatments", root, "v1")
    rows = int(((treatments["source_system"] == source) & (treatments["patient_id"] == patient)).sum())
    assert result["tables"]["treatments"]["excluded_by_reason"]["restriction"] == rows > 0


def test_only_the_last_releases_are_kept(tmp_path):
    from tests.research.conftest import crafted_config, crafted_definition, publish_crafted, town

    town(tmp_path / "data", patients=60)
    config = crafted_config(tmp_path, crafted_definition())  # keep_releases: 2
    for version in ("v1", "v2", "v3"):
        result = publish_crafted(tmp_path, config, version, register=REGISTER)
    assert result["pruned"] == ["v1"] and current_release("crafted", tmp_path / "data").name == "v3"
    assert [p.name for p in sorted((tmp_path / "data" / "research" / "crafted" / "releases").iterdir())] == ["v2", "v3"]


@pytest.mark.parametrize("where", ["gate_error", "writing"])
def test_any_failure_after_the_build_keeps_the_previous_release(tmp_path, monkeypatch, where):
    from tests.research.conftest import crafted_config, crafted_definition, town
    from transforms.quality import release as gate
    from transforms.quality.report import QualityGateError
    from transforms.research import publish as module

    town(tmp_path / "data", patients=60)
    config = crafted_config(tmp_path, crafted_definition())
    kw = dict(
        key=KEY.encode(),
        as_of=AS_OF,
        data_root=tmp_path / "data",
        register_url=f"sqlite:///{tmp_path / REGISTER}",
        config_dir=config,
    )
    publish_dataset("crafted", run_key="v1", **kw)
    (tmp_path / "data" / "research" / "crafted" / "releases" / ".build-v2-999").mkdir()  # a crashed run's leftover

    def broken(*args, **kwargs):
        raise QualityGateError("gate could not run") if where == "gate_error" else OSError("disk full")

    monkeypatch.setattr(
        gate if where == "gate_error" else module,
        "validate_release" if where == "gate_error" else "dictionary_markdown",
        broken,
    )
    with pytest.raises((QualityGateError, OSError)):
        publish_dataset("crafted", run_key="v2", **kw)
    assert current_release("crafted", tmp_path / "data").name == "v1"
    assert [p.name for p in (tmp_path / "data" / "research" / "crafted" / "releases").iterdir()] == ["v1"]
