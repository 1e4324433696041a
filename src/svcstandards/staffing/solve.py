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
    """The smallest n with ``1 - C(n) exp(-(n - A) t / aht) >= target``, for all intervals at once.

    Two array walks over the intervals in order of whole Erlangs. First
    Erlang B's recurrence up to ``n0 = floor(A) + 1`` (the fewest agents with
    a stable queue): the intervals still climbing at step n are a suffix,
    updated in place. Then from ``n0`` up, one count per step, on a window
    of the intervals not met yet: little traffic needs few agents more, so
    the met ones gather at the window's ends, which close in on the rest;
    those met inside it are masked. Work: about ``sum(agents)`` element
    steps and ``max(traffic) + max(agents - traffic)`` array calls. Every
    array of the walks is a row of one block of memory, updated in place:
    fresh pages cost more than the arithmetic at these sizes.
    """
    flat = load.reshape(-1)
    busy = np.flatnonzero(flat > 0) if not np.all(flat > 0) else None  # None: every interval has calls
    size = flat.size if busy is None else busy.size
    space = np.empty((9, size))
    traffic, blocking, product, scratch, agents, decay, step, bound, found = space
    if busy is None:
        traffic[:] = flat
    else:
        np.take(flat, busy, out=traffic)
    np.floor(traffic, out=agents)  # whole Erlangs, for the order
    # numpy sorts 16-bit integers with a radix sort: whole Erlangs fit unless the traffic passes 32,767
    rank = np.argsort(agents.astype(np.int16 if size and agents.max() < 2**15 else np.int64), kind="stable")
    order = rank if busy is None else busy.take(rank)
    np.take(flat, order, out=traffic)
    np.floor(traffic, out=agents)
    blocking.fill(1.0)
    top = int(agents[-1]) + 2 if size else 1
    starts = np.searchsorted(agents, np.arange(top - 1), side="left").tolist()  # from there: still below n0
    for n in range(1, top):
        first = starts[n - 1]
        b, t, s = blocking[first:], product[first:], scratch[first:]
        np.multiply(traffic[first:], b, out=t)  # B(n) = A B(n-1) / (n + A B(n-1)), in place
        np.add(t, n, out=s)
        np.divide(t, s, out=b)
    agents += 1.0  # n0
    np.take(np.broadcast_to(within_s / aht_s, load.shape).reshape(-1), order, out=step)  # t / aht
    limit = 1.0 - target
    np.subtract(traffic, agents, out=decay)
    decay *= step
    np.exp(decay, out=decay)  # exp(-(n - A) t / aht), then times exp(-t / aht) per agent added
    np.negative(step, out=step)
    np.exp(step, out=step)
    still = np.ones(size, dtype=bool)  # not met yet (each interval's count is written when it is met)
    met = np.empty(size, dtype=bool)
    lo, hi = 0, size
    while lo < hi:
        a, b, t, p, s, d, bd = (row[lo:hi] for row in (agents, blocking, traffic, product, scratch, decay, bound))
        m, st = met[lo:hi], still[lo:hi]
        # Erlang C = n B / (n - A + A B); met when C exp(-(n - A) t / aht) <= 1 - target, that is when
        # n B exp(...) <= (1 - target) (n - A + A B)
        np.multiply(t, b, out=p)
        np.multiply(a, b, out=s)
        s *= d
        np.subtract(a, t, out=bd)
        bd += p
        bd *= limit
        np.less_equal(s, bd, out=m)
        m &= st
        hit = np.flatnonzero(m)
        if hit.size:
            found[hit + lo] = a.take(hit)
            st[hit] = False
            if not (st[0] and st[-1]):  # the window closes in on the intervals not met
                if not st.any():
                    break
                lo, hi = lo + int(np.argmax(st)), lo + int(st.size - np.argmax(st[::-1]))
                a, b, p, s, d = (row[lo:hi] for row in (agents, blocking, product, scratch, decay))
        a += 1.0
        np.add(a, p, out=s)
        np.divide(p, s, out=b)  # B(n + 1) = A B(n) / (n + 1 + A B(n))
        d *= step[lo:hi]
    needed = np.zeros(load.shape, dtype=np.int64)
    needed.reshape(-1)[order] = found
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
