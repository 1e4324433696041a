"""A forecast of intervals in, a staffing table out: the agents each interval needs for each standard."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import DataError, DataProblem, InvalidArgumentError
from ..format.loader import load
from ..format.model import ShareStandard, StandardSet
from ..format.parts import is_share
from ..format.units import Percent
from ._erlang import Floats
from .queue import Seconds, _text_seconds, abandon_rate, asa, one_duration, service_level
from .solve import agents_needed, target_of

__all__ = ["staffable", "staffing"]


def staffable(standard_set: StandardSet) -> list[ShareStandard]:
    """The standards a number of agents can be sized for: share standards with ``within`` and a ``floor``."""
    return [s for s in standard_set.standards if is_share(s) and s.within is not None and s.floor is not None]


def staffing(
    standards: StandardSet | str | os.PathLike[str],
    forecast: pd.DataFrame,
    *,
    standard: str | Sequence[str] | None = None,
    interval: Seconds | None = None,
    patience: Seconds | None = None,
    max_occupancy: float | str | Percent | None = None,
    shrinkage: float | str | Percent | None = None,
) -> pd.DataFrame:
    """The agents each interval of a forecast needs to meet each service-level standard.

    ``forecast`` has one row per interval: ``start``, ``calls`` (offered in
    the interval) and ``aht`` (mean handle time: seconds, or durations such
    as ``"3m"``), optionally ``queue``. The interval length is ``interval``,
    or else the shortest step between starts. The standards are the share
    standards with ``within`` and ``floor`` (or those named in
    ``standard``); each is applied to every row.

    One row per interval and standard, in the forecast's order: ``start``,
    ``queue`` (when given), ``standard``, ``calls``, ``aht`` (seconds),
    ``traffic`` (Erlangs), ``agents`` (on the phones), ``service_level``,
    ``occupancy`` and ``asa`` (seconds) with those agents, ``abandon_rate``
    (with ``patience``) and ``staff`` (with ``shrinkage``: agents to schedule).
    The forecast itself is not changed.
    """
    standard_set = standards if isinstance(standards, StandardSet) else load(standards)
    chosen = _chosen(standard_set, standard)
    starts, calls, aht = _forecast_columns(forecast)
    length = interval_seconds(
        starts, interval, "the forecast's interval length cannot be told from one start. Hint: pass interval='30m'"
    )
    frames = []
    for rule in chosen:
        within, _, abandons = target_of(rule, None, None)
        agents = agents_needed(calls, aht, length, standard=rule, patience=patience, max_occupancy=max_occupancy)
        traffic = calls * aht / length
        columns: dict[str, object] = {"start": starts}
        if "queue" in forecast.columns:
            columns["queue"] = forecast["queue"].to_numpy()
        columns |= {
            "standard": rule.id,
            "calls": calls,
            "aht": aht,
            "traffic": traffic,
            "agents": agents,
            "service_level": service_level(agents, calls, aht, length, within, patience=patience, abandons=abandons),
            "occupancy": np.divide(traffic, agents, out=np.zeros_like(traffic), where=agents > 0),
            "asa": asa(agents, calls, aht, length, patience=patience),
        }
        if patience is not None:
            columns["abandon_rate"] = abandon_rate(agents, calls, aht, length, patience)
        if shrinkage is not None:
            columns["staff"] = agents_needed(
                calls, aht, length, standard=rule, patience=patience, max_occupancy=max_occupancy, shrinkage=shrinkage
            )
        frames.append(pd.DataFrame(columns, index=pd.RangeIndex(len(forecast))))
    table = pd.concat(frames).sort_index(kind="stable")
    return table.reset_index(drop=True)


def _chosen(standard_set: StandardSet, ids: str | Sequence[str] | None) -> list[ShareStandard]:
    if ids is None:
        chosen = staffable(standard_set)
        if not chosen:
            raise InvalidArgumentError(
                f"{standard_set.source}: no standard to staff for. Hint: staffing needs a share standard "
                "with 'within' and 'floor', such as within: 20s, floor: 80%"
            )
        return chosen
    wanted = [ids] if isinstance(ids, str) else list(ids)
    picked = [standard_set.get(name) for name in wanted]
    wrong = [rule.id for rule in picked if not (is_share(rule) and rule.within is not None and rule.floor)]
    if wrong:
        raise InvalidArgumentError(
            f"not a service-level standard: {', '.join(wrong)}. Hint: staffing needs 'within' and 'floor'; "
            f"these have them: {', '.join(s.id for s in staffable(standard_set)) or 'none'}"
        )
    return [rule for rule in picked if is_share(rule)]


def _forecast_columns(forecast: pd.DataFrame) -> tuple[pd.Series, Floats, Floats]:
    """``start``, ``calls`` and ``aht`` (in seconds) of a forecast; every problem collected before raising."""
    problems = [
        DataProblem("", name, "the forecast has no such column", f"a forecast needs the columns {needs}")
        for name, needs in (
            ("start", "start, calls, aht"),
            ("calls", "start, calls, aht"),
            ("aht", "start, calls, aht"),
        )
        if name not in forecast.columns
    ]
    if problems:
        raise DataError(problems)
    starts = pd.to_datetime(forecast["start"])
    calls = pd.to_numeric(forecast["calls"], errors="coerce").to_numpy(dtype=np.float64)
    aht = _handle_times(forecast["aht"])
    empty = starts.isna().to_numpy()
    if empty.any():
        problems.append(
            DataProblem("", "start", f"some starts are empty{_where(empty, starts)}", "give every interval its start")
        )
    bad_calls = np.isnan(calls) | (calls < 0)
    if bad_calls.any():
        problems.append(
            DataProblem(
                "",
                "calls",
                f"calls must be numbers of 0 or more{_where(bad_calls, starts)}",
                "fill empty intervals with 0",
            )
        )
    bad_aht = np.isnan(aht) | (aht <= 0)
    if bad_aht.any():
        problems.append(
            DataProblem(
                "",
                "aht",
                f"handle times must be longer than 0{_where(bad_aht, starts)}",
                "give seconds (180) or durations ('3m'); an interval nobody answered has no handle time: "
                "leave it out or give the usual one",
            )
        )
    if problems:
        raise DataError(problems)
    return starts.reset_index(drop=True), calls, aht


def _where(bad: NDArray[np.bool_], starts: pd.Series) -> str:
    """``: 3 of 2,714 rows (2010-08-03 14:00:00, ...)``: the rows' starts, or their positions (from 1) where empty."""
    rows = np.flatnonzero(bad)
    shown = [str(starts.iloc[row]) if not pd.isna(starts.iloc[row]) else f"row {row + 1}" for row in rows[:3].tolist()]
    more = ", ..." if rows.size > 3 else ""
    return f": {rows.size:,} of {bad.size:,} rows ({', '.join(shown)}{more})"


def _handle_times(column: pd.Series) -> Floats:
    """Seconds from numbers, timedeltas or duration text (each distinct text parsed once; a bare number is seconds)."""
    if pd.api.types.is_timedelta64_dtype(column):
        return np.asarray(column.dt.total_seconds(), dtype=np.float64)
    if pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(dtype=np.float64)
    codes, texts = pd.factorize(column.astype("string"), use_na_sentinel=True)
    try:
        numbers = pd.to_numeric(pd.Series(texts, dtype="string"), errors="coerce").to_numpy(dtype=np.float64)
        parsed = np.array(
            [
                number if not np.isnan(number) else _text_seconds(text)
                for text, number in zip(texts, numbers, strict=True)
            ],
            dtype=np.float64,
        )
    except ValueError as error:
        raise DataError([DataProblem("", "aht", str(error), "write seconds (180) or durations such as 3m")]) from error
    return np.where(codes >= 0, parsed[np.maximum(codes, 0)] if parsed.size else np.nan, np.nan)


def interval_seconds(starts: pd.Series, interval: Seconds | None, alone: str) -> float:
    """The interval length in seconds: given (one duration longer than 0), or the shortest step between
    distinct starts; ``alone``: the error when there is one start only."""
    if interval is not None:
        return one_duration(interval, "interval")
    distinct = np.unique(starts.to_numpy())
    if distinct.size < 2:
        raise InvalidArgumentError(alone)
    return float(np.diff(distinct).min() / np.timedelta64(1, "s"))
