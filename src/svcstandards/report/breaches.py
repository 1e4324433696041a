"""What :meth:`Report.breaches` needs beyond a filter: which rows count against a standard, and paused time.

A share standard with a ceiling ("at most 5% of calls abandoned") counts
the rows that *meet* its condition against it; one with a floor counts the
rows that *miss* it. :func:`against` says which outcomes a user looking
at a standard's failures wants to see. :func:`paused_before_deadline`
gives the paused seconds that push each row's deadline later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..calendars import business_seconds_ns
from ..engines._columns import NAT, Columns, seconds_between, stamps_from_ns
from ..engines.outcomes import INVALID, MISSED, OUTCOMES
from ..engines.row_calendars import row_seconds
from ..errors import InvalidArgumentError
from ..format.model import ShareStandard, StandardSet
from ..kinds.duration import DURATION, DurationMeasure, PauseSpan

if TYPE_CHECKING:
    from fractions import Fraction

    from ..format.parts import Tiers
    from .results import Report, StandardResult

__all__ = ["against", "breach_rows", "masked_rows", "paused_before_deadline"]


def against(result: StandardResult) -> list[str]:
    """The outcomes that count against the standard of ``result``.

    - a ceiling only (``ceiling: 5%`` on abandons): ``["met"]``, the rows
      that meet the condition the ceiling limits;
    - a floor only, and every statistic standard: ``["missed"]``;
    - a band (floor and ceiling): the side whose level a failing or warning
      results row crosses: ``["met"]`` above the ceiling, ``["missed"]``
      below the floor, both when rows cross each; both when no row fails or
      warns (every decided row pulls towards one of the two levels).
    """
    standard = result.standard
    if not isinstance(standard, ShareStandard):
        return ["missed"]
    floor, ceiling = standard.floor_tiers, standard.ceiling_tiers
    if ceiling is None:
        return ["missed"]
    if floor is None:
        return ["met"]
    frame = result.frame
    flagged = frame["status"].isin(["fail", "warn"]).to_numpy()
    met = frame["met"].to_numpy(dtype=np.int64)
    n = frame["n"].to_numpy(dtype=np.int64)
    # the warn level when there is one (it is crossed first), else the fail level: as the status is decided
    above = met * _level(ceiling).denominator > _level(ceiling).numerator * n
    below = met * _level(floor).denominator < _level(floor).numerator * n
    sides = [side for side, crossed in (("met", above), ("missed", below)) if (flagged & crossed).any()]
    return sides or ["met", "missed"]


def _level(tiers: Tiers) -> Fraction:
    return (tiers.warn or tiers.fail).fraction


def paused_before_deadline(
    result: StandardResult, standard_set: StandardSet, mask: np.ndarray, limit: np.ndarray
) -> np.ndarray | None:
    """Seconds the clock of each row in ``mask`` stood still before its deadline (NaN: unknown).

    ``None`` when the measure has no pause. ``limit`` is each masked row's
    limit in seconds. A pause held in two columns (``pause: {from, to}``) is
    exact: it counts when it starts before the deadline the row would have
    without it (a pause without an end counts nothing, as in the measured
    value). The paused spans of an event log (``pause: status``) are exact
    too (:func:`_spans_before_deadline`). A paused-seconds column (``pause:
    on_hold_seconds``) counts all the row's paused time as if it fell before
    the deadline: when it fell is not known to the report.
    NaN where a column cannot be read (a name given only to ``evaluate(columns=...)``).
    """
    measure = standard_set.measure_of(result.standard)
    rows = result.rows
    if not isinstance(measure, DurationMeasure) or measure.pause is None or rows.start is None:
        return None
    if result.standard.unit == "reply":  # the rows are reply cycles, measured between their own columns
        measure = DURATION.reply_cycles(measure)[1]
    pause = measure.pause
    if pause is None:
        return None
    columns = Columns(result.data.loc[mask], standard_set.column_map, standard_set.timezone)
    start = rows.start[mask]
    unknown = np.full(len(start), np.nan)
    if isinstance(pause, PauseSpan):
        return _span_before_deadline(result, columns, pause, start, limit, rows.codes(mask))
    if isinstance(pause, str) and pause != "status":
        found = columns.numbers(result.standard.id, pause)
        return unknown if found is None else np.nan_to_num(found[0], nan=0.0)
    if rows.pause_spans is not None:  # paused spans of an event log: those that start before the deadline
        return _spans_before_deadline(result, mask, start, limit)
    # without the spans: all the row's paused time, as the measured value subtracted it
    end = _stamps(columns, result.standard.id, measure.to)
    if measure.abandoned:
        gave_up = _stamps(columns, result.standard.id, measure.abandoned)
        end = None if end is None or gave_up is None else np.where(end == NAT, gave_up, end)
    if end is None:
        return unknown
    as_of = rows.as_of if rows.as_of is not None else NAT
    end = np.where(end == NAT, as_of, end)
    elapsed = _elapsed(result, start, end, rows.codes(mask))
    with np.errstate(invalid="ignore"):
        paused = elapsed - rows.measured[mask]
    return np.where(np.isnan(paused), np.nan, np.maximum(paused, 0.0))


def _span_before_deadline(
    result: StandardResult,
    columns: Columns,
    pause: PauseSpan,
    start: np.ndarray,
    limit: np.ndarray,
    codes: np.ndarray | None,
) -> np.ndarray:
    standard = result.standard.id
    pause_start, pause_end = _stamps(columns, standard, pause.from_), _stamps(columns, standard, pause.to)
    if pause_start is None or pause_end is None:
        return np.full(len(start), np.nan)
    without = result.rows.deadlines_from(start, limit, codes)  # the deadline the row would have without the pause
    # as the measured value counts it: inside the interaction, and only once it has ended
    lo = np.maximum(pause_start, start)
    counts = (pause_start != NAT) & (pause_end != NAT) & (start != NAT) & (without != NAT)
    counts &= (lo < without) & (pause_end > lo)
    seconds = _elapsed(result, np.where(counts, lo, start), np.where(counts, pause_end, start), codes)
    return np.where(counts, np.nan_to_num(seconds, nan=0.0), 0.0)


def _spans_before_deadline(
    result: StandardResult, mask: np.ndarray, start: np.ndarray, limit: np.ndarray
) -> np.ndarray:
    """Per row of ``mask``: the paused time of its spans that start before the clock reaches ``limit``.

    Time is counted from the row's start on the measure's clock (open time on
    a business calendar). The spans of a row do not overlap; in order of
    their start, a span counts when it starts before the limit plus the
    paused time counted so far, and once one does not, no later one does.
    A span still open at ``as_of`` ends there. Sorting the spans: O(s log s).
    """
    rows = result.rows
    assert rows.pause_spans is not None
    owner, span_start, span_end = rows.pause_spans()
    row = masked_rows(mask)[owner]
    as_of = rows.as_of if rows.as_of is not None else NAT
    span_end = np.where(span_end == NAT, as_of, span_end)
    keep = (row >= 0) & (span_start != NAT) & (span_end != NAT)
    row, span_start, span_end = row[keep], span_start[keep], span_end[keep]
    row_start = start[row]
    span_start = np.maximum(span_start, row_start)
    keep = (row_start != NAT) & (span_end > span_start)
    row, row_start, span_start, span_end = row[keep], row_start[keep], span_start[keep], span_end[keep]
    codes = rows.codes(mask)
    codes = None if codes is None else codes[row]
    begins = _elapsed(result, row_start, span_start, codes)  # seconds after the row's start, on its clock
    length = _elapsed(result, row_start, span_end, codes) - begins
    order = np.lexsort((begins, row))
    row, begins, length = row[order], begins[order], length[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = row[1:] != row[:-1]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(row)), 0))
    total = np.cumsum(length)
    before = total - length - (total - length)[group_start]  # paused time of the row's earlier spans
    late = ~(begins < limit[row] + before)  # NaN limit: no deadline, nothing counts
    late_so_far = np.cumsum(late) - (np.cumsum(late) - late)[group_start]
    counted = late_so_far == 0
    return np.bincount(row[counted], weights=length[counted], minlength=len(start))


def masked_rows(mask: np.ndarray) -> np.ndarray:
    """Per row of the data: its position among the rows of ``mask`` (-1 for a row outside it)."""
    place = np.full(len(mask), -1, dtype=np.int64)
    place[np.flatnonzero(mask)] = np.arange(int(np.count_nonzero(mask)))
    return place


def _stamps(columns: Columns, standard: str, column: str) -> np.ndarray | None:
    return columns.timestamps(standard, column) if columns.name(column) in columns.data.columns else None


def _elapsed(result: StandardResult, start: np.ndarray, end: np.ndarray, codes: np.ndarray | None) -> np.ndarray:
    """Seconds from ``start`` to ``end`` on the measure's calendar (NaN where either is missing).

    ``codes``: with a calendar per row, the calendar code of each pair (NaN where none).
    """
    rows = result.rows
    if codes is not None:
        seconds = row_seconds(start, end, rows.business_calendars, codes)
    elif rows.business_calendar is None:
        seconds = np.asarray(seconds_between(start, end), dtype=np.float64)
    else:
        seconds = np.asarray(business_seconds_ns(start, end, rows.business_calendar), dtype=np.float64)
    return np.where((start == NAT) | (end == NAT), np.nan, seconds)


def breach_rows(report: Report, result: StandardResult, outcome: str | Sequence[str] | None) -> Any:
    """The rows of :meth:`Report.breaches` (see there): a pandas DataFrame, or a lazy filter of a lazy engine."""
    if outcome is None:
        outcome = against(result)
    wanted = [outcome] if isinstance(outcome, str) else list(outcome)
    unknown = [o for o in wanted if o not in OUTCOMES]
    if unknown:
        raise InvalidArgumentError(f"unknown outcome {unknown[0]!r}; outcomes are {', '.join(OUTCOMES)}")
    lazy = result.lazy_rows(wanted)
    if lazy is not None:  # the rows stayed in Polars or DuckDB: a lazy filter in its own type
        return lazy
    codes = [OUTCOMES.index(o) for o in wanted]
    mask = np.isin(result.outcome, codes)
    rows = result.rows
    picked = (result.shown if result.shown is not None else result.data).loc[mask].copy()
    outcomes = result.outcome[mask]
    extra: dict[str, Any] = {"outcome": np.asarray(OUTCOMES, dtype=object)[outcomes]}
    measured = rows.measured[mask]
    high, low = rows.high[mask], rows.low[mask]
    with np.errstate(invalid="ignore"):
        # the bound that was crossed: below at_least -> at_least, else at_most / within
        lower = np.isnan(high) | (~np.isnan(low) & (measured < low))
        target = np.where(lower, low, high)
        over = np.where(lower, low - measured, measured - high)
        # missed without being past the target (an abandon counted as missed): not "over" at all
        over = np.where((outcomes == MISSED) & ~(over > 0), np.nan, over)
        over = np.where(outcomes == INVALID, np.nan, over)  # an error of the data is over nothing
    if rows.duration:
        extra["measured"] = pd.to_timedelta(measured, unit="s")
        extra["target"] = pd.to_timedelta(target, unit="s")
        extra["over"] = pd.to_timedelta(over, unit="s")
        if rows.start is not None:
            paused = paused_before_deadline(result, report.standard_set, mask, high)
            extra["deadline"] = stamps_from_ns(rows.deadlines(mask, paused), report.standard_set.timezone)
    else:
        extra |= {"measured": measured, "target": target, "over": over}
    for name, values in extra.items():
        column = f"svc_{name}" if name in picked.columns else name
        picked[column] = pd.Series(values, index=picked.index) if isinstance(values, pd.Index) else values
    return picked
