"""Expiry dates: when a record's legal term ends, computed from its trigger date. Pure functions, no clock.

Periods are counted as Dutch and EU law count them (Reg. 1182/71 art. 3): a term of N years, months or weeks
that starts with an event on day D ends at the end of the day with the same date (or weekday) N later; when
that date does not exist (29 February, 31st), at the end of the last day of that month. The record must be
kept through ``term_ends_on`` and may go from the next day: it is *expired* when ``as_of > term_ends_on``.

Dates are Europe/Amsterdam calendar dates. Staged datetimes are the practice systems' local wall time
(``timezone: Europe/Amsterdam`` in every source mapping), so a naive datetime's date is taken as it is; an
aware datetime is converted first. ``as_of`` is always a parameter: the run's logical date or an explicit date.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd

# Defined once in the kernel; re-exported because the rest of retention reads them as expiry's vocabulary.
from transforms.kernel.timeutil import (  # noqa: F401
    AMSTERDAM,
    as_of_date,
    expired_mask,
    is_expired,
    local_date,
)
from transforms.retention.policy import (
    Anchor,
    ConditionValue,
    MappingRule,
    RetentionPolicy,
    Term,
)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same date ``months`` later, clamped to the last day of the month (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_term(start: dt.date, term: Term) -> dt.date:
    """The last day of a term that starts with an event on ``start`` (Reg. 1182/71 art. 3(2)(c))."""
    end = add_months(start, term.years * 12 + term.months)
    return end + dt.timedelta(weeks=term.weeks, days=term.days)


def anchor_date(value: object, anchor: Anchor) -> dt.date | None:
    """The day a term counts from: the event's date, or 31 December of its (fiscal or calendar) year.

    An integer is a year (``fiscal_year`` columns); it only makes sense with a year-end anchor.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if anchor == "event":
            raise ValueError("a year has no event date; count it from the end of the (fiscal) year")
        return dt.date(int(value), 12, 31)
    day = local_date(value)
    if day is None:
        return None
    # Dutch companies' fiscal year is the calendar year (AWR/BFB); a different year end would go here.
    return day if anchor == "event" else dt.date(day.year, 12, 31)


def term_ends_on(value: object, anchor: Anchor, term: Term) -> dt.date | None:
    """Last day the record must be kept; None when the trigger has not happened (still employed, open, ...)."""
    start = anchor_date(value, anchor)
    return None if start is None else add_term(start, term)


def ends_on_series(values: pd.Series, anchor: Anchor, term: Term) -> pd.Series:
    """``term_ends_on`` for a column, computed once per distinct value (dates repeat; rows can be millions)."""
    if values.empty:
        return pd.Series([], index=values.index, dtype="object")
    as_list = values.tolist()  # one pass in Python, not a pandas call per value
    table = {v: term_ends_on(v, anchor, term) for v in set(as_list) if v is not None and not pd.isna(v)}
    return pd.Series([table.get(v) for v in as_list], index=values.index, dtype="object")


def matches(frame: pd.DataFrame, when: dict[str, ConditionValue] | None) -> pd.Series:
    """Rows meeting a policy condition: equal to a value, one of a list, null, or ``not_null``.

    A missing value never equals anything, so a null consent flag counts as no consent (the shorter term).
    """
    mask = pd.Series(True, index=frame.index)
    for column, value in (when or {}).items():
        series = frame[column]
        if value is None:
            mask &= series.isna()
        elif value == "not_null":
            mask &= series.notna()
        elif isinstance(value, list):
            mask &= series.isin(value).fillna(False).astype(bool)
        else:
            mask &= (series == value).fillna(False).astype(bool)
    return mask


def latest_name(rule: MappingRule) -> str:
    """The name under which ``related`` holds a ``latest`` trigger's newest values (never an entity's name)."""
    return "latest:" + ",".join(rule.trigger.latest or [])


def archived_end_column(rule: MappingRule) -> str:
    """The column a trigger frame (``triggers.Triggers.prepare``) holds the newest term end of a ``latest``
    trigger's archived records in (records that left the staging for the archive still count)."""
    return "_archived_end:" + latest_name(rule)


def trigger_values(
    rule: MappingRule, frame: pd.DataFrame, related: dict[str, pd.DataFrame], key_of: dict[str, str]
) -> pd.Series:
    """The trigger column for each row, read from the row itself or from the related record (same source); for
    a ``latest`` trigger, the newest value of the subject's records (missing where it has none)."""
    if rule.trigger.latest is not None:
        other = related[latest_name(rule)]  # source_system, the entity's key, "value"
        key = next(c for c in other.columns if c not in ("source_system", "value"))
        joined = frame[["source_system", key]].merge(other, on=["source_system", key], how="left")
        return pd.Series(joined["value"].to_numpy(), index=frame.index, dtype=other["value"].dtype)
    if rule.trigger.of is None:
        return frame[rule.trigger.column]
    other = related[rule.trigger.of]
    key = key_of[rule.trigger.of]
    lookup = other[["source_system", key, rule.trigger.column]].drop_duplicates(["source_system", key])
    joined = frame[["source_system", key]].merge(lookup, on=["source_system", key], how="left")
    return pd.Series(joined[rule.trigger.column].to_numpy(), index=frame.index)


def rule_ends(
    policy: RetentionPolicy,
    rule: MappingRule,
    frame: pd.DataFrame,
    related: dict[str, pd.DataFrame],
    key_of: dict[str, str],
    term: Term | None = None,
) -> tuple[pd.Series, pd.Series]:
    """(last day of the term ``term`` (default: the class's) for each row, whether it was counted from the
    rule's fallback). The trigger's own dates first; for a ``latest`` trigger, no earlier than the newest
    archived record's term end (the same term, checked by the loader); where no trigger date exists, the
    fallback's column with its own term (``term`` given: the archive stage, counted the same way)."""
    cls = policy.retention_class(rule.class_)
    values = trigger_values(rule, frame, related, key_of)
    ends = ends_on_series(values, cls.counted_from, term or cls.term)
    archived = archived_end_column(rule)
    if rule.trigger.latest is not None and archived in frame.columns and term is None:
        floor = frame[archived]
        later = [
            f if isinstance(f, dt.date) and (not isinstance(e, dt.date) or f > e) else e
            for e, f in zip(ends.tolist(), floor.tolist())
        ]
        ends = pd.Series(later, index=frame.index, dtype="object")
    used = pd.Series(False, index=frame.index)
    fallback = rule.trigger.fallback
    if fallback is not None:
        missing = ~ends.map(lambda d: isinstance(d, dt.date)).astype(bool)
        if missing.any():
            fallback_term = term or fallback.term or cls.term
            extra = ends_on_series(
                frame.loc[missing, fallback.column], fallback.counted_from or cls.counted_from, fallback_term
            )
            ends = ends.astype("object")
            ends.loc[missing] = extra
            used = missing & ends.map(lambda d: isinstance(d, dt.date)).astype(bool)
    return ends, used


def assign(
    policy: RetentionPolicy, entity: str, frame: pd.DataFrame, related: dict[str, pd.DataFrame], key_of: dict[str, str]
) -> pd.DataFrame:
    """Each record's class and dates: ``retention_class``, ``term_ends_on`` and ``archive_ends_on``.

    ``archive_ends_on`` is the last day the record stays in the live system (None: the class has no archive
    stage). A record whose trigger has not happened gets no dates and is never a candidate. ``related`` holds
    the frames named by ``trigger.of`` (with their key and trigger column); ``key_of`` maps entity -> key.
    """
    out = pd.DataFrame(index=frame.index)
    out["retention_class"] = pd.Series(None, index=frame.index, dtype="object")
    out["term_ends_on"] = pd.Series(None, index=frame.index, dtype="object")
    out["archive_ends_on"] = pd.Series(None, index=frame.index, dtype="object")
    out["fallback"] = pd.Series(False, index=frame.index, dtype=bool)
    for rule in policy.row_rules(entity):
        mask = out["retention_class"].isna() & matches(frame, rule.when)
        if not mask.any():
            continue
        cls = policy.retention_class(rule.class_)
        ends, used = rule_ends(policy, rule, frame.loc[mask], related, key_of)
        out.loc[mask, "retention_class"] = rule.class_
        out.loc[mask, "term_ends_on"] = ends
        out.loc[mask, "fallback"] = used
        if cls.archive is not None:
            out.loc[mask, "archive_ends_on"] = rule_ends(
                policy, rule, frame.loc[mask], related, key_of, cls.archive.after
            )[0]
    if out["retention_class"].isna().any():  # the loader forbids this; fail closed if it happens anyway
        raise ValueError(f"{entity}: {int(out['retention_class'].isna().sum())} record(s) matched no retention rule")
    return out


def assign_fields(
    policy: RetentionPolicy,
    entity: str,
    rule: MappingRule,
    frame: pd.DataFrame,
    related: dict[str, pd.DataFrame],
    key_of: dict[str, str],
) -> pd.Series:
    """For a field rule: the last day its fields must be kept, per record (``rule_ends``)."""
    return rule_ends(policy, rule, frame, related, key_of)[0]
