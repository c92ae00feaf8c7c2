"""Source mappings and the canonical model are validated on load, with messages that say where and what."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from transforms import settings
from transforms.kernel.canonical import load_model
from transforms.kernel.config import ConfigError
from transforms.sources.config import check_against_database, load_source, load_sources
from transforms.sources.describe_cli import describe_model

SOURCES = settings.REPO_ROOT / "config" / "sources"


def _write_variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load((SOURCES / "exquise.yml").read_text())
    change(data)
    path = tmp_path / "variant.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_shipped_sources_map_every_canonical_entity():
    model = load_model()
    sources = load_sources()
    assert [s.name for s in sources] == ["exquise", "oase"]
    for source in sources:
        assert set(source.entities) == set(model.entities), source.name


def test_unknown_canonical_column_is_named(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["entities"]["patient"]["columns"].update({"shoe_size": "maat"}))
    with pytest.raises(ConfigError) as error:
        load_source(path)
    message = str(error.value)
    assert str(path) in message and "patient.shoe_size" in message and "not a column" in message


def test_missing_entity_is_an_error_unless_declared_not_held(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["entities"].pop("camera_recording"))
    with pytest.raises(ConfigError, match="entity 'camera_recording' is missing"):
        load_source(path)

    def declared(data):
        data["entities"].pop("camera_recording")
        data["not_held"] = {"camera_recording": "cameras are managed by the landlord"}

    assert "camera_recording" not in load_source(_write_variant(tmp_path, declared)).entities


def test_option_that_does_not_fit_the_type_is_rejected(tmp_path):
    def bad(data):
        data["entities"]["treatment"]["columns"]["tooth_element"] = {"column": "element", "format": "%d-%m-%Y"}
        data["entities"]["patient"]["columns"]["last_name"] = {"column": "achternaam", "scale": 100}

    message = str(pytest.raises(ConfigError, load_source, _write_variant(tmp_path, bad)).value)
    assert "treatment.tooth_element: 'format' only applies to dates" in message
    assert "patient.last_name: 'scale' only applies to integers" in message


def test_required_column_not_mapped(tmp_path):
    path = _write_variant(tmp_path, lambda d: d["entities"]["patient"]["columns"].pop("date_of_birth"))
    with pytest.raises(ConfigError, match="patient.date_of_birth: required by the canonical model but not mapped"):
        load_source(path)


def test_structural_mistakes_are_reported_with_their_place(tmp_path):
    def bad(data):
        data["entities"]["invoice"]["watermark"]["kind"] = "sometimes"
        data["entities"]["invoice"]["columns"]["status"] = {"column": "status", "const": "open"}

    message = str(pytest.raises(ConfigError, load_source, _write_variant(tmp_path, bad)).value)
    assert "entities.invoice.watermark.kind" in message
    assert "exactly one of 'column' or 'const'" in message


def test_broken_yaml_and_bad_patient_number_example(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_source(broken)
    path = _write_variant(tmp_path, lambda d: d.update({"patient_number": {"regex": r"\bEX\d{6}\b", "example": "P-1"}}))
    with pytest.raises(ConfigError, match="does not match regex"):
        load_source(path)


def test_duplicate_source_names_are_refused(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(SOURCES / "exquise.yml", folder / "a.yml")
    shutil.copy(SOURCES / "exquise.yml", folder / "b.yml")
    with pytest.raises(ConfigError, match="used twice: exquise"):
        load_sources(folder)


def test_canonical_model_errors_are_clear(tmp_path):
    data = yaml.safe_load((settings.REPO_ROOT / "config" / "canonical_model.yml").read_text())
    data["entities"]["patient"]["columns"]["bsn"]["type"] = "number"
    data["entities"]["invoice"]["key"] = "factuurnummer"
    path = tmp_path / "model.yml"
    path.write_text(yaml.safe_dump(data))
    message = str(pytest.raises(ConfigError, load_model, path).value)
    assert "entities.patient.columns.bsn.type" in message
    assert "key 'factuurnummer' is not one of its columns" in message


def test_mapping_is_checked_against_the_live_schema(copy_of):
    url = copy_of("exquise")
    engine = create_engine(url)
    source = [s for s in load_sources() if s.name == "exquise"][0]
    assert check_against_database(source, engine) == []
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE patienten RENAME COLUMN tel_vast TO telefoon_vast"))
        conn.execute(text("DROP TABLE webstatistiek"))
    problems = check_against_database(source, engine)
    assert any("column 'tel_vast' does not exist in table 'patienten'" in p for p in problems)
    assert any("table 'webstatistiek' does not exist" in p for p in problems)


def test_canonical_model_doc_is_current():
    doc = settings.REPO_ROOT / "docs" / "canonical_model.md"
    assert doc.read_text() == describe_model(), (
        "run: python -m transforms describe-model --output docs/canonical_model.md"
    )
