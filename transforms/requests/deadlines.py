"""A request's deadline as the law counts it: pure functions of dates, no clock, no database.

The rules (GDPR art. 12(3) and 12(6), Regulation 1182/71 on periods, WGBO art. 7:455 BW), as DESIGN.md states
them:

- **One calendar month** from the day of receipt. The day of receipt itself is not counted, so the period ends
  on the same date of the next month, or on that month's last day when the date does not exist
  (31 January -> 28/29 February, 31 March -> 30 April). Never "30 days".
- **Destruction of the dental file** (WGBO 7:455, type ``wgbo_destruction``): three months, **no extension**.
- **Extension** (art. 12(3)): only with a recorded reason and a notice to the person dated on or before the
  last day of the first period; it makes the whole period three months from the same start
  (31 January -> 30 April). A late notice changes nothing.
- **Identity** (art. 12(6)): when proof of identity was asked for within the first period, the clock stops and
  the period counts again from the day identity was verified; asked later, the original due date stands.
  (Nothing is executed before verification either way: that is the register's rule, not a date.)
- Calendar dates, **no shift** for weekends or holidays.

The register calls :func:`deadline` whenever a fact changes (registered, identity verified, extended) and
**stores** the result; lists, alerts and letters read the stored dates, so a due date never drifts with the day
it is looked at (the mistake research found in Fides' CSV export, ``reference/retention.md`` §4).

A request with several types is one answer: its period is the shortest that applies (one month as soon as any
GDPR right is asked), and it can be extended as soon as one GDPR right is asked (the three months of an
extension never exceed the 7:455 term). Applying art. 12(6) to a 7:455-only request is our reading (its file
cannot be destroyed for someone whose identity is not established); its own three months count again from
verification the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

TYPES: tuple[str, ...] = (
    "access",
    "portability",
    "rectification",
    "erasure",
    "wgbo_destruction",
    "restriction",
    "objection",
    "consent_withdrawal",
)
WGBO_DESTRUCTION = "wgbo_destruction"
GDPR_MONTHS = 1  # art. 12(3): one month
EXTENDED_MONTHS = 3  # art. 12(3): "extended by two further months" -> three months from the same start
WGBO_MONTHS = 3  # art. 7:455 BW: "binnen drie maanden"


class DeadlineError(ValueError):
    """The dates given cannot be true together (e.g. verified before received); the message names the dates'
    roles, never the person."""


@dataclass(frozen=True)
class Deadline:
    """What the register stores about a request's period.

    ``start_on``: the day the period counts from (receipt, or verification after an in-time identity request);
    ``first_due_on``: the last day of the first period (an extension notice must be dated on or before it);
    ``due_on``: the last day to answer (what lists and alerts show);
    ``extended``: a valid extension applies; ``paused``: identity was asked for in time and is not verified yet,
    so the clock stands still and ``due_on`` is the provisional original date.
    """

    start_on: dt.date
    first_due_on: dt.date
    due_on: dt.date
    extended: bool
    paused: bool


def add_months(start: dt.date, months: int) -> dt.date:
    """The same date ``months`` calendar months after ``start``, or that month's last day when the date does not
    exist there (Regulation 1182/71 art. 3(2)(c): the day of ``start`` is not counted)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def check_types(types: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The request types, known, de-duplicated and in a fixed order; at least one."""
    unknown = sorted(set(types) - set(TYPES))
    if unknown:
        raise DeadlineError(f"unknown request type(s): {', '.join(unknown)}; expected {', '.join(TYPES)}")
    if not types:
        raise DeadlineError("give at least one request type")
    return tuple(t for t in TYPES if t in set(types))


def base_months(types: tuple[str, ...] | list[str]) -> int:
    """The first period in months: one as soon as any GDPR right is asked; three for a 7:455 request alone."""
    return WGBO_MONTHS if set(check_types(types)) == {WGBO_DESTRUCTION} else GDPR_MONTHS


def extendable(types: tuple[str, ...] | list[str]) -> bool:
    """Whether art. 12(3)'s extension can apply: only to GDPR rights, never to a 7:455 destruction alone."""
    return set(check_types(types)) != {WGBO_DESTRUCTION}


def _not_before(later: dt.date | None, earlier: dt.date, what: str, than: str) -> None:
    if later is not None and later < earlier:
        raise DeadlineError(f"{what} ({later.isoformat()}) is before {than} ({earlier.isoformat()})")


def deadline(
    received_on: dt.date,
    types: tuple[str, ...] | list[str],
    *,
    identity_requested_on: dt.date | None = None,
    identity_verified_on: dt.date | None = None,
    extension_notified_on: dt.date | None = None,
) -> Deadline:
    """The period of a request from the facts recorded so far (see the module doc for the rules).

    ``extension_notified_on``: the date of the notice to the person (with reasons) that the period is
    extended; a notice after the first period's last day is ignored (``extended`` stays False). Raises
    :class:`DeadlineError` when the dates contradict each other.
    """
    types = check_types(types)
    _not_before(identity_requested_on, received_on, "identity requested on", "received on")
    _not_before(identity_verified_on, received_on, "identity verified on", "received on")
    if identity_requested_on is not None:
        _not_before(identity_verified_on, identity_requested_on, "identity verified on", "identity requested on")
    _not_before(extension_notified_on, received_on, "extension notified on", "received on")
    months = base_months(types)
    original_first_due = add_months(received_on, months)
    # art. 12(6): only an identity request made within the first period stops the clock
    restarts = identity_requested_on is not None and identity_requested_on <= original_first_due
    paused = restarts and identity_verified_on is None
    start = identity_verified_on if restarts and identity_verified_on is not None else received_on
    first_due = add_months(start, months)
    # while the clock stands still the first period has not ended, so a notice then is in time
    extended = (
        extendable(types) and extension_notified_on is not None and (paused or extension_notified_on <= first_due)
    )
    due = add_months(start, EXTENDED_MONTHS) if extended else first_due
    return Deadline(start_on=start, first_due_on=first_due, due_on=due, extended=extended, paused=paused)


def days_left(due_on: dt.date, as_of: dt.date) -> int:
    """Calendar days from ``as_of`` to the due date (0: due today; negative: overdue). ``as_of`` is given,
    never today's clock, so a list is the same whoever runs it for that day."""
    return (due_on - as_of).days
