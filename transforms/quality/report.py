"""What a quality gate found: counts, expectation names and severities only, never a value.

A ``QualityReport`` is safe to log, to print and to push to XCom (``report.summary()`` is plain JSON).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Stage = Literal["source", "release", "retention"]


class QualityGateError(RuntimeError):
    """The gate could not decide (GX or the runner itself failed): treat as failed, publish nothing.

    Messages name the stage, suite and the kind of error, never data.
    """


class QualityGateFailed(RuntimeError):
    """The data failed an expectation of severity ``fail``. ``.report`` holds the full (value-free) report."""

    def __init__(self, report: "QualityReport") -> None:
        self.report = report
        failed = sorted({o.name for b in report.batches for o in b.outcomes if o.blocking})
        shown = ", ".join(failed[:10]) + (f" and {len(failed) - 10} more" if len(failed) > 10 else "")
        super().__init__(
            f"quality gate {report.stage} {report.run_key}: {len(failed)} blocking expectation(s) "
            f"failed: {shown}. Data Docs: {report.data_docs}"
        )


@dataclass(frozen=True)
class Outcome:
    """One expectation on one batch."""

    name: str  # stable name from the suite's meta, e.g. "patient.bsn.bsn_11proef"
    expectation_type: str
    severity: str  # quarantine | fail | warn: as configured
    success: bool
    element_count: int | None = None
    unexpected_count: int | None = None
    quarantined: int = 0  # rows moved to quarantine because of this expectation
    effective_severity: str = ""  # differs from severity when downgraded (e.g. a null rate on a tiny batch)
    note: str = ""

    @property
    def blocking(self) -> bool:
        return not self.success and (self.effective_severity or self.severity) == "fail"


@dataclass
class Batch:
    """One validated batch: a (source, entity) partition of a run, or a release dataset."""

    suite: str
    source: str | None
    entity: str | None
    rows: int
    outcomes: list[Outcome] = field(default_factory=list)
    rows_quarantined: int = 0
    details: dict[str, int] = field(default_factory=dict)  # extra counts, e.g. "bsn in column note": 2

    @property
    def success(self) -> bool:
        return not any(o.blocking for o in self.outcomes)


@dataclass
class QualityReport:
    stage: Stage
    run_key: str
    batches: list[Batch] = field(default_factory=list)
    data_docs: str | None = None  # path of the Data Docs index.html

    @property
    def success(self) -> bool:
        """True when no expectation of severity ``fail`` failed (quarantined rows do not fail a run)."""
        return all(b.success for b in self.batches)

    @property
    def rows_quarantined(self) -> int:
        return sum(b.rows_quarantined for b in self.batches)

    def failures(self) -> list[tuple[str, Outcome]]:
        """(suite, outcome) of every failed expectation, blocking or not."""
        return [
            (b.suite if b.source is None else f"{b.suite}@{b.source}", o)
            for b in self.batches
            for o in b.outcomes
            if not o.success
        ]

    def summary(self) -> dict:
        """Counts and names only: JSON-safe for logs and XCom."""
        return {
            "stage": self.stage,
            "run_key": self.run_key,
            "success": self.success,
            "batches": len(self.batches),
            "rows": sum(b.rows for b in self.batches),
            "rows_quarantined": self.rows_quarantined,
            "data_docs": self.data_docs,
            "failed": [
                {
                    "suite": suite,
                    "expectation": o.name,
                    "severity": o.effective_severity or o.severity,
                    "unexpected": o.unexpected_count,
                    "quarantined": o.quarantined,
                }
                for suite, o in self.failures()
            ],
        }

    def as_dict(self) -> dict:
        """Everything, including passing expectations (still value-free)."""
        return {
            **self.summary(),
            "details": [
                {
                    **{k: v for k, v in asdict(b).items() if k != "outcomes"},
                    "success": b.success,
                    "outcomes": [asdict(o) for o in b.outcomes],
                }
                for b in self.batches
            ],
        }

    def raise_for_failure(self) -> "QualityReport":
        if not self.success:
            raise QualityGateFailed(self)
        return self
