"""Notation fuzz (issue 17): every generated BSN / IBAN / phone / e-mail form must leak through no layer.

Seeded and bounded: the issue's own forms plus ``PER_KIND`` generated cases per kind (separators,
digit scripts, neighbours taken in turn, so each is covered), through the CLI (a subprocess), the
staged path (engine + second scan on a small staging) and the release gate.
"""

from __future__ import annotations

import pytest

from fixtures.text import notations
from transforms.quality.report import QualityGateFailed

PER_KIND = 30
SEED = 20261203


@pytest.fixture(scope="module")
def cases() -> list[notations.Case]:
    generated = notations.generate(SEED, PER_KIND)
    assert len(generated) == len(notations.ISSUE_CASES) + 4 * PER_KIND
    forms = " ".join(c.form for c in generated)
    for name in [*notations.SEPARATORS, *notations.DIGIT_ZEROS]:  # the generator covers every notation
        assert f"={name}" in forms, name
    for at, dot in notations.EMAIL_SPELT:  # and every spelt-out e-mail
        assert f"spelt={at.strip()!r}/{dot.strip()!r}" in forms, at
    return generated


def zero_survivors(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    return {kind: c["survived"] for kind, c in counts.items() if c["survived"]}


def test_the_survival_check_can_fail(cases):
    """The check is not vacuous: the raw sentences themselves survive, every one."""
    counts = notations.count_outcomes(cases, [c.text for c in cases])
    assert all(c["survived"] == c["generated"] for c in counts.values())


def test_nothing_survives_the_cli(cases):
    outputs = notations.run_cli(cases)
    counts = notations.count_outcomes(cases, outputs)
    assert zero_survivors(counts) == {}
    assert sum(c["withheld"] for c in counts.values()) == 0  # replaced, not withheld


def test_nothing_survives_the_staged_path(cases, tmp_path):
    counts = notations.count_outcomes(cases, notations.run_staged(cases, tmp_path / "data"))
    assert zero_survivors(counts) == {}


def test_the_release_gate_flags_every_case(cases, tmp_path, monkeypatch):
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")
    counts = notations.count_outcomes(cases, notations.run_gate(cases))
    assert zero_survivors(counts) == {}
    assert all(c["withheld"] == c["generated"] for c in counts.values())  # every row flagged
    from transforms.quality.release import validate_release

    frame, risk = notations.release_of([c.text for c in cases])
    with pytest.raises(QualityGateFailed) as failure:
        validate_release(frame, risk, dataset="fuzz", run_key="notations", data_root=tmp_path)
    failed = {o.name for _, o in failure.value.report.failures()}
    assert {"release.no_bsn", "release.no_iban", "release.no_phone", "release.no_email"} <= failed
