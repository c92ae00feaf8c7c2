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


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs two xdist workers, each taking whole test folders: the tests of one folder share session
    fixtures (an Airflow home and its night, staged practices, a warmed text engine) that are costly to build, so
    each is built once. (xdist's own ``loadgroup`` cannot do this under pytest 9: it marks groups by editing the
    node id, which pytest 9 no longer reads.)"""
    from xdist.scheduler import LoadScopeScheduling

    class FolderScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            parts = nodeid.split("::")[0].split("/")
            return parts[1] if len(parts) > 2 else "top"

    return FolderScheduling(config, log)
