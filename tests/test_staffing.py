"""Staffing: Erlang C against published values, Erlang A against a brute-force Markov chain, agents_needed."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcstandards
from svcstandards.errors import InvalidArgumentError, SvcStandardsError
from svcstandards.format.parts import Abandons
from svcstandards.format.units import UnitError
from svcstandards.staffing import abandon_rate, agents_needed, asa, erlang_b, erlang_c, service_level

# The textbook example (e.g. Koole, Call Center Optimization, ch. 5; any Erlang C calculator):
# 100 calls in 30 minutes, 180 s handle time: 100 x 180 / 1800 = 10 Erlangs.


def test_published_erlang_c_example() -> None:
    assert round(erlang_c(10, 14), 4) == 0.1741
    assert round(service_level(14, 100, 180, 1800, 20), 4) == 0.8884
    assert round(asa(14, 100, 180, 1800), 2) == 7.84
    assert round(service_level(13, 100, 180, 1800, 20), 4) == 0.7956
    assert agents_needed(100, 180, 1800, within=20, floor=0.8) == 14


def test_durations_as_text_and_seconds_agree() -> None:
    assert service_level(14, 100, "3m", "30m", "20s") == service_level(14, 100, 180, 1800, 20)
    assert asa(14, 100, "PT3M", "0.5h") == asa(14, 100, 180, 1800)
    # pandas' spelling, as periods are written ("30min"), reads too; text neither reads keeps the format's error
    assert agents_needed(100, "3min", "30min", within="20s", floor="80%") == 14
    assert service_level(14, 100, "180s", "1800 seconds", "20s") == service_level(14, 100, 180, 1800, 20)
    with pytest.raises(UnitError, match="unknown unit"):
        service_level(14, 100, "3 fortnights", 1800, 20)
    with pytest.raises(UnitError, match="not a duration"):
        service_level(14, 100, "-3min", 1800, 20)


def test_erlang_b_and_c_small_cases_by_hand() -> None:
    # one agent, 0.5 Erlang: B = 0.5 / 1.5 = 1/3; C = rho = 0.5 (M/M/1)
    assert erlang_b(0.5, 1) == pytest.approx(1 / 3)
    assert erlang_c(0.5, 1) == pytest.approx(0.5)
    # two agents, 1 Erlang: B = (1/2) / (1 + 1 + 1/2) = 0.2; C = 2 x 0.2 / (2 - 1 x 0.8) = 1/3
    assert erlang_c(1, 2) == pytest.approx(1 / 3)
    assert erlang_c(0, 3) == 0.0  # no traffic, no wait
    assert erlang_c(10, 10) == 1.0  # as many Erlangs as agents: everyone waits
    assert erlang_c(12, 10) == 1.0


def _erlang_c_by_logs(traffic: float, agents: int) -> float:
    """Erlang C from the sum of Poisson terms in logs (lgamma), an independent route."""
    logs = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(agents)]
    last = agents * math.log(traffic) - math.lgamma(agents + 1) + math.log(agents / (agents - traffic))
    top = max([*logs, last])
    total = sum(math.exp(v - top) for v in logs) + math.exp(last - top)
    return math.exp(last - top) / total


@pytest.mark.parametrize(("traffic", "agents"), [(1000.0, 1001), (1000.0, 1030), (1000.0, 1100), (1500.0, 2000)])
def test_erlang_c_is_stable_at_a_thousand_erlangs(traffic: float, agents: int) -> None:
    value = erlang_c(traffic, agents)
    assert value == pytest.approx(_erlang_c_by_logs(traffic, agents), rel=1e-9)
    assert 0.0 <= erlang_c(1000.0, 2000) < 1e-100  # underflows gracefully, no NaN


def test_erlang_c_broadcasts() -> None:
    result = erlang_c(np.array([[5.0], [10.0]]), np.array([6, 10, 14]))
    assert result.shape == (2, 3)
    assert result[1, 2] == pytest.approx(0.17413, abs=1e-5)
    assert result[1, 1] == 1.0


def test_arguments_are_checked() -> None:
    with pytest.raises(InvalidArgumentError, match="whole numbers of agents"):
        erlang_c(10, 13.5)
    with pytest.raises(InvalidArgumentError, match="traffic"):
        erlang_c(-1, 3)
    with pytest.raises(svcstandards.UnitError, match="unit"):
        service_level(14, 100, "3", "30m", "20s")
    with pytest.raises(InvalidArgumentError, match="aht"):
        service_level(14, 100, 0, 1800, 20)
    with pytest.raises(SvcStandardsError):
        agents_needed(100, 180, 1800, within=20, floor="100%")


# -- Erlang A against a Markov chain built by hand -------------------------------------------------


def _chain(calls: float, aht: float, interval: float, agents: int, patience: float, limit: float):  # type: ignore[no-untyped-def]
    """P(wait), P(abandon), P(answered within limit) and P(abandoned within limit) of M/M/n+M, the long way.

    The stationary distribution of the birth-death chain (truncated far out),
    then, for the calls that wait (PASTA), the transient chain of their
    position in the queue solved by uniformisation: position j moves to j-1
    at rate n mu + j theta (served or someone ahead gives up), the call
    itself gives up at rate theta, position 0 is served at rate n mu.
    """
    lam, mu, theta = calls / interval, 1 / aht, 1 / patience
    top = agents + 400
    rates_up = np.full(top, lam)
    rates_down = np.array([min(j, agents) * mu + max(j - agents, 0) * theta for j in range(1, top + 1)])
    logs = np.concatenate([[0.0], np.cumsum(np.log(rates_up) - np.log(rates_down))])
    pi = np.exp(logs - logs.max())
    pi /= pi.sum()
    waiting = pi[agents:].sum()
    ahead = pi[agents:] / waiting  # the call finds j = 0, 1, ... calls ahead of it
    answered_if_waiting = sum(
        ahead[j] * math.prod((agents * mu + i * theta) / (agents * mu + (i + 1) * theta) for i in range(j + 1))
        for j in range(len(ahead))
    )
    size = len(ahead)
    move = agents * mu + np.arange(size) * theta  # from position j to j - 1 (or served at 0)
    out = move + theta
    fastest = out.max()
    state = np.concatenate([ahead, [0.0, 0.0]])  # positions, served, abandoned
    steps = 400
    poisson = math.exp(-fastest * limit)
    served_by = abandoned_by = 0.0
    for m in range(steps):
        served_by += poisson * state[size]
        abandoned_by += poisson * state[size + 1]
        new = np.zeros_like(state)
        new[:size] = state[:size] * (1 - out / fastest)
        new[: size - 1] += state[1:size] * move[1:] / fastest
        new[size] = state[size] + state[0] * move[0] / fastest
        new[size + 1] = state[size + 1] + state[:size].sum() * theta / fastest
        state = new
        poisson *= fastest * limit / (m + 1)
    return waiting, waiting * (1 - answered_if_waiting), 1 - waiting + waiting * served_by, waiting * abandoned_by


CASES = [
    # calls per 30 min, aht, agents, patience, limit (s)
    (100, 180, 14, 180, 20),
    (100, 180, 11, 120, 30),  # understaffed: only abandons keep the queue finite
    (300, 240, 40, 60, 15),
]


@pytest.mark.parametrize(("calls", "aht", "agents", "patience", "limit"), CASES)
def test_erlang_a_matches_the_markov_chain(calls: int, aht: int, agents: int, patience: int, limit: int) -> None:
    waiting, abandoned, answered_within, abandoned_within = _chain(calls, aht, 1800, agents, patience, limit)
    assert abandon_rate(agents, calls, aht, 1800, patience) == pytest.approx(abandoned, abs=1e-9)
    assert service_level(agents, calls, aht, 1800, limit, patience=patience) == pytest.approx(answered_within, abs=1e-6)
    # excluded: over the answered calls
    excluded = service_level(agents, calls, aht, 1800, limit, patience=patience, abandons=Abandons(count_as="excluded"))
    assert excluded == pytest.approx(answered_within / (1 - abandoned), abs=1e-6)
    # met_if_within: abandons within the limit count as met
    met = service_level(agents, calls, aht, 1800, limit, patience=patience, abandons=Abandons(count_as="met_if_within"))
    assert met == pytest.approx(answered_within + abandoned_within, abs=1e-6)
    assert waiting > 0


def test_erlang_a_reference_14_agents() -> None:
    # 10 Erlangs, 14 agents, mean patience 3 minutes (= handle time): computed here and by the chain above.
    assert round(abandon_rate(14, 100, "3m", "30m", "3m"), 4) == 0.0187
    assert round(service_level(14, 100, "3m", "30m", "20s", patience="3m"), 4) == 0.9256


def test_ignore_shorter_than_takes_early_abandons_out_of_the_count() -> None:
    kwargs = {"patience": 120}
    missed = service_level(11, 100, 180, 1800, 30, **kwargs)
    ignoring = service_level(11, 100, 180, 1800, 30, abandons=Abandons(ignore_shorter_than="5s"), **kwargs)
    *_, abandoned_5s = _chain(100, 180, 1800, 11, 120, 5)
    assert ignoring == pytest.approx(missed / (1 - abandoned_5s), abs=1e-6)
    assert ignoring > missed


def test_asa_of_answered_calls_under_erlang_a() -> None:
    # long patience: Erlang C's 7.84 s; shorter patience: the calls that would wait longest hang up
    assert asa(14, 100, 180, 1800, patience=1e7) == pytest.approx(7.8359, abs=1e-3)
    assert asa(14, 100, 180, 1800, patience=60) < asa(14, 100, 180, 1800, patience=600) < 7.84


@settings(max_examples=60, deadline=None)
@given(
    traffic=st.floats(0.2, 40.0),
    extra=st.integers(1, 15),
    limit=st.floats(0.0, 120.0),
    aht=st.floats(30.0, 900.0),
)
def test_erlang_a_becomes_erlang_c_as_patience_grows(traffic: float, extra: int, limit: float, aht: float) -> None:
    agents = math.floor(traffic) + extra
    calls = traffic * 1800 / aht
    erlang_c_level = service_level(agents, calls, aht, 1800, limit)
    # near saturation (6 agents for 5.94 Erlangs) the queue is long and even rare abandons move the service
    # level: at a patience of a million handle times it is still 1e-3 off; at 1e10 the gap is far below 1e-4
    patience = aht * 1e10
    assert service_level(agents, calls, aht, 1800, limit, patience=patience) == pytest.approx(erlang_c_level, abs=1e-4)
    assert abandon_rate(agents, calls, aht, 1800, patience) < 1e-4


# -- agents_needed ------------------------------------------------------------------------------------

STANDARDS = svcstandards.loads("""
version: 1
measures:
  time_to_answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}
standards:
  - {id: sl-80-20, measure: time_to_answer, within: 20s, floor: 80%}
  - {id: sl-warn, measure: time_to_answer, within: 20s, floor: {fail: 80%, warn: 90%}}
  - {id: sl-excluded, measure: time_to_answer, within: 20s, floor: 80%, abandons: {count_as: excluded}}
  - {id: asa, measure: time_to_answer, mean: {at_most: 30s}}
""")


def test_agents_needed_from_a_standard() -> None:
    assert agents_needed(100, "3m", "30m", standard=STANDARDS.get("sl-80-20")) == 14
    # the pass level is the warning level: 90% needs 15 (service level 0.9415; 14 gives 0.8884)
    assert agents_needed(100, "3m", "30m", standard=STANDARDS.get("sl-warn")) == 15
    with pytest.raises(InvalidArgumentError, match="not a service level"):
        agents_needed(100, "3m", "30m", standard=STANDARDS.get("asa"))
    with pytest.raises(InvalidArgumentError, match="either standard"):
        agents_needed(100, "3m", "30m", standard=STANDARDS.get("sl-80-20"), floor=0.8)


@pytest.mark.parametrize(
    ("seed", "size", "interval", "within", "floor"),
    [(7, 200, 1800, 20, 0.8), (3, 2000, 900, 30, 0.85)],  # half-hours at 80/20; a week of quarter hours at 85/30
)
def test_agents_needed_is_the_smallest_count_meeting_the_target(
    seed: int, size: int, interval: int, within: int, floor: float
) -> None:
    rng = np.random.default_rng(seed)
    calls = rng.poisson(rng.uniform(0, 600 * interval / 1800, size)).astype(float)
    aht = rng.uniform(60, 900, size)
    needed = agents_needed(calls, aht, interval, within=within, floor=floor)
    busy = calls > 0
    assert np.all(service_level(needed[busy], calls[busy], aht[busy], interval, within) >= floor)
    assert np.all(service_level(needed[busy] - 1, calls[busy], aht[busy], interval, within) < floor)
    assert np.all(needed[~busy] == 0)


def test_agents_needed_under_erlang_a_per_convention() -> None:
    calls = np.array([100, 250, 40])
    for standard in ("sl-80-20", "sl-excluded"):
        rule = STANDARDS.get(standard)
        needed = agents_needed(calls, 180, 1800, standard=rule, patience="2m")
        level = service_level(needed, calls, 180, 1800, 20, patience=120, abandons=rule.abandons)
        below = service_level(needed - 1, calls, 180, 1800, 20, patience=120, abandons=rule.abandons)
        assert np.all(level >= 0.8)
        assert np.all(below < 0.8)
    # excluding abandons (over answered calls) never needs more agents than counting them as missed
    assert np.all(
        agents_needed(calls, 180, 1800, standard=STANDARDS.get("sl-excluded"), patience=120)
        <= agents_needed(calls, 180, 1800, standard=STANDARDS.get("sl-80-20"), patience=120)
    )


def test_occupancy_and_shrinkage() -> None:
    # 10 Erlangs at most 70% busy: 10 / 0.7 = 14.3 -> 15 agents (the service level alone needs 14)
    assert agents_needed(100, 180, 1800, within=20, floor=0.8, max_occupancy="70%") == 15
    # 10 / 0.8 = 12.5 -> 13: below the 14 the service level needs, so 14
    assert agents_needed(100, 180, 1800, within=20, floor=0.8, max_occupancy=0.8) == 14
    # 14 on the phones with 30% shrinkage: 14 / 0.7 = 20 exactly (no rounding up past 20)
    assert agents_needed(100, 180, 1800, within=20, floor=0.8, shrinkage="30%") == 20
    # 14 / 0.75 = 18.67 -> 19
    assert agents_needed(100, 180, 1800, within=20, floor=0.8, shrinkage=0.25) == 19
    with pytest.raises(InvalidArgumentError, match="shrinkage"):
        agents_needed(100, 180, 1800, within=20, floor=0.8, shrinkage="100%")


def test_a_handle_time_of_zero_is_named_not_dumped() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"^aht: expected a duration longer than 0, got 0, 0, -1, \.\.\. in 4 of 6 values$"
    ):
        agents_needed([5, 5, 5, 5, 5, 5], [0, 180, 0, -1, 180, 0], 1800, within=20, floor=0.8)
    with pytest.raises(InvalidArgumentError, match=r"^interval: expected a duration longer than 0, got 0$"):
        agents_needed(5, 180, 0, within=20, floor=0.8)
