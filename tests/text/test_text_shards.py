"""Text anonymisation split into shards (one Airflow task each, spread over the workers) writes byte for byte
what one pass writes: the DAG may cut a night any way it likes."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tests.practice import build_practice
from transforms.text import staged


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("text-shards")
    return build_practice(
        root, seed=5, patients=40, as_of=dt.date(2026, 11, 1), upper=dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
    )


def _output_bytes(data_root) -> dict[str, bytes]:
    out = staged.output_dir(data_root)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_shards_give_the_bytes_of_one_pass(data_root):
    one_pass = staged.anonymise_staged_texts(data_root=data_root, processes=1)
    expected = _output_bytes(data_root)
    shutil.rmtree(staged.output_dir(data_root))

    # the largest entity in two shards, the others whole or in two: each shard loads the engine once (~15 s CPU)
    largest = max(s["rows"] for s in staged.plan_text_shards(rows_per_shard=1 << 62, data_root=data_root))
    shards = staged.plan_text_shards(rows_per_shard=largest // 2 + 1, data_root=data_root)
    assert {s["entity"] for s in shards} == set(staged.TEXT_FIELDS)
    assert len(shards) > len(staged.TEXT_FIELDS)  # really cut
    for shard in reversed(shards):  # any order, as workers finish
        staged.anonymise_text_shard(
            shard["entity"], shard["start"], shard["stop"], rows=shard["rows"], data_root=data_root, processes=1
        )
    combined = staged.combine_text_shards(shards, data_root=data_root)

    assert combined == one_pass
    assert _output_bytes(data_root) == expected
    assert not (staged.output_dir(data_root) / staged.SHARD_DIR).exists()


def test_a_missing_shard_or_a_changed_staging_refuses(data_root):
    shards = staged.plan_text_shards(rows_per_shard=1000, data_root=data_root)
    with pytest.raises(RuntimeError, match="missing"):
        staged.combine_text_shards(shards, data_root=data_root)
    first = shards[0]
    with pytest.raises(RuntimeError, match="staging changed"):
        staged.anonymise_text_shard(first["entity"], 0, 1, rows=first["rows"] + 1, data_root=data_root, processes=1)
