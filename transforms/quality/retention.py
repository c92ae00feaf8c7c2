"""Retention gate: after a disposal run, prove nothing overdue remains and nothing was lost.

``validate_retention(remaining, removed, archived, as_of=...)`` runs suites ``retention.remaining`` and
``retention.removed`` on frames of **hashed ids** (``transforms.retention.hashing``), never on records:

- ``remaining``: what the live systems still hold for the classes of the run, re-queried after disposal:
  ``class_id``, ``entity``, ``hashed_id``, ``term_ends_on`` (last day it may stay; None: the term has not
  started), ``held`` (a legal hold covers it). Fails when a record is past its term and not held
  (``transforms.kernel.timeutil.expired_mask``: the one definition of "expired", the plan's too).
- ``removed``: records removed from the live systems in this run: ``class_id``, ``entity``, ``hashed_id``,
  ``requires_archive``. Fails when a record that required archiving is not in ``archived`` as verified, or
  when a record was removed twice.
- ``archived``: the archive's contents after read-back verification: ``entity``, ``hashed_id``, ``verified``.

Every failure has severity ``fail``: the certificate of destruction must not be issued.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pandas as pd

from transforms import settings
from transforms.kernel.timeutil import expired_mask
from transforms.quality.report import Batch, QualityGateError, QualityReport
from transforms.quality.source import RESULTS_KEEP_DAYS, write_report
from transforms.quality.suites import RETENTION_PREFIX
from transforms.quality.workspace import open_workspace, outcome_of, raise_if_broken

log = logging.getLogger(__name__)

REMAINING_COLUMNS = ("class_id", "entity", "hashed_id", "term_ends_on", "held")
REMOVED_COLUMNS = ("class_id", "entity", "hashed_id", "requires_archive")
ARCHIVED_COLUMNS = ("entity", "hashed_id", "verified")


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise QualityGateError(f"retention gate: {what} lacks column(s) {', '.join(missing)}")


def remaining_checks(remaining: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per remaining record: within its term or held (the expectation), and its class (for the report)."""
    overdue = expired_mask(remaining["term_ends_on"], as_of) & ~remaining["held"].fillna(False).astype(bool)
    return pd.DataFrame(
        {
            RETENTION_PREFIX + "within_term_or_held": (~overdue).astype("boolean").to_numpy(),
            RETENTION_PREFIX + "class_id": remaining["class_id"].astype("string").to_numpy(),
        }
    )


def removed_checks(removed: pd.DataFrame, archived: pd.DataFrame) -> pd.DataFrame:
    """Per removed record: archived (verified) when it had to be, removed only once, and its class."""
    verified = archived[archived["verified"].fillna(False).astype(bool)]
    in_archive = pd.MultiIndex.from_frame(removed[["entity", "hashed_id"]]).isin(
        pd.MultiIndex.from_frame(verified[["entity", "hashed_id"]])
    )
    needs = removed["requires_archive"].fillna(True).astype(bool).to_numpy()  # unknown: assume it needed one
    once = ~removed.duplicated(subset=["entity", "hashed_id"], keep=False).to_numpy()
    return pd.DataFrame(
        {
            RETENTION_PREFIX + "archived_if_required": pd.array(~needs | in_archive, dtype="boolean"),
            RETENTION_PREFIX + "removed_once": pd.array(once, dtype="boolean"),
            RETENTION_PREFIX + "class_id": removed["class_id"].astype("string").to_numpy(),
        }
    )


def validate_retention(
    remaining: pd.DataFrame,
    removed: pd.DataFrame,
    archived: pd.DataFrame,
    *,
    as_of: dt.date,
    run_key: str,
    data_root: Path | None = None,
    raise_on_failure: bool = True,
) -> QualityReport:
    """Validate a disposal run (see the module docstring). Raises like the other gates."""
    _require(remaining, REMAINING_COLUMNS, "remaining")
    _require(removed, REMOVED_COLUMNS, "removed")
    _require(archived, ARCHIVED_COLUMNS, "archived")
    data_root = Path(data_root or settings.data_root()).resolve()
    batches = {
        "retention.remaining": remaining_checks(remaining.reset_index(drop=True), as_of),
        "retention.removed": removed_checks(removed.reset_index(drop=True), archived),
    }
    report = QualityReport(stage="retention", run_key=run_key)
    with open_workspace(data_root) as workspace:
        for suite, frame in batches.items():
            raws = workspace.run(suite, frame, run_name=run_key)
            raise_if_broken(suite, raws)
            details = {}
            for column in [c for c in frame.columns if c != RETENTION_PREFIX + "class_id"]:
                bad = frame[frame[column].eq(False).fillna(False).astype(bool)]
                for class_id, count in bad[RETENTION_PREFIX + "class_id"].value_counts().items():
                    details[f"{column.removeprefix(RETENTION_PREFIX)} failed in class {class_id}"] = int(count)
            batch = Batch(suite=suite, source=None, entity=None, rows=len(frame), details=details)
            batch.outcomes = [outcome_of(raw) for raw in raws]
            report.batches.append(batch)
        workspace.prune(keep_days=RESULTS_KEEP_DAYS)
        report.data_docs = str(workspace.build_data_docs())
    write_report(report, data_root)
    log.info("quality retention %s: %s", run_key, json.dumps(report.summary()))
    return report.raise_for_failure() if raise_on_failure else report
