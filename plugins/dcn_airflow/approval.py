"""The retention approval gate: Airflow's human-in-the-loop form (*Required actions*) as a multi-select of the
plan's classes, so the officer approves billing's thousands without also approving staff ID copies' six.

The classes that await a person are known only once the run has planned, so the form's options are set when
the task runs (from the plan task's XCom), not when the DAG is parsed; the parse-time option is a placeholder
the form never shows. No defaults: an unanswered form fails the task at its timeout (``HITLTimeoutError``), so
no answer is never shown as a success; ``record_decision`` then records the classes as unanswered, and the run's
last task (``approval_outcome``) fails the run once the routine classes are done.

Light module: the DAG file imports it at parse time (nothing from ``transforms`` at module level).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow.providers.common.compat.sdk import AirflowSkipException
from airflow.providers.standard.operators.hitl import HITLOperator

# Chosen alone, it approves none of the classes (Airflow's form needs at least one option chosen).
NONE = "None of these: keep every record"
_PLACEHOLDER = "(the plan's classes, set when the task runs)"
_WORDS = {"id": "ID"}  # words a class id spells in lower case that are written otherwise


def class_title(class_id: str) -> str:
    """A retention class id as words: ``staff_id_copies`` -> ``Staff ID copies``."""
    words = [_WORDS.get(word, word) for word in class_id.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def chosen_classes(options: dict[str, str], chosen: list[str]) -> list[str]:
    """The class ids an answer approves. ``options`` maps the form's labels to class ids (the plan task's
    ``approval_options``). Raises on a label that is not an option, and on ``NONE`` chosen together with a
    class (contradictory: nothing is decided, the task fails and the classes stay unapproved)."""
    unknown = set(chosen) - set(options) - {NONE}
    if unknown:
        raise ValueError(f"not an option of this plan: {sorted(unknown)}")
    if NONE in chosen and len(chosen) > 1:
        raise ValueError(f"{NONE!r} was chosen together with classes: choose either")
    return sorted(options[label] for label in chosen if label != NONE)


class ClassApprovalOperator(HITLOperator):
    """A multi-select of the classes of this run's plan that need a person's approval (counts in the body).

    ``plan_task_id`` names the task whose XCom carries ``approval_options`` (label -> class id),
    ``approval_subject`` and ``approval_text``. Skipped when nothing awaits approval.
    """

    def __init__(self, *, plan_task_id: str = "plan", **kwargs: Any) -> None:
        kwargs.setdefault("subject", "Retention plan: approve classes")
        super().__init__(options=[_PLACEHOLDER], multiple=True, defaults=None, **kwargs)
        self.plan_task_id = plan_task_id

    def _load_plan(self, context: Any) -> dict:
        summary = context["ti"].xcom_pull(task_ids=self.plan_task_id) or {}
        self.options = [*summary.get("approval_options", {}), NONE]
        return summary

    def execute(self, context: Any) -> Any:
        summary = self._load_plan(context)
        if not summary.get("approval_options"):
            raise AirflowSkipException("no class of this plan needs a person's approval")
        self.subject = summary["approval_subject"]
        deadline = dt.datetime.now(dt.timezone.utc) + self.response_timeout if self.response_timeout else None
        self.body = summary["approval_text"] + (
            f"\n\nNo answer by **{_amsterdam(deadline)}** (Amsterdam time) approves none of these classes."
            if deadline
            else ""
        )
        return super().execute(context)

    def execute_complete(self, context: Any, event: dict[str, Any]) -> Any:
        # a resumed task is a new process whose operator was parsed with the placeholder option
        options = self._load_plan(context).get("approval_options", {})
        answer = super().execute_complete(context, event)
        chosen_classes(options, answer["chosen_options"])  # a contradictory answer fails here: nothing approved
        return answer


def _amsterdam(moment: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    return f"{local.day} {local:%b %Y %H:%M}"
