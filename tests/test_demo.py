"""``make demo`` run twice: the second run starts from an empty data root of its own, and never empties one it
did not make (fixtures/demo.py)."""

from __future__ import annotations

import pytest

from fixtures import demo


def test_an_earlier_demos_state_is_emptied_and_the_folder_stays_marked(tmp_path):
    root = tmp_path / "data"
    demo.start_afresh(root)  # first demo: made and marked
    assert (root / demo.DEMO_MARK).exists()
    (root / "requests").mkdir()
    (root / "requests" / "register.db").write_text("ledger of the old systems")
    (root / "control.db").write_text("x")
    demo.start_afresh(root)
    assert sorted(p.name for p in root.iterdir()) == [demo.DEMO_MARK]


def test_a_data_root_the_demo_did_not_make_is_left_alone(tmp_path):
    root = tmp_path / "production-like"
    root.mkdir()
    (root / "control.db").write_text("somebody's data")
    with pytest.raises(demo.NotTheDemosData, match="DCN_DATA_ROOT"):
        demo.start_afresh(root)
    assert (root / "control.db").read_text() == "somebody's data"


def test_an_empty_folder_is_taken_and_marked(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    demo.start_afresh(root)
    assert [p.name for p in root.iterdir()] == [demo.DEMO_MARK]
