"""Proof that validation results, Data Docs, reports, logs and exceptions hold no personal data.

A BSN is planted where GX would normally echo it (an allowed-values column, a duplicated key, the BSN
column itself with a failing 11-proef, a free-text column in a release); then every file the gates
wrote is scanned for it. A control shows the same expectation *would* store the value with GX's
default result format, so a zero count means the settings work, not that the scan is blind.
"""

from __future__ import annotations

import logging

import pandas as pd
import pyarrow as pa
import pytest

from fixtures.text.notations import release_of
from transforms.identifiers.checksums import is_valid_bsn
from transforms.quality.release import validate_release
from transforms.quality.report import QualityGateFailed
from transforms.quality.source import validate_source_run
from transforms.quality.suites import RESULT_FORMAT, import_gx

from .conftest import RUN_KEY, replace_staged, set_value, staged_table

PLANTED_VALID = "111222333"  # passes the 11-proef
PLANTED_INVALID = "987654320"  # fails it
assert is_valid_bsn(PLANTED_VALID) and not is_valid_bsn(PLANTED_INVALID)


def occurrences(root, needles: list[str]) -> tuple[int, int]:
    """(files scanned, total occurrences of any needle) over every file under ``root``."""
    files = hits = 0
    for path in root.rglob("*"):
        if path.is_file():
            files += 1
            data = path.read_bytes()
            hits += sum(data.count(n.encode()) for n in needles)
    return files, hits


def test_no_planted_bsn_in_anything_the_gates_write(data_root, caplog):
    caplog.set_level(logging.DEBUG)
    patients = staged_table(data_root, "exquise", "patient")
    patients = set_value(patients, "sex", 1, PLANTED_VALID)  # allowed_values fails on the BSN itself
    patients = set_value(patients, "bsn", 2, PLANTED_INVALID)  # 11-proef fails
    patients = set_value(patients, "patient_id", 3, PLANTED_VALID)  # a BSN as key ...
    patients = pa.concat_tables([patients, patients.slice(3, 1)])  # ... duplicated: uniqueness fails
    patients = set_value(patients, "email", 4, None)
    replace_staged(data_root, "exquise", "patient", patients)

    source = validate_source_run(RUN_KEY, data_root, sources=["exquise"], entities=["practice", "patient"])
    failed = {o.name for _, o in source.failures()}
    assert {"patient.sex.allowed_values", "patient.bsn.bsn_11proef", "patient.patient_id.unique"} <= failed

    frame, risk = release_of(["geen bijzonderheden"] * 9 + [f"BSN {PLANTED_VALID} gecontroleerd"])
    with pytest.raises(QualityGateFailed) as release_failure:
        validate_release(frame, risk, dataset="pii-proof", run_key="t1", data_root=data_root)

    files, hits = occurrences(data_root / "quality", [PLANTED_VALID, PLANTED_INVALID])
    print(f"scanned {files} files written by the gates: planted BSN found {hits} times")
    assert files > 50 and hits == 0
    validations = list((data_root / "quality" / "gx" / "uncommitted" / "validations").rglob("*.json"))
    pages = list((data_root / "quality" / "gx" / "uncommitted" / "data_docs").rglob("*.html"))
    assert len(validations) >= 4 and len(pages) >= 4  # results and Data Docs pages exist and were scanned
    for text in (
        caplog.text,
        str(release_failure.value),
        str(source.as_dict()),
        str(release_failure.value.report.as_dict()),
    ):
        assert PLANTED_VALID not in text and PLANTED_INVALID not in text
    # the plant was real: the rows went to quarantine (personal data belongs there, in the data root)
    _, in_quarantine = occurrences(data_root / "quarantine", [PLANTED_VALID])
    assert in_quarantine > 0


def test_control_gx_default_format_would_have_stored_the_value():
    gx = import_gx()
    context = gx.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas("control").add_dataframe_asset("a").add_batch_definition_whole_dataframe("w")
    )
    suite = context.suites.add(
        gx.ExpectationSuite(
            name="control",
            expectations=[gx.expectations.ExpectColumnValuesToBeInSet(column="sex", value_set=["M", "V", "X"])],
        )
    )
    definition = gx.ValidationDefinition(name="control", data=batch, suite=suite)
    frame = pd.DataFrame({"sex": ["M", PLANTED_VALID, "V"]})

    leaky = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
    safe = definition.run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT)

    assert PLANTED_VALID in str(leaky.to_json_dict())
    assert PLANTED_VALID not in str(safe.to_json_dict()) and not safe.success
