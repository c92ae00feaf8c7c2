"""Clocks and calendar days, one definition each.

Two rules the whole pipeline follows:

- **Moments** are timezone-aware; the privacy register stores them as naive UTC (SQLite has no timezone), so
  ``utc_naive`` is the one conversion, and a naive input is refused rather than guessed.
- **Days** are Europe/Amsterdam calendar days: the practices' day decides ages, terms and "the future", not
  UTC's (a run at 00:30 in Amsterdam is 23:30 UTC of the day before).

``expired_mask`` / ``is_expired`` are the one definition of "expired" shared by the retention plan and the
retention quality gate (it lives here so ``quality`` need not import ``retention``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import pandas as pd

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
RUN_KEY_FORMAT = "%Y%m%dT%H%M%SZ"  # a moment in UTC, sortable as text (staging runs, releases, reports)


def utc_now() -> dt.datetime:
    """The current moment, timezone-aware in UTC (when a person or the scheduler acts; never what expires)."""
    return dt.datetime.now(dt.timezone.utc)


def utc_naive(
    moment: dt.datetime, *, error: type[Exception] = ValueError, message: str = "give times with a timezone"
) -> dt.datetime:
    """``moment`` as naive UTC, for the register's ``DateTime`` columns; a naive ``moment`` raises ``error``."""
    if moment.tzinfo is None:
        raise error(message)
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def utc_key(moment: dt.datetime | None = None) -> str:
    """``YYYYMMDDTHHMMSSZ`` of an aware ``moment`` (default: now): the run key format."""
    moment = moment or utc_now()
    if moment.tzinfo is None:
        raise ValueError("a run key needs a timezone-aware moment")
    return moment.astimezone(dt.timezone.utc).strftime(RUN_KEY_FORMAT)


def key_date(key: str) -> dt.date:
    """The Amsterdam calendar date of a run key (its moment): 'the future' starts the day after."""
    moment = dt.datetime.strptime(key, RUN_KEY_FORMAT).replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(AMSTERDAM).date()


def amsterdam_today() -> dt.date:
    """Today's calendar date in Amsterdam (default release date when none is given)."""
    return dt.datetime.now(AMSTERDAM).date()


def as_of_date(value: dt.date | dt.datetime | str) -> dt.date:
    """The Amsterdam calendar date a run counts to.

    Accepts a date, an ISO date (``2026-11-01``), or a timezone-aware datetime (an Airflow logical date, or an
    ISO string with offset). A naive datetime is refused: which day it means would be a guess.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("as_of: give a date or a timezone-aware datetime, not a naive datetime")
        return value.astimezone(AMSTERDAM).date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"as_of: expected a date or datetime, got {type(value).__name__}")


def local_date(value: object) -> dt.date | None:
    """The Amsterdam calendar date of a staged value (date, datetime, Timestamp); None when missing.

    Staged datetimes are the practice systems' local wall time, so a naive one's date is taken as it is;
    an aware one is converted first.
    """
    import numpy as np  # here, not at the top: the command line and the audit chain import this module
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.astimezone(AMSTERDAM).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {type(value).__name__}")


def is_expired(ends_on: dt.date | None, as_of: dt.date) -> bool:
    """True when the whole term has run by ``as_of`` (the record may go from the day after its last day)."""
    return ends_on is not None and as_of > ends_on


def expired_mask(ends_on: "pd.Series", as_of: dt.date) -> "pd.Series":
    """``is_expired`` for a column of last-kept days (missing: never expired)."""
    import pandas as pd

    return pd.Series([isinstance(d, dt.date) and as_of > d for d in ends_on.tolist()], index=ends_on.index, dtype=bool)


def next_amsterdam_time(moment: dt.datetime, at: dt.time) -> dt.datetime:
    """The first Amsterdam wall-clock ``at`` strictly after the aware ``moment``, in UTC (the night's
    deadline: a run from 02:00 must end by 07:00 that morning; one from 07:00 on, by 07:00 the next).
    Daylight saving is the calendar's: 07:00 is 07:00 local on the nights the clocks change too."""
    if moment.tzinfo is None:
        raise ValueError("give the moment with a timezone")
    local = moment.astimezone(AMSTERDAM)
    candidate = dt.datetime.combine(local.date(), at, tzinfo=AMSTERDAM)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), at, tzinfo=AMSTERDAM)
    return candidate.astimezone(dt.timezone.utc)
