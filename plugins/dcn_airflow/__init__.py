"""Airflow glue for the privacy pipeline: shared DAG defaults, Assets, and the few task helpers that
translate Airflow things (Connections, run context) into plain arguments for ``transforms``.

Imported by the DAG files; imports ``transforms`` only inside functions (DAG parsing stays light).
"""

from dcn_airflow.assets import STAGING_ASSET
from dcn_airflow.defaults import (
    DAG_DEFAULTS,
    DEFAULT_ARGS,
    LOCAL_TZ,
    MORNING,
    NIGHTLY,
    NIGHTLY_DAG_DEFAULTS,
    OWNER,
    PRACTICE_POOL,
    START_DATE,
    as_of_param,
    tags,
)

__all__ = [
    "DAG_DEFAULTS",
    "DEFAULT_ARGS",
    "LOCAL_TZ",
    "MORNING",
    "NIGHTLY",
    "NIGHTLY_DAG_DEFAULTS",
    "OWNER",
    "PRACTICE_POOL",
    "START_DATE",
    "STAGING_ASSET",
    "as_of_param",
    "tags",
]
