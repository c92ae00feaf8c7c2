"""Research-dataset tasks: the Airflow side (the pseudonym key's Connection, the run's date) around
``transforms.research.publish_dataset``.

The key comes from the Airflow Connection ``dcn_research_pseudonym`` (its password; any secrets backend
Airflow is configured with), else from the environment variable ``DCN_RESEARCH_PSEUDONYM_KEY`` (CLI, demo).
Airflow masks a Connection's password in task logs; the key is never returned or logged here.
"""

from __future__ import annotations

from dcn_airflow.tasks import run_upper_bound

KEY_CONNECTION = "dcn_research_pseudonym"


def pseudonym_key() -> bytes:
    """The master key for research pseudonyms: the Connection's password, else the environment variable."""
    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    from transforms.research import research_key_from_env

    try:
        secret = BaseHook.get_connection(KEY_CONNECTION).password
    except AirflowNotFoundException:
        secret = None
    return research_key_from_env(secret)


def dataset_names() -> list[str]:
    from transforms.research import load_datasets

    return sorted(load_datasets())


def publish_one(name: str, context: dict) -> dict:
    """Build, validate and publish one dataset as of the run's date; returns counts and paths only."""
    from transforms.kernel.staging import run_key
    from transforms.kernel.timeutil import as_of_date
    from transforms.research import publish_dataset

    upper = run_upper_bound(context)
    # ages and terms count to the practices' calendar day, not UTC's (a run at 00:30 in Amsterdam is 23:30 UTC)
    return publish_dataset(name, key=pseudonym_key(), as_of=as_of_date(upper), run_key=run_key(upper))
