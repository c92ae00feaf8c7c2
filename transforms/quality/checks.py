"""Semantic checks as computed boolean columns, validated by a built-in GX expectation.

Why not custom GX expectations: a check such as "treatment not before the patient's birth" needs a
second table and the run's date; a custom Expectation class would need a GX plugin registered before
every context load, and its failing rows would still have to be found again for quarantine. Instead each
check adds a column ``_check__<name>`` holding True (passes), False (fails) or NA (not applicable, e.g.
no BSN), and the suite holds ``expect_column_values_to_be_in_set(column=..., value_set=[True])``,
which ignores NA. The same column then tells the runner exactly which rows to quarantine, and GX's
unexpected count is reconciled against it (a mismatch fails the run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

import numpy as np
import pandas as pd

from transforms.identifiers.checksums import is_valid_bsn, is_valid_iban
from transforms.quality.config import Check

CHECK_PREFIX = "_check__"


def check_column(check: Check) -> str:
    """The computed column of a check (dots are awkward in GX column names)."""
    return CHECK_PREFIX + check.name.replace(".", "__")


class Lookup(Protocol):
    """Access to other staged entities of the same source (current state)."""

    def keys(self, entity: str) -> pd.Series: ...

    def birth_dates(self) -> pd.DataFrame: ...  # columns: patient_id, date_of_birth


def _per_value(series: pd.Series, test: Callable[[str], bool]) -> pd.Series:
    out = series.map(lambda v: bool(test(v)), na_action="ignore")
    return out.astype("boolean")


def _as_datetime(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def _as_date(value: object) -> dt.date | None:
    """A staged date or datetime value as a ``date`` (None when it cannot be read as one)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    try:  # numpy datetime64 of any unit
        return pd.Timestamp(value).date()
    except (ValueError, TypeError, OverflowError):
        return None


def compute(frame: pd.DataFrame, check: Check, run_date: dt.date, lookup: Lookup) -> pd.Series:
    """The boolean column of one check for ``frame`` (aligned to its index)."""
    values = frame[check.column]
    if check.check == "bsn_11proef":
        return _per_value(values, is_valid_bsn)
    if check.check == "iban":
        return _per_value(values, is_valid_iban)
    if check.check == "not_after_run":
        # end of the run's day: a date (or datetime) on the run's date itself is fine
        limit = pd.Timestamp(run_date) + pd.Timedelta(days=1)
        when = _as_datetime(values)
        return (when < limit).astype("boolean").mask(when.isna())
    if check.check == "date_range":
        # compared as dates, whatever the unit: a year-1 date does not fit datetime64[ns] and must not become NA
        if pd.api.types.is_datetime64_dtype(values.dtype):  # staged partitions: datetime64[ms], vectorised
            present = values.notna()
            ok = pd.Series(True, index=values.index)
            if check.min is not None:
                ok &= pd.Series(values.to_numpy() >= np.datetime64(check.min, "D"), index=values.index)
            if check.max is not None:
                ok &= pd.Series(values.to_numpy() < np.datetime64(check.max, "D") + 1, index=values.index)
            return ok.astype("boolean").mask(~present)
        days = values.map(_as_date, na_action="ignore")
        present = days.notna()
        ok = pd.Series(True, index=values.index)
        if check.min is not None:
            ok &= days.map(lambda d: d >= check.min, na_action="ignore").fillna(True).astype(bool)
        if check.max is not None:
            ok &= days.map(lambda d: d <= check.max, na_action="ignore").fillna(True).astype(bool)
        return ok.astype("boolean").mask(~present)
    if check.check == "not_before":
        when, other = _as_datetime(values), _as_datetime(frame[check.other])
        return (when >= other).astype("boolean").mask(when.isna() | other.isna())
    if check.check == "not_before_birth":
        births = lookup.birth_dates()
        birth = frame[[check.via]].merge(births.rename(columns={"patient_id": check.via}), how="left", on=check.via)[
            "date_of_birth"
        ]
        birth.index = frame.index
        when, born = _as_datetime(values), _as_datetime(birth)
        # unknown patient or birth date: not applicable here (the references check covers orphans)
        return (when >= born).astype("boolean").mask(when.isna() | born.isna())
    if check.check == "references":
        known = set(lookup.keys(check.target).dropna().astype(str))
        return _per_value(values.astype("string"), lambda v: v in known)
    raise ValueError(f"unknown check kind {check.check!r}")
