"""Research and quality-control datasets: pseudonymise, generalise, k-anonymise, validate, publish.

``publish_dataset(name, key=...)`` is the one call of the DAG task; ``python -m transforms research`` the CLI.
See docs/research_datasets.md. Heavy modules are imported on first use.
"""

from __future__ import annotations

from transforms.research.config import DatasetDefinition, load_datasets
from transforms.research.pseudonym import PseudonymKeyError, research_key_from_env

__all__ = [
    "DatasetDefinition",
    "PseudonymKeyError",
    "current_release",
    "load_datasets",
    "publish_dataset",
    "research_key_from_env",
]


def publish_dataset(*args, **kwargs) -> dict:
    from transforms.research.publish import publish_dataset as _publish

    return _publish(*args, **kwargs)


def current_release(*args, **kwargs):
    from transforms.research.publish import current_release as _current

    return _current(*args, **kwargs)
