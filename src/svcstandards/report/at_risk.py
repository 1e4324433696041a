"""Open items and those about to breach: deadline, time left and the share of the allowed time elapsed.

An open interaction of a duration standard (no end yet at ``as_of``, still
within its limit) is ``pending``. For each, :func:`open_items` gives:

- ``deadline``: when its limit runs out, on the measure's clock (open time
  on a business calendar; later by the paused time that fell before it);
- ``time_left``: the limit less the time elapsed so far on that clock;
- ``elapsed``: the share of the limit used so far (``0.75`` is 75%);
- ``alert``: the highest of the standard's ``alert_at`` shares the item
  has reached (``"75%"``), empty below the first or without ``alert_at``;
- ``paused``: a pause is still running at ``as_of`` (a pause span started
  and not ended, or a paused status of the event log still open). Then the
  clock stands still and the deadline is not known yet: ``deadline`` and
  ``time_left`` are empty.

:func:`at_risk` keeps the items whose time left is at most ``within``, or
whose elapsed share is at least ``elapsed`` (without either: those that
reached their standard's first ``alert_at`` share), soonest deadline first. Items
already past their limit are ``missed``, not open: ``breaches()`` lists
them. Whole-array operations on the pending rows; sorting them is
O(p log p).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..engines._columns import NAT, Columns, stamps_from_ns
from ..engines.outcomes import PENDING
from ..errors import InvalidArgumentError
from ..format.model import DurationMeasure
from ..format.units import Duration, Percent, UnitError
from ..kinds.duration import PauseSpan, PauseStatuses
from .breaches import masked_rows, paused_before_deadline

if TYPE_CHECKING:
    from .results import Report, StandardResult

__all__ = ["alert_counts", "at_risk", "open_items"]

ADDED = ("standard", "deadline", "time_left", "elapsed", "alert", "paused")
_NS = "__svc_deadline_ns"  # the deadline as ns UTC, to sort by (dropped)


def open_items(report: Report, standards: Sequence[str] | None = None) -> pd.DataFrame:
    """Every open (pending) item of the duration standards, soonest deadline first, paused items last."""
    frames = []
    for result in report.results:
        if standards is not None and result.standard.id not in standards:
            continue
        if result.lazy_rows(["pending"]) is not None:
            raise InvalidArgumentError(
                f"open items of standard '{result.standard.id}' need the rows, which stayed in "
                f"{getattr(result, 'engine', 'the engine')}; evaluate the open items as a pandas DataFrame"
            )
        if not result.rows.duration or not (result.outcome == PENDING).any():
            continue
        frames.append(_items(report, result))
    if not frames:
        return pd.DataFrame(columns=list(ADDED))
    found = pd.concat(frames, ignore_index=True, sort=False)
    order = np.lexsort((found.pop(_NS).to_numpy(dtype=np.int64), found["paused"].to_numpy(dtype=bool)))
    return found.iloc[order].reset_index(drop=True)


def at_risk(
    report: Report,
    *,
    within: str | Duration | None = None,
    elapsed: str | float | Percent | None = None,
    standards: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The open items with at most ``within`` left, or at least ``elapsed`` of their limit used.

    ``within`` is a duration (``"1h"``, ``"30m"``), ``elapsed`` a share
    (``"75%"`` or ``0.75``); an item is at risk when it meets either one
    given. Without either, an item is at risk once it reaches the first of
    its standard's ``alert_at`` shares. A paused item is at risk by its
    share only (it has no deadline while paused).
    """
    items = open_items(report, standards)
    if within is None and elapsed is None:
        if not any(getattr(r.standard, "alert_at", ()) for r in report.results):
            raise InvalidArgumentError(
                "at_risk needs within= (a duration such as '1h') or elapsed= (a share such as '75%'), "
                "or standards with alert_at: [50%, 75%]"
            )
        alerted: pd.DataFrame = items.loc[items["alert"].to_numpy(dtype=object) != ""].reset_index(drop=True)
        return alerted
    keep = np.zeros(len(items), dtype=bool)
    if within is not None:
        limit = _duration(within)
        left = items["time_left"].to_numpy(dtype="m8[ns]").astype(np.int64)
        keep |= (left != NAT) & (left <= limit.nanoseconds)
    if elapsed is not None:
        share = _share(elapsed)
        keep |= items["elapsed"].to_numpy(dtype=np.float64) >= share
    return items.loc[keep].reset_index(drop=True)


def _items(report: Report, result: StandardResult) -> pd.DataFrame:
    """The pending rows of one duration standard with the added columns."""
    mask = result.outcome == PENDING
    rows = result.rows
    measured, high = rows.measured[mask], rows.high[mask]
    paused = _paused_now(report, result, mask)
    before = paused_before_deadline(result, report.standard_set, mask, high)
    deadline = rows.deadlines(mask, before)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(high > 0, measured / high, np.where(measured >= 0, 1.0, np.nan))
    left = np.where(paused, np.nan, high - measured)
    deadline = np.where(paused, NAT, deadline)
    shown = (result.shown if result.shown is not None else result.data).loc[mask]
    added: dict[str, Any] = {
        "standard": result.standard.id,
        "deadline": stamps_from_ns(deadline, report.standard_set.timezone),
        "time_left": pd.to_timedelta(left, unit="s"),
        "elapsed": share,
        "alert": _alerts(share, getattr(result.standard, "alert_at", ())),
        "paused": paused,
    }
    frame = shown.copy()
    for name in frame.columns.intersection(list(ADDED)):
        frame = frame.rename(columns={name: f"data_{name}"})
    for name, values in added.items():
        frame[name] = values.to_numpy() if isinstance(values, pd.Index) else values
    frame = pd.DataFrame(frame[[*ADDED, *[c for c in frame.columns if c not in ADDED]]])
    frame[_NS] = np.where(deadline == NAT, np.iinfo(np.int64).max, deadline)
    return frame


def _alerts(share: np.ndarray, alert_at: Sequence[Percent]) -> np.ndarray:
    """The highest of ``alert_at`` each share has reached, as text (``"75%"``); ``""`` below the first."""
    found = np.full(len(share), "", dtype=object)
    for level in alert_at:  # from the smallest up: a later one overwrites
        found[share >= float(level.fraction)] = str(level)
    return found


def alert_counts(result: StandardResult) -> dict[str, int]:
    """How many open items of ``result`` have reached each of its standard's ``alert_at`` shares."""
    levels = getattr(result.standard, "alert_at", ())
    if not levels or result.lazy_rows(["pending"]) is not None or not result.rows.duration:
        return {}
    mask = result.outcome == PENDING
    with np.errstate(invalid="ignore", divide="ignore"):
        share = result.rows.measured[mask] / result.rows.high[mask]
    return {str(level): int(np.count_nonzero(share >= float(level.fraction))) for level in levels}


def _paused_now(report: Report, result: StandardResult, mask: np.ndarray) -> np.ndarray:
    """Per pending row: a pause is running at ``as_of`` (a span started and not ended, or an open status)."""
    rows = result.rows
    count = int(np.count_nonzero(mask))
    none = np.zeros(count, dtype=bool)
    measure = report.standard_set.measure_of(result.standard)
    if not isinstance(measure, DurationMeasure) or measure.pause is None or rows.as_of is None:
        return none
    pause = measure.pause
    if isinstance(pause, PauseSpan):
        columns = Columns(result.data.loc[mask], report.standard_set.column_map, report.standard_set.timezone)
        started = columns.timestamps(result.standard.id, pause.from_)
        ended = columns.timestamps(result.standard.id, pause.to)
        if started is None or ended is None:
            return none
        running = (started != NAT) & (started <= rows.as_of) & ((ended == NAT) | (ended > rows.as_of))
        return np.asarray(running, dtype=bool)
    if (pause == "status" or isinstance(pause, PauseStatuses)) and rows.pause_spans is not None:
        owner, span_start, span_end = rows.pause_spans()
        row = masked_rows(mask)[owner]
        running = (row >= 0) & (span_start != NAT) & (span_start <= rows.as_of)
        running &= (span_end == NAT) | (span_end > rows.as_of)
        return np.asarray(np.bincount(row[running], minlength=count) > 0, dtype=bool)
    return none  # a column of paused seconds says how long, not whether a pause is running now


def _duration(value: str | Duration) -> Duration:
    if isinstance(value, Duration):
        return value
    try:
        return Duration.parse(value)
    except UnitError as error:
        raise InvalidArgumentError(f"within must be a duration such as '1h' or '30m', got {value!r}") from error


def _share(value: str | float | Percent) -> float:
    if isinstance(value, Percent):
        return float(value.fraction)
    try:
        return float(Percent.parse(value).fraction)
    except (UnitError, TypeError, ValueError) as error:
        raise InvalidArgumentError(f"elapsed must be a share such as '75%' or 0.75, got {value!r}") from error
