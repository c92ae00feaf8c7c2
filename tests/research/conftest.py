"""Shared fixtures: a key, offline GX, crafted staging written directly, and one generated practice."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fixtures.small_practice import without_utility_floors
from transforms.sources import staging

KEY = "research-test-master-key-0123456789abcdefghij"
RUN_KEY = "20261102T000000Z"
AS_OF = dt.date(2026, 11, 1)

# canonical columns the research build reads, with their Arrow types (as the extractor writes them)
SCHEMAS = {
    "patient": {
        "patient_id": pa.string(),
        "date_of_birth": pa.date32(),
        "sex": pa.string(),
        "postcode": pa.string(),
        "practice_id": pa.string(),
        "first_name": pa.string(),
        "last_name": pa.string(),
        "updated_at": pa.timestamp("us"),
    },
    "communication_preference": {
        "preference_id": pa.string(),
        "patient_id": pa.string(),
        "purpose": pa.string(),
        "granted": pa.bool_(),
        "recorded_at": pa.timestamp("us"),
        "updated_at": pa.timestamp("us"),
    },
    "treatment": {
        "treatment_id": pa.string(),
        "patient_id": pa.string(),
        "practice_id": pa.string(),
        "practitioner_id": pa.string(),
        "performed_on": pa.date32(),
        "treatment_code": pa.string(),
        "tooth_element": pa.int64(),
        "tariff_cents": pa.int64(),
        "updated_at": pa.timestamp("us"),
    },
    "clinical_note": {
        "note_id": pa.string(),
        "patient_id": pa.string(),
        "author_id": pa.string(),
        "written_at": pa.timestamp("us"),
        "note_type": pa.string(),
        "text": pa.string(),
        "updated_at": pa.timestamp("us"),
    },
}


@pytest.fixture(autouse=True)
def _env(monkeypatch, small_practice_config):
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")
    monkeypatch.setenv("DCN_RESEARCH_PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("DCN_CONFIG_DIR", str(small_practice_config))


@pytest.fixture(scope="session")
def small_practice_config(tmp_path_factory) -> Path:
    return without_utility_floors(tmp_path_factory.mktemp("config-without-floors"))


def write_staged(root: Path, entity: str, rows: list[dict], source: str = "exquise", run: str = RUN_KEY) -> None:
    """One committed staging partition of ``entity`` (the layout ``read_entity`` reads)."""
    schema = pa.schema([("source_system", pa.string()), *SCHEMAS[entity].items()])
    data = {name: [r.get(name, source if name == "source_system" else None) for r in rows] for name in schema.names}
    folder = staging.partition_dir(source, entity, run, root)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(data, schema=schema), folder / staging.DATA_FILE)
    (folder / staging.MANIFEST).write_text(json.dumps({"rows": len(rows)}))


def crafted_config(root: Path, body: str, name: str = "crafted") -> Path:
    folder = root / "config"
    (folder / "research").mkdir(parents=True, exist_ok=True)
    (folder / "research" / f"{name}.yml").write_text(body)
    return folder


CRAFTED = """
name: crafted
description: crafted test dataset
k: {k}
suppression_budget: {budget}
keep_releases: 2
risk_policy: {{threshold: {threshold}, known_events: {known_events},
              basis: "crafted test data: the threshold is 1/k, as for the internal releases"}}
tables:
  treatments:
    entity: treatment
    description: crafted treatments
    columns:
      patient_pseudonym: {{source: treatment.patient_id, role: direct, treatment: pseudonymise}}
      practitioner_pseudonym: {{source: treatment.practitioner_id, role: direct, treatment: pseudonymise}}
      age_band: {{source: patient.date_of_birth, role: quasi, treatment: age_band, at: treatment.performed_on,
                 bands: [5, 10, 20], top_code: 90}}
      sex: {{source: patient.sex, role: quasi, treatment: keep, generalise_to_suppressed: {sex_suppressible}}}
      region: {{source: patient.postcode, role: quasi, treatment: postcode, levels: [pc4, pc2], min_patients: 3}}
      performed_month: {{source: treatment.performed_on, role: quasi, treatment: date, levels: [month, quarter, year]}}
      treatment_code: {{source: treatment.treatment_code, role: sensitive, treatment: code_group, min_patients: 3}}
"""


def publish_crafted(root: Path, config: Path, run_key: str, register: str = "reg.db") -> dict:
    """Publish the "crafted" dataset defined in ``config`` from ``root/data``, its register ``root/<register>``."""
    from transforms.research.publish import publish_dataset

    return publish_dataset(
        "crafted",
        key=KEY.encode(),
        as_of=AS_OF,
        data_root=root / "data",
        run_key=run_key,
        register_url=f"sqlite:///{root / register}",
        config_dir=config,
    )


def crafted_definition(k: int = 5, budget: float = 0.05, sex_suppressible: bool = True, known_events: int = 2) -> str:
    return CRAFTED.format(
        k=k,
        budget=budget,
        sex_suppressible=str(sex_suppressible).lower(),
        threshold=round(1 / k, 6),
        known_events=known_events,
    )


def town(
    root: Path,
    patients: int = 120,
    extra: list[dict] | None = None,
    prefs: list[dict] | None = None,
    treatments_per_patient: int = 3,
) -> None:
    """Crafted staging: ``patients`` people aged 30-59 in PC4 1234/1235, each with a few treatments in one
    month, plus ``extra`` patient rows (each gets the same number of treatments)."""
    people = [
        {
            "patient_id": str(i),
            "date_of_birth": dt.date(1967 + i % 30, 1 + i % 12, 1 + i % 28),
            "sex": "MV"[i % 2],
            "postcode": f"123{4 + i % 2} AB",
            "practice_id": "1",
            "first_name": f"Voornaam{i}",
            "last_name": f"Achternaam{i}",
            "updated_at": dt.datetime(2026, 1, 1),
        }
        for i in range(patients)
    ]
    people += extra or []
    write_staged(root, "patient", people)
    treatments, n = [], 0
    for p in people:
        for j in range(treatments_per_patient):
            n += 1
            treatments.append(
                {
                    "treatment_id": f"t{n}",
                    "patient_id": p["patient_id"],
                    "practice_id": "1",
                    "practitioner_id": f"e{n % 3}",
                    "performed_on": dt.date(2026, 10, 1 + j),
                    "treatment_code": ["C11", "M03", "V91"][j % 3],
                    "tooth_element": None,
                    "tariff_cents": 1000,
                    "updated_at": dt.datetime(2026, 10, 2),
                }
            )
    write_staged(root, "treatment", treatments)
    write_staged(root, "communication_preference", prefs or [])


@pytest.fixture(scope="session")
def practice(tmp_path_factory) -> Path:
    """Both vendors' generated systems (300 patients each) extracted to staging, plus their anonymised text
    written directly (placeholder text per record; a few withheld, a few missing)."""
    from tests.practice import build_practice

    root = tmp_path_factory.mktemp("research-practice")
    data = build_practice(
        root, seed=7, patients=300, as_of=AS_OF, upper=dt.datetime(2026, 11, 2, 0, 0, tzinfo=dt.timezone.utc)
    )
    return data


def write_anonymised(data_root: Path, entity: str, rows: list[dict]) -> None:
    """The text anonymiser's output for ``entity`` (``source_system``, key, text, status, reason, entity_types)."""
    from transforms.text.staged import TEXT_FIELDS, output_dir, output_schema

    key, _ = TEXT_FIELDS[entity]
    schema = output_schema(key)
    data = {name: [r.get(name, [] if name == "entity_types" else None) for r in rows] for name in schema.names}
    writer = staging.PartitionWriter(output_dir(data_root) / entity, schema)
    writer.write(pa.table(data, schema=schema))
    writer.commit({"entity": entity})
