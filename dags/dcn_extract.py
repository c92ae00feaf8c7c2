"""
### Nightly extraction of the practice systems

Every night at 02:00 (Europe/Amsterdam) each practice system in `config/sources/*.yml` is extracted, in
parallel, into canonical staging (Parquet per source, entity and run; see `docs/staging.md`):

1. **list_sources** reads the source mappings at run time (adding a vendor is adding a YAML file);
2. **extract** (one mapped task per source, in the pool `dcn_practice_systems`, whose slots bound how many
   tasks query the practice systems at once) takes the rows changed since the last finished run, in
   chunks, from the Connection the mapping names; bad rows go to quarantine with a reason;
3. **validate** runs the Great Expectations source suites on the run's partitions: rows that fail a
   quarantine-level check move to quarantine, a fail-level check fails the run (see
   `docs/quality_gates.md`); the Data Docs path is in the task's result;
4. **record_run** writes the run manifest and emits the `dcn_canonical_staging` Asset that the
   anonymisation and retention DAGs consume: only after the gate passed;
5. **refresh_request_index** rebuilds the subject requests' lookup index over the new staging
   (`transforms.requests.locate.build_lookup_index`, in the pipeline's own data folder, never in a vendor's
   database), so the first request of the day does not pay for it;
6. **verify_preferences** reads the practice systems back for every objection and consent withdrawal written
   back to them (the consent ledger): a source that no longer shows one (a restore, someone undid it) fails the
   task, naming request ids, sources and purposes only, so the failure alert reaches the officer.

Re-running a run gives the same partitions (its windows are stored in the privacy register).
Task results hold counts only, never personal data.
"""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from dcn_airflow import NIGHTLY, NIGHTLY_DAG_DEFAULTS, PRACTICE_POOL, STAGING_ASSET, as_of_param, tags


@dag(
    dag_id="dcn_extract",
    dag_display_name="Extract practice systems",
    description="Nightly incremental extraction of every practice system into canonical staging",
    schedule=NIGHTLY,  # 02:00 Amsterdam
    **NIGHTLY_DAG_DEFAULTS,
    tags=tags("extract"),
    doc_md=__doc__,
    params=as_of_param("Extract up to (optional)", "Upper bound of the run; empty: the run's logical date."),
)
def dcn_extract():
    @task
    def list_sources() -> list[str]:
        """Names of the configured sources, read at run time."""
        from transforms.sources.config import load_sources

        return [source.name for source in load_sources()]

    @task(map_index_template="{{ source_name }}", max_active_tis_per_dag=4, pool=PRACTICE_POOL)
    def extract(source: str) -> dict:
        """Extract one source; returns counts per entity (no personal data)."""
        from dcn_airflow.tasks import extract_one_source

        context = get_current_context()
        context["source_name"] = source
        return extract_one_source(source, context)

    @task
    def validate(summaries: list[dict]) -> dict:
        """Source quality gate on this run's partitions; fails the task if a fail-level check fails."""
        from dcn_airflow.tasks import validate_staging_run

        return validate_staging_run(list(summaries))

    @task(outlets=[STAGING_ASSET])
    def record_run(summaries: list[dict], quality: dict) -> dict:
        """Write the run manifest; the Asset event tells consumers which run key to read."""
        from dcn_airflow.tasks import record_staging_run

        result = record_staging_run(list(summaries), quality)
        get_current_context()["outlet_events"][STAGING_ASSET].extra = result
        return result

    @task
    def refresh_request_index(run: dict) -> dict:
        """Rebuild the requests lookup index over the staging just recorded; returns its size in bytes."""
        from transforms.requests.locate import build_lookup_index

        return {"run_key": run.get("run_key"), "index_bytes": build_lookup_index().stat().st_size}

    @task
    def verify_preferences() -> dict:
        """The practice systems still show every written-back objection / withdrawal (counts; ids on failure)."""
        from dcn_airflow import request_changes

        return request_changes.verify_preferences(get_current_context())

    summaries = extract.expand(source=list_sources())
    recorded = record_run(summaries, validate(summaries))
    refresh_request_index(recorded)
    recorded >> verify_preferences()


dcn_extract()
