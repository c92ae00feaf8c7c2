"""
### Publish the research and quality-control datasets

Runs when the night's extraction has passed its quality gate **and** its free text has been anonymised
(the `dcn_canonical_staging` and `dcn_anonymised_text` Assets). For every dataset in `config/research/*.yml`
(one mapped task each; see `docs/research_datasets.md`):

1. read the canonical staging and the anonymised text, leaving out everyone who objected to research use
   or whose processing is restricted;
2. replace direct identifiers by keyed pseudonyms (HMAC-SHA256, one key domain per dataset; the key is the
   password of the Connection `dcn_research_pseudonym`), generalise the quasi-identifiers (age band at the
   event, PC4/PC2 region, month or shifted dates, code groups) until every combination is shared by at
   least k patients, suppressing what is left within the suppression budget;
3. run the release quality gate (no direct identifiers, no BSN/e-mail/phone/IBAN/address in any value,
   k reached, counts reconcile); a failure publishes nothing and the previous release stays current;
4. write the release (Parquet, a DuckDB file, data dictionary, risk and utility report) to a new versioned
   folder and switch `current` to it atomically.

**record** emits the `dcn_research_datasets` Asset with each dataset's version and counts.
Task results hold counts and paths only, never personal data.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import dag, get_current_context, task

from dcn_airflow import NIGHTLY_DAG_DEFAULTS, STAGING_ASSET, as_of_param, tags
from dcn_airflow.assets import ANONYMISED_TEXT_ASSET, RESEARCH_ASSET


@dag(
    dag_id="dcn_research",
    dag_display_name="Publish research datasets",
    description="Pseudonymise, generalise, measure risk, validate and publish the research datasets",
    schedule=(STAGING_ASSET & ANONYMISED_TEXT_ASSET),
    **NIGHTLY_DAG_DEFAULTS,
    tags=tags("research", "anonymise"),
    doc_md=__doc__,
    params=as_of_param("As of (optional)", "Date ages and terms are counted to; empty: the run's logical date."),
)
def dcn_research():
    @task
    def list_datasets() -> list[str]:
        """Names of the configured datasets, read at run time."""
        from dcn_airflow.research import dataset_names

        return dataset_names()

    @task(map_index_template="{{ dataset_name }}", execution_timeout=dt.timedelta(hours=6))
    def publish(name: str) -> dict:
        """Build, validate and publish one dataset; fails (publishing nothing) if its gate fails."""
        from dcn_airflow.research import publish_one

        context = get_current_context()
        context["dataset_name"] = name
        return publish_one(name, context)

    @task(outlets=[RESEARCH_ASSET])
    def record(summaries: list[dict]) -> dict:
        """Emit the Asset event with every dataset's release version and counts."""
        result = {s["dataset"]: {k: v for k, v in s.items() if k != "dataset"} for s in summaries}
        get_current_context()["outlet_events"][RESEARCH_ASSET].extra = result
        return result

    record(publish.expand(name=list_datasets()))


dcn_research()
