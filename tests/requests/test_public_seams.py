"""The requests package uses only public names of other modules (the same rule as retention's)."""
from __future__ import annotations

from tests.retention.test_public_seams import ROOT, private_uses


def test_requests_uses_only_public_names_of_other_modules():
    files = sorted([*(ROOT / "transforms" / "requests").glob("*.py"), *(ROOT / "tests" / "requests").glob("*.py"),
                    ROOT / "bench" / "requests.py"])
    assert [use for path in files if path.exists() for use in private_uses(path)] == []
