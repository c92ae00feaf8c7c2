"""Dataset definitions: the shipped ones load; every kind of mistake is an error naming file and place."""
from __future__ import annotations

import pytest

from transforms.research.config import load_datasets
from transforms.sources.model import ConfigError
from tests.research.conftest import crafted_config, crafted_definition


def test_shipped_datasets_load():
    datasets = load_datasets()
    assert {"treatments", "complaints"} <= set(datasets)
    treatments = datasets["treatments"]
    assert set(treatments.tables) == {"treatments", "notes"}
    assert treatments.tables["treatments"].pseudonym_column == "patient_pseudonym"
    assert datasets["complaints"].domain != treatments.domain


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("      sex: {source: patient.sex, role: quasi, treatment: keep, generalise_to_suppressed: true}",
                         "      sex: {source: patient.sex, treatment: keep}"),
     "columns.sex.role: Field required"),
    (lambda t: t.replace("treatment.practitioner_id, role: direct, treatment: pseudonymise",
                         "treatment.practitioner_id, role: insensitive, treatment: keep"),
     "columns.practitioner_pseudonym.role: 'insensitive' is weaker than the canonical model's 'direct'"),
    (lambda t: t.replace("role: quasi, treatment: postcode", "role: insensitive, treatment: keep"),
     "columns.region.role: 'insensitive' is weaker"),
    (lambda t: t.replace("source: patient.sex,", "source: patient.gender,"),
     "columns.sex.source: 'patient.gender' is not in the canonical model"),
    (lambda t: t.replace("role: sensitive, treatment: code_group", "role: sensitive, treatment: pseudonymise"),
     "treatment 'pseudonymise' is not allowed for role 'sensitive'"),
    (lambda t: t.replace("bands: [5, 10, 20]", "bands: [5, 7]"), "multiple of the previous one"),
    (lambda t: t.replace("entity: treatment\n", "entity: invoice_line\n"), "unknown canonical entity"),
    (lambda t: t.replace("k: 5", "k: 1"), "k: Input should be greater than or equal to 2"),
])
def test_mistakes_name_the_file_and_the_place(tmp_path, change, message):
    text = change(crafted_definition(sex_suppressible=True))
    folder = crafted_config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_datasets(folder)
    assert "crafted.yml" in str(info.value)
    assert message in str(info.value)


def test_the_crafted_definition_itself_is_valid(tmp_path):
    assert "crafted" in load_datasets(crafted_config(tmp_path, crafted_definition()))
