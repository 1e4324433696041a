"""Erlang B, C and A on numpy arrays: the queueing formulas behind staffing.

Everything here works on dimensionless arrays that are already broadcast to
one shape: ``traffic`` in Erlangs (calls x handle time / interval), ``agents``
a whole number, ``ratio`` the mean patience over the mean handle time, and
``work`` a time limit over the mean handle time. No factorials and no
powers: Erlang B by its recurrence (each step a number in [0, 1]), Erlang A
by a series whose terms are rescaled before they can overflow, so 1,000
Erlangs and 2,000 agents are as exact as 10 Erlangs and 14 agents.

References:

- A. K. Erlang (1917); the recurrence ``B(n) = A B(n-1) / (n + A B(n-1))``
  and ``C = n B / (n - A (1 - B))``: G. Koole, *Call Center Optimization*
  (2013), section 5.2.
- Erlang A (M/M/n+M): O. Garnett, A. Mandelbaum and M. Reiman, "Designing
  a call center with impatient customers", *Manufacturing & Service
  Operations Management* 4(3), 2002; A. Mandelbaum and S. Zeltyn, "The
  Palm/Erlang-A queue, with applications to call centers" (2007), whose
  function ``A(x, y) = 1 + sum_j y^j / ((x+1)...(x+j))`` is :func:`_series`.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

#: Rescale a series once its partial sum passes this, keeping the scale in a log.
_RESCALE = 1e250
_LOG_RESCALE = math.log(_RESCALE)
#: A series is summed once its remaining terms (a geometric bound) are below this share of the sum.
_TOLERANCE = 1e-17


def erlang_b_array(traffic: Floats, agents: NDArray[np.int64]) -> Floats:
    """Erlang B (the blocking probability of M/M/n/n) for arrays of one shape.

    The recurrence runs once from 1 to the largest agent count, on the whole
    array at each step: O(max(agents) x size) time, O(size) memory. Each
    step keeps a probability in [0, 1], so nothing overflows; far beyond the
    traffic it underflows to 0, which is the right answer to 1e-308.
    """
    out = np.ones(traffic.shape)
    blocking = np.ones(traffic.shape)
    top = int(agents.max()) if agents.size else 0
    for n in range(1, top + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
        hit = agents == n
        out[hit] = blocking[hit]
    return out


def erlang_c_from_b(traffic: Floats, agents: NDArray[np.int64], blocking: Floats) -> Floats:
    """Erlang C (the probability of waiting in M/M/n) from Erlang B: ``n B / (n - A (1 - B))``; 1 when n <= A."""
    stable = agents > traffic
    with np.errstate(divide="ignore", invalid="ignore"):
        waiting = agents * blocking / (agents - traffic * (1.0 - blocking))
    return np.where(stable, waiting, 1.0)


def _series(x: Floats, z: Floats, *, harmonic: bool = False) -> tuple[Floats, Floats]:
    """``log A(x, z)`` with ``A(x, z) = sum_k w_k``, ``w_0 = 1``, ``w_k = w_(k-1) z / (x + k)``.

    With ``harmonic``, also ``sum_k w_k x / (x + k + 1) H_k / A`` where
    ``H_k = sum_(i=1..k+1) 1 / (x + i)``: the mean wait of answered calls in
    units of patience (see :func:`erlang_a`). Terms rise while ``x + k < z``
    and then fall faster than a geometric series of ratio ``z / (x + k)``;
    the sum stops when that geometric bound on the rest is below 1e-17 of
    the sum. Steps: about ``max(0, z - x) + 40 sqrt(z)`` at most; each works
    only on the elements not yet summed.
    """
    log_sum = np.zeros(x.shape)
    weighted = np.zeros(x.shape)
    index = np.flatnonzero(np.ones(x.shape, dtype=bool))
    xs, zs = x.ravel().copy(), z.ravel().copy()
    term = np.ones(index.size)
    total = np.ones(index.size)
    scale = np.zeros(index.size)
    h = 1.0 / (xs + 1.0)
    moment = xs / (xs + 1.0) * h
    k = 0
    flat_log, flat_weighted = log_sum.reshape(-1), weighted.reshape(-1)
    while index.size:
        ratio = zs / (xs + k + 1.0)
        with np.errstate(divide="ignore"):
            rest = term * ratio / (1.0 - ratio)
        done = (ratio < 1.0) & (rest <= _TOLERANCE * total)
        if done.any():
            flat_log[index[done]] = np.log(total[done]) + scale[done]
            flat_weighted[index[done]] = moment[done] / total[done]
            keep = ~done
            index = index[keep]
            xs, zs, term, total, scale = xs[keep], zs[keep], term[keep], total[keep], scale[keep]
            h, moment, ratio = h[keep], moment[keep], ratio[keep]
            if not index.size:
                break
        k += 1
        term = term * ratio
        total = total + term
        if harmonic:
            h = h + 1.0 / (xs + k + 1.0)
            moment = moment + term * xs / (xs + k + 1.0) * h
        big = total > _RESCALE
        if big.any():
            term[big] /= _RESCALE
            total[big] /= _RESCALE
            moment[big] /= _RESCALE
            scale[big] += _LOG_RESCALE
    return log_sum, weighted


def erlang_a(
    traffic: Floats,
    agents: NDArray[np.int64],
    ratio: Floats,
    *,
    harmonic: bool = False,
) -> dict[str, Floats]:
    """The steady state of M/M/n+M (Erlang A) that every measure below needs.

    With ``x = n r`` and ``y = A r`` (``r`` = mean patience / mean handle
    time), ``P(wait) = A(x, y) B / (1 + (A(x, y) - 1) B)`` and the share of
    waiting calls that are answered is ``(x / y) (1 - 1 / A(x, y))``
    (Mandelbaum and Zeltyn 2007, section 3).
    """
    x = agents * ratio
    y = traffic * ratio
    blocking = erlang_b_array(traffic, agents)
    log_a, moment = _series(x, y, harmonic=harmonic)
    inverse_a = np.exp(-log_a)
    with np.errstate(divide="ignore", invalid="ignore"):
        waiting = blocking / (blocking + (1.0 - blocking) * inverse_a)
        answered_if_waiting = np.where(y > 0, x / y * -np.expm1(-log_a), 1.0)
    waiting = np.where(traffic > 0, waiting, 0.0)
    return {
        "x": x,
        "y": y,
        "log_a": log_a,
        "waiting": waiting,
        "answered_if_waiting": np.minimum(answered_if_waiting, 1.0),
        "moment": moment,
    }


def erlang_a_waits(state: dict[str, Floats], ratio: Floats, work: Floats) -> tuple[Floats, Floats]:
    """For a time limit ``t`` (``work`` = t / mean handle time), over all arrivals:

    - the share answered within ``t``;
    - the share whose wait (until answered or abandoned) is longer than ``t``.

    With ``u = exp(-t / patience)`` and ``q = u^x exp(y (1 - u))``, the
    offered wait of a waiting call exceeds ``t`` with probability
    ``G = q A(x, y u) / A(x, y)``, and a waiting call is answered within
    ``t`` with probability ``(x / y) (1 - 1 / A - G + q / A)``. (Given k
    calls ahead, ``exp(-V / patience)`` of the offered wait V is
    Beta(x, k + 1); summed over the queue this gives these closed forms.)
    """
    x, y, log_a = state["x"], state["y"], state["log_a"]
    theta_t = np.where(ratio > 0, work / ratio, np.inf)  # t / patience
    with np.errstate(over="ignore", invalid="ignore"):
        yu = y * np.exp(-theta_t)
        log_a_u, _ = _series(x, yu)
        log_q = -x * theta_t + y * -np.expm1(-theta_t)
        beyond = np.exp(log_q + log_a_u - log_a)  # G
        q_over_a = np.exp(log_q - log_a)
        answered = np.where(y > 0, x / y * (-np.expm1(-log_a) - beyond + q_over_a), 1.0)
    waiting = state["waiting"]
    answered_within = 1.0 - waiting + waiting * np.clip(answered, 0.0, 1.0)
    longer = waiting * beyond * np.exp(-theta_t)
    return np.clip(answered_within, 0.0, 1.0), np.clip(longer, 0.0, 1.0)
