"""The console's hold form and roles, without a web server: choices from config, the subject must exist in
the staging, and a refused value is neither stored nor repeated in the message."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.retention.conftest import AS_OF
from transforms import register
from transforms.console.forms import FormError, lift_hold_from_form, place_hold_from_form
from transforms.console.roles import dcn_role, load_roles, may_write
from transforms.kernel.config import ConfigError
from transforms.kernel.staging import read_entity
from transforms.retention import holds

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)


def _patient_key(practice) -> str:
    patients = read_entity("patient", "patient_id", sources=["oase"], data_root=practice)
    return str(patients["patient_id"].iloc[0])


def _place(register_url, practice, **values):
    engine = register.register_engine(register_url)
    return engine, place_hold_from_form(engine, values, placed_by="officer", now=NOW, data_root=practice)


def test_a_person_hold_on_a_staged_patient_is_placed_with_only_its_scopes_fields(practice, register_url):
    key = _patient_key(practice)
    engine, hold_id = _place(
        register_url,
        practice,
        scope="person",
        reason="claim",
        source_system="oase",
        subject_kind="patient",
        subject_key=key,
        entity="invoice",  # another scope's field: ignored, never stored
        record_key="999",
        reference="Klacht 2026-17",
    )
    [hold] = holds.list_holds(engine)
    assert (hold.hold_id, hold.subject_key, hold.placed_by, hold.entity, hold.record_key) == (
        hold_id,
        key,
        "officer",
        None,
        None,
    )
    lift_hold_from_form(engine, {"hold_id": hold_id}, lifted_by="officer", now=NOW)
    assert holds.list_holds(engine) == []


@pytest.mark.parametrize(
    "values, field",
    [
        ({"subject_key": "Jan Jansen"}, "subject_key"),
        ({"subject_key": "111222333"}, "subject_key"),
        ({"subject_key": "j.jansen@example.nl"}, "subject_key"),
        ({"subject_key": "987654321012"}, "subject_key"),  # a key that exists nowhere
        ({"source_system": "exqiuse"}, "source_system"),
        ({"subject_kind": "patiënt"}, "subject_kind"),
        ({"reference": "j.jansen@example.nl"}, "reference"),
        ({"scope": "everything"}, "scope"),
    ],
)
def test_refused_holds_store_nothing_and_never_repeat_the_value(practice, register_url, values, field):
    form = {
        "scope": "person",
        "reason": "claim",
        "source_system": "oase",
        "subject_kind": "patient",
        "subject_key": _patient_key(practice),
        **values,
    }
    engine = register.register_engine(register_url)
    with pytest.raises(FormError) as refused:
        place_hold_from_form(engine, form, placed_by="officer", now=NOW, data_root=practice)
    assert refused.value.field == field
    for value in values.values():
        assert value not in str(refused.value)
    assert holds.list_holds(engine, include_lifted=True) == []


def test_record_and_category_holds(practice, register_url):
    invoices = read_entity("invoice", "invoice_id", sources=["exquise"], data_root=practice)
    engine, record = _place(
        register_url,
        practice,
        scope="record",
        reason="dispute",
        source_system="exquise",
        entity="invoice",
        record_key=str(invoices["invoice_id"].iloc[0]),
    )
    _, category = _place(register_url, practice, scope="category", reason="incident", class_id="camera_footage")
    assert {h.hold_id: h.scope for h in holds.list_holds(engine)} == {record: "record", category: "category"}
    with pytest.raises(FormError, match="hold_id: not a hold id"):
        lift_hold_from_form(engine, {"hold_id": "Jan Jansen"}, lifted_by="officer", now=NOW)
    assert AS_OF  # the practice is extracted as of the retention tests' day


def test_roles_map_auth_manager_names_to_the_strongest_dcn_role(tmp_path):
    config = load_roles()
    assert dcn_role(["admin"], config) == "privacy_officer" and may_write("privacy_officer")
    assert dcn_role(["Viewer"], config) == "viewer" and not may_write("viewer")
    assert dcn_role(["PrivacyOfficer"], config) == "privacy_officer" and dcn_role(["Admin"], config) is None
    assert dcn_role(["viewer", "op"], config) == "data_engineer"
    assert dcn_role(["nobody"], config) is None
    bad = tmp_path / "roles.yml"
    bad.write_text("roles:\n  admin: superuser\n")
    with pytest.raises(ConfigError, match="roles.yml"):
        load_roles(bad)


def test_the_intake_form_registers_a_request_and_refuses_without_echo(tmp_path, monkeypatch, register_url):
    import base64

    from transforms.console.forms import register_request_from_form
    from transforms.requests.store import get_request

    monkeypatch.setenv("DCN_REQUESTS_KEY", base64.b64encode(bytes(range(32))).decode())
    engine = register.register_engine(register_url)
    form = {
        "received_at": "2026-11-01T10:15",
        "id_kind": "email",
        "id_value": "j.jansen@example.nl",
        "requester": "person",
    }
    request_id = register_request_from_form(engine, form, ["access"], now=NOW)
    record = get_request(engine, request_id)
    assert (record.received_on, record.due_on, record.types) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
        ("access",),
    )
    with engine.connect() as conn:
        dump = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM request_identifiers"))
    assert "jansen" not in dump.lower()
    for bad, field in (
        ({"id_value": "not-an-email@"}, "id_value"),
        ({"received_at": "2027-01-01T10:00"}, "received_at"),
        ({"requester": "representative"}, "representative_kind"),
    ):
        with pytest.raises(FormError) as refused:
            register_request_from_form(engine, {**form, **bad}, ["access"], now=NOW)
        assert refused.value.field == field and "not-an-email" not in str(refused.value)
    with pytest.raises(FormError, match="types"):
        register_request_from_form(engine, form, ["everything"], now=NOW)
