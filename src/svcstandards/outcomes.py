"""The outcome column: for one standard, every row gets exactly one outcome.

``met``, ``missed``, ``pending``, ``excluded``, ``invalid`` or
``out_of_scope``, plus the measured value where it has one and the target
that applied. Everything here is whole-array numpy; the only Python loops
run over a standard's targets and matchers, never over rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._columns import NAT, Columns
from .model import (
    Abandons,
    AnyMeasure,
    DurationMeasure,
    FlagMeasure,
    PresenceMeasure,
    RepeatContactMeasure,
    ShareStandard,
    StatisticStandard,
    ValueMeasure,
)
from .scope import OpenCheck, where_mask
from .units import seconds_of

__all__ = [
    "EXCLUDED",
    "INVALID",
    "MET",
    "MISSED",
    "OUTCOMES",
    "OUT_OF_SCOPE",
    "PENDING",
    "RowOutcomes",
    "row_outcomes",
]

MET, MISSED, PENDING, EXCLUDED, INVALID, OUT_OF_SCOPE = range(6)
OUTCOMES = ("met", "missed", "pending", "excluded", "invalid", "out_of_scope")

# (start ns, end ns, calendar name or None) -> seconds, NaN where either is missing
Elapsed = Callable[[np.ndarray, np.ndarray, str | None], np.ndarray]
# paused spans of an event log: (row, start ns, end ns or NAT while still paused)
Spans = Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass
class RowOutcomes:
    """Per-row results of one standard (arrays as long as the data)."""

    outcome: np.ndarray  # int8 codes, see OUTCOMES
    measured: np.ndarray  # seconds for durations, the value otherwise; NaN where none
    low: np.ndarray  # at_least that applied (NaN: none)
    high: np.ndarray  # within / at_most that applied (NaN: none)
    duration: bool  # measured and targets are seconds of a duration
    start: np.ndarray | None = None  # ns UTC of the duration's start, for deadlines
    calendar: str | None = None
    as_of: int | None = None  # ns UTC used for open interactions


def _thresholds(
    standard: ShareStandard, columns: Columns, scope: np.ndarray, is_open: OpenCheck | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows in scope and the low / high limits per row; first matching target wins."""
    n = len(columns)
    if standard.targets is None:
        limit = seconds_of(standard.within if standard.within is not None else standard.at_most)
        return scope, np.full(n, seconds_of(standard.at_least)), np.full(n, limit)
    low, high = np.full(n, np.nan), np.full(n, np.nan)
    assigned = np.zeros(n, dtype=bool)
    for target in standard.targets:
        matches = where_mask(target.where, columns, standard.id, is_open) & ~assigned
        low[matches] = seconds_of(target.at_least)
        high[matches] = seconds_of(target.within if target.within is not None else target.at_most)
        assigned |= matches
    return scope & assigned, low, high


def _condition_met(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.asarray((np.isnan(high) | (value <= high)) & (np.isnan(low) | (value >= low)), dtype=bool)


def row_outcomes(
    standard: ShareStandard | StatisticStandard,
    measure: AnyMeasure,
    columns: Columns,
    *,
    elapsed: Elapsed,
    is_open: OpenCheck | None,
    as_of: int | None,
    spans: tuple[frozenset[str], Spans] | None = None,
) -> RowOutcomes | None:
    """The outcome of every row for ``standard``; ``None`` when a column is unusable.

    ``spans`` gives the paused spans of an event log, for a ``pause`` that
    names one of its keys (``status``).
    """
    scope = where_mask(standard.where, columns, standard.id, is_open)
    n = len(columns)
    if isinstance(standard, ShareStandard):
        if isinstance(measure, FlagMeasure):
            return _flag_rows(standard, measure, columns, scope)
        if isinstance(measure, PresenceMeasure):
            return _presence_rows(standard, measure, columns, scope)
        if isinstance(measure, RepeatContactMeasure):
            return _repeat_rows(standard, measure, columns, scope, as_of)
        scope, low, high = _thresholds(standard, columns, scope, is_open)
    else:
        low, high = _statistic_limits(standard, n)
    if isinstance(measure, DurationMeasure):
        abandons = standard.abandons if isinstance(standard, ShareStandard) else None
        return _duration_rows(standard, measure, columns, scope, low, high, abandons, elapsed, as_of, spans)
    if isinstance(measure, ValueMeasure):
        return _value_rows(standard, measure, columns, scope, low, high)
    return None  # statistics on flags are refused when the file is checked


def _statistic_limits(standard: StatisticStandard, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row limits of a statistic standard: each value against the statistic's limit."""
    name, test = standard.statistics()[0]
    if name == "nps":  # per row: a detractor (0-6) is missed
        return np.full(n, 7.0), np.full(n, np.nan)
    return np.full(n, seconds_of(test.at_least)), np.full(n, seconds_of(test.at_most))


def _flag_rows(
    standard: ShareStandard, measure: FlagMeasure, columns: Columns, scope: np.ndarray
) -> RowOutcomes | None:
    flags = columns.flags(standard.id, measure.flag)
    return None if flags is None else _true_false_rows(flags, scope)


def _presence_rows(
    standard: ShareStandard, measure: PresenceMeasure, columns: Columns, scope: np.ndarray
) -> RowOutcomes | None:
    series = columns.series(standard.id, measure.present)
    return None if series is None else _true_false_rows(series.notna().to_numpy().astype(np.int8), scope)


def _true_false_rows(flags: np.ndarray, scope: np.ndarray) -> RowOutcomes:
    """Rows in scope: 1 is met, 0 missed, -1 (missing) out of scope."""
    outcome = np.full(len(flags), OUT_OF_SCOPE, dtype=np.int8)
    outcome[scope & (flags == 1)] = MET
    outcome[scope & (flags == 0)] = MISSED
    nan = np.full(len(flags), np.nan)
    return RowOutcomes(outcome, np.where(flags >= 0, flags, np.nan).astype(np.float64), nan, nan, False)


def _repeat_rows(
    standard: ShareStandard,
    measure: RepeatContactMeasure,
    columns: Columns,
    scope: np.ndarray,
    as_of: int | None,
) -> RowOutcomes | None:
    """Met when the same customer (and topic) has another in-scope contact within the window.

    Contacts are the rows in scope, ordered by time (row order breaks ties):
    one sort, O(n log n). A contact whose window has not closed by ``as_of``
    and has no repeat yet is pending.
    """
    repeat = measure.repeat_contact
    time_column = repeat.time or standard.time
    customers = columns.series(standard.id, repeat.customer)
    topics = columns.series(standard.id, repeat.topic) if repeat.topic else None
    stamps = columns.timestamps(standard.id, time_column) if time_column else None
    if time_column is None:
        columns.problem(
            standard.id, "", "repeat_contact needs a time column", "give repeat_contact a time: column", "repeat_time"
        )
    if customers is None or stamps is None or (repeat.topic and topics is None):
        return None
    n = len(columns)
    customer_codes, _ = pd.factorize(customers, use_na_sentinel=True)
    group = np.asarray(customer_codes, dtype=np.int64)
    valid = (group >= 0) & (stamps != NAT)
    if topics is not None:
        topic_codes, topic_uniques = pd.factorize(topics, use_na_sentinel=False)
        group = group * (len(topic_uniques) + 1) + np.asarray(topic_codes, dtype=np.int64)
    contact = scope & valid
    rows = np.flatnonzero(contact)
    order = rows[np.lexsort((rows, stamps[rows], group[rows]))]
    next_time = np.full(n, NAT, dtype=np.int64)
    same = group[order[1:]] == group[order[:-1]]
    next_time[order[:-1][same]] = stamps[order[1:]][same]
    window = repeat.within.nanoseconds
    gap = np.where(next_time != NAT, next_time - stamps, np.iinfo(np.int64).max)
    repeated = contact & (next_time != NAT) & (gap <= window)
    outcome = np.full(n, OUT_OF_SCOPE, dtype=np.int8)
    outcome[scope & ~valid] = INVALID
    outcome[repeated] = MET
    undecided = contact & ~repeated
    if as_of is None:
        outcome[undecided] = MISSED
    else:
        still_open = undecided & (as_of - stamps < window)
        outcome[undecided & ~still_open] = MISSED
        outcome[still_open] = PENDING
    measured = np.where(next_time != NAT, (next_time - stamps) / 1e9, np.nan)
    limit = np.full(n, window / 1e9)
    return RowOutcomes(outcome, measured, np.full(n, np.nan), limit, True, stamps, None, as_of)


def _value_rows(
    standard: ShareStandard | StatisticStandard,
    measure: ValueMeasure,
    columns: Columns,
    scope: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> RowOutcomes | None:
    numbers = columns.numbers(standard.id, measure.column)
    if numbers is None:
        return None
    values, is_duration = numbers
    present = ~np.isnan(values)
    outcome = np.full(len(columns), OUT_OF_SCOPE, dtype=np.int8)
    met = _condition_met(values, low, high)
    outcome[scope & present & met] = MET
    outcome[scope & present & ~met] = MISSED
    if isinstance(standard, StatisticStandard) and standard.nps is not None:
        with np.errstate(invalid="ignore"):
            bad = ~((values >= 0) & (values <= 10))
        outcome[scope & present & bad] = INVALID
    return RowOutcomes(outcome, values, low, high, is_duration)


def _duration_rows(
    standard: ShareStandard | StatisticStandard,
    measure: DurationMeasure,
    columns: Columns,
    scope: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    abandons: Abandons | None,
    elapsed: Elapsed,
    as_of: int | None,
    spans: tuple[frozenset[str], Spans] | None = None,
) -> RowOutcomes | None:
    sid = standard.id
    start = columns.timestamps(sid, measure.from_)
    end = columns.timestamps(sid, measure.to)
    gave_up = columns.timestamps(sid, measure.abandoned) if measure.abandoned else None
    if spans is not None and isinstance(measure.pause, str) and measure.pause in spans[0]:
        paused: np.ndarray | bool | None = _spanseconds_of(spans[1], start, end, as_of, measure.calendar, elapsed)
    else:
        paused = _pausedseconds_of(standard, measure, columns, start, end, elapsed)
    if start is None or end is None or (measure.abandoned and gave_up is None) or paused is False:
        return None
    n = len(columns)
    has_start, has_end = start != NAT, end != NAT
    has_abandon = gave_up != NAT if gave_up is not None else np.zeros(n, dtype=bool)
    invalid = ~has_start | (has_end & (end < start))
    if gave_up is not None:
        invalid |= has_abandon & (gave_up < start)
    answered = scope & ~invalid & has_end
    abandoned = scope & ~invalid & ~has_end & has_abandon
    still_open = scope & ~invalid & ~has_end & ~has_abandon

    measured = elapsed(start, end, measure.calendar)
    if isinstance(paused, np.ndarray):
        measured = measured - paused
    outcome = np.full(n, OUT_OF_SCOPE, dtype=np.int8)
    outcome[scope & invalid] = INVALID
    met = _condition_met(measured, low, high)
    outcome[answered & met] = MET
    outcome[answered & ~met] = MISSED

    if gave_up is not None and abandoned.any():
        waited = elapsed(start, gave_up, measure.calendar)
        measured = np.where(abandoned, waited, measured)
        _abandon_outcomes(outcome, abandoned, waited, high, abandons)
        if isinstance(standard, StatisticStandard):
            outcome[abandoned] = EXCLUDED  # an abandon has no value to average

    if still_open.any():
        if as_of is None or isinstance(standard, StatisticStandard):
            # a statistic takes only finished values; open ones wait
            outcome[still_open] = PENDING
        else:
            waited = elapsed(start, np.full(n, as_of, dtype=np.int64), measure.calendar)
            if isinstance(paused, np.ndarray):
                waited = waited - paused
            measured = np.where(still_open, waited, measured)
            with np.errstate(invalid="ignore"):
                over = ~np.isnan(high) & (waited > high)
            outcome[still_open & over] = MISSED
            outcome[still_open & ~over] = PENDING
    return RowOutcomes(outcome, measured, low, high, True, start, measure.calendar, as_of)


def _abandon_outcomes(
    outcome: np.ndarray,
    abandoned: np.ndarray,
    waited: np.ndarray,
    high: np.ndarray,
    abandons: Abandons | None,
) -> None:
    """Apply the abandon convention (default: every abandon is missed)."""
    count_as = abandons.count_as if abandons else "missed"
    with np.errstate(invalid="ignore"):
        before_target = ~np.isnan(high) & (waited <= high)
    if count_as == "missed":
        outcome[abandoned] = MISSED
    elif count_as == "excluded":
        outcome[abandoned] = EXCLUDED
    elif count_as == "met_if_within":
        outcome[abandoned & before_target] = MET
        outcome[abandoned & ~before_target] = MISSED
    else:  # excluded_if_within
        outcome[abandoned & before_target] = EXCLUDED
        outcome[abandoned & ~before_target] = MISSED
    if abandons and abandons.ignore_shorter_than is not None:
        with np.errstate(invalid="ignore"):
            short = waited < seconds_of(abandons.ignore_shorter_than)
        outcome[abandoned & short] = EXCLUDED


def _spanseconds_of(
    spans: Spans,
    start: np.ndarray | None,
    end: np.ndarray | None,
    as_of: int | None,
    calendar: str | None,
    elapsed: Elapsed,
) -> np.ndarray | bool:
    """Per row, the open time of its paused spans inside [from, to] (or [from, as_of] while open)."""
    if start is None or end is None:
        return False
    rows, span_start, span_end = spans()
    row_start, row_end = start[rows], end[rows]
    stop = np.where(row_end != NAT, row_end, as_of if as_of is not None else NAT)
    lo = np.maximum(span_start, row_start)
    hi = np.where(span_end == NAT, stop, np.where(stop == NAT, span_end, np.minimum(span_end, stop)))
    valid = (row_start != NAT) & (hi != NAT) & (hi > lo)
    seconds = elapsed(np.where(valid, lo, 0), np.where(valid, hi, 0), calendar)
    seconds = np.where(valid, np.nan_to_num(seconds, nan=0.0), 0.0)
    return np.bincount(rows, weights=seconds, minlength=len(start)).astype(np.float64)


def _pausedseconds_of(
    standard: ShareStandard | StatisticStandard,
    measure: DurationMeasure,
    columns: Columns,
    start: np.ndarray | None,
    end: np.ndarray | None,
    elapsed: Elapsed,
) -> np.ndarray | bool | None:
    """Seconds to subtract: a column of paused seconds, or the open time of one pause interval.

    ``False`` when a pause column is unusable.
    """
    if measure.pause is None:
        return None
    if isinstance(measure.pause, str):
        numbers = columns.numbers(standard.id, measure.pause)
        if numbers is None:
            return False
        return np.asarray(np.nan_to_num(numbers[0], nan=0.0), dtype=np.float64)
    pause_start = columns.timestamps(standard.id, measure.pause.from_)
    pause_end = columns.timestamps(standard.id, measure.pause.to)
    if pause_start is None or pause_end is None or start is None or end is None:
        return False
    # the pause counts only inside [from, to]; an open interaction's pause runs to its end
    lo = np.maximum(pause_start, start)
    hi = np.where(end == NAT, pause_end, np.minimum(pause_end, end))
    valid = (pause_start != NAT) & (pause_end != NAT) & (start != NAT) & (hi > lo)
    seconds = elapsed(np.where(valid, lo, start), np.where(valid, hi, start), measure.calendar)
    return np.where(valid, np.nan_to_num(seconds, nan=0.0), 0.0)
