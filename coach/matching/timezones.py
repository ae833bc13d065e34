"""Time zones as IANA names or UTC offsets (``UTC+05:30``), and working-hours overlap between them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def utc_offset_hours(value: str, *, on: date | None = None) -> float | None:
    """The offset from UTC in hours of an IANA zone or a ``UTC+05:30`` offset on ``on``; None if unknown."""
    text = value.strip()
    if text.upper() in ("UTC", "GMT", "Z", "UTC+0", "UTC-0"):
        return 0.0
    match = OFFSET.match(text)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        return (1 if sign == "+" else -1) * (hours + minutes / 60)
    if not text:
        return None
    try:
        zone = ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    day = on or date.today()
    moment = datetime.combine(day, time(12), tzinfo=zone)
    offset = moment.utcoffset() or timedelta(0)
    return offset.total_seconds() / 3600


def window_mask(offset: float, start: int, end: int, *, slots_per_hour: int = 4) -> np.ndarray:
    """Quarter-hour slots of a UTC day (0..24h, circular) inside local working hours ``start``-``end``."""
    n = 24 * slots_per_hour
    mask = np.zeros(n, dtype=bool)
    span = (end - start) % 24 or 24
    first = round((start - offset) * slots_per_hour)
    for k in range(span * slots_per_hour):
        mask[(first + k) % n] = True
    return mask


def overlap_hours(a: tuple[float, int, int], b: tuple[float, int, int]) -> float:
    """Hours per day both are working; each side is (UTC offset, local start hour, local end hour)."""
    return float((window_mask(*a) & window_mask(*b)).sum()) / 4


def overlap_table(left: list[tuple[float, int, int]], right: list[tuple[float, int, int]]) -> np.ndarray:
    """Overlap hours between every left and right working window (float32, len(left) x len(right))."""
    a = np.array([window_mask(*w) for w in left], dtype=np.float32).reshape(len(left), -1)
    b = np.array([window_mask(*w) for w in right], dtype=np.float32).reshape(len(right), -1)
    return (a @ b.T / 4).astype(np.float32)


def today_utc() -> date:
    return datetime.now(UTC).date()
