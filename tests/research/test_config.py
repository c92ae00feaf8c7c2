"""Dataset definitions: the shipped ones load; every kind of mistake is an error naming file and place."""

from __future__ import annotations

import pytest

from tests.research.conftest import crafted_config, crafted_definition
from transforms.kernel.config import ConfigError
from transforms.research.config import load_datasets


def test_shipped_datasets_load():
    datasets = load_datasets()
    assert {"treatments", "complaints"} <= set(datasets)
    treatments = datasets["treatments"]
    assert set(treatments.tables) == {"treatments", "notes"}
    assert treatments.tables["treatments"].pseudonym_column == "patient_pseudonym"
    assert datasets["complaints"].domain != treatments.domain


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda t: t.replace(
                "      sex: {source: patient.sex, role: quasi, treatment: keep, generalise_to_suppressed: true}",
                "      sex: {source: patient.sex, treatment: keep}",
            ),
            "columns.sex.role: Field required",
        ),
        (
            lambda t: t.replace(
                "treatment.practitioner_id, role: direct, treatment: pseudonymise",
                "treatment.practitioner_id, role: insensitive, treatment: keep",
            ),
            "columns.practitioner_pseudonym.role: 'insensitive' is weaker than the canonical model's 'direct'",
        ),
        (
            lambda t: t.replace("role: quasi, treatment: postcode", "role: insensitive, treatment: keep"),
            "columns.region.role: 'insensitive' is weaker",
        ),
        (
            lambda t: t.replace("source: patient.sex,", "source: patient.gender,"),
            "columns.sex.source: 'patient.gender' is not in the canonical model",
        ),
        (
            lambda t: t.replace("role: sensitive, treatment: code_group", "role: sensitive, treatment: pseudonymise"),
            "treatment 'pseudonymise' is not allowed for role 'sensitive'",
        ),
        (lambda t: t.replace("bands: [5, 10, 20]", "bands: [5, 7]"), "multiple of the previous one"),
        (lambda t: t.replace("entity: treatment\n", "entity: invoice_line\n"), "unknown canonical entity"),
        (lambda t: t.replace("k: 5", "k: 1"), "k: Input should be greater than or equal to 2"),
    ],
)
def test_mistakes_name_the_file_and_the_place(tmp_path, change, message):
    text = change(crafted_definition(sex_suppressible=True))
    folder = crafted_config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_datasets(folder)
    assert "crafted.yml" in str(info.value)
    assert message in str(info.value)


def test_the_crafted_definition_itself_is_valid(tmp_path):
    assert "crafted" in load_datasets(crafted_config(tmp_path, crafted_definition()))


NOTES_TABLE = """  notes:
    entity: clinical_note
    description: crafted notes
    columns:
      patient_pseudonym: {source: clinical_note.patient_id, role: direct, treatment: pseudonymise}
      sex: {source: patient.sex, role: quasi, treatment: keep}
"""


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            NOTES_TABLE + "      text: {source: clinical_note.text, role: sensitive, treatment: keep}\n",
            "tables.notes.columns.text.treatment: clinical_note.text is free text; free text may only be published "
            "anonymised (treatment: anonymised_text), not 'keep'",
        ),
        ("", None),  # the same table with anonymised text is fine (the check above is about the treatment)
    ],
)
def test_free_text_is_published_only_anonymised(tmp_path, extra, message):
    body = crafted_definition() + (
        extra or NOTES_TABLE + "      text: {source: clinical_note.text, role: sensitive, treatment: anonymised_text}\n"
    )
    folder = crafted_config(tmp_path, body)
    if message is None:
        assert "notes" in load_datasets(folder)["crafted"].tables
        return
    with pytest.raises(ConfigError) as info:
        load_datasets(folder)
    assert "crafted.yml" in str(info.value) and message in str(info.value)


@pytest.mark.parametrize(
    "column, message",
    [
        (
            "bsn_pseudonym: {source: patient.bsn, role: direct, treatment: pseudonymise}",
            "patient.bsn is a direct identifier (identifier: true in the canonical model): it is never published, "
            "not even pseudonymised",
        ),
        (
            "initials_pseudonym: {source: patient.initials, role: direct, treatment: pseudonymise}",
            "pseudonymise applies to a column of 'treatment' itself (or the patient key), not patient.initials",
        ),
    ],
)
def test_a_direct_identifier_is_not_pseudonymised(tmp_path, column, message):
    folder = crafted_config(tmp_path, crafted_definition() + f"      {column}\n")
    with pytest.raises(ConfigError) as info:
        load_datasets(folder)
    assert "crafted.yml" in str(info.value) and message in str(info.value)
