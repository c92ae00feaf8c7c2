"""
### Requests from data subjects that change data: erasure, restriction, objection, withdrawal, rectification

Triggered by the privacy officer for **one request** (`request_id`, e.g. `REQ-ABCDEFGHIJKL`; the run gets
nothing else: the request's types are read from the register and the person decrypted from it inside the worker,
and never reach conf, params, XCom or logs). The request must be registered and its identity verified
(`python -m transforms requests ...`); a rectification's change set is proposed first
(`python -m transforms requests rectify ...`).

1. **plan**:
   - *erasure / 7:455*: the person is located in both vendors' practice systems, the staging, the archive, the
     anonymised text and the research releases; every record is decided per record class against the retention
     policy and the exceptions of art. 17(3) (fiscal 7 years, the WGBO file unless 7:455, holds, an open
     complaint, the officer's recorded third-party interest);
   - *restriction*: the subjects to hold per practice system; *objection / consent withdrawal*: the purposes and
     the patients per practice system the preference is written back to; *rectification*: the change set
     (columns and counts; before and after on the privacy console's page of the change set, officer only,
     which the approval form links to by request id; or on the worker: `python -m transforms requests changes`).
   Stored with hashed ids; XCom holds counts only;
2. **approve**: the officer sees the plan under *Required actions* and approves or rejects it; no answer in time
   changes nothing;
3. **record_decision**, then **execute**: an erasure through the retention executor (crash-safe, holds
   re-checked in the deleting transaction, files with their records), archive keys destroyed, research releases,
   anonymised text and staging purged, the person's ids in the disposal journal (re-applied nightly), a minimal
   suppression entry in the consent ledger; a restriction as person holds (retention keeps, research, reminders
   and exports leave the person out); a preference written back through the source mapping (one transaction per
   source); a rectification written back through the mapping, each row only if it still holds the old value;
4. **verify**: everything re-queried (the practice systems re-read); a failure fails the run;
5. **letter**: the Dutch answer: what was done, what was kept or not done, under which rule and until when.
"""

from __future__ import annotations

import datetime as dt

from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Param, TriggerRule, dag, get_current_context, task

from dcn_airflow import DAG_DEFAULTS, tags

# the run waits for the officer at most this long (a month's deadline leaves room; no answer changes nothing)
APPROVAL_TIMEOUT_DAYS = 7


@dag(
    dag_id="dcn_request_changes",
    dag_display_name="Requests from data subjects: changes (erasure, restriction, objection, rectification)",
    description="One request that changes data: plan, officer's approval, act, verify, letter (ids and counts only)",
    schedule=None,
    **DAG_DEFAULTS,
    tags=tags("requests"),
    doc_md=__doc__,
    params={
        "request_id": Param(
            "",
            type="string",
            pattern="^REQ-[A-Z2-7]{12}$",
            title="Request id",
            description="The register's id of a verified request that changes data (never a name or a number).",
        )
    },
)
def dcn_request_changes():
    @task
    def plan() -> dict:
        """Plan the request: what would be erased, held, written back or corrected (counts, no values)."""
        from dcn_airflow import request_changes

        return request_changes.plan(get_current_context())

    approve = HITLOperator(
        task_id="approve",
        subject="Request {{ params.request_id }}: approve the plan?",
        body="{{ ti.xcom_pull(task_ids='plan')['approval_text'] }}",
        options=["Approve", "Reject"],
        defaults=["Reject"],
        response_timeout=dt.timedelta(days=APPROVAL_TIMEOUT_DAYS),
        doc_md="The privacy officer approves or rejects the plan; no answer in time changes nothing.",
        retries=0,
    )

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def record_decision(summary: dict) -> dict:
        """Record the officer's answer; no answer decides nothing."""
        from dcn_airflow import request_changes

        context = get_current_context()
        return request_changes.record_decision(context, summary, request_changes.answer_of(context["ti"]))

    @task
    def execute(decision: dict) -> dict:
        """Carry out what was approved: erase, hold, write back or correct (counts)."""
        from dcn_airflow import request_changes

        return request_changes.execute(get_current_context(), decision)

    @task
    def verify(executed: dict) -> dict:
        """Re-query every place the plan acted on; fails the run when anything is left or not shown."""
        from dcn_airflow import request_changes

        return request_changes.verify(get_current_context(), executed)

    @task
    def letter(verified: dict) -> dict:
        """Write the Dutch response letter (done; kept or not done, with rule and date); returns its path."""
        from dcn_airflow import request_changes

        return request_changes.letter(get_current_context(), verified)

    summary = plan()
    summary >> approve
    decision = record_decision(summary)
    approve >> decision
    letter(verify(execute(decision)))


dcn_request_changes()
