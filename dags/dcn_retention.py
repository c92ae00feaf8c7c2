"""
### Retention: archive or destroy by retention class, with approval and proof

Runs after every extraction that passed its quality gate (the `dcn_canonical_staging` Asset), one run at a time.
The classes, their legal basis and terms are `config/retention_policy.yml` (see `docs/retention.md`).

1. **lock** takes the retention lease in the privacy register (and `max_active_runs=1`); it outlives the
   approval wait, every later task renews it and fails if another run has taken it over;
2. **plan** (dry run): candidates per class as of the run's date (or the `as_of` param), holds excluded,
   hashed ids stored in the register; routine classes (camera footage, web analytics, ...) are approved by policy;
3. **approve**: a person selects, class by class, which of the classes that need it (dental file, complaints,
   personnel, ...) are carried out, under *Required actions*; the classes not selected keep every record; no
   answer in time fails this task and, at the end (step 11), the run; nothing of those classes is touched;
4. **archive** where the class has an archive stage: encrypted Parquet, read back and verified;
5. **dispose**: batched, children first, inside transactions, holds re-checked in the same transaction;
   camera clips on disk deleted, clips on hold kept; research releases and quarantine partitions past their
   copy rule removed (a partition some of whose rows are held: trimmed to those rows);
6. **verify**: re-query the live systems and read every archive back;
7. **validate**: the retention quality gate on a live re-query of the run's classes: nothing past its term
   remains unless held (or still referenced by a kept record), every unloaded record has a verified archive
   copy; a failure fails the run and no certificate is written;
8. **purge_staging**: what was destroyed leaves the staging Parquet and the anonymised text output too,
   minimised fields are emptied and anonymised fields pseudonymised there (research reads those copies);
9. **certify**: a hash-chained audit entry and a certificate of destruction per class (no patient content);
10. **expire_archives**: archived records whose legal term ended become unreadable (their keys are destroyed);
    **expire_files**: files the pipeline itself wrote under a class (subject-request packages, 30 days after
    delivery) are deleted, with an audit entry and a certificate per class;
11. **approval_outcome**: when the approval closed without an answer, this last task fails, and with it the
    run: an unanswered approval never reads as a success (what the policy approves itself was carried out);
12. **unlock** (a teardown: runs whatever happened, and a failure above still fails the run).

Archive, dispose and verify run in the pool `dcn_practice_systems` (they query the practice systems).
Task results hold counts and class names only.
"""

from __future__ import annotations

from airflow.sdk import TriggerRule, dag, get_current_context, setup, task, teardown

from dcn_airflow import DAG_DEFAULTS, PRACTICE_POOL, STAGING_ASSET, as_of_param, tags
from dcn_airflow.approval import ClassApprovalOperator

# the one constant behind the approval timeout and the run's lease (light module: no database, nothing heavy)
from transforms.retention.lease import APPROVAL_TIMEOUT


@dag(
    dag_id="dcn_retention",
    dag_display_name="Retention: archive or destroy",
    description="Retention classes applied after each extraction: plan, approve, archive, dispose, verify, certify",
    schedule=STAGING_ASSET,
    **DAG_DEFAULTS,
    tags=tags("retention"),
    doc_md=__doc__,
    params=as_of_param("As of (optional)", "The moment terms are measured against; empty: when the run started."),
)
def dcn_retention():
    @setup
    def lock() -> str:
        """Take the retention lock for this run."""
        from dcn_airflow import retention

        return retention.acquire(get_current_context())

    @task
    def plan(holder: str) -> dict:
        """Dry run: what would be archived, destroyed or minimised, per class (counts only)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.make_plan(get_current_context())

    approve = ClassApprovalOperator(
        task_id="approve",
        plan_task_id="plan",  # options, subject and body come from the plan (class names and counts)
        response_timeout=APPROVAL_TIMEOUT,  # the lease (lease.LEASE_TTL) outlives it
        doc_md="A person with the privacy officer's role selects which of the plan's classes that need a "
        "decision are carried out (Required actions); the others keep their records. No answer within the "
        "timeout approves nothing and fails this task and, at its end, the run (it is not a success).",
        retries=0,
    )

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def record_decision(plan_summary: dict) -> dict:
        """Record the approver's answer per class: chosen approved, the rest rejected; no answer approves nothing."""
        from dcn_airflow import retention

        context = get_current_context()
        retention.renew(context)
        return retention.record_decision(context, plan_summary, retention.answer_of(context["ti"]))

    @task(pool=PRACTICE_POOL)
    def archive(decision: dict) -> dict:
        """Archive the approved classes that must be kept elsewhere: encrypted, read back and verified (counts)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.archive(get_current_context())

    @task(pool=PRACTICE_POOL)
    def dispose(archived: dict) -> dict:
        """Destroy or minimise the approved classes in the practice systems, in batches, children first (counts)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.dispose(get_current_context())

    @task(pool=PRACTICE_POOL)
    def verify(disposed: dict) -> dict:
        """Re-query the practice systems: nothing approved for destruction may remain (counts, hashed ids only)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.verify(get_current_context())

    @task
    def validate(verified: dict) -> dict:
        """Retention quality gate (GX): fails the run, so no certificate, when something overdue remains."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.validate(get_current_context())

    @task
    def purge_staging(validated: dict) -> dict:
        """Destroyed records out of the staging and the anonymised text; minimised fields NULL there (counts)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.purge_staging(get_current_context())

    @task
    def certify(purged: dict, decision: dict) -> dict:
        """Write a certificate of destruction per carried-out class, anchored in the audit chain."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.certify(get_current_context(), decision)

    @task
    def expire_archives(certified: dict) -> dict:
        """Destroy archived records whose own term has ended, unless held (counts)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.expire_archives(get_current_context())

    @task
    def expire_files(certified: dict) -> dict:
        """Delete the pipeline's own files past their class term (request packages), certified per class."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.expire_files(get_current_context())

    @task(trigger_rule=TriggerRule.NONE_FAILED)
    def approval_outcome(decision: dict) -> dict:
        """Fail the run, after everything else, when nobody answered the approval (it is not a success)."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.approval_outcome(decision)

    @teardown
    def unlock() -> bool:
        """Release the lock whatever happened; as a teardown it does not hide a failure of the run."""
        from dcn_airflow import retention

        return retention.release(get_current_context())

    @task
    def tombstones(locked: str) -> dict:
        """Records destroyed earlier that are back (a restore): disposed of again before anything is planned."""
        from dcn_airflow import retention

        retention.renew(get_current_context())
        return retention.tombstones(get_current_context())

    locked = lock()
    summary = plan(tombstones(locked))
    summary >> approve
    decision = record_decision(summary)
    approve >> decision
    checked = validate(verify(dispose(archive(decision))))
    certified = certify(purge_staging(checked), decision)
    done = [expire_archives(certified), expire_files(certified)]
    # the last task: the failed approve is not its upstream, so it runs (and fails) after the routine classes
    done >> approval_outcome(decision) >> unlock().as_teardown(setups=locked)


dcn_retention()
