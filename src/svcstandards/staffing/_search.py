"""Erlang C staffing for many intervals at once: the smallest n with ``1 - C(n) exp(-(n - A) t / aht) >= target``.

For each interval, with ``A`` the traffic, ``w = t / aht`` and ``L = 1 -
target``: ``C(n) = n / ((n - A) R(n) + A)`` where ``R = 1 / B`` is the
inverse of Erlang B, so the target is met at ``n > A`` when

    n exp(-(n - A) w) <= L ((n - A) R(n) + A)

and never at ``n <= A`` (the queue grows without end). ``R`` follows
``R(0) = 1``, ``R(n) = 1 + (n / A) R(n - 1)``: a sum of positive terms,
computed with multiplications and additions only, so it is as exact at
2,000 Erlangs as at 2. Going down, ``R(n - 1) = (R(n) - 1) A / n`` is as
stable while ``n > A`` (an error shrinks by ``A / n``).

The search:

1. A guess ``g`` per interval from the Halfin-Whitt approximation
   (``n = A + beta sqrt(A)``, ``beta`` from the target and ``w sqrt(A)``;
   see :func:`_guess`), at least ``floor(A) + 1``. It is the answer for
   most intervals and one off for most others; the answer never depends on
   it, only the time.
2. The intervals sorted by ``g`` climb the recurrence together, each up to
   its own ``g - 1``: at step ``n`` those still climbing are a suffix,
   updated in place with three array operations. One more step gives
   ``R(g)``.
3. The target is tested at ``g - 1`` and ``g`` for all intervals at once,
   as the ratio of the two sides in single precision with ``exp`` in
   single precision (numpy has no vector ``exp`` for float64 on most
   processors: several times slower); a ratio within ``_NEAR`` of 1, far
   wider than that error, is decided again in double precision, so every
   decision is the exact one.
4. Met at ``g`` and not at ``g - 1``: the answer is ``g``. Not met at
   ``g``: walk up one agent at a time; met at ``g - 1``: walk down until a
   count is not met. The walks work on the few intervals concerned.

Work: about ``sum(answers)`` element steps of three operations, a sort of
small whole numbers and about 40 array operations over all intervals,
plus the walks; ``max(answers)`` steps of the climb. Memory: one block of
100 bytes per interval, updated in place, and the sort's permutation.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray

from ._erlang import Floats

#: A test whose ratio of sides is closer to 1 than this is redone in float64. The float32 route errs by
#: at most ``2 |x| 2**-24`` (``x = (n - A) w``, ``w`` and ``x`` rounded to float32; ``|x| <= 104``
#: before exp underflows, and an underflow is met by far) plus a few units in the last place: under
#: 1.4e-5, a quarter of this.
_NEAR = 2.0**-14
#: The guess's offset from ``A + beta sqrt(A)``, times the ``beta`` of the target without a time limit: the
#: Halfin-Whitt count runs low at small traffic, the more so the higher the target (0.3 agents at 80%).
_OFFSET = 0.28


def erlang_c_search(traffic: Floats, aht: Floats, within: Floats, target: float) -> NDArray[np.int64]:
    """The fewest agents meeting ``target`` for each traffic (> 0), 1-D arrays (``aht``, ``within`` in seconds).

    Infinities are part of the arithmetic, not accidents: ``1 / A`` of a
    traffic below 1e-308, ``R`` past the largest float (``C = 0``: met) and
    ``exp`` at counts below the traffic (those tests are masked) are inf.
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        return _search(traffic, aht, within, target)


def _search(traffic: Floats, aht: Floats, within: Floats, target: float) -> NDArray[np.int64]:
    size = traffic.size
    limit = 1.0 - target
    # Every working array is a row of one block: on a virtual machine fresh memory pages cost more than
    # the arithmetic, and with one large block the allocator keeps its pages from one call to the next.
    block = np.empty(size * 100, dtype=np.uint8)
    wide = block[: 64 * size].view(np.float64).reshape(8, size)
    narrow = block[64 * size : 96 * size].view(np.float32).reshape(8, size)
    flags = block[96 * size :].view(np.bool_).reshape(2, 2, size)
    load, inverse, low_r, high_r = wide[:4]  # A, 1 / A (then L A), L R(g - 1), L R(g)
    below, guess, work, unsorted = narrow[:4]  # g - 1, g (whole numbers), t / aht sorted and not
    np.divide(within, aht, out=unsorted, dtype=np.float32, casting="same_kind")
    _guess(traffic, unsorted, target, out=below, scratch=narrow[4:7])
    rank = np.argsort(below.astype(np.int16 if size and below.max() < 2**15 else np.int64), kind="stable")
    np.take(below, rank, out=guess)
    np.take(unsorted, rank, out=work)
    np.take(traffic, rank, out=load)
    np.subtract(guess, 1.0, out=below)
    np.divide(1.0, load, out=inverse)
    # L R(n) = L + (n / A) L R(n - 1) from L R(0) = L, up to each interval's g - 1: at step n those
    # still climbing (g > n) are a suffix. The scalars as 0-d arrays: numpy takes them faster.
    low_r.fill(limit)
    top = int(guess[-1]) if size else 1
    starts = np.searchsorted(guess, np.arange(1, top), side="right").tolist()
    share = np.array(limit)
    first, r, step = -1, low_r, inverse
    for n, start in enumerate(starts, start=1):
        if start != first:
            first, r, step = start, low_r[start:], inverse[start:]
        r *= step
        r *= np.array(float(n))
        r += share
    np.multiply(guess, inverse, out=high_r)
    high_r *= low_r
    high_r += limit  # L R(g)
    np.multiply(load, limit, out=inverse)  # L A
    met, near = _met_pairs(narrow[:2], wide[2:4], load, inverse, work, wide[4:].reshape(2, 2, size), narrow[4:], flags)
    met[0] &= below > load  # never met at n <= A
    if near.size:  # decided again in float64
        row, column = np.divmod(near, size)
        count = narrow[row, column].astype(np.float64)
        met[row, column] = _met(count, wide[row + 2, column], load[column], _work(within, aht, rank[column]), limit)
    answer = np.empty(size, dtype=np.int64)
    whole = wide[4].view(np.int64)  # scratch again
    np.copyto(whole, guess, casting="unsafe")
    answer[rank] = whole
    walkers = np.flatnonzero(met[0] | ~met[1])
    if walkers.size:
        rising = ~met[1, walkers]
        answer[rank[walkers]] = _walk(
            np.where(rising, guess[walkers], below[walkers]).astype(np.float64),
            np.where(rising, high_r[walkers], low_r[walkers]),
            load[walkers],
            _work(within, aht, rank[walkers]),
            limit,
            rising,
        )
    return answer


def _work(within: Floats, aht: Floats, where: NDArray[np.intp]) -> Floats:
    """``t / aht`` in float64 at some intervals (``within`` may be a broadcast view)."""
    return np.asarray(within)[where] / np.asarray(aht)[where]


def _met_pairs(
    count: NDArray[np.float32],
    scaled_r: Floats,
    traffic: Floats,
    scaled_a: Floats,
    work: NDArray[np.float32],
    wide: Floats,
    narrow: NDArray[np.float32],
    flags: NDArray[np.bool_],
) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """Met or not at two rows of counts (``L R`` and ``L A`` given), and the flat positions of near ties.

    ``q = n exp(-(n - A) w) / ((n - A) L R + L A)`` in float32 (exp in float32): met when ``q <= 1``;
    within ``_NEAR`` of 1 the caller decides again in float64. Scratch: two pairs of rows in float64,
    in float32 and in bool.
    """
    gap, rhs = wide
    power, ratio = narrow.reshape(2, *count.shape)
    met, sure = flags
    np.subtract(traffic, count, out=gap)  # A - n
    np.multiply(gap, work, out=power, casting="same_kind")
    np.exp(power, out=power)  # exp(-(n - A) w); underflows to 0 far below any share's limit
    np.multiply(gap, scaled_r, out=rhs)
    np.subtract(scaled_a, rhs, out=rhs)  # (n - A) L R + L A
    np.multiply(count, power, out=gap)  # n d
    np.divide(gap, rhs, out=ratio, casting="same_kind")
    np.less_equal(ratio, 1.0 + _NEAR, out=met)
    np.less_equal(ratio, 1.0 - _NEAR, out=sure)
    sure ^= met
    return met, np.flatnonzero(sure)


def _met(count: Floats, scaled_r: Floats, traffic: Floats, work: Floats, limit: float) -> NDArray[np.bool_]:
    """The exact test in float64: ``n exp(-(n - A) w) <= (n - A) L R + L A``, for ``n > A``."""
    gap = count - traffic
    return (gap > 0) & (count * np.exp(-gap * work) <= gap * scaled_r + limit * traffic)


def _walk(
    count: Floats, scaled_r: Floats, traffic: Floats, work: Floats, limit: float, rising: NDArray[np.bool_]
) -> NDArray[np.int64]:
    """One agent at a time from the guess: up from a count not met to the first met (``rising``), down
    from a count met to the last met."""
    found = np.empty(count.size, dtype=np.int64)
    index = np.arange(count.size)
    while index.size:
        upward = scaled_r * ((count + 1.0) / traffic) + limit  # L R(n + 1) = L + (n + 1) / A L R(n)
        downward = (scaled_r - limit) * (traffic / count)  # L R(n - 1) = (L R(n) - L) A / n
        scaled_r = np.where(rising, upward, downward)
        count = np.where(rising, count + 1.0, count - 1.0)
        met = _met(count, scaled_r, traffic, work, limit)
        done = met == rising
        found[index[done]] = count[done] + np.where(rising[done], 0, 1)
        keep = ~done
        index, rising = index[keep], rising[keep]
        count, scaled_r, traffic, work = count[keep], scaled_r[keep], traffic[keep], work[keep]
    return found


@functools.lru_cache(maxsize=64)
def _halfin_whitt(target: float) -> tuple[float, float, float, float]:
    """``a``, ``b`` and ``lambda`` such that ``beta`` solves ``a beta + b beta**2 + s beta = lambda``, and
    the guess's offset.

    Halfin and Whitt: with ``n = A + beta sqrt(A)``, ``P(wait) ~ 1 / (1 +
    beta Phi(beta) / phi(beta))`` and the service level ``1 - P(wait)
    exp(-beta s)``, ``s = w sqrt(A)``. ``-log P(wait)`` is fitted by ``a beta
    + b beta**2`` between 0 and the ``beta`` of ``s = 0``.
    """
    goal = -math.log(1.0 - target)

    def minus_log_wait(beta: float) -> float:
        mills = 0.5 * (1.0 + math.erf(beta / math.sqrt(2.0))) * math.sqrt(2.0 * math.pi) * math.exp(beta * beta / 2)
        return math.log1p(beta * mills)

    low, high = 0.0, 1.0
    while minus_log_wait(high) < goal:
        low, high = high, 2 * high
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if minus_log_wait(middle) < goal else (low, middle)
    betas = np.linspace(high / 32, high, 32)
    values = np.array([minus_log_wait(beta) for beta in betas.tolist()])
    (a, b), *_ = np.linalg.lstsq(np.stack([betas, betas * betas], axis=1), values, rcond=None)
    return float(a), max(float(b), 1e-3), goal, _OFFSET * high


def _guess(
    traffic: Floats, work: NDArray[np.float32], target: float, *, out: NDArray[np.float32], scratch: NDArray[np.float32]
) -> None:
    """``max(floor(A) + 1, ceil(A + beta sqrt(A) + offset))`` from :func:`_halfin_whitt`, in float32."""
    a, b, goal, offset = _halfin_whitt(target)
    root, shift, beta = scratch
    np.sqrt(traffic, out=root, dtype=np.float32, casting="same_kind")
    np.multiply(work, root, out=shift)
    shift += np.float32(a)  # s + a
    np.multiply(shift, shift, out=beta)
    beta += np.float32(4.0 * b * goal)
    np.sqrt(beta, out=beta)
    beta -= shift
    beta *= root
    beta *= np.float32(1.0 / (2.0 * b))  # beta sqrt(A)
    beta += np.float32(offset)
    np.add(beta, traffic, out=beta, casting="same_kind")
    np.ceil(beta, out=beta)
    np.floor(traffic, out=root, casting="same_kind")
    root += np.float32(1.0)
    np.maximum(root, beta, out=out)
