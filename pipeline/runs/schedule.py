"""Scheduled runs missed while the service was down.

In: when a scheduled run was due, the schedule (cron expression and time zone) and the time
now. Out: whether the run is superseded: the schedule's next two times after it have both come
already (the service was down for a full interval or more). Holds: a run that is merely late,
even by most of an interval (a loaded machine, a slow start), is never superseded; of several
runs missed during a stop, only the last one or two run.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cronsim import CronSim


def superseded(due: datetime, cron: str, timezone: str, now: datetime) -> bool:
    """True when the schedule had two more times after ``due`` that are not after ``now``."""
    zone = ZoneInfo(timezone)
    times = CronSim(cron, due.astimezone(zone).replace(tzinfo=None))
    next(times)
    second = next(times)
    return second.replace(tzinfo=zone) <= now.astimezone(zone)
