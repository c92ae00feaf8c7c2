"""Rewrite tests/scope_seconds.txt from a test run's JUnit XML, so the slowest scopes start first.

    make test PYTEST_ARGS=--junitxml=/tmp/junit.xml && .venv/bin/python scripts/scope_seconds.py /tmp/junit.xml

Times include each test's share of its fixtures (pytest counts setup and teardown into the test's time).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import SCOPE_SECONDS, scope_of  # noqa: E402 - the repo on the path first


def main(junit: str) -> None:
    seconds: dict[str, float] = defaultdict(float)
    for case in ET.parse(junit).iter("testcase"):
        # classname is dotted (tests.dags.test_x, or tests.dags.test_x.TestClass); scope_of reads a node id's path
        parts = case.get("classname", "").split(".")
        module = next((i for i, part in enumerate(parts) if part.startswith("test_")), len(parts) - 1)
        nodeid = "/".join(parts[: module + 1]) + ".py::" + case.get("name", "")
        seconds[scope_of(nodeid)] += float(case.get("time", 0))
    lines = [
        "# Seconds per test scope (tests/conftest.py: scope_of), from one `make test` run (on a busy machine only the ratios",
        "# matter, not the figures); the slowest start first. Refresh with scripts/scope_seconds.py after adding slow tests.",
        "# A scope not listed counts as quick.",
    ]
    lines += [f"{scope} {value:.0f}" for scope, value in sorted(seconds.items(), key=lambda kv: -kv[1])]
    SCOPE_SECONDS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
