"""The hold form's values end up in the DAG run's configuration, visible to every reader of its runs: what is
plainly a BSN, an e-mail address or a name is refused before anything is stored (the message names the field)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dcn_airflow.holds import apply_hold_form
from transforms import register
from transforms.retention import holds


@pytest.mark.parametrize(
    "field, value",
    [
        ("subject_key", "111222333"),
        ("subject_key", "111.222.333"),
        ("subject_key", "j.jansen@example.nl"),
        ("subject_key", "Jan Jansen"),
        ("subject_key", "Jansen"),
        ("record_key", "de Vries"),
        ("reference", "j.jansen@example.nl"),
    ],
)
def test_direct_identifiers_are_refused_and_nothing_is_stored(tmp_path, monkeypatch, field, value):
    monkeypatch.setenv("DCN_CONTROL_DB_URL", f"sqlite:///{tmp_path / 'control.db'}")
    form = {
        "action": "place",
        "scope": "person",
        "reason": "claim",
        "source_system": "oase",
        "subject_kind": "patient",
        "subject_key": "161",
        field: value,
    }
    with pytest.raises(ValueError, match=f"{field}: give the practice system's internal key") as refused:
        apply_hold_form(form, SimpleNamespace(triggering_user_name="j.devries"))
    assert value not in str(refused.value)
    assert holds.list_holds(register.register_engine()) == []


def test_internal_keys_and_case_numbers_are_accepted(tmp_path, monkeypatch):
    monkeypatch.setenv("DCN_CONTROL_DB_URL", f"sqlite:///{tmp_path / 'control.db'}")
    placed = apply_hold_form(
        {
            "action": "place",
            "scope": "person",
            "reason": "claim",
            "source_system": "oase",
            "subject_kind": "patient",
            "subject_key": "161",
            "reference": "Klacht 2026-17",
        },
        SimpleNamespace(triggering_user_name="j.devries"),
    )
    [hold] = holds.list_holds(register.register_engine())
    assert hold.hold_id == placed["hold_id"] and hold.subject_key == "161"
