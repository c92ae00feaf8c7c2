"""Suite-wide hooks: how the workers of `make test` share the suite, and a loud end when the browser tests
did not run (a skipped browser test is easy to miss in a long run, and the UI is exactly what a passing suite
should prove works)."""

from __future__ import annotations

from pathlib import Path


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001 - pytest's hook signature
    # what a test recorded as evidence (``record_property("evidence", text)``, e.g. which Celery worker ran which
    # task) belongs in the run's output even when it passed; xdist carries the property back from the worker
    for report in terminalreporter.stats.get("passed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "evidence" and report.when == "call":
                terminalreporter.write_sep("-", f"evidence: {report.nodeid}")
                terminalreporter.write_line(str(value))
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


# The test files that share the ``night`` session fixture of tests/dags/conftest.py (a whole night of Airflow runs):
# one worker takes them together, so the night is built once.
SHARED_NIGHT = {"test_research_dag.py", "test_privacy_page.py"}
SCOPE_SECONDS = Path(__file__).with_name("scope_seconds.txt")


# Folders whose files are long on their own (Airflow nights; retention nights on SQLite and PostgreSQL; the text
# anonymiser's parts, a hundred and four of them, each scored by a warmed engine): a worker takes one file at a time, so that
# no folder is a serial chain on one worker (tests/text had become one: fresh clones, 6 Dec 2026, 9 min 56 s by file
# against 12 min 54 s by folder).
BY_FILE = {"dags", "retention", "text"}


def scope_of(nodeid: str) -> str:
    """The unit a worker takes whole: a test folder, whose tests share costly session fixtures (a warmed text
    engine, staged practices); in the folders of ``BY_FILE`` a file (the files on the shared night together)."""
    parts = nodeid.split("::")[0].split("/")
    if len(parts) <= 2:
        return "top"
    if parts[1] in BY_FILE and len(parts) == 3:
        if parts[1] == "dags" and parts[2] in SHARED_NIGHT:
            return "dags/night"
        return f"{parts[1]}/{parts[2].removesuffix('.py')}"
    return parts[1]


def scope_seconds() -> dict[str, float]:
    """Measured seconds per scope (``tests/scope_seconds.txt``); a scope not listed counts as quick."""
    seconds = {}
    for line in SCOPE_SECONDS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            scope, value = line.split()
            seconds[scope] = float(value)
    return seconds


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs xdist workers (three), each taking whole scopes (:func:`scope_of`), the slowest first, so
    that they end at about the same time. (xdist's own ``loadgroup`` cannot group under pytest 9: it marks groups
    by editing the node id, which pytest 9 no longer reads.)"""
    from xdist.scheduler import LoadScopeScheduling

    seconds = scope_seconds()

    class SlowestScopeFirst(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

        def _assign_work_unit(self, node) -> None:
            slowest = max(self.workqueue, key=lambda scope: seconds.get(scope, 0.0))
            self.workqueue.move_to_end(slowest, last=False)  # the base class hands out the first unit
            super()._assign_work_unit(node)

    return SlowestScopeFirst(config, log)
