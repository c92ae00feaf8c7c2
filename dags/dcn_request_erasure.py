"""
### Requests from data subjects: erasure (GDPR art. 17) and destruction of the dental file (WGBO art. 7:455)

Triggered by the privacy officer for **one request** (`request_id`, e.g. `REQ-ABCDEFGHIJKL`; the run gets
nothing else: the person is decrypted from the register inside the worker and never reaches conf, params, XCom
or logs). The request must be registered and its identity verified (`python -m transforms requests ...`).

1. **plan**: the person is located in both vendors' practice systems, the staging, the archive, the anonymised
   text and the research releases; every record is decided per record class against the retention policy and
   the exceptions of art. 17(3) (fiscal 7 years, the WGBO file unless 7:455, holds, an open complaint, the
   officer's recorded third-party interest). Stored with hashed ids; XCom holds counts only;
2. **approve**: the officer sees the plan (class, entity, action, rule, counts) under *Required actions* and
   approves or rejects it; no answer in time erases nothing;
3. **record_decision**, then **execute**: live records through the retention executor (crash-safe, holds
   re-checked in the deleting transaction, files with their records), the archive keys of the erased classes
   destroyed, the research releases, the anonymised text and the staging purged; the person's ids are in the
   disposal journal, which the nightly retention run re-applies after a backup restore;
4. **verify**: everything re-queried; a failure fails the run;
5. **letter**: the Dutch answer: what was erased, what was kept, under which rule and until when.
"""

from __future__ import annotations

import datetime as dt

from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Param, TriggerRule, dag, get_current_context, task

from dcn_airflow import DAG_DEFAULTS, tags

# the erasure waits for the officer at most this long (a month's deadline leaves room; no answer erases nothing)
APPROVAL_TIMEOUT_DAYS = 7


@dag(
    dag_id="dcn_request_erasure",
    dag_display_name="Requests from data subjects: erasure and WGBO destruction",
    description="One erasure / 7:455 request: plan, officer's approval, erase, verify, letter (ids and counts only)",
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
            description="The register's id of a verified erasure or 7:455 request (never a name or a number).",
        )
    },
)
def dcn_request_erasure():
    @task
    def plan() -> dict:
        """Locate the person and decide every record per class (counts, classes and rules only)."""
        from dcn_airflow import request_changes

        return request_changes.plan_erasure(get_current_context())

    approve = HITLOperator(
        task_id="approve",
        subject="Erasure request {{ params.request_id }}: approve?",
        body="{{ ti.xcom_pull(task_ids='plan')['approval_text'] }}",
        options=["Approve", "Reject"],
        defaults=["Reject"],
        response_timeout=dt.timedelta(days=APPROVAL_TIMEOUT_DAYS),
        doc_md="The privacy officer approves or rejects the erasure plan; no answer in time erases nothing.",
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
        """Erase what was approved: live systems, archive keys, research, anonymised text, staging (counts)."""
        from dcn_airflow import request_changes

        return request_changes.execute(get_current_context(), decision)

    @task
    def verify(executed: dict) -> dict:
        """Re-query every place the erasure acted on; fails the run when anything is left."""
        from dcn_airflow import request_changes

        return request_changes.verify(get_current_context(), executed)

    @task
    def letter(verified: dict) -> dict:
        """Write the Dutch response letter (erased, kept with rule and date); returns its path."""
        from dcn_airflow import request_changes

        return request_changes.letter(get_current_context(), verified)

    summary = plan()
    summary >> approve
    decision = record_decision(summary)
    approve >> decision
    letter(verify(execute(decision)))


dcn_request_erasure()
