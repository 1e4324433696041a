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
3. The target is tested at ``g - 1`` and ``g`` for all intervals at once.
   ``exp`` is computed in single precision (several times faster than in
   double precision where numpy has no vector ``exp`` for float64); a test
   whose two sides are within ``_NEAR`` of each other, far wider than that
   error, is redone in double precision, so every decision is the exact
   one.
4. Met at ``g`` and not at ``g - 1``: the answer is ``g``. Not met at
   ``g``: walk up one agent at a time; met at ``g - 1``: walk down until a
   count is not met. The walks work on the few intervals concerned.

Work: about ``sum(answers)`` element steps of three operations, plus
about 30 array operations over all intervals and the walks over the
intervals the guess missed; ``max(answers)`` array calls. Memory: a few
arrays of the intervals' size, in one block, updated in place.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray

from ._erlang import Floats

#: A test whose two sides are closer than this share is redone with float64 exp. float32 exp is off by
#: at most ``|x| 2**-24`` (the rounding of ``x``, ``|x| <= 104`` before exp underflows) plus a few units
#: in the last place: under 7e-6, a quarter of this.
_NEAR = 2.0**-15
#: The guess's offset from ``A + beta sqrt(A)``: the Halfin-Whitt count is a little low at small traffic.
_OFFSET = 0.3


def erlang_c_search(traffic: Floats, work: Floats, target: float) -> NDArray[np.int64]:
    """The fewest agents meeting ``target`` for each traffic (> 0) and ``work = t / aht``, 1-D arrays.

    Infinities are part of the arithmetic, not accidents: ``1 / A`` of a
    traffic below 1e-308, ``R`` past the largest float (``C = 0``: met) and
    ``exp`` at counts below the traffic (those tests are masked) are inf.
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return _search(traffic, work, target)


def _search(traffic: Floats, work: Floats, target: float) -> NDArray[np.int64]:
    size = traffic.size
    limit = 1.0 - target
    space = np.empty((12, size))
    load, scale, inverse, below, guess, low_r, high_r = space[:7]
    pair_n, pair_r = space[3:5], space[5:7]  # counts g - 1 and g; L R at those counts
    _guess(traffic, work, target, out=inverse)
    rank = np.argsort(inverse.astype(np.int16 if size and inverse.max() < 2**15 else np.int64), kind="stable")
    np.take(inverse, rank, out=guess)
    np.take(traffic, rank, out=load)
    np.take(work, rank, out=scale)
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
    met = _met_pairs(pair_n, pair_r, load, scale, limit, space[7:])
    met[0] &= below > load  # never met at n <= A
    found = guess.astype(np.int64)
    up = np.flatnonzero(~met[1])
    if up.size:
        found[up] = _walk(guess[up], high_r[up], load[up], scale[up], limit, up=True)
    down = np.flatnonzero(met[0])
    if down.size:
        found[down] = _walk(below[down], low_r[down], load[down], scale[down], limit, up=False)
    answer = np.empty(size, dtype=np.int64)
    answer[rank] = found
    return answer


def _met_pairs(
    count: Floats, scaled_r: Floats, traffic: Floats, work: Floats, limit: float, scratch: Floats
) -> NDArray[np.bool_]:
    """Met or not for two rows of counts and ``L R`` at once: float32 exp, near ties checked in float64."""
    gap, rhs = scratch[0:2], scratch[2:4]  # and scratch[4]
    np.subtract(count, traffic, out=gap)  # n - A
    decay = np.empty(count.shape, dtype=np.float32)
    np.multiply(gap, np.negative(work, out=rhs[0]), out=decay, casting="same_kind")
    np.exp(decay, out=decay)  # exp(-(n - A) w); underflows to 0 far below any share's limit
    np.multiply(gap, scaled_r, out=rhs)
    rhs += np.multiply(traffic, limit, out=scratch[4])  # + L A
    np.multiply(count, decay, out=gap)  # n d
    gap -= rhs
    met = gap <= 0.0
    np.abs(gap, out=gap)
    rhs *= _NEAR
    near = np.flatnonzero(gap < rhs)
    if near.size:
        column = near % count.shape[1]
        met.reshape(-1)[near] = _met(
            count.reshape(-1)[near], scaled_r.reshape(-1)[near], traffic[column], work[column], limit
        )
    return met


def _met(count: Floats, scaled_r: Floats, traffic: Floats, work: Floats, limit: float) -> NDArray[np.bool_]:
    """The exact test in float64: ``n exp(-(n - A) w) <= (n - A) L R + L A``, for ``n > A``."""
    gap = count - traffic
    return (gap > 0) & (count * np.exp(-gap * work) <= gap * scaled_r + limit * traffic)


def _walk(
    count: Floats, scaled_r: Floats, traffic: Floats, work: Floats, limit: float, *, up: bool
) -> NDArray[np.int64]:
    """From counts not met (``up``) or met (not ``up``), one agent at a time to the first met / last met count."""
    found = np.empty(count.size, dtype=np.int64)
    index = np.arange(count.size)
    while index.size:
        if up:
            count = count + 1.0
            scaled_r = scaled_r * (count / traffic) + limit  # L R(n + 1) = L + (n + 1) / A L R(n)
        else:
            scaled_r = (scaled_r - limit) * (traffic / count)  # L R(n - 1) = (L R(n) - L) A / n
            count = count - 1.0
        met = _met(count, scaled_r, traffic, work, limit)
        done = met if up else ~met
        found[index[done]] = count[done] + (0 if up else 1)
        keep = ~done
        index = index[keep]
        count, scaled_r, traffic, work = count[keep], scaled_r[keep], traffic[keep], work[keep]
    return found


@functools.lru_cache(maxsize=64)
def _halfin_whitt(target: float) -> tuple[float, float, float]:
    """``a``, ``b`` and ``lambda`` such that ``beta`` solves ``a beta + b beta**2 + s beta = lambda``.

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
    return float(a), max(float(b), 1e-3), goal


def _guess(traffic: Floats, work: Floats, target: float, *, out: Floats) -> None:
    """``max(floor(A) + 1, ceil(A + beta sqrt(A) + 0.3))``, beta from :func:`_halfin_whitt`, in float32."""
    a, b, goal = _halfin_whitt(target)
    root = np.sqrt(traffic, dtype=np.float32)
    shift = np.multiply(work, root, dtype=np.float32)
    shift += np.float32(a)  # s + a
    beta = np.multiply(shift, shift)
    beta += np.float32(4.0 * b * goal)
    np.sqrt(beta, out=beta)
    beta -= shift
    beta *= root
    beta *= np.float32(1.0 / (2.0 * b))  # beta sqrt(A)
    beta += np.float32(_OFFSET)
    np.add(beta, traffic, out=beta, casting="same_kind")
    np.ceil(beta, out=beta)
    np.floor(traffic, out=out)
    out += 1.0
    np.maximum(out, beta, out=out)
