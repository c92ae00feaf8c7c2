"""
### Anonymise the free text of every staged run

Runs after each extraction that passed its quality gate (the `dcn_canonical_staging` Asset). Clinical notes,
complaint texts and contact-form messages are anonymised with the Dutch engine (Presidio + DEDUCE + Dutch
recognizers, `docs/text_anonymiser.md`), each with the names the practice system knows for that record as a
deny list. An independent second scan withholds any record in which a BSN, IBAN, e-mail address, phone
number, postcode + house number or known name is still visible. A record that fails, times out or is too
long is withheld, never passed through.

Output: `<data_root>/anonymised/text/<entity>/` (Parquet, no original text) and `report.json` (counts); the
`dcn_anonymised_text` Asset tells the research-dataset stage it is ready.
"""

from __future__ import annotations

import datetime as dt

from airflow.sdk import dag, task

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
    @task(outlets=[ANONYMISED_TEXT_ASSET], execution_timeout=dt.timedelta(hours=6))
    def anonymise() -> dict:
        """Anonymise every text entity on all cores; returns counts only."""
        from transforms.text.staged import anonymise_staged_texts

        return anonymise_staged_texts(processes=0)

    anonymise()


dcn_anonymise_text()
