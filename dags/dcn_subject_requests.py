"""
### Requests from data subjects: the daily deadline check

Every morning, lists the open requests (access, erasure, WGBO destruction, ...) that are **overdue** or due
within the configured days (`config/requests.yml`, `due_soon_days`, default 7), and alerts the privacy
officer through the pipeline's notifier (Connection `dcn_alerts`: webhook or e-mail) when there are any.

The due dates are the ones stored when each request was registered, verified or extended (one calendar month,
three with a timely extension or for a WGBO 7:455 destruction; see `transforms/requests/deadlines.py`); this
DAG never re-derives them. Requests whose clock stands still (proof of identity asked for, not yet given) are
listed apart.

**No personal data here.** Requests are registered with `python -m transforms requests new ...` (identifiers
are stored encrypted in the privacy register); this DAG has no params, reads request ids and dates only, and
returns counts. The alert holds request ids, types and dates. Details: `python -m transforms requests show ID`.
"""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from dcn_airflow import DAG_DEFAULTS, MORNING, tags


@dag(
    dag_id="dcn_subject_requests",
    dag_display_name="Requests from data subjects: daily deadlines",
    description="Alert on subject requests overdue or due within a week (ids and dates only)",
    # 07:00 Amsterdam, before the practices open; the run's day is the day the list is for
    schedule=MORNING,
    **DAG_DEFAULTS,
    tags=tags("requests"),
    doc_md=__doc__,
)
def dcn_subject_requests():
    @task
    def check_deadlines() -> dict:
        """Overdue and due-soon requests: alert by request id and date; returns counts."""
        from dcn_airflow.requests import check_deadlines as check

        return check(get_current_context())

    check_deadlines()


dcn_subject_requests()
