"""Timestamp columns as int64 microseconds: instants (UTC) and wall clocks in the file's time zone.

A naive timestamp is wall-clock time in the file's time zone, read as the
pandas engine reads it: an ambiguous time (the hour repeated when clocks go
back) is its first occurrence, a time that does not exist (the hour skipped
when clocks go forward) moves forward to the first time that does. Only one
operation needs the backend, the wall clock of an instant; the rest is
integer arithmetic in narwhals:

- the offsets a day before and a day after (``oA``, ``oB``) give two
  candidate instants ``w - oA`` and ``w - oB``;
- a candidate is right when its wall clock reads ``w`` again; when both
  are (an ambiguous time), the earlier wins;
- when neither is (a skipped time), the clocks changed at ``w - oA`` less
  the minutes past the hour: the skipped time starts on a whole hour of the
  local clock (as the current rules of every zone have it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._backends import Backend, TimeColumn

__all__ = ["TimeNames", "add_times"]

DAY_US = 86_400 * 10**6
HOUR_US = 3_600 * 10**6


class TimeNames:
    """The names of the int64 columns added for one timestamp column."""

    def __init__(self, index: int) -> None:
        self.instant = f"__svc_t{index}"
        self.wall = f"__svc_w{index}"
        self.interval_wall = self.wall  # the wall clock of the instant (see _intervals.add_interval_walls)


def add_times(
    nw: Any,
    frame: Any,
    backend: Backend,
    zones: Mapping[str, str],
    walls: set[str],
    timezone: str,
) -> tuple[Any, dict[str, TimeNames]]:
    """``frame`` with an instant column for each column of ``zones`` (``naive`` or ``aware``) and a wall-clock
    column for each of ``walls``; the names of the added columns by column."""
    names = {column: TimeNames(i) for i, column in enumerate(zones)}
    first: list[TimeColumn] = []
    to_localize: list[str] = []
    for column, zone in zones.items():
        name = names[column]
        first.append(TimeColumn(name.instant if zone == "aware" or timezone == "UTC" else name.wall, column, "epoch"))
        if zone == "naive" and timezone != "UTC":
            to_localize.append(column)
        elif zone == "naive" or timezone == "UTC":
            if column in walls:  # the wall clock is the instant's reading
                first.append(TimeColumn(name.wall, column, "epoch"))
        elif column in walls:
            first.append(TimeColumn(name.wall, column, "local"))
    frame = backend.add_times(frame, first, timezone)
    if to_localize:
        frame = _localize(nw, frame, backend, [names[c] for c in to_localize], timezone)
    return frame, names


def _localize(nw: Any, frame: Any, backend: Backend, names: list[TimeNames], timezone: str) -> Any:
    """Instants of naive wall clocks (see the module's docstring), a few passes of the backend's zone rules."""
    probes: dict[str, Any] = {}
    for i, name in enumerate(names):
        wall = nw.col(name.wall)
        probes[f"__svc_pa{i}"] = wall - DAY_US
        probes[f"__svc_pb{i}"] = wall + DAY_US
    frame = frame.with_columns(**probes)
    frame = backend.add_times(
        frame,
        [TimeColumn(f"__svc_l{p}", p, "local_us") for p in probes],
        timezone,
    )
    candidates: dict[str, Any] = {}
    for i, name in enumerate(names):
        wall = nw.col(name.wall)
        before = nw.col(f"__svc_l__svc_pa{i}") - nw.col(f"__svc_pa{i}")
        after = nw.col(f"__svc_l__svc_pb{i}") - nw.col(f"__svc_pb{i}")
        candidates[f"__svc_ua{i}"] = wall - before
        candidates[f"__svc_ub{i}"] = wall - after
    frame = frame.with_columns(**candidates)
    frame = backend.add_times(frame, [TimeColumn(f"__svc_l{c}", c, "local_us") for c in candidates], timezone)
    instants: dict[str, Any] = {}
    for i, name in enumerate(names):
        wall = nw.col(name.wall)
        first, second = nw.col(f"__svc_ua{i}"), nw.col(f"__svc_ub{i}")
        first_ok = (nw.col(f"__svc_l__svc_ua{i}") == wall).fill_null(False)
        second_ok = (nw.col(f"__svc_l__svc_ub{i}") == wall).fill_null(False)
        instants[name.instant] = (
            nw.when(first_ok & second_ok)
            .then(nw.min_horizontal(first, second))
            .otherwise(
                nw.when(first_ok)
                .then(first)
                .otherwise(nw.when(second_ok).then(second).otherwise(first - wall % HOUR_US))
            )
        )
    return frame.with_columns(**instants)
