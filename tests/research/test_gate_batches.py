"""The release gate's whole-table columns, streamed by ``publish.gate_batches`` (aggregates joined back to the
rows), are the ones the gate computes itself over one whole frame: class sizes with NULL as a class value,
and the pseudonym <-> patient key pair one-to-one (NULL on either side never one-to-one)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from transforms.quality.release import CLASS_SIZE, ONE_TO_ONE
from transforms.research.build import PATIENT_KEY, connect
from transforms.research.publish import gate_batches


def _table(con) -> pd.DataFrame:
    rows = [
        # pseudonym, key, age_band, sex
        ("p1", "k1", "30-34", "M"),
        ("p1", "k1", "30-34", "M"),
        ("p2", "k2", "30-34", "M"),
        ("p3", "k3", None, "V"),  # NULL is a class of its own
        ("p4", "k4", None, "V"),
        ("p5", "k5", "40-44", None),
        ("p6", "k6", "40-44", "V"),
        ("p6", "k7", "40-44", "V"),  # one pseudonym, two patients
        ("p8", "k8", "50-54", "V"),
        ("p9", "k8", "50-54", "V"),  # one patient, two pseudonyms
        (None, "k10", "50-54", "V"),  # no pseudonym
        ("p11", None, "50-54", "V"),  # no patient key
    ]
    frame = pd.DataFrame(rows, columns=["pseudonym", PATIENT_KEY, "age_band", "sex"])
    frame["pnum"] = range(len(frame))
    frame["row"] = range(len(frame))
    con.register("_frame", frame)
    con.execute("CREATE TABLE out_t AS SELECT * FROM _frame").fetchall()
    return frame


def _expected(frame: pd.DataFrame) -> pd.DataFrame:
    size = frame.groupby(["age_band", "sex"], dropna=False)["pseudonym"].transform("size")
    keys = frame.groupby("pseudonym", dropna=True)[PATIENT_KEY].transform("nunique")
    pseudonyms = frame.groupby(PATIENT_KEY, dropna=True)["pseudonym"].transform("nunique")
    one = frame["pseudonym"].notna() & frame[PATIENT_KEY].notna() & (keys == 1) & (pseudonyms == 1)
    return pd.DataFrame({"row": frame["row"], CLASS_SIZE: size, ONE_TO_ONE: one})


@pytest.mark.parametrize("batch_rows", [3, 100])
def test_gate_batches_match_whole_frame(batch_rows):
    con = connect()
    frame = _table(con)
    definition = SimpleNamespace(
        tables={"t": SimpleNamespace(pseudonym_column="pseudonym", quasi_identifiers=["age_band", "sex"])}
    )
    batches = list(gate_batches(con, definition, "t", rows=batch_rows))
    got = pd.concat(batches, ignore_index=True)
    assert "pnum" not in got.columns
    assert list(got.columns[: len(frame.columns) - 1]) == [c for c in frame.columns if c != "pnum"]
    got = got.sort_values("row").reset_index(drop=True)
    want = _expected(frame)
    assert got[CLASS_SIZE].astype(int).tolist() == want[CLASS_SIZE].astype(int).tolist()
    assert got[ONE_TO_ONE].fillna(False).astype(bool).tolist() == want[ONE_TO_ONE].tolist()
    assert got[ONE_TO_ONE].tolist()[:3] == [True, True, True]


def test_gate_batches_without_quasi_identifiers():
    con = connect()
    frame = _table(con)
    definition = SimpleNamespace(tables={"t": SimpleNamespace(pseudonym_column="pseudonym", quasi_identifiers=[])})
    got = pd.concat(list(gate_batches(con, definition, "t")), ignore_index=True)
    assert got[CLASS_SIZE].astype(int).tolist() == [len(frame)] * len(frame)
