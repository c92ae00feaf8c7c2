"""Text-anonymisation tasks: the night cut into shards that Airflow maps over its workers
(``transforms.text.staged``: plan, one shard, combine)."""

from __future__ import annotations

import os

# Records per shard: a shard loads the engine once (seconds), then anonymises its records (most of the time).
SHARD_ROWS_VARIABLE = "DCN_TEXT_SHARD_ROWS"
# Engine processes per shard task: 1 by default, because Airflow already runs one task per worker slot; 0 uses
# every core of the worker (one big worker, few slots).
PROCESSES_VARIABLE = "DCN_TEXT_PROCESSES"


def plan_shards() -> list[dict]:
    from transforms.text.staged import plan_text_shards

    return plan_text_shards(rows_per_shard=int(os.environ.get(SHARD_ROWS_VARIABLE, "5000")))


def anonymise_shard(shard: dict) -> dict:
    from transforms.text.staged import anonymise_text_shard

    return anonymise_text_shard(
        shard["entity"],
        shard["start"],
        shard["stop"],
        rows=shard["rows"],
        processes=int(os.environ.get(PROCESSES_VARIABLE, "1")),
    )


def combine_shards(shards: list[dict]) -> dict:
    from transforms.text.staged import combine_text_shards

    return combine_text_shards(shards)
