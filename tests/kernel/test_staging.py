"""The current state of a staged entity (newest version per source and key): ``current_state_relation`` reads
the rows as staged when no key is staged twice, and keeps ``current_state_sql``'s window when one is."""

from __future__ import annotations

import duckdb

from tests.staged_parts import stage
from transforms.kernel import staging

KEY = "treatment_id"


def _state(root, query: str | None = None) -> list[tuple]:
    files = staging.staged_files("treatment", data_root=root)
    with duckdb.connect() as con:
        sql = query or staging.current_state_relation(con, files, KEY, [KEY, "treatment_code"], ordered=True)
        return con.execute(sql).fetchall()


def _windowed(root) -> list[tuple]:
    files = staging.staged_files("treatment", data_root=root)
    return _state(root, staging.current_state_sql(files, KEY, [KEY, "treatment_code"], ordered=True))


def _relation(root) -> str:
    with duckdb.connect() as con:
        return staging.current_state_relation(con, staging.staged_files("treatment", data_root=root), KEY)


def test_keys_staged_once_are_read_as_staged_without_the_window(tmp_path):
    stage(tmp_path, "treatment", "20261101T000000Z", {KEY: ["1", "2"], "treatment_code": ["C11", "C13"]})
    stage(tmp_path, "treatment", "20261102T000000Z", {KEY: ["3"], "treatment_code": ["V91"]})
    stage(tmp_path, "treatment", "20261102T000000Z", {KEY: ["1"], "treatment_code": ["X10"]}, source="oase")
    assert "row_number" not in _relation(tmp_path)
    assert "_run" not in duckdb.sql(_relation(tmp_path)).columns  # the helper column stays out, as with the window
    expected = [("1", "C11"), ("2", "C13"), ("3", "V91"), ("1", "X10")]  # the same key in two sources: two records
    assert _state(tmp_path) == _windowed(tmp_path) == expected


def test_a_key_staged_twice_keeps_the_window_and_its_newest_version(tmp_path):
    stage(tmp_path, "treatment", "20261101T000000Z", {KEY: ["1", "2"], "treatment_code": ["C11", "C13"]})
    stage(tmp_path, "treatment", "20261102T000000Z", {KEY: ["2", "3"], "treatment_code": ["X10", "V91"]})
    assert "row_number" in _relation(tmp_path)
    assert _state(tmp_path) == _windowed(tmp_path) == [("1", "C11"), ("2", "X10"), ("3", "V91")]


def test_a_missing_key_staged_twice_is_one_record_as_in_the_window(tmp_path):
    stage(tmp_path, "treatment", "20261101T000000Z", {KEY: [None, "1"], "treatment_code": ["C11", "C13"]})
    stage(tmp_path, "treatment", "20261102T000000Z", {KEY: [None], "treatment_code": ["X10"]})
    assert "row_number" in _relation(tmp_path)
    assert _state(tmp_path) == _windowed(tmp_path) == [("1", "C13"), (None, "X10")]


def test_read_entity_gives_the_same_frame_either_way(tmp_path):
    stage(tmp_path, "treatment", "20261101T000000Z", {KEY: ["2", "1"], "treatment_code": ["C13", "C11"]})
    once = staging.read_entity("treatment", KEY, data_root=tmp_path)
    assert once[KEY].tolist() == ["1", "2"] and list(once.columns) == ["source_system", KEY, "treatment_code"]
    stage(tmp_path, "treatment", "20261102T000000Z", {KEY: ["2"], "treatment_code": ["X10"]})
    twice = staging.read_entity("treatment", KEY, data_root=tmp_path)
    assert twice["treatment_code"].tolist() == ["C11", "X10"] and list(twice.columns) == list(once.columns)
