"""agents_needed under Erlang C: the fewest agents, checked against the service level and the one-agent walk."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcstandards.staffing import agents_needed
from svcstandards.staffing._erlang import erlang_b_array, erlang_c_from_b
from svcstandards.staffing._search import _climb, _scales

#: Two ways of rounding may put a count on either side of a target it meets to the 12th digit.
_TIE = 1e-12


def _level(agents: np.ndarray, traffic: np.ndarray, work: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    """1 - C exp(-(n - A) w), from the module's Erlang B and C; 0 at n <= A (and at no agents)."""
    count = agents.astype(np.int64)
    waiting = erlang_c_from_b(traffic, count, erlang_b_array(traffic, count))
    with np.errstate(over="ignore"):
        level = 1.0 - waiting * np.exp(-(count - traffic) * work)
    return np.where(count > traffic, level, 0.0)


def _walk(traffic: np.ndarray, work: np.ndarray, target: float) -> np.ndarray:  # type: ignore[type-arg]
    """The search as it was: Erlang B's recurrence from one agent up, until each interval meets the target."""
    needed = np.zeros(traffic.size, dtype=np.int64)
    blocking = np.ones(traffic.size)
    open_ = traffic > 0
    n = 0
    while open_.any():
        n += 1
        blocking = traffic * blocking / (n + traffic * blocking)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            waiting = n * blocking / (n - traffic * (1.0 - blocking))
            level = 1.0 - waiting * np.exp(-(n - traffic) * work)
        met = open_ & (n > traffic) & (level >= target)
        needed[met] = n
        open_ &= ~met
    return needed


def _traffic() -> st.SearchStrategy[float]:
    whole = st.integers(0, 2000).map(float)
    near_whole = st.tuples(st.integers(1, 2000), st.sampled_from([-1e-9, -1e-12, 1e-12, 1e-9])).map(sum)
    return st.one_of(st.just(0.0), st.floats(0.0, 2000.0), st.floats(0.0, 3.0), whole, near_whole)


@settings(max_examples=150, deadline=None)
@given(
    traffic=st.lists(_traffic(), min_size=1, max_size=12),
    aht=st.floats(5.0, 3600.0),
    within=st.floats(0.0, 900.0),
    target=st.floats(0.01, 0.9999),
)
def test_the_answer_meets_the_target_and_one_agent_less_does_not(
    traffic: list[float], aht: float, within: float, target: float
) -> None:
    load = np.array(traffic)
    work = np.full(load.size, within / aht)
    # calls = traffic and aht = interval = 1 s: the traffic is exactly the numbers drawn
    needed = agents_needed(load, 1.0, 1.0, within=work, floor=target)
    assert needed.dtype == np.int64
    assert np.all(needed[load == 0] == 0)
    busy = load > 0
    at, below = _level(needed, load, work), _level(needed - 1, load, work)
    assert np.all(at[busy] >= target - _TIE)
    assert np.all(below[busy] < target + _TIE)
    assert np.all(needed[busy] > load[busy])
    clear = busy & (np.abs(at - target) > 1e-9) & (np.abs(below - target) > 1e-9)
    if load.max() <= 200:  # the walk takes one step per agent: small sizes only
        assert np.array_equal(needed[clear], _walk(load, work, target)[clear])


def test_published_sizes_and_the_walk_agree_on_a_grid() -> None:
    # 0.05 to 60 Erlangs, time limits of 0 to 2 handle times, five targets: 3,000 intervals
    traffic = np.repeat(np.geomspace(0.05, 60.0, 100), 6)
    work = np.tile([0.0, 0.01, 0.1, 0.5, 1.0, 2.0], 100)
    for target in (0.5, 0.8, 0.9, 0.95, 0.999):
        needed = agents_needed(traffic, 1.0, 1.0, within=work, floor=target)
        assert np.array_equal(needed, _walk(traffic, work, target))
    # the classic example: 100 calls of 3 minutes in 30 minutes (10 Erlangs), 80% in 20 s: 14 agents
    assert agents_needed(100, 180, 1800, within=20, floor=0.8) == 14


def test_two_thousand_erlangs_do_not_overflow() -> None:
    traffic = np.array([999.5, 1000.0, 1000.5, 1999.999999999, 2000.0, 0.001])
    with np.errstate(all="raise"):  # any overflow or NaN on the way would raise here
        needed = agents_needed(traffic, 1.0, 1.0, within=np.array([0.1, 0.0, 1.0, 0.1, 0.0, 0.1]), floor=0.999)
    work = np.array([0.1, 0.0, 1.0, 0.1, 0.0, 0.1])
    assert np.all(_level(needed, traffic, work) >= 0.999)
    assert np.all(_level(needed - 1, traffic, work) < 0.999)
    # 2,000 Erlangs at 99.9% with no time limit: P(wait) <= 0.1% needs a margin of about 3.1 sqrt(A)
    assert 2000 + 2.8 * math.sqrt(2000) < needed[4] < 2000 + 3.6 * math.sqrt(2000)
    assert needed[5] == 1


def test_a_target_met_to_the_eleventh_digit_is_decided_in_double_precision() -> None:
    # 10 Erlangs, 20 s over 180 s handle time: 14 agents give 0.88838...; single precision cannot tell a
    # target 1e-11 below that level (14 agents) from one 1e-11 above it (15)
    level = float(_level(np.array([14]), np.array([10.0]), np.array([20 / 180]))[0])
    assert 0.888 < level < 0.889
    assert agents_needed(100, 180, 1800, within=20, floor=level - 1e-11) == 14
    assert agents_needed(100, 180, 1800, within=20, floor=level + 1e-11) == 15
    # the same among 1,000 intervals of 2 to 20 Erlangs
    calls = np.resize([100.0, 20.0, 200.0, 37.0], 1000)
    for floor, agents in ((level - 1e-11, 14), (level + 1e-11, 15)):
        assert np.all(agents_needed(calls, 180, 1800, within=20, floor=floor)[::4] == agents)


@pytest.mark.parametrize(
    "guesses",
    [np.arange(1, 701), np.array([1, 2, 129, 4096, 4097, 5000])],
    ids=["1 to 700", "past the kept scales"],
)
def test_the_scaled_climb_gives_erlang_b_across_its_blocks(guesses: np.ndarray) -> None:  # type: ignore[type-arg]
    # guesses from 1 to 700 cross the 128-step blocks of the climb five times, and past 4,096 steps the
    # scales are built afresh as an array; R = 1 / B from Erlang B's own recurrence (each step a
    # probability), and L R(g - 1) is what the climb leaves
    traffic = guesses * 0.93
    limit = 0.2
    step, scaled = np.empty((2, guesses.size))
    ends = np.searchsorted(guesses, np.arange(guesses.max() + 1), side="right")
    step[:] = traffic
    _climb(step, scaled, ends, limit)
    expected = limit / erlang_b_array(traffic, guesses - 1)
    assert np.allclose(scaled, expected, rtol=1e-12, atol=0)  # measured: 1.5e-14 up to 700, 4.4e-13 at 5,000
    # the scale stays between 1 and e**62 up to 100,000 agents: nothing near the ends of float64
    logs = np.log(1.0 / _scales(100_000, 1.0)[1])
    assert logs.min() >= 0.0
    assert logs.max() < 62
