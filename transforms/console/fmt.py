"""Human formatting for the console: Amsterdam dates and times in Dutch notation, one thousands separator
everywhere, percentages, class and expectation names as words. Nothing here shows a Python repr."""

from __future__ import annotations

import datetime as dt

from transforms.kernel.timeutil import AMSTERDAM

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def number(value: int | float | None) -> str:
    """``8190`` -> ``8,190`` (the separator the whole page uses); None -> an en dash."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def percent(share: float | None, digits: int = 1) -> str:
    """``0.066667`` -> ``6.7%``."""
    if share is None:
        return "–"
    return f"{share * 100:.{digits}f}%"


def ratio(value: float | None) -> str:
    """A risk between 0 and 1 to three decimals (``0.2`` -> ``0.200``), the way the policy states thresholds."""
    return "–" if value is None else f"{value:.3f}"


def date(day: dt.date | dt.datetime | None) -> str:
    """``3 dec 2026`` (a datetime is taken as its Amsterdam date)."""
    if day is None:
        return "–"
    if isinstance(day, dt.datetime):
        day = local(day).date()
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def local(moment: dt.datetime) -> dt.datetime:
    """An aware or naive-UTC moment in Amsterdam time (the register and Airflow store UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(AMSTERDAM)


def datetime(moment: dt.datetime | None) -> str:
    """``3 dec 2026 04:00`` in Amsterdam time."""
    if moment is None:
        return "–"
    at = local(moment)
    return f"{date(at.date())} {at:%H:%M}"


def duration(span: dt.timedelta) -> str:
    """``2 d 3 h``, ``5 h 10 min``, ``12 min``: an age or a time left."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def words(identifier: str) -> str:
    """``restriction_request`` -> ``restriction request`` (a value from config shown to a person)."""
    return identifier.replace("_", " ").replace(".", " ").strip()


def sentence(identifier: str) -> str:
    """``dental_file`` -> ``Dental file``."""
    text = words(identifier)
    return text[:1].upper() + text[1:]
