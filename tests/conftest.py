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
