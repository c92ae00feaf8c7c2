"""The hold form of DAG ``dcn_holds``: validate the params and place or lift the hold."""

from __future__ import annotations

from typing import Any


def _who(dag_run: Any) -> str:
    """Who triggered the run (Airflow 3 records it); a run without a user cannot place or lift a hold."""
    user = getattr(dag_run, "triggering_user_name", None)
    if not user:
        raise ValueError("the run has no triggering user: trigger it from the UI or the API as a named user")
    return str(user)


def _not_a_direct_identifier(name: str, value: object) -> None:
    """The form's values are visible to every reader of the DAG's runs: refuse what is plainly a BSN, an
    e-mail address or a name instead of an internal key (the message names the field, not the value)."""
    from transforms.identifiers.checksums import is_valid_bsn

    if value is None:
        return
    text = str(value).strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    bsn = len(digits) in (8, 9) and is_valid_bsn(digits.zfill(9)) and len(text) - len(digits) <= 2
    name_like = name != "reference" and (any(ch.isspace() for ch in text) or (text and not digits))
    if "@" in text or bsn or name_like:
        raise ValueError(f"{name}: give the practice system's internal key, not a name, BSN or e-mail address")


def apply_hold_form(params: dict, dag_run: Any) -> dict:
    from transforms import register
    from transforms.kernel.canonical import load_model
    from transforms.kernel.timeutil import utc_now
    from transforms.retention import holds
    from transforms.retention.policy import load_policy

    engine = register.register_engine()
    now = utc_now()
    who = _who(dag_run)
    if params["action"] == "lift":
        if not params.get("hold_id"):
            raise ValueError("give the hold id to lift")
        holds.lift_hold(engine, params["hold_id"], lifted_by=who, lifted_at=now)
        return {"action": "lift", "hold_id": params["hold_id"]}
    for name in ("subject_key", "record_key", "reference"):
        _not_a_direct_identifier(name, params.get(name))
    fields = ("source_system", "subject_kind", "subject_key", "entity", "record_key", "class_id", "reference")
    hold_id = holds.place_hold(
        engine,
        scope=params["scope"],
        reason=params["reason"],
        placed_by=who,
        placed_at=now,
        policy=load_policy(),
        model=load_model(),
        **{name: params.get(name) or None for name in fields},
    )
    return {"action": "place", "hold_id": hold_id, "scope": params["scope"]}
