"""Scheduled runs missed while the service was down.

In: when a scheduled run was due, the schedule (cron expression and time zone) and the time
now. Out: whether a later scheduled time has already come, which makes this run superseded.
Holds: a run that is merely late (no later scheduled time has passed) is never superseded, so
the newest of several missed runs still runs, and only it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cronsim import CronSim


def superseded(due: datetime, cron: str, timezone: str, now: datetime) -> bool:
    """True when the schedule had another time after ``due`` that is not after ``now``."""
    zone = ZoneInfo(timezone)
    later = next(CronSim(cron, due.astimezone(zone).replace(tzinfo=None)))
    return later.replace(tzinfo=zone) <= now.astimezone(zone)
