"""
### Anonymise the free text of every staged run

Runs after each extraction that passed its quality gate (the `dcn_canonical_staging` Asset). Clinical notes,
complaint texts and contact-form messages are anonymised with the Dutch engine (Presidio + DEDUCE + Dutch
recognizers, `docs/text_anonymiser.md`), each with the names the practice system knows for that record as a
deny list. An independent second scan withholds any record in which a BSN, IBAN, e-mail address, phone
number, postcode + house number or known name is still visible. A record that fails, times out or is too
long is withheld, never passed through.

The night is cut into shards (**plan**: consecutive ranges of each entity, at most `DCN_TEXT_SHARD_ROWS`
records, default 5000), one mapped **anonymise** task per shard, so every Celery worker takes a share;
**combine** joins them into exactly the bytes one pass would write (`tests/text/test_text_shards.py`).

Output: `<data_root>/anonymised/text/<entity>/` (Parquet, no original text) and `report.json` (counts); the
`dcn_anonymised_text` Asset tells the research-dataset stage it is ready.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import dag, get_current_context, task

from dcn_airflow import NIGHTLY_DAG_DEFAULTS, STAGING_ASSET, tags
from dcn_airflow.assets import ANONYMISED_TEXT_ASSET


@dag(
    dag_id="dcn_anonymise_text",
    dag_display_name="Anonymise free text",
    description="Anonymise clinical notes, complaints and contact-form messages of the staged data",
    schedule=STAGING_ASSET,
    **NIGHTLY_DAG_DEFAULTS,
    tags=tags("anonymise"),
    doc_md=__doc__,
)
def dcn_anonymise_text():
    @task
    def plan() -> list[dict]:
        """The night's shards: entity and record range, counts only."""
        from dcn_airflow.text import plan_shards

        return plan_shards()

    @task(map_index_template="{{ shard_label }}", execution_timeout=dt.timedelta(hours=6))
    def anonymise(shard: dict) -> dict:
        """Anonymise one shard; returns counts only."""
        from dcn_airflow.text import anonymise_shard

        get_current_context()["shard_label"] = f"{shard['entity']} {shard['start']}-{shard['stop']}"
        return anonymise_shard(shard)

    @task(outlets=[ANONYMISED_TEXT_ASSET])
    def combine(shards: list[dict], done: list[dict]) -> dict:
        """Join the shards into the entity outputs and report.json; returns the counts."""
        from dcn_airflow.text import combine_shards

        return combine_shards(list(shards))

    shards = plan()
    combine(shards, anonymise.expand(shard=shards))


dcn_anonymise_text()
