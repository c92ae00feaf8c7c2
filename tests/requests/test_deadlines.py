"""Every deadline rule at its edge dates: month ends, leap years, 29 February, December -> January, the
identity restart, extensions in time and late, and 7:455 without extension."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.requests.deadlines import DeadlineError, add_months, days_left, deadline

D = dt.date


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # 31 Jan -> last day of February
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # ... in a leap year
        (D(2026, 1, 30), 1, D(2026, 2, 28)),
        (D(2026, 1, 28), 1, D(2026, 2, 28)),  # the same date when it exists
        (D(2028, 2, 29), 1, D(2028, 3, 29)),  # 29 Feb -> 29 Mar, not 31 Mar (no "last day -> last day")
        (D(2026, 2, 28), 1, D(2026, 3, 28)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 31), 1, D(2027, 1, 31)),  # December -> January of the next year
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 1, 31), 3, D(2026, 4, 30)),  # extension: three months from the same start
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2026, 10, 31), 3, D(2027, 1, 31)),
        (D(2026, 5, 1), 0, D(2026, 5, 1)),
    ],
)
def test_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_one_month_not_thirty_days():
    d = deadline(D(2026, 1, 31), ["access"])
    assert d.due_on == D(2026, 2, 28) and d.due_on != D(2026, 1, 31) + dt.timedelta(days=30)
    assert d.start_on == D(2026, 1, 31) and not d.extended and not d.paused
    assert deadline(D(2026, 7, 1), ["erasure"]).due_on == D(2026, 8, 1)  # 31-day month: still the 1st


def test_no_weekend_shift():
    # 28 February 2026 is a Saturday: the due date stays on it
    assert D(2026, 2, 28).weekday() == 5
    assert deadline(D(2026, 1, 28), ["access"]).due_on == D(2026, 2, 28)


def test_wgbo_destruction_three_months_and_no_extension():
    d = deadline(D(2026, 1, 31), ["wgbo_destruction"], extension_notified_on=D(2026, 2, 1))
    assert d.due_on == D(2026, 4, 30) and d.first_due_on == D(2026, 4, 30) and not d.extended
    assert deadline(D(2028, 11, 29), ["wgbo_destruction"]).due_on == D(2029, 2, 28)


def test_mixed_types_take_the_shortest_period():
    assert deadline(D(2026, 1, 31), ["wgbo_destruction", "access"]).due_on == D(2026, 2, 28)


@pytest.mark.parametrize(
    "notice, extended, due",
    [
        (D(2026, 2, 28), True, D(2026, 4, 30)),  # on the first period's last day: in time
        (D(2026, 2, 1), True, D(2026, 4, 30)),
        (D(2026, 1, 31), True, D(2026, 4, 30)),  # on the day of receipt
        (D(2026, 3, 1), False, D(2026, 2, 28)),  # a day late: changes nothing
    ],
)
def test_extension_only_with_a_notice_in_time(notice, extended, due):
    d = deadline(D(2026, 1, 31), ["access"], extension_notified_on=notice)
    assert (d.extended, d.due_on) == (extended, due)


def test_extension_in_a_leap_year():
    d = deadline(D(2028, 1, 31), ["portability"], extension_notified_on=D(2028, 2, 29))
    assert d.extended and d.due_on == D(2028, 4, 30)
    assert not deadline(D(2028, 1, 31), ["portability"], extension_notified_on=D(2028, 3, 1)).extended


def test_identity_asked_in_time_restarts_from_verification():
    asked = deadline(D(2026, 1, 31), ["access"], identity_requested_on=D(2026, 2, 28))  # the last day: in time
    assert asked.paused and asked.due_on == D(2026, 2, 28)  # provisional until verified
    d = deadline(D(2026, 1, 31), ["access"], identity_requested_on=D(2026, 2, 28), identity_verified_on=D(2026, 3, 31))
    assert not d.paused and d.start_on == D(2026, 3, 31) and d.due_on == D(2026, 4, 30)
    # verified on 29 February of a leap year -> 29 March
    assert deadline(
        D(2028, 2, 1), ["access"], identity_requested_on=D(2028, 2, 2), identity_verified_on=D(2028, 2, 29)
    ).due_on == D(2028, 3, 29)
    # verified in December -> January
    assert deadline(
        D(2026, 12, 1), ["erasure"], identity_requested_on=D(2026, 12, 2), identity_verified_on=D(2026, 12, 31)
    ).due_on == D(2027, 1, 31)


def test_identity_asked_late_keeps_the_original_due_date():
    d = deadline(D(2026, 1, 31), ["access"], identity_requested_on=D(2026, 3, 1), identity_verified_on=D(2026, 3, 20))
    assert d.due_on == D(2026, 2, 28) and d.start_on == D(2026, 1, 31) and not d.paused
    assert not deadline(D(2026, 1, 31), ["access"], identity_requested_on=D(2026, 3, 1)).paused


def test_verified_without_a_request_changes_nothing():
    d = deadline(D(2026, 1, 31), ["access"], identity_verified_on=D(2026, 2, 10))
    assert d.due_on == D(2026, 2, 28)


def test_extension_after_restart_counts_from_verification():
    facts = dict(identity_requested_on=D(2026, 2, 1), identity_verified_on=D(2026, 3, 10))
    d = deadline(D(2026, 1, 31), ["access"], extension_notified_on=D(2026, 4, 10), **facts)
    assert d.extended and d.first_due_on == D(2026, 4, 10) and d.due_on == D(2026, 6, 10)
    late = deadline(D(2026, 1, 31), ["access"], extension_notified_on=D(2026, 4, 11), **facts)
    assert not late.extended and late.due_on == D(2026, 4, 10)
    # a notice while the clock stood still is within the (not yet restarted) first period
    paused = deadline(D(2026, 1, 31), ["access"], extension_notified_on=D(2026, 3, 5), **facts)
    assert paused.extended and paused.due_on == D(2026, 6, 10)


def test_wgbo_identity_restart_three_months():
    d = deadline(
        D(2026, 1, 31), ["wgbo_destruction"], identity_requested_on=D(2026, 4, 30), identity_verified_on=D(2026, 5, 31)
    )
    assert d.due_on == D(2026, 8, 31)


@pytest.mark.parametrize(
    "facts",
    [
        dict(identity_requested_on=D(2026, 1, 30)),
        dict(identity_verified_on=D(2026, 1, 1)),
        dict(identity_requested_on=D(2026, 2, 5), identity_verified_on=D(2026, 2, 4)),
        dict(extension_notified_on=D(2026, 1, 30)),
    ],
)
def test_contradicting_dates_are_refused(facts):
    with pytest.raises(DeadlineError):
        deadline(D(2026, 1, 31), ["access"], **facts)


def test_unknown_type_refused():
    with pytest.raises(DeadlineError):
        deadline(D(2026, 1, 31), ["forget_me"])
    with pytest.raises(DeadlineError):
        deadline(D(2026, 1, 31), [])


def test_days_left():
    assert days_left(D(2026, 2, 28), D(2026, 2, 28)) == 0
    assert days_left(D(2026, 2, 28), D(2026, 3, 1)) == -1
    assert days_left(D(2028, 3, 1), D(2028, 2, 28)) == 2
