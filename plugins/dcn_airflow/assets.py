"""Assets the DAGs exchange. Consumers schedule on them; payloads are paths and counts, never rows."""

from __future__ import annotations

from airflow.sdk import Asset

# Emitted when every source of a run is staged; the event's extra carries the run key and counts.
STAGING_ASSET = Asset(name="dcn_canonical_staging", uri="file:///dcn/staging/canonical", group="dcn")

# Emitted when the free text of the staged data has been anonymised (and passed the second scan).
ANONYMISED_TEXT_ASSET = Asset(name="dcn_anonymised_text", uri="file:///dcn/anonymised/text", group="dcn")

# Emitted when the research datasets have been rebuilt, validated and switched to "current"; the extra
# carries each dataset's release version and counts.
RESEARCH_ASSET = Asset(name="dcn_research_datasets", uri="file:///dcn/research", group="dcn")
