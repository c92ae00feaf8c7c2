"""Suite-wide hooks.

A skipped browser test is easy to miss in a long run, and the UI is exactly what a passing suite should
prove works: the end of the run says loudly when the browser tests did not run, and why.
"""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001 - pytest's hook signature
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "chromium" in str(getattr(report, "longrepr", "")).lower()
    ]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} BROWSER TEST(S) SKIPPED: Chromium is not installed", red=True)
        terminalreporter.write_line(
            "The UI was not tested. As root: apt-get install chromium "
            "(make test tries this itself via scripts/ensure-chromium.sh).",
            red=True,
        )


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ARG001 - pytest's hook signature
    """`make test` runs two xdist workers with ``--dist loadgroup``: the tests of one folder share session
    fixtures (an Airflow home and its night, a staged practice, a warmed text engine) that are costly to build,
    so each folder runs on one worker and builds them once; the folders spread over the workers."""
    import pytest

    for item in items:
        parts = item.nodeid.split("/")
        group = parts[1] if len(parts) > 2 else "top"
        item.add_marker(pytest.mark.xdist_group(group))
