"""The interval report: a service-level standard's half-hours in a workforce planner's terms.

One row per interval (and per group of the standard's ``by``) with the calls
offered, answered, abandoned (short abandons apart), still open and invalid,
the service level under the standard's own abandon convention (the share
:func:`svcstandards.evaluate` gives that interval), the average speed of
answer and, when the data supports them, the average handle time and the
occupancy. A metric the data cannot support is left out, and
``frame.attrs["missing"]`` says why.

The rows are scored once by :func:`svcstandards.evaluate` (the same plan,
the same outcomes); this module only counts them per interval, on
evaluate's own integer keys (group x interval) with ``np.bincount``: O(n),
no loop over rows.

>>> import pandas as pd, svcstandards
>>> calls = pd.read_csv("examples/call_log_sample.csv")
>>> table = svcstandards.interval_report(svcstandards.load_preset("call-log"), calls, standard="service-level-60s")
>>> table[["offered", "answered", "abandoned"]].sum().tolist()
[9, 7, 2]
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..dataio import read_data, reading_options
from ..engines._columns import NAT, Columns
from ..engines._grouping import NO_PERIOD, group_rows, orderable, period_index
from ..engines._intervals import MINUTE_NS, interval_starts, is_interval
from ..engines.lazy import choose_engine
from ..engines.outcomes import INVALID, MET, MISSED, OUT_OF_SCOPE, PENDING
from ..errors import DataError, DataProblem, InvalidArgumentError, UsageError
from ..evaluate import evaluate
from ..format.loader import load
from ..format.measures import DurationMeasure
from ..format.model import ShareStandard, StandardSet
from ..format.parts import INTERVAL_MINUTES
from ..format.units import seconds_of
from ..plan.prepare import compile_prepare
from .results import StandardResult

__all__ = ["HANDLE_COLUMNS", "interval_report", "service_level_standards"]

#: The names ``columns:`` maps to the data's handle-time columns (seconds or timedeltas per call): the parts,
#: added up, or ``HANDLE_TIME``, the whole handle time in one column (it wins when both are mapped).
HANDLE_COLUMNS = ("talk_time", "hold_time", "wrap_time")
HANDLE_TIME = "handle_time"

_COUNTS = ("offered", "answered", "abandoned", "short_abandoned", "open", "invalid")


def service_level_standards(standard_set: StandardSet) -> list[ShareStandard]:
    """The standards an interval report can be built from: share standards of a duration measure with ``within``."""
    return [
        s
        for s in standard_set.standards
        if isinstance(s, ShareStandard)
        and s.within is not None
        and s.unit == "interaction"
        and isinstance(standard_set.measure_of(s), DurationMeasure)
    ]


def interval_report(
    standards: StandardSet | str | os.PathLike[str],
    data: pd.DataFrame | str | os.PathLike[str],
    *,
    standard: str | None = None,
    period: str = "30min",
    by: str | Sequence[str] | None = None,
    as_of: Any = None,
    columns: Mapping[str, str] | None = None,
    final: bool | None = None,
    agents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per interval (and group) of a service-level standard: offered, answered, abandoned, SL, ASA...

    ``standard`` picks the service-level standard by id (a share standard of
    a duration measure with ``within``); without it the file must have one
    such standard. ``period`` is an interval length (``5min`` ... ``1h``),
    cut as ``period: 30min`` is; ``by``, ``as_of``, ``columns`` and
    ``final`` mean what they mean for :func:`svcstandards.evaluate`.
    ``agents`` is a table of staffed time per interval (``start``, then
    ``staffed_seconds`` or ``agents``, and the ``by`` columns): with the
    handle-time columns it gives the occupancy.

    The columns are ``interval`` (the start, aware, in the file's time zone),
    the group columns, ``offered``, ``answered``, ``abandoned``,
    ``short_abandoned``, ``open``, ``invalid``, ``service_level``,
    ``asa_seconds``, ``aht_seconds``, ``staffed_seconds`` and ``occupancy``;
    those the data cannot support are absent and named with the reason in
    ``frame.attrs["missing"]`` (see ``docs/intervals.md``). ``data`` may be
    the path of a data file, read whole with the file's ``data:`` options;
    data of Polars, DuckDB or Spark is refused: the report is computed with
    pandas.
    """
    standard_set = load(standards) if isinstance(standards, str | os.PathLike) else standards
    if not isinstance(standard_set, StandardSet):
        raise UsageError(f"standards must be a StandardSet or a path, got {type(standards).__name__}")
    chosen = _choose(standard_set, standard)
    if not is_interval(period):
        raise InvalidArgumentError(
            f"period must be an interval of the day ({', '.join(INTERVAL_MINUTES)}), not {period!r}"
        )
    engine, data = choose_engine(data, "pandas" if isinstance(data, str | os.PathLike) else None)
    if engine == "pandas" and not isinstance(data, pd.DataFrame):  # a path: read whole
        data = read_data(data, **reading_options(data, standard_set.data))
    elif engine != "pandas":
        raise UsageError(
            f"the interval report is computed with pandas; {engine} data is not supported yet. "
            "Hint: collect it into a pandas DataFrame first (a Polars frame: .to_pandas(); "
            "a DuckDB relation: .df(); Spark: .toPandas()), or pass the file's path"
        )
    subset = standard_set.select(chosen.id)
    report = evaluate(subset, data, by=by, period=period, as_of=as_of, columns=columns, final=final)
    result = report.results[0]
    mapping = {**standard_set.column_map, **(columns or {})}
    by_override = (by,) if isinstance(by, str) else (tuple(by) if by is not None else None)
    cols = Columns(
        result.data,
        mapping,
        standard_set.timezone,
        prepared=compile_prepare(standard_set, columns=columns, by=by_override),
    )
    measure = standard_set.measure_of(chosen)
    assert isinstance(measure, DurationMeasure)
    rows, missing = _row_flags(chosen, measure, result, cols, period, standard_set.timezone)
    table = _per_interval(rows, result.group_columns, standard_set.timezone)
    if agents is not None:
        staffed = _staffed(agents, result.group_columns, standard_set.timezone, period)
        table = _with_occupancy(table, staffed, result.group_columns, missing)
    else:
        missing["occupancy"] = "needs agents= (staffed seconds or agents per interval; --agents FILE)"
    shown = [c for c in _output_order(result.group_columns) if c in table.columns and c not in missing]
    out = table[shown].reset_index(drop=True)
    out.attrs = {
        "standard": chosen.id,
        "period": period,
        "missing": missing,
        "unplaced": rows.unplaced,
        "time": result.time,
        "problems": report.problems,
    }
    return out


@dataclass
class _Rows:
    """What the report sums per row (flags and seconds), which rows it places, their intervals and groups."""

    per_row: dict[str, np.ndarray]
    placed: np.ndarray  # in scope and with a time
    interval: np.ndarray  # the interval index of every row (NO_PERIOD without a time)
    by: list[pd.Series]
    unplaced: int  # rows in scope without a time: in no interval


def _choose(standard_set: StandardSet, standard: str | None) -> ShareStandard:
    candidates = service_level_standards(standard_set)
    names = ", ".join(s.id for s in candidates) or "none"
    hint = "a share standard of a duration measure with within: (e.g. the call-log preset's service-level-60s)"
    if standard is not None:
        picked = standard_set.get(standard)
        if picked not in candidates:
            raise UsageError(
                f"standard '{standard}' is not a service level: the interval report needs {hint}. "
                f"Hint: the file's service-level standards are: {names}"
            )
        assert isinstance(picked, ShareStandard)
        return picked
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UsageError(f"the interval report needs {hint}; {standard_set.source} has none")
    raise UsageError(
        f"{standard_set.source} has {len(candidates)} service-level standards: {names}. "
        f"Hint: choose one with standard= (--standard ID), e.g. standard='{candidates[0].id}'"
    )


def _row_flags(
    standard: ShareStandard,
    measure: DurationMeasure,
    result: StandardResult,
    cols: Columns,
    period: str,
    timezone: str,
) -> tuple[_Rows, dict[str, str]]:
    """Per row: the flags and seconds the report sums, whether it is placed (in scope, with a time), its interval."""
    outcome, measured = result.rows.outcome, result.rows.measured
    time_column = result.time or measure.from_
    when = cols.timestamps(standard.id, time_column)
    end = cols.timestamps(standard.id, measure.to)
    gave_up = cols.timestamps(standard.id, measure.abandoned) if measure.abandoned else None
    handle, missing = _handle_seconds(standard.id, cols)
    if when is None or end is None or (measure.abandoned and gave_up is None) or cols.problems:
        raise DataError(cols.problems)
    in_scope = outcome != OUT_OF_SCOPE
    placed = in_scope & (when != NAT)
    invalid = outcome == INVALID
    answered = ~invalid & (end != NAT)
    unanswered = ~invalid & ~answered
    short = np.zeros(len(outcome), dtype=bool)
    if gave_up is not None:
        abandon = unanswered & (gave_up != NAT)
        open_ = unanswered & ~abandon
        limit = standard.abandons.ignore_shorter_than if standard.abandons else None
        if limit is not None:
            short = abandon & (measured < seconds_of(limit))
        else:
            missing["short_abandoned"] = "needs abandons: {ignore_shorter_than: ...} on the standard"
        abandoned = abandon & ~short
    else:  # no abandon time: an unanswered call the evaluation has decided (no longer pending) was abandoned
        open_ = unanswered & (outcome == PENDING)
        abandoned = unanswered & ~open_
        missing["short_abandoned"] = "needs abandoned: on the measure (when the caller hung up)"
    by_series = [cols.series(standard.id, column) for column in result.group_columns]
    timed = answered & ~np.isnan(handle)
    per_row = {
        "offered": placed,
        "answered": answered,
        "abandoned": abandoned,
        "short_abandoned": short,
        "open": open_,
        "invalid": invalid,
        "_met": outcome == MET,
        "_missed": outcome == MISSED,
        "_timed": timed,
        "_wait": np.where(answered, measured, 0.0),
        "_handle": np.where(timed, handle, 0.0),
    }
    by = [series for series in by_series if series is not None]
    unplaced = int(np.count_nonzero(in_scope & ~placed))
    return _Rows(per_row, placed, period_index(when, timezone, period), by, unplaced), missing


def _handle_seconds(standard: str, cols: Columns) -> tuple[np.ndarray, dict[str, str]]:
    """Handle seconds per row: ``handle_time``, or talk + hold + wrap (NaN where one is missing, or all when
    neither is mapped)."""
    if HANDLE_TIME in cols.mapping:
        parts: tuple[str, ...] = (HANDLE_TIME,)
    else:
        parts = HANDLE_COLUMNS
        unmapped = [name for name in HANDLE_COLUMNS if name not in cols.mapping]
        if unmapped:
            which = "none is mapped" if len(unmapped) == len(HANDLE_COLUMNS) else f"{', '.join(unmapped)} not mapped"
            reason = f"needs {HANDLE_TIME}, or {', '.join(HANDLE_COLUMNS)}, in columns: ({which})"
            return np.full(len(cols), np.nan), {"aht_seconds": reason}
    total = np.zeros(len(cols), dtype=np.float64)
    for name in parts:
        read = cols.numbers(standard, name)
        if read is None:
            continue  # a problem is in cols.problems
        values = read[0]
        negative = values < 0
        if negative.any():
            shown = cols.described(cols.data[cols.name(name)], negative, ("negative", "negative"))
            cols.problem(
                standard,
                cols.name(name),
                f"{name}: expected seconds of 0 or more; {shown}",
                "a handle time cannot be negative: fix the export or leave the value blank",
            )
        total += values
    return total, {}


def _per_interval(rows: _Rows, group_columns: Sequence[str], timezone: str) -> pd.DataFrame:
    """The sums per (group, interval) and the ratios made of them, in group then time order.

    The keys are evaluate's (:func:`group_rows`); one ``np.bincount`` per column over the placed rows.
    """
    grouping = group_rows(rows.by, rows.interval, len(rows.placed), consume_periods=True)
    keys = grouping.keys[rows.placed]
    n_keys = grouping.n_keys
    sums: dict[str, Any] = {}
    for name, values in rows.per_row.items():
        if values.dtype == bool:
            sums[name] = np.bincount(keys[values[rows.placed]], minlength=n_keys)
        else:
            sums[name] = np.bincount(keys, weights=values[rows.placed], minlength=n_keys)
    seen = sums["offered"] > 0
    assert grouping.period_index is not None
    columns: dict[str, Any] = dict(zip(group_columns, (values[seen] for values in grouping.group_values), strict=True))
    columns["_interval"] = grouping.period_index[seen]
    columns.update({name: total[seen] for name, total in sums.items()})
    table = pd.DataFrame(columns)
    order = [*group_columns, "_interval"]
    try:
        table = table.sort_values(order, kind="stable", na_position="last")
    except TypeError:  # a group column mixes values that do not compare
        table = table.sort_values(order, kind="stable", na_position="last", key=orderable)
    minutes = table["_interval"].to_numpy(dtype=np.int64)
    table.insert(0, "interval", interval_starts(minutes, minutes == NO_PERIOD, timezone))
    decided = table["_met"] + table["_missed"]
    with np.errstate(invalid="ignore", divide="ignore"):
        table["service_level"] = (table["_met"] / decided).where(decided > 0)
        table["asa_seconds"] = (table["_wait"] / table["answered"]).where(table["answered"] > 0)
        table["aht_seconds"] = (table["_handle"] / table["_timed"]).where(table["_timed"] > 0)
    return table.reset_index(drop=True)


def _staffed(agents: pd.DataFrame, group_columns: Sequence[str], timezone: str, period: str) -> pd.DataFrame:
    """Staffed seconds per (group, interval) from ``agents``: ``start`` + ``staffed_seconds`` or ``agents``."""
    if not isinstance(agents, pd.DataFrame):
        raise UsageError(f"agents must be a pandas DataFrame, got {type(agents).__name__}")
    length = INTERVAL_MINUTES[period] * 60
    amount = "staffed_seconds" if "staffed_seconds" in agents.columns else "agents"
    needed = ["start", amount, *group_columns]
    problems = [
        DataProblem(
            "agents",
            name,
            "the agents table has no such column",
            "give start (the interval's start), staffed_seconds or agents, and each by column of the report",
            "column_missing",
        )
        for name in needed
        if name not in agents.columns
    ]
    if problems:
        raise DataError(problems)
    cols = Columns(agents, {}, timezone)
    start = cols.timestamps("agents", "start")
    read = cols.numbers("agents", amount)
    if start is not None and read is not None:
        index = period_index(start, timezone, period)
        off = (start != NAT) & (index * MINUTE_NS != start)
        if off.any():
            shown = cols.described(agents["start"], off, (f"not a {period} start", f"not {period} starts"))
            cols.problem("agents", "start", shown, f"give the start of each {period} interval (10:00, 10:30 ...)")
        bad = ~np.isnan(read[0]) & (read[0] < 0)
        if bad.any():
            cols.problem("agents", amount, cols.described(agents[amount], bad, ("negative", "negative")))
    if cols.problems or start is None or read is None:
        raise DataError(cols.problems)
    seconds = read[0] * length if amount == "agents" else read[0]
    frame: dict[str, Any] = {c: agents[c].reset_index(drop=True) for c in group_columns}
    frame["_interval"] = index
    frame["staffed_seconds"] = seconds
    placed = pd.DataFrame(frame)[start != NAT]
    keys = [*group_columns, "_interval"]
    summed: pd.DataFrame = (
        placed.groupby(keys, dropna=False, sort=False)["staffed_seconds"].sum(min_count=1).reset_index()
    )
    return summed


def _with_occupancy(
    table: pd.DataFrame, staffed: pd.DataFrame, group_columns: Sequence[str], missing: dict[str, str]
) -> pd.DataFrame:
    """``staffed_seconds`` and ``occupancy`` (handle seconds / staffed seconds) joined on (group, interval)."""
    joined = table.merge(staffed, on=[*group_columns, "_interval"], how="left")
    if "aht_seconds" in missing:
        missing["occupancy"] = f"needs {HANDLE_TIME}, or {', '.join(HANDLE_COLUMNS)}, in columns: (the handle time)"
        return joined
    with np.errstate(invalid="ignore", divide="ignore"):
        joined["occupancy"] = (joined["_handle"] / joined["staffed_seconds"]).where(joined["staffed_seconds"] > 0)
    return joined


def _output_order(group_columns: Sequence[str]) -> list[str]:
    return [
        "interval",
        *group_columns,
        *_COUNTS,
        "service_level",
        "asa_seconds",
        "aht_seconds",
        "staffed_seconds",
        "occupancy",
    ]
