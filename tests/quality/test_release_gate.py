"""The release gate on crafted research datasets: passes a clean one, blocks each kind of defect."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from transforms.quality.release import publishable_columns, validate_release
from transforms.quality.report import QualityGateError, QualityGateFailed

ROWS = 60


def clean() -> tuple[pd.DataFrame, dict]:
    """60 rows of 20 patients; (age_band, sex) classes of 10 (k=5 holds); text without identifiers."""
    patient = [i % 20 for i in range(ROWS)]
    frame = pd.DataFrame(
        {
            "patient_key": [f"exquise:{p}" for p in patient],
            "pseudonym": [f"9f{p:02d}c0ffee{p:03d}ab" for p in patient],
            "age_band": ["30-39" if p < 10 else "40-49" for p in patient],
            "sex": ["V" if i % 2 else "M" for i in range(ROWS)],
            "treatment_code": ["C11", "V91", "M03"] * (ROWS // 3),
            "tooth_element": pd.array([36, None, 11] * (ROWS // 3), dtype="Int64"),
            "performed_on": ["2026-10-01"] * ROWS,
            "tariff": ["1234.56"] * ROWS,
            "note": ["Element 36 gevuld, controle over 6 maanden. Tel. afspraak gepland."] * ROWS,
        }
    )
    frame["sex"] = ["V" if p % 2 else "M" for p in patient]
    risk = {
        "k_configured": 5,
        "k_reached": 10,
        "rows_in": 70,
        "rows_out": ROWS,
        "suppressed": 6,
        "excluded": 4,
        "direct_identifier_columns": ["naam"],
        "pseudonym_column": "pseudonym",
        "patient_key_column": "patient_key",
        "quasi_identifier_columns": ["age_band", "sex"],
    }
    return frame, risk


def run(frame, risk, tmp_path, label="t"):
    return validate_release(frame, risk, dataset="cohort", run_key=label, data_root=tmp_path, raise_on_failure=False)


def failed_names(report) -> set[str]:
    return {o.name for _, o in report.failures()}


def test_a_clean_release_passes_and_names_what_to_publish(tmp_path):
    frame, risk = clean()
    report = run(frame, risk, tmp_path)
    assert report.success and failed_names(report) == set()
    assert publishable_columns(frame, risk) == [c for c in frame.columns if c != "patient_key"]
    assert report.data_docs and (tmp_path / "quality").as_posix() in report.data_docs
    stored = json.loads((tmp_path / "quality" / "reports" / "release" / "cohort" / "t.json").read_text())
    assert stored["success"] is True


def _text(frame, value, row=7):
    frame.loc[row, "note"] = f"Patient belde: {value}, verder geen bijzonderheden."


@pytest.mark.parametrize(
    "defect, expected",
    [
        (lambda f, r: _text(f, "bsn 111222333"), "release.no_bsn"),
        (lambda f, r: _text(f, "sofinummer 1112.22.333"), "release.no_bsn"),
        (
            lambda f, r: f.insert(3, "burger_id", pd.array([111222333] + [None] * (ROWS - 1), dtype="Int64")),
            "release.no_bsn",
        ),
        (
            lambda f, r: f.insert(3, "ref", pd.Series([111222333.0] + [None] * (ROWS - 1), dtype="float64")),
            "release.no_bsn",
        ),
        (lambda f, r: f.insert(3, "ref", pd.Categorical(["x"] * (ROWS - 1) + ["111222333"])), "release.no_bsn"),
        (lambda f, r: _text(f, "mail naar j.de.vries@example.nl"), "release.no_email"),
        (lambda f, r: _text(f, "06-12345678"), "release.no_phone"),
        (lambda f, r: _text(f, "+31 6 12 34 56 78"), "release.no_phone"),
        (lambda f, r: _text(f, "(020) 1234567"), "release.no_phone"),
        (lambda f, r: _text(f, "rekening NL91 ABNA 0417 1643 00"), "release.no_iban"),
        (lambda f, r: _text(f, "woont op 1234 AB 12a"), "release.no_postcode_house_number"),
        (lambda f, r: _text(f, "Dorpsstraat 12, 1234 AB Utrecht"), "release.no_postcode_house_number"),
        (lambda f, r: f.insert(2, "email", "x"), "release.no_direct_identifier_columns"),
        (lambda f, r: f.insert(2, "naam", "x"), "release.no_direct_identifier_columns"),
        (lambda f, r: f.__setitem__("pseudonym", f["pseudonym"].mask(f.index == 4)), "release.pseudonym_present"),
        (lambda f, r: f.loc.__setitem__((5, "pseudonym"), f.loc[6, "pseudonym"]), "release.pseudonym_one_to_one"),
        (lambda f, r: f.loc.__setitem__((0, "pseudonym"), "another-one"), "release.pseudonym_one_to_one"),
        (lambda f, r: r.update(k_reached=3), "release.k_reached"),
        (lambda f, r: r.update(k_configured=1, k_reached=1), "release.k_configured"),
        (lambda f, r: f.loc.__setitem__((0, "age_band"), "90+"), "release.k_class_size"),
        (lambda f, r: r.update(suppressed=5), "release.rows_reconcile"),
        (lambda f, r: r.update(rows_out=ROWS + 1, rows_in=71), "release.rows_out_is_dataset"),
    ],
)
def test_each_defect_blocks_the_release(tmp_path, defect, expected):
    frame, risk = clean()
    defect(frame, risk)
    with pytest.raises(QualityGateFailed, match=expected.replace(".", r"\.")) as failure:
        validate_release(frame, risk, dataset="cohort", run_key="t2", data_root=tmp_path)
    report = failure.value.report
    assert not report.success and expected in failed_names(report)


def test_ordinary_clinical_values_are_not_mistaken_for_identifiers(tmp_path):
    frame, risk = clean()
    frame["note"] = [
        "Element 36 en 46 gevuld op 01-11-2026, bedrag 123.45, code V91 / X21, nummer 123456789."
    ] * ROWS  # 123456789 fails the 11-proef
    frame["claim_ref"] = [f"DCL-{20260000 + i}" for i in range(ROWS)]
    report = run(frame, risk, tmp_path)
    assert report.success, failed_names(report)


def test_a_bad_risk_report_or_missing_column_stops_the_gate(tmp_path):
    frame, risk = clean()
    with pytest.raises(QualityGateError, match="k_reached"):
        validate_release(frame, {k: v for k, v in risk.items() if k != "k_reached"}, data_root=tmp_path)
    with pytest.raises(QualityGateError, match="patient_key"):
        validate_release(frame.drop(columns=["patient_key"]), risk, data_root=tmp_path)


def test_a_staged_surname_or_street_in_the_text_blocks_the_release_without_naming_it(tmp_path, caplog):
    from transforms.identifiers.names import KnownNames

    frame, risk = clean()
    names = KnownNames(["Wiśniewski", "van der Heijden", "Heijden", "Kerkstraat", "Bakker"])
    assert run(frame, risk, tmp_path, "ok").success  # nothing of them in the clean text
    frame.loc[3, "note"] = "Controle, besproken met mevrouw Wiś\u00adniewski."  # soft hyphen inside
    frame.loc[9, "note"] = "Woont aan de kerkstraat, verhuist binnenkort."  # lower case still counts
    with caplog.at_level("DEBUG"):
        report = validate_release(
            frame,
            risk,
            dataset="cohort",
            run_key="names",
            data_root=tmp_path,
            raise_on_failure=False,
            known_names=names,
        )
    assert "release.no_known_name" in failed_names(report)
    details = next(b.details for b in report.batches if b.suite == "release.rows")
    assert details["known_name in column note"] == 2
    stored = (tmp_path / "quality" / "reports" / "release" / "cohort" / "names.json").read_text()
    everything = stored + caplog.text + json.dumps(report.summary()) + repr(names)
    for name in ("niewski", "Heijden", "erkstraat", "Bakker"):
        assert name.lower() not in everything.lower()


def test_ordinary_words_block_only_where_written_as_a_name(tmp_path):
    from transforms.identifiers.names import KnownNames

    frame, risk = clean()
    frame["note"] = ["Werkt als bakker, post-operatief geen klachten; de boer belde."] * ROWS
    names = KnownNames(["Bakker", "Post", "de Boer", "Li"])
    assert validate_release(
        frame, risk, dataset="cohort", run_key="words", data_root=tmp_path, raise_on_failure=False, known_names=names
    ).success
    frame.loc[0, "note"] = "Besproken met dhr. Post en mevr. Li."
    report = validate_release(
        frame, risk, dataset="cohort", run_key="words2", data_root=tmp_path, raise_on_failure=False, known_names=names
    )
    assert "release.no_known_name" in failed_names(report)


def test_the_gate_reads_staged_surnames_and_streets_by_default(tmp_path, pristine):
    import shutil

    from transforms.quality.release import staged_known_names
    from transforms.sources import staging

    data_root = tmp_path / "data"
    shutil.copytree(pristine / "staging", data_root / "staging")
    patients = staging.read_entity("patient", "patient_id", data_root=data_root)
    surname = next(s for s in patients.last_name if len(s) > 4 and s.lower() not in ("bakker", "visser"))
    street = patients.street.dropna().iloc[0]
    assert len(staged_known_names(data_root)) > 0
    frame, risk = clean()
    frame.loc[2, "note"] = f"Patiënt {surname} belde."
    frame.loc[4, "note"] = f"Adres: {street}."
    report = validate_release(
        frame, risk, dataset="cohort", run_key="staged", data_root=data_root, raise_on_failure=False
    )
    assert "release.no_known_name" in failed_names(report)
    details = next(b.details for b in report.batches if b.suite == "release.rows")
    assert details["known_name in column note"] == 2


def _batches(frame: pd.DataFrame, size: int = 25):
    """The frame in batches with the whole-table columns a streaming caller computes (as the research
    publisher does in DuckDB)."""
    from transforms.quality.release import CLASS_SIZE, ONE_TO_ONE

    frame = frame.copy()
    frame[CLASS_SIZE] = frame.groupby(["age_band", "sex"], dropna=False)["pseudonym"].transform("size")
    per_pseudonym = frame.groupby("pseudonym")["patient_key"].transform("nunique")
    per_key = frame.groupby("patient_key")["pseudonym"].transform("nunique")
    frame[ONE_TO_ONE] = (per_pseudonym == 1) & (per_key == 1)
    return (frame.iloc[i : i + size] for i in range(0, len(frame), size))


@pytest.mark.parametrize(
    "defect, expected",
    [
        (lambda f: None, None),
        (lambda f: _text(f, "bsn 111222333", row=55), "release.no_bsn"),  # in the last batch only
        (lambda f: f.loc.__setitem__((50, "pseudonym"), f.loc[1, "pseudonym"]), "release.pseudonym_one_to_one"),
        (lambda f: f.loc.__setitem__((59, "age_band"), "90+"), "release.k_class_size"),
    ],
)
def test_a_release_streamed_in_batches_is_judged_as_the_whole_table(tmp_path, defect, expected):
    frame, risk = clean()
    defect(frame)
    report = run(_batches(frame), risk, tmp_path, label="s")
    assert failed_names(report) == ({expected} if expected else set())
    assert report.batches[0].rows == ROWS  # every row checked, the precomputed columns never scanned
    assert not any("_release_" in name for name in report.batches[0].details)
