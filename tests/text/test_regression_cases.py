"""Hand-written cases in phrasings the corpus templates do not use (DEDUCE-style regression file).

Each case lists strings that must not survive anonymisation and clinical strings that must.
Add every leak found in production here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES = json.loads((Path(__file__).parent / "regression_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_regression_case(engine, case):
    result = engine.anonymise(case["text"], case["deny"])
    assert result.status == "ok"
    for secret in case["leak"]:
        assert secret.lower() not in result.text.lower(), (secret, result.text)
    for clinical in case["keep"]:
        assert clinical in result.text, (clinical, result.text)
