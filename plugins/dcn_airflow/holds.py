"""The hold form of DAG ``dcn_holds``: validate the params and place or lift the hold."""
from __future__ import annotations

import datetime as dt
from typing import Any


def _who(dag_run: Any) -> str:
    """Who triggered the run (Airflow 3 records it); a run without a user cannot place or lift a hold."""
    user = getattr(dag_run, "triggering_user_name", None)
    if not user:
        raise ValueError("the run has no triggering user: trigger it from the UI or the API as a named user")
    return str(user)


def apply_hold_form(params: dict, dag_run: Any) -> dict:
    from transforms import register
    from transforms.retention import holds
    from transforms.retention.policy import load_policy
    from transforms.sources.model import load_model

    engine = register.register_engine()
    now = dt.datetime.now(dt.timezone.utc)
    who = _who(dag_run)
    if params["action"] == "lift":
        if not params.get("hold_id"):
            raise ValueError("give the hold id to lift")
        holds.lift_hold(engine, params["hold_id"], lifted_by=who, lifted_at=now)
        return {"action": "lift", "hold_id": params["hold_id"]}
    fields = ("source_system", "subject_kind", "subject_key", "entity", "record_key", "class_id", "reference")
    hold_id = holds.place_hold(engine, scope=params["scope"], reason=params["reason"], placed_by=who, placed_at=now,
                               policy=load_policy(), model=load_model(),
                               **{name: params.get(name) or None for name in fields})
    return {"action": "place", "hold_id": hold_id, "scope": params["scope"]}
