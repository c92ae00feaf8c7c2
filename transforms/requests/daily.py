"""The daily deadline check: which open requests are overdue, which are due soon, as ids and dates only.

Read from the **stored** due dates (never re-derived), for a day given as a parameter (the DAG run's
logical date in Amsterdam), so a re-run for that day lists the same. A request whose clock stands still
(identity asked for in time, not verified yet) is listed apart, as waiting: its provisional date is not a
deadline yet (GDPR art. 12(6)). The alert text and payload hold request ids, types, dates and counts:
whoever reads the mailbox or the chat channel learns nothing about the people who asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from transforms.requests.deadlines import days_left
from transforms.requests.store import list_requests


@dataclass(frozen=True)
class DueItem:
    """One open request in the report: its id, types, due date and calendar days left (negative: overdue)."""

    request_id: str
    types: tuple[str, ...]
    due_on: dt.date
    days_left: int


@dataclass(frozen=True)
class DueReport:
    """Open requests due within ``within_days`` of ``as_of``, overdue ones, and those waiting for identity."""

    as_of: dt.date
    within_days: int
    overdue: tuple[DueItem, ...] = field(default_factory=tuple)
    due_soon: tuple[DueItem, ...] = field(default_factory=tuple)
    waiting_for_identity: tuple[DueItem, ...] = field(default_factory=tuple)

    @property
    def needs_alert(self) -> bool:
        """True when something is overdue or due within the horizon."""
        return bool(self.overdue or self.due_soon)

    def counts(self) -> dict:
        """What a task may return or log: counts and the day."""
        return {
            "as_of": self.as_of.isoformat(),
            "overdue": len(self.overdue),
            "due_soon": len(self.due_soon),
            "waiting_for_identity": len(self.waiting_for_identity),
        }

    def subject(self) -> str:
        return (
            f"Verzoeken betrokkenen {self.as_of.isoformat()}: {len(self.overdue)} te laat, "
            f"{len(self.due_soon)} binnen {self.within_days} dagen"
        )

    def lines(self) -> list[str]:
        """The alert's text: one line per request, ids and dates only."""
        out = [self.subject()]
        for title, items in (
            ("TE LAAT", self.overdue),
            (f"binnen {self.within_days} dagen", self.due_soon),
            ("wacht op identiteit (termijn staat stil)", self.waiting_for_identity),
        ):
            if items:
                out.append(f"{title}:")
                out += [
                    f"  {i.request_id}  {'+'.join(i.types)}  uiterlijk {i.due_on.isoformat()}  ({i.days_left:+d} dagen)"
                    for i in items
                ]
        out.append("Details: python -m transforms requests show ID")
        return out

    def payload(self) -> dict:
        """The alert as data (webhook body): ids, types, dates, days left."""

        def items(group: tuple[DueItem, ...]) -> list[dict]:
            return [
                {"id": i.request_id, "types": list(i.types), "due_on": i.due_on.isoformat(), "days_left": i.days_left}
                for i in group
            ]

        return {
            "as_of": self.as_of.isoformat(),
            "within_days": self.within_days,
            "overdue": items(self.overdue),
            "due_soon": items(self.due_soon),
            "waiting_for_identity": items(self.waiting_for_identity),
        }


def due_report(engine: Engine, *, as_of: dt.date, within_days: int) -> DueReport:
    """The report for the day ``as_of`` (an Amsterdam calendar day)."""
    overdue, soon, waiting = [], [], []
    for record in list_requests(engine, as_of=as_of, due_within=within_days):
        item = DueItem(record.request_id, record.types, record.due_on, days_left(record.due_on, as_of))
        if record.paused:
            waiting.append(item)
        elif item.days_left < 0:
            overdue.append(item)
        else:
            soon.append(item)
    return DueReport(as_of, within_days, tuple(overdue), tuple(soon), tuple(waiting))
