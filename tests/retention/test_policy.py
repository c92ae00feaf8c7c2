"""The retention policy file: complete, cited, and refused with a clear message when it cannot be applied."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from transforms import settings
from transforms.kernel.canonical import load_model
from transforms.kernel.config import ConfigError
from transforms.retention.policy import load_policy

POLICY = settings.REPO_ROOT / "config" / "retention_policy.yml"


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(POLICY.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "policy.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, data: dict) -> str:
    with pytest.raises(ConfigError) as info:
        load_policy(write(tmp_path, data))
    return str(info.value)


def test_policy_covers_every_category_of_the_brief_with_its_legal_basis():
    policy = load_policy(POLICY)
    expected = {
        "dental_file",
        "billing",
        "registration_data",
        "payroll",
        "staff_id_copies",
        "personnel_file",
        "applicants_without_consent",
        "applicants_with_consent",
        "camera_footage",
        "complaints",
        "contact_forms",
        "supplier_contacts",
        "web_analytics",
        "security_logs",
        "objection_consent_records",
        "request_packages",  # the answer to a subject request is personal data too (pipeline_files)
    }
    assert set(policy.classes) == expected
    refs = {name: " ".join(b.ref for b in cls.basis) for name, cls in policy.classes.items()}
    assert "7:454(3)" in refs["dental_file"]
    assert "52(4)" in refs["billing"]
    assert "loonbelasting 1964" in refs["staff_id_copies"]
    assert "AP" in refs["personnel_file"] and "AP" in refs["camera_footage"]
    assert "Wkkgz" in refs["complaints"]
    assert "7(3)" in refs["objection_consent_records"] and "21" in refs["objection_consent_records"]


def test_terms_triggers_and_actions_follow_the_law():
    policy = load_policy(POLICY)
    c = policy.classes
    assert (c["dental_file"].term.years, c["dental_file"].counted_from) == (20, "event")
    assert (c["billing"].term.years, c["billing"].counted_from) == (7, "end_of_fiscal_year")
    assert (c["staff_id_copies"].term.years, c["staff_id_copies"].counted_from) == (5, "end_of_calendar_year")
    assert c["personnel_file"].term.years == 2
    assert c["camera_footage"].term.weeks == 4 and c["applicants_without_consent"].term.weeks == 4
    assert c["applicants_with_consent"].term.years == 1
    assert c["registration_data"].action == "minimise"
    assert c["objection_consent_records"].action == "anonymise"
    assert c["dental_file"].archive is not None
    # Approval gate: judgement classes wait for a person, routine ones run by themselves.
    assert {n for n, k in c.items() if k.approval == "auto"} >= {"camera_footage", "web_analytics"}
    assert all(c[n].approval == "required" for n in ("dental_file", "complaints", "personnel_file"))


def test_entity_mapping_gives_every_personal_entity_a_class():
    policy, model = load_policy(POLICY), load_model()
    for name in model.entities:
        assert name in policy.entities or name in policy.not_personal_data
    # several entities share a class; registration data is minimised field by field on the patient record
    dental = [e for e, rules in policy.entities.items() if any(r.class_ == "dental_file" for r in rules)]
    assert {"patient", "treatment", "clinical_note", "imaging"} <= set(dental)
    [registration] = policy.field_rules("patient")
    assert registration.class_ == "registration_data" and "email" in registration.fields
    assert "date_of_birth" not in registration.fields and "bsn" not in registration.fields


def test_version_is_a_content_hash_that_ignores_layout(tmp_path, raw):
    original = load_policy(POLICY)
    assert len(original.content_hash) == 64
    relaid = tmp_path / "relaid.yml"
    relaid.write_text("# a comment that changes nothing\n" + yaml.safe_dump(raw, sort_keys=True), encoding="utf-8")
    assert load_policy(relaid).content_hash == original.content_hash
    changed = copy.deepcopy(raw)
    changed["classes"]["camera_footage"]["term"] = {"weeks": 3}
    assert load_policy(write(tmp_path, changed)).content_hash != original.content_hash


def test_unknown_class_is_refused(tmp_path, raw):
    data = copy.deepcopy(raw)
    data["entities"]["web_hit"][0]["class"] = "web_analytcs"
    message = problems_of(tmp_path, data)
    assert "entities.web_hit[0]: unknown retention class 'web_analytcs'" in message
    assert "classes.web_analytics: no entity is mapped to it" in message


def test_negative_or_empty_term_is_refused(tmp_path, raw):
    data = copy.deepcopy(raw)
    data["classes"]["camera_footage"]["term"] = {"weeks": -4}
    assert "term cannot be negative (weeks)" in problems_of(tmp_path, data)
    data["classes"]["camera_footage"]["term"] = {}
    assert "term must be longer than zero" in problems_of(tmp_path, data)


def test_trigger_column_must_be_a_retention_date_of_the_model(tmp_path, raw):
    data = copy.deepcopy(raw)
    data["entities"]["complaint"][0]["trigger"] = {"column": "closed_at"}
    assert "trigger column 'complaint.closed_at' is not in the canonical model" in problems_of(tmp_path, data)
    # updated_at moves with address changes: it must never start the WGBO term
    data = copy.deepcopy(raw)
    data["entities"]["patient"][0]["trigger"] = {"column": "updated_at"}
    assert "'patient.updated_at' is not flagged `retention: true`" in problems_of(tmp_path, data)
    data = copy.deepcopy(raw)
    data["entities"]["treatment"][0]["trigger"] = {"column": "last_clinical_change_at", "of": "employee"}
    assert "'treatment' has no column 'employee_id'" in problems_of(tmp_path, data)


def test_entity_mapped_to_no_class_is_refused(tmp_path, raw):
    data = copy.deepcopy(raw)
    del data["entities"]["security_log"]
    message = problems_of(tmp_path, data)
    assert "canonical entity 'security_log' is mapped to no retention class" in message
    data = copy.deepcopy(raw)
    data["entities"]["applicant"] = [data["entities"]["applicant"][0]]  # only the conditional rule is left
    assert "entities.applicant: the last record rule has a condition" in problems_of(tmp_path, data)


def test_fields_that_cannot_be_emptied_are_refused(tmp_path, raw):
    data = copy.deepcopy(raw)
    data["entities"]["patient"][1]["fields"] = ["email", "last_name", "patient_id"]
    message = problems_of(tmp_path, data)
    assert "field 'last_name' cannot be emptied" in message and "field 'patient_id' cannot be emptied" in message


def test_archive_stage_must_start_before_the_term_ends(tmp_path, raw):
    data = copy.deepcopy(raw)
    data["classes"]["dental_file"]["archive"] = {"after": {"years": 25}}
    assert "archive stage must start before the term ends" in problems_of(tmp_path, data)


def test_all_problems_are_reported_at_once_and_name_the_file(tmp_path, raw):
    data = copy.deepcopy(raw)
    data["entities"]["web_hit"][0]["class"] = "nope"
    data["entities"]["complaint"][0]["trigger"] = {"column": "nope_on"}
    message = problems_of(tmp_path, data)
    assert str(tmp_path / "policy.yml") in message and "3 problem(s)" in message
