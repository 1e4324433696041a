"""The smallest whole number of agents that meets a service-level target, for many intervals at once."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InvalidArgumentError
from ..format.model import ShareStandard, StatisticStandard
from ..format.parts import Abandons
from ..format.units import Duration, Percent
from ._erlang import Floats
from ._search import erlang_c_search
from .queue import Seconds, _inputs, _service_level, share

__all__ = ["agents_needed", "target_of"]

#: Rounding slack when a ratio such as 10 / 0.8 should give exactly 12.5 or 10 / 0.5 exactly 20.
_SLACK = 1e-9


def agents_needed(
    calls: ArrayLike,
    aht: Seconds,
    interval: Seconds,
    *,
    within: Seconds | None = None,
    floor: float | str | Percent | None = None,
    standard: ShareStandard | StatisticStandard | None = None,
    patience: Seconds | None = None,
    max_occupancy: float | str | Percent | None = None,
    shrinkage: float | str | Percent | None = None,
) -> Any:
    """The fewest agents whose service level reaches the target, per interval.

    The target is ``within`` and ``floor`` (``within="20s", floor="80%"``), or
    a share standard of a loaded file (its ``within``, its floor's pass level:
    ``warn`` when it has one, else ``fail``, and its ``abandons:`` convention
    when ``patience`` makes abandons part of the model). ``max_occupancy``
    adds ``n >= traffic / max_occupancy``; ``shrinkage`` (the share of paid
    time off the phones) turns agents on the phones into staff to schedule:
    ``ceil(agents / (1 - shrinkage))``. No calls need no agents.

    All intervals are solved together: Erlang C walks the agent count up
    once, one array step per count, over the intervals not yet met (about
    ``max(agents)`` steps in all); Erlang A bisects on arrays of counts.

    >>> agents_needed(100, "3m", "30m", within="20s", floor="80%")
    14
    >>> agents_needed([100, 200, 0], 180, 1800, within=20, floor=0.8, shrinkage="30%").tolist()
    [20, 35, 0]
    """
    seconds_within, target, abandons = target_of(standard, within, floor)
    _, load, aht_s, within_s, patience_s = _inputs(0, calls, aht, interval, seconds_within, patience)
    if patience_s is None:
        needed = _erlang_c_search(load, aht_s, within_s, target)
    else:
        needed = _bisect(load, aht_s, within_s, patience_s, target, abandons)
    if max_occupancy is not None:
        occupancy = share(max_occupancy, "max_occupancy")
        if occupancy == 0:
            raise InvalidArgumentError("max_occupancy: must be more than 0%. Hint: a usual value is 85%")
        needed = np.maximum(needed, np.ceil(load / occupancy - _SLACK).astype(np.int64))
    if shrinkage is not None:
        off = share(shrinkage, "shrinkage")
        if off >= 1:
            raise InvalidArgumentError("shrinkage: must be less than 100%. Hint: a usual value is 30%")
        needed = np.ceil(needed / (1.0 - off) - _SLACK).astype(np.int64)
    return int(needed) if needed.ndim == 0 else needed


def target_of(
    standard: ShareStandard | StatisticStandard | None,
    within: Seconds | None,
    floor: float | str | Percent | None,
) -> tuple[Seconds, float, Abandons | None]:
    """The time limit, the share to reach and the abandons convention: from a standard or from the arguments."""
    if standard is not None:
        if within is not None or floor is not None:
            raise InvalidArgumentError(
                "give either standard= or within= and floor=, not both. Hint: the standard brings its own target"
            )
        if not isinstance(standard, ShareStandard) or standard.within is None or standard.floor_tiers is None:
            raise InvalidArgumentError(
                f"standard '{standard.id}' is not a service level: staffing needs a share standard with "
                "'within' and 'floor' (e.g. within: 20s, floor: 80%). Hint: per-target limits (targets:) "
                "and ceilings are not staffed"
            )
        tiers = standard.floor_tiers
        level = tiers.warn if tiers.warn is not None else tiers.fail
        return _limit(standard.within), _target(float(level), f"standard '{standard.id}'"), standard.abandons
    if within is None or floor is None:
        raise InvalidArgumentError(
            "agents_needed needs a target. Hint: pass within='20s', floor='80%', or standard=a share standard"
        )
    return within, _target(share(floor, "floor"), "floor"), None


def _limit(within: Duration) -> float:
    return within.seconds


def _target(level: float, what: str) -> float:
    if not 0.0 < level < 1.0:
        raise InvalidArgumentError(
            f"{what}: a floor of {level:.0%} cannot be staffed: a queue model answers some share of calls "
            "late with any number of agents, and 0% needs none. Hint: staff to a floor between 0% and 100%"
        )
    return level


def _erlang_c_search(load: Floats, aht_s: Floats, within_s: Floats, target: float) -> NDArray[np.int64]:
    """Erlang C: the intervals with calls solved together by :func:`._search.erlang_c_search`; none need 0."""
    flat = load.reshape(-1)
    aht, within = (np.broadcast_to(array, load.shape).reshape(-1) for array in (aht_s, within_s))
    if flat.size and flat.min() > 0:
        return erlang_c_search(flat, aht, within, target).reshape(load.shape)
    busy = np.flatnonzero(flat > 0)
    needed = np.zeros(load.shape, dtype=np.int64)
    needed.reshape(-1)[busy] = erlang_c_search(flat[busy], aht[busy], within[busy], target)
    return needed


def _bisect(
    load: Floats, aht_s: Floats, within_s: Floats, patience_s: Floats, target: float, abandons: Abandons | None
) -> NDArray[np.int64]:
    """Erlang A: double an upper count until it meets the target, then bisect, on all intervals at once.

    Assumes the service level rises with the number of agents (it does for
    every convention: more agents, shorter waits, fewer abandons).
    """
    flat = [array.reshape(-1) for array in (load, aht_s, within_s, patience_s)]
    busy = np.flatnonzero(flat[0] > 0)

    def meets(where: NDArray[np.int64], agents: NDArray[np.int64]) -> NDArray[np.bool_]:
        traffic, aht, limit, patience = (array[where] for array in flat)
        return _service_level(agents, traffic, aht, limit, patience, abandons) >= target

    low = np.zeros(busy.size, dtype=np.int64)  # never meets: no agents, nobody answered
    high = np.maximum(np.ceil(flat[0][busy]).astype(np.int64), 1)
    short = ~meets(busy, high)
    while short.any():
        low[short] = high[short]
        high[short] *= 2
        short[short] = ~meets(busy[short], high[short])
    gap = high - low > 1
    while gap.any():
        middle = (low[gap] + high[gap]) // 2
        ok = meets(busy[gap], middle)
        high[np.flatnonzero(gap)[ok]] = middle[ok]
        low[np.flatnonzero(gap)[~ok]] = middle[~ok]
        gap = high - low > 1
    needed = np.zeros(load.shape, dtype=np.int64)
    needed.reshape(-1)[busy] = high
    return needed
