"""What a number of agents gives: P(wait), service level, ASA, abandon rate.

Every function takes numbers or numpy arrays (broadcast together) and
durations as seconds or as text (``"3m"``, ``"20s"``); it returns a float
for scalar inputs and an array otherwise. ``patience=None`` is Erlang C
(M/M/n: nobody hangs up); a mean patience is Erlang A (M/M/n+M: callers
hang up after an exponential patience of that mean).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import InvalidArgumentError
from ..format.parts import Abandons
from ..format.units import Duration, Percent, UnitError
from ._erlang import Floats, erlang_a, erlang_a_waits, erlang_b_array, erlang_c_from_b

__all__ = ["abandon_rate", "asa", "erlang_b", "erlang_c", "service_level"]

#: What the duration arguments take: seconds, text such as "3m", a Duration or timedelta, or arrays of seconds.
Seconds = ArrayLike | str | Duration | _dt.timedelta


def erlang_b(traffic: ArrayLike, agents: ArrayLike) -> Any:
    """Erlang B: the share of calls blocked when ``agents`` lines carry ``traffic`` Erlangs (M/M/n/n).

    >>> round(erlang_b(10, 14), 4)
    0.0568
    """
    load, count = _traffic_and_agents(traffic, agents)
    return _out(erlang_b_array(load, count))


def erlang_c(traffic: ArrayLike, agents: ArrayLike) -> Any:
    """Erlang C: the probability that a call waits, for ``traffic`` Erlangs and ``agents`` agents (M/M/n).

    ``traffic`` is calls x mean handle time / interval length (100 calls of
    180 s in 30 minutes: 10 Erlangs). Arrays broadcast together. 1 when
    there are no more agents than Erlangs (the queue grows without end).

    Computed from Erlang B's recurrence, without factorials: O(max(agents)
    x size) time, O(size) memory; exact to rounding at 1,000 Erlangs and
    2,000 agents.

    >>> round(erlang_c(10, 14), 4)
    0.1741
    >>> erlang_c([10, 10, 10], [10, 13, 14]).round(4)
    array([1.    , 0.2853, 0.1741])
    """
    load, count = _traffic_and_agents(traffic, agents)
    return _out(erlang_c_from_b(load, count, erlang_b_array(load, count)))


def service_level(
    agents: ArrayLike,
    calls: ArrayLike,
    aht: Seconds,
    interval: Seconds,
    within: Seconds,
    *,
    patience: Seconds | None = None,
    abandons: Abandons | None = None,
) -> Any:
    """The share of calls answered within ``within`` with ``agents`` agents on the phones.

    ``calls`` arrive in ``interval`` (Poisson), each takes ``aht`` on average
    (exponential). Erlang C when ``patience`` is None: ``1 - C exp(-(n - A)
    t / aht)``. Erlang A otherwise, where abandoned calls count as
    ``abandons`` says (as in a standards file; default ``count_as: missed``,
    the share over all calls offered): see docs/staffing.md.

    >>> round(service_level(14, 100, "3m", "30m", "20s"), 4)
    0.8884
    >>> service_level([13, 14], 100, 180, 1800, 20).round(4)
    array([0.7956, 0.8884])
    """
    count, load, aht_s, within_s, patience_s = _inputs(agents, calls, aht, interval, within, patience)
    return _out(_service_level(count, load, aht_s, within_s, patience_s, abandons))


def asa(
    agents: ArrayLike, calls: ArrayLike, aht: Seconds, interval: Seconds, *, patience: Seconds | None = None
) -> Any:
    """The average speed of answer in seconds: the mean wait of the calls answered (0 waits included).

    Erlang C: ``C aht / (n - A)`` (infinite when n <= A). Erlang A: the mean
    wait of the calls that are answered, not of those that hang up.

    >>> round(asa(14, 100, "3m", "30m"), 2)
    7.84
    """
    count, load, aht_s, _, patience_s = _inputs(agents, calls, aht, interval, 0, patience)
    if patience_s is None:
        waiting = erlang_c_from_b(load, count, erlang_b_array(load, count))
        with np.errstate(divide="ignore"):
            speed = np.where(count > load, waiting * aht_s / (count - load), np.inf)
        return _out(np.where(load > 0, speed, 0.0))
    ratio = patience_s / aht_s
    state = erlang_a(load, count, ratio, harmonic=True)
    answered = 1.0 - state["waiting"] * (1.0 - state["answered_if_waiting"])
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = state["waiting"] * state["moment"] * patience_s / answered
    return _out(np.where(load > 0, speed, 0.0))


def abandon_rate(agents: ArrayLike, calls: ArrayLike, aht: Seconds, interval: Seconds, patience: Seconds) -> Any:
    """The share of calls that hang up before an answer (Erlang A), ``patience`` their mean patience.

    >>> round(abandon_rate(14, 100, "3m", "30m", "3m"), 4)
    0.0187
    """
    count, load, aht_s, _, patience_s = _inputs(agents, calls, aht, interval, 0, patience)
    assert patience_s is not None
    state = erlang_a(load, count, patience_s / aht_s)
    return _out(state["waiting"] * (1.0 - state["answered_if_waiting"]))


# -- shared with the solver ----------------------------------------------------------------------------


def _service_level(
    count: NDArray[np.int64],
    load: Floats,
    aht_s: Floats,
    within_s: Floats,
    patience_s: Floats | None,
    abandons: Abandons | None,
) -> Floats:
    """The service level for arrays of one shape (seconds already)."""
    if patience_s is None:
        waiting = erlang_c_from_b(load, count, erlang_b_array(load, count))
        with np.errstate(over="ignore"):
            level = 1.0 - waiting * np.exp(-(count - load) * within_s / aht_s)
        return np.where(load > 0, np.where(count > load, level, 0.0), 1.0)
    ratio = patience_s / aht_s
    state = erlang_a(load, count, ratio)
    answered_within, _ = erlang_a_waits(state, ratio, within_s / aht_s)
    rule = abandons or Abandons()
    ignored = _abandoned_within(state, ratio, _seconds_of(rule.ignore_shorter_than) / aht_s)
    if rule.count_as == "excluded":
        counted = 1.0 - state["waiting"] * (1.0 - state["answered_if_waiting"])
        met = answered_within
    elif rule.count_as == "met_if_within":
        counted = 1.0 - ignored
        met = answered_within + np.maximum(_abandoned_within(state, ratio, within_s / aht_s) - ignored, 0.0)
    elif rule.count_as == "excluded_if_within":
        counted = 1.0 - np.maximum(_abandoned_within(state, ratio, within_s / aht_s), ignored)
        met = answered_within
    else:  # missed
        counted = 1.0 - ignored
        met = answered_within
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.clip(met / counted, 0.0, 1.0)
    return np.where(load > 0, level, 1.0)


def _abandoned_within(state: dict[str, Floats], ratio: Floats, work: Floats) -> Floats:
    """The share of all calls that hang up within ``work`` handle times: P(wait <= t) - P(answered within t)."""
    if not np.any(work > 0):
        return np.zeros(state["x"].shape)
    answered, longer = erlang_a_waits(state, ratio, np.broadcast_to(work, state["x"].shape))
    return np.where(work > 0, np.clip(1.0 - longer - answered, 0.0, 1.0), 0.0)


def _inputs(
    agents: ArrayLike,
    calls: ArrayLike,
    aht: Seconds,
    interval: Seconds,
    within: Seconds,
    patience: Seconds | None,
) -> tuple[NDArray[np.int64], Floats, Floats, Floats, Floats | None]:
    """Check and broadcast: agents, traffic in Erlangs, aht, within and patience in seconds."""
    calls_n = _nonnegative(calls, "calls")
    aht_s = _positive(seconds(aht, "aht"), "aht")
    interval_s = _positive(seconds(interval, "interval"), "interval")
    within_s = _nonnegative(seconds(within, "within"), "within")
    patience_s = None if patience is None else _positive(seconds(patience, "patience"), "patience")
    count = _whole(agents, "agents")
    load = np.multiply(calls_n, aht_s)
    load /= interval_s  # in place: one array, not two
    shape = np.broadcast_shapes(
        count.shape, load.shape, within_s.shape, *(() if patience_s is None else (patience_s.shape,))
    )
    # read-only views of one shape: nothing is copied that the formulas only read
    return (
        np.broadcast_to(count, shape),
        (load if load.shape == shape else np.array(np.broadcast_to(load, shape))).astype(np.float64, copy=False),
        np.broadcast_to(aht_s, shape),
        np.broadcast_to(within_s, shape),
        None if patience_s is None else np.broadcast_to(patience_s, shape),
    )


def seconds(value: Seconds | None, name: str) -> Floats:
    """A duration argument as float seconds: numbers are seconds, text is parsed (``"3m"``, ``"PT20S"``)."""
    if value is None:
        raise InvalidArgumentError(f"{name}: a duration is needed. Hint: give seconds (180) or text such as '3m'")
    if isinstance(value, str | Duration | _dt.timedelta):
        return np.asarray(_text_seconds(value), dtype=np.float64)
    array = np.asarray(value)
    if array.dtype.kind == "m":
        return array / np.timedelta64(1, "s")
    if array.dtype.kind not in "iuf":
        raise InvalidArgumentError(
            f"{name}: expected seconds (numbers) or one duration such as '3m', got {array.dtype} values. "
            "Hint: convert a column of durations with pandas.to_timedelta"
        )
    return array.astype(np.float64, copy=False)


def one_duration(value: Seconds, name: str) -> float:
    """One duration longer than 0, in seconds (an interval's length), or an error naming ``name``."""
    length = seconds(value, name)
    if length.ndim != 0:
        raise InvalidArgumentError(f"{name}: expected one duration such as '30m' or 1800, got {value!r}")
    return float(_positive(length, name))


def _text_seconds(value: str | Duration | _dt.timedelta) -> float:
    """A duration of the file format (``"30m"``, ``"PT30M"``) or, failing that, pandas' spelling (``"30min"``,
    as a period is written), in seconds; the format's own error when neither reads it."""
    try:
        return Duration.parse(value).seconds
    except UnitError as error:
        length = _pandas_length(value)
        if length is None:
            raise error from None
        return length


def _pandas_length(value: object) -> float | None:
    """Seconds of a text with a unit that pandas reads as a duration of 0 or more (``"30min"``), else None
    (pandas reads a bare ``"3"`` as 3 nanoseconds)."""
    if not isinstance(value, str) or not any(c.isalpha() for c in value):
        return None
    try:
        length = pd.Timedelta(value)
    except ValueError:
        return None
    return None if pd.isna(length) or length < pd.Timedelta(0) else float(length.total_seconds())


def share(value: float | str | Percent, name: str) -> float:
    """A share given as 0.85, ``"85%"`` or a Percent, as a float in [0, 1]."""
    if isinstance(value, str | Percent):
        result = float(Percent.parse(value))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = float(value)
    else:
        raise InvalidArgumentError(f"{name}: expected a share such as 0.85 or '85%', got {value!r}")
    if not 0.0 <= result <= 1.0:
        raise InvalidArgumentError(f"{name}: expected a share between 0 and 1 (0% and 100%), got {value!r}")
    return result


def _seconds_of(value: Duration | None) -> float:
    return 0.0 if value is None else value.seconds


def _traffic_and_agents(traffic: ArrayLike, agents: ArrayLike) -> tuple[Floats, NDArray[np.int64]]:
    load, count = np.broadcast_arrays(_nonnegative(traffic, "traffic"), _whole(agents, "agents"))
    return np.array(load, dtype=np.float64), np.array(count, dtype=np.int64)


def _whole(value: ArrayLike, name: str) -> NDArray[np.int64]:
    array = np.asarray(value)
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu" or np.any(array < 0):
        raise InvalidArgumentError(f"{name}: expected whole numbers of agents (0 or more), got {value!r}")
    return array.astype(np.int64)


def _nonnegative(value: ArrayLike, name: str) -> Floats:
    array = np.asarray(value)
    if array.dtype.kind not in "iuf" or not _within(array, 0.0, strict=False):
        raise InvalidArgumentError(f"{name}: expected finite numbers of 0 or more, got {value!r}")
    return array.astype(np.float64, copy=False)


def _within(array: NDArray[Any], low: float, *, strict: bool) -> bool:
    """Every value finite and above ``low`` (or equal to it unless ``strict``): two passes, no temporary
    arrays (a NaN makes the minimum NaN, which compares false)."""
    if array.size == 0:
        return True
    smallest, largest = array.min(), array.max()
    return bool((smallest > low if strict else smallest >= low) and np.isfinite(largest))


def _positive(array: Floats, name: str) -> Floats:
    if _within(array, 0.0, strict=True):
        return array
    bad = ~np.isfinite(array) | (array <= 0)
    if np.any(bad):
        wrong = np.asarray(array)[bad].reshape(-1)
        shown = ", ".join(f"{v:g}" for v in wrong[:3].tolist()) + (", ..." if wrong.size > 3 else "")
        where = "" if np.ndim(array) == 0 else f" in {wrong.size} of {np.size(array)} values"
        raise InvalidArgumentError(f"{name}: expected a duration longer than 0, got {shown}{where}")
    return array


def _out(array: Floats) -> Any:
    """A float for a 0-d result (so ``round()`` and printing read naturally), the array otherwise."""
    return float(array) if array.ndim == 0 else array
