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
   updated in place with two array operations (the recurrence scaled: see
   :func:`_climb`). They go back to their own order, and one more step
   gives ``R(g)``.
3. The target is tested at ``g - 1`` and ``g`` for all intervals at once,
   as the ratio of the two sides in single precision with ``exp`` in
   single precision (numpy has no vector ``exp`` for float64 on most
   processors: several times slower); a ratio within ``_NEAR`` of 1, far
   wider than that error, is decided again in double precision, so every
   decision is the exact one.
4. Met at ``g`` and not at ``g - 1``: the answer is ``g``. Not met at
   ``g``: walk up one agent at a time; met at ``g - 1``: walk down until a
   count is not met. The walks work on the few intervals concerned.

Work: about ``sum(answers)`` element steps of two operations, a sort of
small whole numbers and about 35 array operations over all intervals,
plus the walks; ``max(answers)`` steps of the climb. Memory: one block of
53 bytes per interval, updated in place, and the sort's permutation.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._erlang import Floats

#: A test whose ratio of sides is closer to 1 than this is redone in float64. The right side is at least
#: ``L n`` (``(n - A) L R + L A`` with ``R >= 1``), so a ratio above 1/2 needs ``exp(-x) > L / 2``,
#: ``x = (n - A) w <= log(2 / L) <= 37.5`` for any ``L`` above ``2**-53``. ``x`` carries five roundings to
#: float32 (``t``, ``aht``, ``t / aht``, ``n - A``, the product): ``exp(-x)`` errs by at most
#: ``5 x 2**-24``, 1.1e-5, and the ten other roundings by 6e-7. Under 1.2e-5: a fifth of this.
_NEAR = 2.0**-14
#: The guess's offset from ``A + beta sqrt(A)``, times the ``beta`` of the target without a time limit: the
#: Halfin-Whitt count runs low at small traffic, the more so the higher the target (0.3 agents at 80%).
_OFFSET = 0.28
#: Steps of the climb that share one ``q`` (see :func:`_climb`).
_BLOCK = 128
#: The longest climb whose scales are kept from one call to the next (16 targets x 100 bytes a step at most).
_KEPT_TOP = 4096
#: Bytes of working memory per interval: two float64 rows, eight float32 rows, five bool rows.
_BYTES = 2 * 8 + 8 * 4 + 5


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
    if not size:
        return np.zeros(0, dtype=np.int64)
    limit = 1.0 - target
    # Every working array is a row of one block: on a virtual machine fresh memory pages cost more than
    # the arithmetic, and with one large block the allocator keeps its pages from one call to the next.
    block = np.empty(size * _BYTES, dtype=np.uint8)
    rates = block[: 16 * size].view(np.float64).reshape(2, size)  # at the end L R(g - 1) and L R(g)
    narrow = block[16 * size : 48 * size].view(np.float32).reshape(8, size)
    flags = block[48 * size :].view(np.bool_).reshape(5, size)
    step, scaled = rates  # first q / A and L R(n) sigma(n), in the order of the guesses
    work, load32, counts = narrow[0], narrow[1], narrow[2:4]  # t / aht, A, and the counts g - 1 and g
    guess = counts[1]
    np.divide(within, aht, out=work, dtype=np.float32, casting="same_kind")
    np.copyto(load32, traffic, casting="same_kind")
    _guess(load32, work, target, out=guess, scratch=narrow[4:6])
    top = int(guess.max())
    key = guess.astype(np.uint8 if top < 2**8 else np.uint16 if top < 2**16 else np.int64)
    rank = np.argsort(key, kind="stable")
    # ends[k]: how many guesses are at most k; the intervals climbing past n are the sorted ones from ends[n]
    ends = np.searchsorted(key[rank], np.arange(top + 1, dtype=key.dtype), side="right")
    np.take(traffic, rank, out=step)
    _climb(step, scaled, ends, limit)
    rates[0][rank] = scaled  # back to the intervals' own order, into the row of q / A
    np.subtract(guess, 1.0, out=counts[0])
    np.multiply(rates[0], guess, out=rates[1])
    rates[1] /= traffic
    rates[1] += limit  # L R(g) = L + (g / A) L R(g - 1), over the climb's row
    met, near = _met_pairs(counts, rates, traffic, load32, work, limit, narrow[4:], flags)
    if near.size:  # decided again in float64
        row, column = np.divmod(near, size)
        count = counts[row, column].astype(np.float64)
        met[row, column] = _met(count, rates[row, column], traffic[column], _work(within, aht, column), limit)
    answer: NDArray[np.int64] = guess.astype(np.int64)
    walkers = np.flatnonzero(met[0] | ~met[1])
    if walkers.size:
        rising = ~met[1, walkers]
        row = rising.astype(np.intp)  # from g when g is not met, from g - 1 when g - 1 is
        answer[walkers] = _walk(
            counts[row, walkers].astype(np.float64),
            rates[row, walkers],
            traffic[walkers],
            _work(within, aht, walkers),
            limit,
            rising,
        )
    return answer


def _climb(step: Floats, scaled: Floats, ends: NDArray[np.intp], limit: float) -> None:
    """``L R(g - 1)`` into ``scaled`` for intervals sorted by their guesses ``g`` (``ends`` from the caller);
    ``step`` holds their traffic, and is overwritten.

    ``L R(n) = L + (n / A) L R(n - 1)`` takes three array operations a step
    (a scale, a product, a sum). Scaled by ``sigma(n) = prod(q / k, k <= n)``
    it takes two: ``t(n) = (q / A) t(n - 1) + L sigma(n)`` with ``t = L R
    sigma``, and ``q / A`` the same array at every step of a block of
    ``_BLOCK`` steps (from one block to the next it is scaled by the ratio
    of the two ``q``). With ``q`` the middle of its block, ``sigma`` stays
    between 1 and ``e**62`` at any count. All intervals are unscaled at the
    end, by ``1 / sigma(g - 1)``.
    """
    limit_sigma, inverse_sigma = _scales(len(ends) - 1, limit)
    scaled.fill(limit)
    np.divide(float(_middle(1)), step, out=step)
    first = -1
    r, s = scaled, step
    for n, start in enumerate(ends[1:-1].tolist(), start=1):
        if n % _BLOCK == 1 and n > 1:  # a new block: a new q
            step[start:] *= _middle(n) / _middle(n - 1)  # whole numbers, divided as floats
        if start != first:
            first, r, s = start, scaled[start:], step[start:]
        r *= s
        r += limit_sigma[n]
    scaled *= np.repeat(inverse_sigma, np.diff(ends))


def _middle(n: Any) -> Any:
    """``q`` of the block of step ``n`` (a number, or an array of steps): the middle of the block."""
    return (n - 1) // _BLOCK * _BLOCK + _BLOCK // 2


def _scales(top: int, limit: float) -> tuple[list[NDArray[np.float64]] | NDArray[np.float64], NDArray[np.float64]]:
    """``L sigma(n)`` for n < top and ``1 / sigma(n)``. Up to ``_KEPT_TOP`` steps the first are 0-d arrays
    (numpy adds them to an array faster than floats, about 0.5 microseconds a step), kept for the next call
    (about 100 bytes a step); beyond, an array of float64 (8 bytes a step), built afresh."""
    if top <= _KEPT_TOP:
        return _kept_scales(top, limit)
    return _sigmas(top, limit)


@functools.lru_cache(maxsize=16)
def _kept_scales(top: int, limit: float) -> tuple[list[NDArray[np.float64]], NDArray[np.float64]]:
    limit_sigma, inverse_sigma = _sigmas(top, limit)
    return [np.array(value) for value in limit_sigma.tolist()], inverse_sigma


def _sigmas(top: int, limit: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``L sigma(n)`` and ``1 / sigma(n)`` for n < top, ``sigma(n)`` the product of ``q / k`` for k <= n."""
    n = np.arange(1, max(top, 1), dtype=np.float64)
    sigma = np.concatenate([[1.0], np.cumprod(_middle(n) / n)])
    return limit * sigma, 1.0 / sigma


def _work(within: Floats, aht: Floats, where: NDArray[np.intp]) -> Floats:
    """``t / aht`` in float64 at some intervals (``within`` may be a broadcast view)."""
    return np.asarray(within)[where] / np.asarray(aht)[where]


def _met_pairs(
    counts: NDArray[np.float32],
    rates: Floats,
    traffic: Floats,
    load32: NDArray[np.float32],
    work: NDArray[np.float32],
    limit: float,
    narrow: NDArray[np.float32],
    flags: NDArray[np.bool_],
) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """Met or not at two rows of counts (``L R`` given in float64), and the flat positions of near ties.

    ``q = n exp(-(n - A) w) / ((n - A) L R + L A)`` in float32: met when
    ``q <= 1``; within ``_NEAR`` of 1 the caller decides again in float64.
    ``n - A`` and ``(n - A) L R`` are taken in float64 and rounded once.
    ``load32`` becomes ``L A``. Scratch: four rows in float32, one of bools
    besides the two pairs returned.
    """
    gap, power = narrow[:2], narrow[2:4]
    met, sure, above = flags[:2], flags[2:4], flags[4]
    np.subtract(traffic, counts, out=gap, casting="same_kind")  # A - n
    np.less(gap[0], 0.0, out=above)  # never met at n <= A
    np.multiply(gap, work, out=power)
    np.exp(power, out=power)  # exp(-(n - A) w); underflows to 0 far below any share's limit
    np.multiply(gap, rates, out=gap, casting="same_kind")  # (A - n) L R
    load32 *= np.float32(limit)
    np.subtract(load32, gap, out=gap)  # (n - A) L R + L A
    power *= counts  # n exp(...)
    power /= gap
    np.less_equal(power, 1.0 + _NEAR, out=met)
    np.less_equal(power, 1.0 - _NEAR, out=sure)
    sure ^= met
    met[0] &= above
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
    load: NDArray[np.float32],
    work: NDArray[np.float32],
    target: float,
    *,
    out: NDArray[np.float32],
    scratch: NDArray[np.float32],
) -> None:
    """``max(floor(A) + 1, ceil(A + beta sqrt(A) + offset))`` from :func:`_halfin_whitt`, in float32.

    At least ``floor(A) + 1`` of the float64 traffic too: rounding to float32
    never crosses a whole number downwards.
    """
    a, b, goal, offset = _halfin_whitt(target)
    root, shift = scratch[:2]
    np.sqrt(load, out=root)
    np.multiply(work, root, out=shift)
    shift += np.float32(a)  # s + a
    np.multiply(shift, shift, out=out)
    out += np.float32(4.0 * b * goal)
    np.sqrt(out, out=out)
    out -= shift
    out *= root
    out *= np.float32(1.0 / (2.0 * b))  # beta sqrt(A)
    out += np.float32(offset)
    out += load
    np.ceil(out, out=out)
    np.floor(load, out=root)
    root += np.float32(1.0)
    np.maximum(root, out, out=out)
