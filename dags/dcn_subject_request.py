"""
### One request from a data subject: locate, a person decides, answer

Triggered per request with the run conf `{"request_id": "REQ-..."}` and **nothing else** (checked before use:
another key or a value that is not a request id stops the run without repeating it). The request, with its
identifiers encrypted, is registered first with `python -m transforms requests new ...` or the intake form.

1. **start**: the request exists, its identity is verified and it is not closed; otherwise the run stops
   here (skipped) with the reason logged by id;
2. **locate**: the person in every practice system (lookup index in the pipeline's own staging, each record
   confirmed live by key), the encrypted archive, the anonymised text and the research releases;
3. **approve** (only when needed, under *Required actions*): two records that both fit, or a weak match
   only, are shown as *Kandidaat A, B, ...* with non-identifying facts (system, practice, kind of record,
   match level, identifier kinds that fit, counts); the officer picks the candidate(s) or rejects. Free text
   in the person's file that may name someone else is counted here too; the officer reads it with
   `python -m transforms requests review ID` and includes it as written or withholds it. No answer within
   the timeout rejects: nothing is guessed, nothing is sent;
4. **answer**: the access / portability package (AES ZIP; password for the officer once:
   `python -m transforms requests password ID --kind access`), registered for deletion 30 days after
   delivery (retention class `request_packages`), the Dutch letter, the request marked answered.

Task results, logs, the approval text and the run conf hold request ids, labels, kinds and counts only.
"""

from __future__ import annotations

import datetime as dt

from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Param, TriggerRule, dag, get_current_context, task

from dcn_airflow import DAG_DEFAULTS, tags

# the approval step's options (a label per possible candidate, approve, reject): fixed at parse time
from transforms.requests.approval import FLAGGED_CHOICES, OPTIONS, REJECT

DECISION_TIMEOUT = dt.timedelta(days=7)
MAX_WAITING_REQUESTS = 16  # a week to decide; the legal month is tracked by the daily DAG


@dag(
    dag_id="dcn_subject_request",
    dag_display_name="Requests from data subjects: answer one request",
    description="Locate the person of one registered request, let a person decide when unsure, build the answer",
    schedule=None,
    # one run per request, and a run may wait days for the officer: one waiting must not hold up the others
    **{**DAG_DEFAULTS, "max_active_runs": MAX_WAITING_REQUESTS},
    tags=tags("requests"),
    doc_md=__doc__,
)
def dcn_subject_request():
    @task.short_circuit
    def start() -> bool:
        """The request may be executed now (identity verified, not closed); otherwise the run stops here."""
        from dcn_airflow.requests import start_request

        return start_request(get_current_context())

    @task
    def locate() -> dict:
        """Find the person everywhere; candidates by label, facts and counts only."""
        from dcn_airflow.requests import locate_request

        return locate_request(get_current_context())

    @task.branch
    def decide_route(located: dict) -> str:
        """To the approval step when a person must decide or review flagged texts, else to the answer."""
        from dcn_airflow.requests import next_step

        return next_step(located)

    approve = HITLOperator(
        task_id="approve",
        subject="Verzoek {{ ti.xcom_pull(task_ids='locate')['request_id'] }}: kies of keur goed",
        body="{{ ti.xcom_pull(task_ids='locate')['approval_text'] }}",
        options=OPTIONS,
        multiple=True,
        defaults=[REJECT],
        params={
            "flagged_texts": Param(
                "include",
                enum=list(FLAGGED_CHOICES),
                title="Teksten die een ander noemen",
                description="include: meesturen zoals geschreven (eigen dossier, WGBO); withhold: achterhouden",
            )
        },
        response_timeout=DECISION_TIMEOUT,
        doc_md="The privacy officer picks the candidate(s) that are the person, approves the flagged texts, or "
        "rejects (Required actions); no answer in time rejects.",
        retries=0,
    )

    @task(trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    def answer() -> dict:
        """Build the package(s) and the letter from the decision (counts only); nothing without one."""
        from dcn_airflow.requests import answer_request

        return answer_request(get_current_context())

    located = locate()
    route = decide_route(located)
    done = answer()
    start() >> located
    route >> [approve, done]
    approve >> done


dcn_subject_request()
