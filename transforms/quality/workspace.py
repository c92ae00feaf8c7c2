"""The run-time GX project under the data root, and running one checkpoint on one DataFrame.

The committed project (``expectations/gx``) holds definitions only. Each gate run copies them into
``<data_root>/quality/gx`` and runs GX there, so validation results and Data Docs live next to the data
they describe (the data root is the protected place), the repository checkout or Airflow DAG bundle is
never written to, and a test gets its own project by using its own data root. A file lock serialises
gate runs on one data root (the Data Docs index is shared).

GX runs offline: ``GX_ANALYTICS_ENABLED=false`` and ``analytics_enabled: false`` in the project.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms import settings
from transforms.quality.report import Outcome, QualityGateError
from transforms.quality.suites import expectations_dir, import_gx, sync_definitions

log = logging.getLogger(__name__)

DATA_DOCS_INDEX = Path("gx/uncommitted/data_docs/local_site/index.html")


def quality_dir(data_root: Path | None = None) -> Path:
    return (data_root or settings.data_root()) / "quality"


def data_docs_index(data_root: Path | None = None) -> Path:
    """Where analysts find the Data Docs site (built after every gate run)."""
    return quality_dir(data_root) / DATA_DOCS_INDEX


def data_docs_pages(suite: str, run_name: str, data_root: Path | None = None) -> dict[str, str]:
    """The Data Docs pages of one gate run's validation with ``suite`` and of the suite itself, as paths under
    the site root, only where the files exist (``validation``: the newest page of ``run_name``; ``suite``).

    GX lays them out from its identifiers: ``validations/<suite split on dots>/<run name>/<run time>/<batch>.html``
    and ``expectations/<suite split on dots>.html``."""
    site = data_docs_index(data_root).parent
    parts = suite.split(".")
    pages = {}
    validations = sorted(site.joinpath("validations", *parts, run_name).glob("*/*.html"))
    if validations:
        pages["validation"] = validations[-1].relative_to(site).as_posix()  # run times sort as text
    expectations = site.joinpath("expectations", *parts[:-1], parts[-1] + ".html")
    if expectations.exists():
        pages["suite"] = expectations.relative_to(site).as_posix()
    return pages


@dataclass
class RawResult:
    """One expectation's result as GX reported it, reduced to value-free fields."""

    meta: dict[str, Any]
    expectation_type: str
    kwargs: dict[str, Any]
    success: bool
    element_count: int | None
    unexpected_count: int | None
    raised: bool


class Workspace:
    """An opened run-time GX project. Use ``open_workspace``."""

    def __init__(self, root: Path, context: Any) -> None:
        self.root = root
        self.context = context
        self.result_ids: list[Any] = []  # ValidationResultIdentifiers written in this gate run

    @property
    def data_docs_index(self) -> Path:
        return self.root / DATA_DOCS_INDEX

    def build_data_docs(self) -> Path:
        """Render this gate run's results and the suites into the Data Docs site; returns index.html."""
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        suites = sorted({identifier.expectation_suite_identifier.name for identifier in self.result_ids})
        resources = [*self.result_ids, *(ExpectationSuiteIdentifier(name=name) for name in suites)]
        try:
            self.context.build_data_docs(resource_identifiers=resources)
        except Exception as exc:
            raise QualityGateError(f"Data Docs could not be built ({type(exc).__name__})") from None
        if not self.data_docs_index.exists():
            raise QualityGateError(f"Data Docs were not built at {self.data_docs_index}")
        return self.data_docs_index

    def prune(self, keep_days: int) -> int:
        """Drop stored results (and their pages) older than ``keep_days``; the gate's own JSON reports stay.

        The Data Docs index reads every stored result, so an unbounded history makes each build slower.
        """
        import shutil
        import time

        limit = time.time() - keep_days * 86400
        removed = 0
        results = self.root / "gx/uncommitted/validations"
        pages = self.root / "gx/uncommitted/data_docs/local_site/validations"
        for base in (results, pages):
            if not base.exists():
                continue
            for run_time_dir in [p for p in base.glob("*/*/*/*") if p.is_dir()]:  # <suite path>/<run>/<time>
                if run_time_dir.stat().st_mtime < limit:
                    shutil.rmtree(run_time_dir)
                    removed += base == results
        return removed

    def run(self, checkpoint: str, frame: Any, run_name: str) -> list[RawResult]:
        """Run ``checkpoint`` on ``frame``; results and Data Docs are written. Raises ``QualityGateError``."""
        from great_expectations.core.run_identifier import RunIdentifier

        try:
            result = self.context.checkpoints.get(checkpoint).run(
                batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_name)
            )
        except Exception as exc:  # fail closed; the message of a data error could quote a value
            log.error("GX failed on checkpoint %s: %s", checkpoint, type(exc).__name__)
            raise QualityGateError(
                f"checkpoint {checkpoint}: Great Expectations failed ({type(exc).__name__}); "
                "the gate counts this as failed"
            ) from None
        raws: list[RawResult] = []
        self.result_ids.extend(result.run_results)
        for validation in result.run_results.values():
            for item in validation.results:
                config = item.expectation_config
                info = item.exception_info or {}
                raised = bool(info.get("raised_exception")) or any(
                    isinstance(v, dict) and v.get("raised_exception") for v in info.values()
                )
                body = item.result or {}
                raws.append(
                    RawResult(
                        meta=dict(config.meta or {}),
                        expectation_type=config.type,
                        kwargs=dict(config.kwargs),
                        success=bool(item.success),
                        element_count=body.get("element_count"),
                        unexpected_count=body.get("unexpected_count"),
                        raised=raised,
                    )
                )
        if not raws:
            raise QualityGateError(f"checkpoint {checkpoint}: no expectation was evaluated")
        return raws


def raise_if_broken(checkpoint: str, raws: list[RawResult]) -> None:
    """An expectation that raised inside GX is not a verdict: the gate cannot decide, so it stops."""
    broken = [str(r.meta.get("name", r.expectation_type)) for r in raws if r.raised]
    if broken:
        raise QualityGateError(f"checkpoint {checkpoint}: expectation(s) raised inside GX: {', '.join(broken)}")


def outcome_of(raw: RawResult) -> Outcome:
    return Outcome(
        name=str(raw.meta.get("name", raw.expectation_type)),
        expectation_type=raw.expectation_type,
        severity=str(raw.meta.get("severity", "fail")),
        success=raw.success,
        element_count=raw.element_count,
        unexpected_count=raw.unexpected_count,
    )


@contextlib.contextmanager
def open_workspace(data_root: Path | None = None, source_project: Path | None = None) -> Iterator[Workspace]:
    """Lock the data root's quality folder, refresh its definitions from git, and open the GX context."""
    source_gx = (source_project or expectations_dir()) / "gx"
    root = quality_dir(data_root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (source_gx / "great_expectations.yml").is_file():
                raise QualityGateError(
                    f"no GX project at {source_gx}; run: python -m transforms validate --write-suites"
                )
            sync_definitions(source_gx, root / "gx")
            try:
                gx = import_gx()
                context = gx.get_context(mode="file", project_root_dir=str(root))
            except Exception as exc:
                raise QualityGateError(
                    f"could not open the GX project at {root / 'gx'} ({type(exc).__name__}: {exc})"
                ) from None
            yield Workspace(root, context)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
