"""Weekly open hours as written in a calendar: ``mon-fri: "08:00-16:00"``.

Pure parsing, no time zones: a day spec becomes weekday numbers (Monday is
0), an interval becomes minutes after the day's midnight. An overnight
interval such as ``22:00-06:00`` belongs to the day it starts and ends after
24:00 (here: minute 1320 to 1800).

>>> parse_days("mon-fri")
(0, 1, 2, 3, 4)
>>> parse_interval("22:00-06:00")
(1320, 1800)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = [
    "DAY_NAMES",
    "HoursError",
    "overlaps",
    "parse_days",
    "parse_interval",
    "weekly_intervals",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "tues": "tue",
    "thur": "thu",
    "thurs": "thu",
    "weds": "wed",
}
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_INTERVAL = re.compile(r"\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*")
MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


class HoursError(ValueError):
    """A day spec or interval that does not parse, with a hint."""

    def __init__(self, message: str, hint: str) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} ({hint})")


def _day(name: str) -> int:
    key = name.strip().lower()
    key = _FULL_NAMES.get(key, key)
    if key not in DAY_NAMES:
        raise HoursError(
            f"'{name.strip()}' is not a day",
            "days are mon, tue, wed, thu, fri, sat, sun; ranges like mon-fri; lists like mon,wed",
        )
    return DAY_NAMES.index(key)


def parse_days(spec: str) -> tuple[int, ...]:
    """Weekday numbers of ``mon``, ``mon-fri``, ``fri-mon`` (wraps) or ``mon,wed``."""
    days: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            start, end = _day(first), _day(last)
            span = (end - start) % 7
            days.extend((start + i) % 7 for i in range(span + 1))
        else:
            days.append(_day(part))
    return tuple(sorted(set(days)))


def _minutes(text: str) -> int:
    match = _TIME.fullmatch(text)
    if not match:
        raise HoursError(f"'{text}' is not a time", "write times as HH:MM, e.g. 08:00")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise HoursError(f"'{text}' is not a time of day", "times run from 00:00 to 24:00")
    return hours * 60 + minutes


def parse_interval(text: str) -> tuple[int, int]:
    """Minutes after midnight of ``"08:00-16:00"``; overnight ends after 1440."""
    match = _INTERVAL.fullmatch(text)
    if not match:
        raise HoursError(
            f"'{text}' is not an interval of hours",
            'write "08:00-16:00"; several intervals as a list; "00:00-24:00" for a whole day',
        )
    start, end = _minutes(match.group(1)), _minutes(match.group(2))
    if start == MINUTES_PER_DAY:
        raise HoursError(f"'{text}' starts at 24:00", "start the interval at 00:00 of the next day")
    if end == start:
        raise HoursError(f"'{text}' is empty", 'an interval needs an end after its start: "08:00-16:00"')
    if end < start:
        end += MINUTES_PER_DAY
    return start, end


def weekly_intervals(hours: Mapping[str, str | Iterable[str]]) -> list[tuple[int, int, str]]:
    """Every open interval of the week as ``(start, end, day key)`` in minutes after Monday 00:00.

    Ends may pass the end of the week (a Sunday night shift); callers that
    compare intervals wrap them (see :func:`overlaps`).
    """
    out: list[tuple[int, int, str]] = []
    for key, value in hours.items():
        texts = [value] if isinstance(value, str) else list(value)
        for day in parse_days(key):
            for text in texts:
                start, end = parse_interval(text)
                base = day * MINUTES_PER_DAY
                out.append((base + start, base + end, key))
    return sorted(out)


def overlaps(intervals: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Pairs of day keys whose intervals overlap, wrapping around the week's end."""
    pieces: list[tuple[int, int, str]] = []
    for start, end, key in intervals:
        if end > MINUTES_PER_WEEK:
            pieces.append((start, MINUTES_PER_WEEK, key))
            pieces.append((0, end - MINUTES_PER_WEEK, key))
        else:
            pieces.append((start, end, key))
    pieces.sort()
    found: list[tuple[str, str]] = []
    reach, reach_key = -1, ""
    for start, end, key in pieces:
        if start < reach:
            found.append((reach_key, key))
        if end > reach:
            reach, reach_key = end, key
    return found
