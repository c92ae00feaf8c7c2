"""The retention gate on crafted disposal outcomes (hashed ids only): passes when clean, blocks each defect."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from transforms.quality.report import QualityGateError, QualityGateFailed
from transforms.quality.retention import validate_retention

AS_OF = dt.date(2026, 11, 1)


def clean() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    remaining = pd.DataFrame(
        {
            "class_id": ["dental_file", "dental_file", "fiscal", "camera"],
            "entity": ["clinical_note", "treatment", "invoice", "camera_recording"],
            "hashed_id": ["h1", "h2", "h3", "h4"],
            "term_ends_on": [dt.date(2030, 1, 1), None, AS_OF, dt.date(2026, 10, 1)],  # last day today: may stay
            "held": [False, False, False, True],  # the overdue clip is under an incident hold
        }
    )
    removed = pd.DataFrame(
        {
            "class_id": ["fiscal", "fiscal", "camera"],
            "entity": ["invoice", "payment", "camera_recording"],
            "hashed_id": ["h5", "h6", "h7"],
            "requires_archive": [True, True, False],
        }
    )
    archived = pd.DataFrame({"entity": ["invoice", "payment"], "hashed_id": ["h5", "h6"], "verified": [True, True]})
    return remaining, removed, archived


def check(tmp_path, remaining, removed, archived):
    return validate_retention(
        remaining, removed, archived, as_of=AS_OF, run_key="scheduled__2026-11-01T02:00:00+00:00", data_root=tmp_path
    )


def test_a_clean_disposal_passes(tmp_path):
    report = check(tmp_path, *clean())
    assert report.success and len(report.batches) == 2
    assert (tmp_path / "quality" / "reports" / "retention" / "scheduled__2026-11-01T02_00_00_00_00.json").exists()


@pytest.mark.parametrize(
    "defect, expected, detail",
    [
        (
            lambda rem, rmv, arc: rem.loc.__setitem__((3, "held"), False),
            "retention.within_term_or_held",
            "within_term_or_held failed in class camera",
        ),
        (
            lambda rem, rmv, arc: rem.loc.__setitem__((2, "term_ends_on"), AS_OF - dt.timedelta(days=1)),
            "retention.within_term_or_held",
            "within_term_or_held failed in class fiscal",
        ),
        (
            lambda rem, rmv, arc: arc.loc.__setitem__((1, "verified"), False),
            "retention.archived_if_required",
            "archived_if_required failed in class fiscal",
        ),
        (
            lambda rem, rmv, arc: arc.loc.__setitem__((0, "entity"), "payment"),
            "retention.archived_if_required",
            "archived_if_required failed in class fiscal",
        ),
        (
            lambda rem, rmv, arc: (
                rmv.loc.__setitem__((2, "hashed_id"), "h5") or rmv.loc.__setitem__((2, "entity"), "invoice")
            ),
            "retention.removed_once",
            "removed_once failed in class",
        ),
    ],
)
def test_each_defect_blocks_the_certificate(tmp_path, defect, expected, detail):
    remaining, removed, archived = clean()
    defect(remaining, removed, archived)
    with pytest.raises(QualityGateFailed, match=expected.replace(".", r"\.")) as failure:
        check(tmp_path, remaining, removed, archived)
    report = failure.value.report
    assert expected in {o.name for _, o in report.failures()}
    assert any(key.startswith(detail) for b in report.batches for key in b.details)


def test_a_frame_without_its_columns_stops_the_gate(tmp_path):
    remaining, removed, archived = clean()
    with pytest.raises(QualityGateError, match="held"):
        check(tmp_path, remaining.drop(columns=["held"]), removed, archived)
