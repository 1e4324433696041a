"""Looking back: the agents the observed volume and handle time needed, next to the service level reached."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataError, DataProblem, InvalidArgumentError
from ..format.measures import DurationMeasure
from ..format.model import ShareStandard
from ..format.units import Percent
from ..report.results import Report
from ._erlang import Floats
from .queue import Seconds, one_duration, seconds
from .solve import agents_needed, target_of

__all__ = ["observed_staffing"]

#: Outcome codes whose rows are calls offered in scope of the standard (as in the report's count).
_OFFERED = ("met", "missed", "excluded")


def observed_staffing(
    report: Report,
    standard: str,
    *,
    aht: str | Seconds,
    interval: Seconds = "30m",
    start: str | None = None,
    patience: Seconds | None = None,
    max_occupancy: float | str | Percent | None = None,
) -> pd.DataFrame:
    """Per interval of scored calls: how many calls came, how long they took, what was reached, what was needed.

    ``report`` is what :func:`svcstandards.evaluate` returned for the calls;
    ``standard`` a share standard with ``within`` and ``floor``. Calls are
    placed in intervals of ``interval`` by ``start`` (default: the column
    the standard's measure starts from, as the data names it) in the
    standards file's time zone. ``aht`` is the column of handle times
    (seconds or timedeltas; its mean over the interval's calls that were
    handled: those with a handle time above 0, as an export gives 0 or
    nothing to a call that was not), or one duration for all.

    One row per interval with calls: ``start``, ``calls`` (met, missed and
    excluded rows), ``aht`` (seconds), ``observed_service_level`` (met /
    (met + missed), as the report counts it) and ``agents``, the agents
    that volume and handle time needed to meet the standard.
    """
    result = next((r for r in report.results if r.standard.id == standard), None)
    if result is None:
        ids = ", ".join(r.standard.id for r in report.results)
        raise InvalidArgumentError(f"no standard '{standard}' in this report. Hint: the report has {ids}")
    rule = result.standard
    target_of(rule, None, None)  # refuses a standard that is not a service level
    assert isinstance(rule, ShareStandard)
    # a column of the rows as scored (with the times the data section builds, such as a date and a clock
    # joined), else of the caller's own rows: the same rows, looked up without a copy of either
    frames = [result.data] + ([result.shown] if result.shown is not None else [])
    names = list(dict.fromkeys(name for frame in frames for name in frame.columns))

    def found(name: str) -> pd.Series | None:
        return next((frame[name] for frame in frames if name in frame.columns), None)

    column = start or _start_column(report, rule)
    starts = found(column)
    problems = [] if starts is not None else [_missing(standard, column, "the calls' start times", names)]
    rows = len(result.data)
    if isinstance(aht, str) and (given := found(aht)) is not None:
        handle = _handle_seconds(given, standard, aht, problems)
    elif isinstance(aht, str) and not aht[:1].isdigit() and not aht.startswith("P"):
        problems.append(_missing(standard, aht, "the handle times", names))
        handle = np.full(rows, np.nan)
    else:
        handle = np.full(rows, float(seconds(aht, "aht")))
    if problems or starts is None:
        raise DataError(problems)
    length = one_duration(interval, "interval")
    times = _local(starts, report.standard_set.timezone)
    outcome = report.outcomes(standard).to_numpy()
    offered = np.isin(outcome, _OFFERED) & times.notna().to_numpy()
    since = times.to_numpy()[offered] - np.datetime64("1970-01-01")
    keys, position = np.unique(since // np.timedelta64(int(length), "s"), return_inverse=True)
    count = np.bincount(position, minlength=keys.size).astype(np.float64)
    met = np.bincount(position, weights=(outcome[offered] == "met"), minlength=keys.size)
    missed = np.bincount(position, weights=(outcome[offered] == "missed"), minlength=keys.size)
    timed = handle[offered] > 0  # handled calls: a call not handled has no handle time, or 0 (NaN compares False)
    total = np.bincount(position[timed], weights=handle[offered][timed], minlength=keys.size)
    with_time = np.bincount(position[timed], minlength=keys.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_handle = total / with_time
        reached = met / (met + missed)
    known = with_time > 0
    agents = np.zeros(keys.size, dtype=np.int64)
    if known.any():
        agents[known] = agents_needed(
            count[known], mean_handle[known], length, standard=rule, patience=patience, max_occupancy=max_occupancy
        )
    return pd.DataFrame(
        {
            "start": np.datetime64("1970-01-01", "s") + keys * np.timedelta64(int(length), "s"),
            "calls": count.astype(np.int64),
            "aht": mean_handle,
            "observed_service_level": reached,
            "agents": pd.Series(agents, dtype="Int64").mask(~known),  # no handle time: unknown
        }
    )


def _start_column(report: Report, rule: ShareStandard) -> str:
    measure = report.standard_set.measure_of(rule)
    if not isinstance(measure, DurationMeasure):
        raise InvalidArgumentError(f"standard '{rule.id}': give start=, the column holding when each call was offered")
    return report.standard_set.column_map.get(measure.from_, measure.from_)


def _local(values: pd.Series, timezone: str) -> pd.Series:
    """Wall-clock times in the file's time zone: aware times converted, naive ones taken as local already."""
    times = pd.to_datetime(values)
    return times.dt.tz_convert(timezone).dt.tz_localize(None) if times.dt.tz is not None else times


def _handle_seconds(column: pd.Series, standard: str, name: str, problems: list[DataProblem]) -> Floats:
    if pd.api.types.is_timedelta64_dtype(column):
        return np.asarray(column.dt.total_seconds(), dtype=np.float64)
    values = pd.to_numeric(column, errors="coerce")
    if values.isna().sum() > column.isna().sum():
        problems.append(
            DataProblem(standard, name, "handle times must be seconds or timedeltas", "convert with pd.to_timedelta")
        )
    return np.asarray(values, dtype=np.float64)


def _missing(standard: str, column: str, what: str, names: list[str]) -> DataProblem:
    return DataProblem(standard, column, f"no such column ({what})", f"the data has {', '.join(map(str, names))}")
