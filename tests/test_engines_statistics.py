"""Medians, percentiles and NPS on every engine: the same values as the pandas engine's, computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from engine_cases import ENGINES, calls, counts, expect, load, table


def _waits(engine: str, statistic: str, answered: list[float | None], **options: object) -> pd.DataFrame:
    standards = load(
        f"""
        version: 1
        standards:
          - {{id: wait, measure: {{from: offered_at, to: answered_at}}, {statistic}, min_volume: 2}}
        """
    )
    return table(engine, standards, calls(answered), **options)


@pytest.mark.parametrize("engine", ENGINES)
def test_median_of_an_odd_and_an_even_count_with_ties(engine: str) -> None:
    # odd: 10 30 30 (one still open: pending, left out) -> the middle value 30; per row 10 is within 25 s
    found = _waits(engine, "median: {at_most: 25s}", [30, 10, None, 30])
    assert counts(found, "wait") == [expect(3, 1, 2, pending=1)]
    assert found["value"].tolist() == [30.0]
    assert found["status"].tolist() == ["fail"]
    # even: 10 20 20 40 -> (20 + 20) / 2 = 20; 10 20 30 40 -> 25
    assert _waits(engine, "median: {at_most: 25s}", [20, 40, 10, 20])["value"].tolist() == [20.0]
    assert _waits(engine, "median: {at_most: 25s}", [40, 30, 10, 20])["status"].tolist() == ["pass"]
    assert _waits(engine, "median: {at_most: 25s}", [40, 30, 10, 20])["value"].tolist() == [25.0]


@pytest.mark.parametrize("engine", ENGINES)
def test_p90_interpolates_between_the_two_values_around_q_n_minus_1(engine: str) -> None:
    # 5 values 10 20 30 40 100: position 0.9 * 4 = 3.6 -> 40 + 0.6 * (100 - 40) = 76
    found = _waits(engine, "p90: {at_most: 60s}", [100, 10, 40, 30, 20])
    assert found["value"].tolist() == pytest.approx([76.0], abs=1e-12)
    assert found["status"].tolist() == ["fail"]
    # 4 values with a tie at the top: 10 50 50 50 -> position 2.7: 50 + 0.7 * 0 = 50
    assert _waits(engine, "p90: {at_most: 60s}", [50, 10, 50, 50])["value"].tolist() == [50.0]
    # 6 values: position 0.95 * 5 = 4.75 -> 50 + 0.75 * (60 - 50) = 57.5
    assert _waits(engine, "p95: {at_most: 60s}", [60, 10, 20, 30, 40, 50])["value"].tolist() == [57.5]
    # one value is every percentile; min_volume 2 makes it insufficient
    one = _waits(engine, "p90: {at_most: 60s}", [42])
    assert one["value"].tolist() == [42.0]
    assert one["status"].tolist() == ["insufficient"]


@pytest.mark.parametrize("engine", ENGINES)
def test_percentiles_by_group_and_period_leave_out_invalid_pending_and_missing_values(engine: str) -> None:
    standards = load(
        """
        version: 1
        time: offered_at
        standards:
          - {id: wait-p90, measure: {from: offered_at, to: answered_at}, p90: {at_most: 30s}, by: [queue], period: day}
          - {id: csat-median, measure: {column: csat}, median: {at_least: 4}, by: [queue], period: day}
        """
    )
    data = calls(
        [10, 20, 30, 40, None, 50, 5, -5, 15],
        queue=["a", "a", "a", "a", "a", "b", "b", "b", "b"],
        csat=[5.0, 3.0, float("nan"), 4.0, 1.0, None, 2.0, 4.0, 5.0],
    )
    data.loc[8, "offered_at"] += pd.Timedelta(days=1)  # b's last call on the next day
    data.loc[8, "answered_at"] += pd.Timedelta(days=1)
    found = table(engine, standards, data)
    p90 = found[found["standard"] == "wait-p90"]
    # a, day 1: 10 20 30 40 (one open: pending) -> 0.9 * 3 = 2.7: 30 + 0.7 * 10 = 37
    # b, day 1: 50 5 (-5: answered before offered, invalid) -> 0.9 * 1 = 0.9: 5 + 0.9 * 45 = 45.5
    # b, day 2: 15
    assert counts(found, "wait-p90") == [expect(4, 3, 1, pending=1), expect(2, 1, 1, invalid=1), expect(1, 1, 0)]
    assert p90["value"].tolist() == pytest.approx([37.0, 45.5, 15.0], abs=1e-12)
    assert [str(p.date()) for p in p90["period"]] == ["2026-03-02", "2026-03-02", "2026-03-03"]
    median = found[found["standard"] == "csat-median"]
    # a: 5 3 4 1 (NaN out of scope) -> (3 + 4) / 2 = 3.5; b day 1: 2 4 (None out of scope) -> 3; b day 2: 5
    assert median["value"].tolist() == [3.5, 3.0, 5.0]
    assert median["status"].tolist() == ["fail", "fail", "pass"]
    assert [int(v) for v in median["excluded"]] == [0, 0, 0]


@pytest.mark.parametrize("engine", ENGINES)
def test_nps_is_the_share_of_promoters_less_the_share_of_detractors(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: nps, measure: {column: score}, nps: {at_least: 20}, by: [queue], min_volume: 3}
        """
    )
    data = pd.DataFrame(
        {
            "queue": ["a"] * 7 + ["b"] * 2,
            # a: promoters 9 10 10, passives 7 8, detractors 0 6; b: 11 outside 0-10 (invalid) and 9
            "score": [9, 10, 10, 7, 8, 0, 6, 11, 9],
        }
    )
    data.loc[len(data)] = {"queue": "a", "score": math.nan}  # no score: out of scope
    found = table(engine, standards, data)
    # a: 7 scores, 3 promoters, 2 detractors: 100 * (3 - 2) / 7 = 14.2857...; b: 1 score (9), 100, too few
    assert found["value"].tolist() == pytest.approx([100 / 7, 100.0], abs=1e-12)
    assert found["status"].tolist() == ["fail", "insufficient"]
    assert counts(found, "nps") == [expect(7, 5, 2, excluded=0), expect(1, 1, 0, invalid=1)]
