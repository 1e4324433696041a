"""Scoring interactions against standards: every outcome, every convention, every status.

Each test gives the standard (YAML), the data (a small DataFrame) and the
numbers it must produce, worked out by hand in a comment where not obvious.
Unless a test says otherwise the file's time zone is UTC and calls are
offered from ``T0`` = Monday 2026-03-02 09:00.
"""

from __future__ import annotations

import copy
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svcstandards
from svcstandards import DataError, Report, StandardSet, evaluate
from svcstandards.sample import interactions, parcels

HERE = Path(__file__).parent
BUNDLED = sorted((HERE.parent / "standards").glob("*.yaml"))
T0 = pd.Timestamp("2026-03-02 09:00:00")  # a Monday
COUNTS = ["n", "met", "missed", "pending", "excluded", "invalid"]
OUTCOMES = ["met", "missed", "pending", "excluded", "invalid", "out_of_scope"]
SECOND = pd.Timedelta(seconds=1)


# -- helpers -------------------------------------------------------------------


def load(text: str) -> StandardSet:
    return svcstandards.loads(textwrap.dedent(text))


def after(seconds: float | None, start: pd.Timestamp = T0) -> Any:
    """``start`` plus ``seconds`` (``NaT`` for ``None``)."""
    return pd.NaT if seconds is None else start + seconds * SECOND


def calls(
    answered: Sequence[float | None], abandoned: Sequence[float | None] | None = None, **extra: Any
) -> pd.DataFrame:
    """Call i is offered at T0 + i minutes, answered / abandoned that many seconds later."""
    offered = [T0 + pd.Timedelta(minutes=i) for i in range(len(answered))]
    abandoned = abandoned if abandoned is not None else [None] * len(answered)
    return pd.DataFrame(
        {
            "offered_at": pd.to_datetime(offered),
            "answered_at": pd.to_datetime([after(s, o) for s, o in zip(answered, offered, strict=True)]),
            "abandoned_at": pd.to_datetime([after(s, o) for s, o in zip(abandoned, offered, strict=True)]),
            **extra,
        }
    )


def only_row(report: Report, standard: str) -> dict[str, Any]:
    """The single results row of an ungrouped standard."""
    table = report.to_frame()
    rows = table[table["standard"] == standard]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def counts_of(row: dict[str, Any]) -> dict[str, int]:
    return {c: int(row[c]) for c in COUNTS}


def expect(n: int, met: int, missed: int, pending: int = 0, excluded: int = 0, invalid: int = 0) -> dict:
    return {"n": n, "met": met, "missed": missed, "pending": pending, "excluded": excluded, "invalid": invalid}


def key(value: Any) -> Any:
    """A group value with every kind of missing value as ``None``."""
    return None if pd.isna(value) else value


def by_group(report: Report, standard: str, columns: Sequence[str]) -> dict[tuple, dict[str, Any]]:
    table = report.to_frame()
    table = table[table["standard"] == standard]
    return {tuple(key(r[c]) for c in columns): r for r in table.to_dict("records")}


# -- one duration standard: every outcome --------------------------------------

ANSWERED_20S = """
    version: 1
    standards:
      - id: answered-20s
        where: {channel: phone}
        measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
        within: 20s
        floor: 80%
        abandons: {count_as: missed, ignore_shorter_than: 5s}
"""


def test_a_duration_standard_gives_every_row_exactly_one_outcome() -> None:
    standards = load(ANSWERED_20S)
    as_of = T0 + pd.Timedelta(hours=1)
    rows = [
        # (offered, answered, abandoned, channel) -> outcome
        (T0, after(10), None, "phone"),  # met
        (T0, after(20), None, "phone"),  # met: within is "at most", 20 s is in
        (T0, after(21), None, "phone"),  # missed
        (T0, None, after(30), "phone"),  # abandoned after 30 s: missed
        (T0, None, after(3), "phone"),  # abandoned after 3 s < 5 s: excluded
        (T0, after(100), after(2), "phone"),  # answered and abandoned: answered (100 s), missed
        (after(-15, as_of), None, None, "phone"),  # open 15 s at as_of: pending
        (after(-20, as_of), None, None, "phone"),  # open exactly 20 s: still pending
        (after(-21, as_of), None, None, "phone"),  # open 21 s: missed
        (T0, after(-5), None, "phone"),  # answered before offered: invalid
        (None, after(5), None, "phone"),  # no offered time: invalid
        (T0, None, after(-1), "phone"),  # abandoned before offered: invalid
        (T0, after(100), None, "email"),  # not a phone call: out of scope
    ]
    data = pd.DataFrame(
        {
            "offered_at": pd.to_datetime([r[0] for r in rows]),
            "answered_at": pd.to_datetime([r[1] for r in rows]),
            "abandoned_at": pd.to_datetime([r[2] for r in rows]),
            "channel": [r[3] for r in rows],
        }
    )
    report = evaluate(standards, data, as_of=as_of)
    assert report.outcomes("answered-20s").tolist() == [
        "met",
        "met",
        "missed",
        "missed",
        "excluded",
        "missed",
        "pending",
        "pending",
        "missed",
        "invalid",
        "invalid",
        "invalid",
        "out_of_scope",
    ]
    row = only_row(report, "answered-20s")
    # n = met 2 + missed 4 (21 s, abandoned 30 s, answered 100 s, open 21 s)
    assert counts_of(row) == expect(n=6, met=2, missed=4, pending=2, excluded=1, invalid=3)
    assert row["share"] == 2 / 6
    assert row["status"] == "fail"
    assert report.counts().set_index("standard").loc["answered-20s", "out_of_scope"] == 1


@pytest.mark.parametrize("condition", ["within: 20s", "at_most: 20s", "at_most: PT20S"])
def test_within_and_at_most_are_the_same_on_durations(condition: str) -> None:
    standards = load(
        f"""
        version: 1
        standards:
          - id: s
            measure: {{from: offered_at, to: answered_at}}
            {condition}
            floor: 50%
        """
    )
    # 19 s and 20 s are within, 21 s and 2 min are not
    report = evaluate(standards, calls([19, 20, 21, 120]))
    assert counts_of(only_row(report, "s")) == expect(n=4, met=2, missed=2)


def test_at_least_on_a_duration() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: long-enough
            title: Calls last at least 30 seconds
            measure: {from: offered_at, to: answered_at}
            at_least: 30s
            floor: 50%
        """
    )
    # 29 s is short, 30 s and 31 s are long enough
    report = evaluate(standards, calls([29, 30, 31]))
    assert report.outcomes("long-enough").tolist() == ["missed", "met", "met"]


def test_at_least_and_at_most_make_a_band_on_durations() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: band
            measure: {from: offered_at, to: answered_at}
            at_least: 10s
            at_most: 1m
            floor: 50%
        """
    )
    report = evaluate(standards, calls([9, 10, 30, 60, 61]))
    assert report.outcomes("band").tolist() == ["missed", "met", "met", "met", "missed"]
    assert only_row(report, "band")["share"] == 3 / 5


def test_at_least_and_at_most_on_numbers() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: csat
            title: 85% of surveyed customers satisfied (4 or 5 of 5)
            measure: {column: csat}
            at_least: 4
            floor: 85%
          - id: short-hold
            measure: {column: hold_seconds}
            at_most: 60
            floor: 95%
          - id: band
            measure: {column: csat}
            at_least: 2
            at_most: 4
            floor: 50%
        """
    )
    data = pd.DataFrame(
        {
            "csat": [5, 4, 3, np.nan, 1, 2],
            "hold_seconds": [0.0, 59.9, 60.0, 60.1, np.nan, 300.0],
        }
    )
    report = evaluate(standards, data)
    # csat >= 4: 5, 4 met; 3, 1, 2 missed; NaN has no value: out of scope
    assert report.outcomes("csat").tolist() == ["met", "met", "missed", "out_of_scope", "missed", "missed"]
    assert counts_of(only_row(report, "csat")) == expect(n=5, met=2, missed=3)
    # hold <= 60: 0, 59.9, 60 met; 60.1, 300 missed
    assert counts_of(only_row(report, "short-hold")) == expect(n=5, met=3, missed=2)
    # 2 <= csat <= 4: 4, 3, 2 met; 5, 1 missed
    assert report.outcomes("band").tolist() == ["missed", "met", "met", "out_of_scope", "missed", "met"]


def test_targets_first_match_wins_and_no_match_is_out_of_scope() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: first-reply
            measure: {from: created_at, to: replied_at}
            targets:
              - {where: {priority: urgent}, within: 1h}
              - {where: {priority: [urgent, high]}, within: 4h}
              - {where: {priority: normal}, within: 8h}
            floor: 50%
        """
    )
    created = pd.Timestamp("2026-03-02 08:00")
    hours = [2, 2, 5, 7, 9, 1, 1]
    data = pd.DataFrame(
        {
            "priority": ["urgent", "high", "high", "normal", "normal", "low", None],
            "created_at": [created] * len(hours),
            "replied_at": [created + pd.Timedelta(hours=h) for h in hours],
        }
    )
    report = evaluate(standards, data)
    assert report.outcomes("first-reply").tolist() == [
        "missed",  # urgent, 2 h: the 1 h target applies although urgent also matches the 4 h one
        "met",  # high, 2 h <= 4 h
        "missed",  # high, 5 h > 4 h
        "met",  # normal, 7 h <= 8 h
        "missed",  # normal, 9 h > 8 h
        "out_of_scope",  # low: no target matches
        "out_of_scope",  # no priority: no target matches
    ]
    assert counts_of(only_row(report, "first-reply")) == expect(n=5, met=2, missed=3)


def test_targets_with_a_default_last_target() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: first-reply
            measure: {from: created_at, to: replied_at}
            targets:
              - {where: {priority: urgent}, within: 1h}
              - {within: 8h}
            floor: 50%
        """
    )
    created = pd.Timestamp("2026-03-02 08:00")
    data = pd.DataFrame(
        {
            "priority": ["urgent", "low", None],
            "created_at": [created] * 3,
            "replied_at": [created + pd.Timedelta(hours=h) for h in (2, 7, 9)],
        }
    )
    report = evaluate(standards, data)
    assert report.outcomes("first-reply").tolist() == ["missed", "met", "missed"]


# -- flags and values ------------------------------------------------------------

FLAG_CEILING = """
    version: 1
    standards:
      - id: abandon-rate
        measure: {flag: abandoned}
        ceiling: 30%
"""


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([True, False, True, False, False]),
        pd.Series([1, 0, 1, 0, 0]),
        pd.Series([1.0, 0.0, 1.0, 0.0, 0.0]),
        pd.Series([True, False, True, False, False], dtype="boolean"),
    ],
    ids=["bool", "int-0-1", "float-0-1", "nullable-boolean"],
)
def test_flag_true_is_met_false_is_missed(column: pd.Series) -> None:
    report = evaluate(load(FLAG_CEILING), pd.DataFrame({"abandoned": column}))
    row = only_row(report, "abandon-rate")
    # 2 of 5 flagged: 40% > 30% ceiling
    assert counts_of(row) == expect(n=5, met=2, missed=3)
    assert row["share"] == 0.4
    assert row["status"] == "fail"


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([True, False, None, True], dtype=object),
        pd.Series([True, False, pd.NA, True], dtype="boolean"),
        pd.Series([1.0, 0.0, np.nan, 1.0]),
        pd.Series([1, 0, pd.NA, 1], dtype="Int64"),
    ],
    ids=["object-none", "nullable-boolean", "float-nan", "nullable-int"],
)
def test_a_missing_flag_is_out_of_scope(column: pd.Series) -> None:
    report = evaluate(load(FLAG_CEILING), pd.DataFrame({"abandoned": column}))
    assert report.outcomes("abandon-rate").tolist() == ["met", "missed", "out_of_scope", "met"]
    assert counts_of(only_row(report, "abandon-rate")) == expect(n=3, met=2, missed=1)


@pytest.mark.parametrize(
    "column",
    [pd.Series(["yes", "no", "yes"]), pd.Series([0, 1, 2]), pd.Series(["True", "False", "True"])],
    ids=["yes-no", "zero-one-two", "text-true-false"],
)
def test_a_flag_that_is_not_boolean_is_a_data_error(column: pd.Series) -> None:
    with pytest.raises(DataError) as caught:
        evaluate(load(FLAG_CEILING), pd.DataFrame({"abandoned": column}))
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("abandon-rate", "abandoned", "flag_type")
    assert "true/false" in problem.message


def test_a_timedelta_column_against_a_duration_threshold() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: handle-5m
            measure: {column: handle_time}
            at_most: 5m
            floor: 50%
          - id: mean-handle
            measure: {column: handle_time}
            mean: {at_most: 5m}
        """
    )
    data = pd.DataFrame({"handle_time": pd.to_timedelta(["4m", "5m", "5m1s", None])})
    report = evaluate(standards, data)
    # 4 m and 5 m are at most 5 m; 5 m 1 s is over; NaT has no value
    assert report.outcomes("handle-5m").tolist() == ["met", "met", "missed", "out_of_scope"]
    mean = only_row(report, "mean-handle")
    # seconds: (240 + 300 + 301) / 3 = 280.333...; limit 5 m = 300 s
    assert mean["value"] == pytest.approx((240 + 300 + 301) / 3)
    assert mean["limit"] == 300.0
    assert mean["status"] == "pass"


def test_a_text_value_column_is_a_data_error() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: csat
            measure: {column: csat}
            at_least: 4
            floor: 85%
        """
    )
    with pytest.raises(DataError) as caught:
        evaluate(standards, pd.DataFrame({"csat": ["good", "bad"]}))
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("csat", "csat", "number_type")


# -- the four service-level conventions (ICMI) --------------------------------------
#
# 20 offered calls, target T = 20 s:
#   answered within T  (11): 4 6 8 10 11 12 13 15 16 18 20   (20 s is within)
#   answered after T    (3): 25 40 95
#   abandoned within T  (3): 3 5 20
#   abandoned after T   (3): 21 45 130
ICMI_ANSWERED = [4, 25, 6, None, 8, 10, None, 40, 11, 12, None, 13, 15, None, 95, 16, 18, None, 20, None]
ICMI_ABANDONED = [None, None, None, 3, None, None, 21, None, None, None, 5, None, None, 45, None, None, None]
ICMI_ABANDONED += [130, None, 20]
OFFERED, ANSWERED, ANSWERED_WITHIN, ABANDONED_WITHIN, ABANDONED_AFTER = 20, 14, 11, 3, 3


def icmi_share(convention: str) -> dict[str, Any]:
    standards = load(
        f"""
        version: 1
        standards:
          - id: sl
            measure: {{from: offered_at, to: answered_at, abandoned: abandoned_at}}
            within: 20s
            floor: 80%
            abandons: {convention}
        """
    )
    return only_row(evaluate(standards, calls(ICMI_ANSWERED, ICMI_ABANDONED)), "sl")


def test_the_icmi_data_set_is_what_the_comment_says() -> None:
    data = calls(ICMI_ANSWERED, ICMI_ABANDONED)
    answered = (data["answered_at"] - data["offered_at"]).dt.total_seconds()
    abandoned = (data["abandoned_at"] - data["offered_at"]).dt.total_seconds()
    assert len(data) == OFFERED
    assert answered.notna().sum() == ANSWERED
    assert (answered <= 20).sum() == ANSWERED_WITHIN
    assert (abandoned <= 20).sum() == ABANDONED_WITHIN
    assert (abandoned > 20).sum() == ABANDONED_AFTER
    assert (answered.notna() & abandoned.notna()).sum() == 0


def test_sl_answered_within_over_offered_is_count_as_missed() -> None:
    # SL = answered within T / offered = 11 / 20
    row = icmi_share("{count_as: missed}")
    assert row["share"] == ANSWERED_WITHIN / OFFERED == 11 / 20
    assert counts_of(row) == expect(n=20, met=11, missed=9)


def test_the_default_convention_is_count_as_missed() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: sl
            measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
            within: 20s
            floor: 80%
        """
    )
    row = only_row(evaluate(standards, calls(ICMI_ANSWERED, ICMI_ABANDONED)), "sl")
    assert row["share"] == 11 / 20


def test_sl_answered_within_over_answered_and_late_abandons_is_excluded_if_within() -> None:
    # SL = answered within T / (answered + abandoned after T) = 11 / (14 + 3) = 11 / 17
    row = icmi_share("{count_as: excluded_if_within}")
    assert row["share"] == ANSWERED_WITHIN / (ANSWERED + ABANDONED_AFTER) == 11 / 17
    assert counts_of(row) == expect(n=17, met=11, missed=6, excluded=3)


def test_sl_answered_and_abandoned_within_over_offered_is_met_if_within() -> None:
    # SL = (answered within T + abandoned within T) / offered = (11 + 3) / 20
    row = icmi_share("{count_as: met_if_within}")
    assert row["share"] == (ANSWERED_WITHIN + ABANDONED_WITHIN) / OFFERED == 14 / 20
    assert counts_of(row) == expect(n=20, met=14, missed=6)


def test_sl_answered_within_over_answered_is_excluded() -> None:
    # SL = answered within T / answered = 11 / 14
    row = icmi_share("{count_as: excluded}")
    assert row["share"] == ANSWERED_WITHIN / ANSWERED == 11 / 14
    assert counts_of(row) == expect(n=14, met=11, missed=3, excluded=6)


@pytest.mark.parametrize(
    ("convention", "expected"),
    [
        # the 3 s abandon leaves the count; 5 s is not shorter than 5 s and stays
        ("missed", expect(n=19, met=11, missed=8, excluded=1)),  # 11 / 19
        ("met_if_within", expect(n=19, met=13, missed=6, excluded=1)),  # (11 + 2) / 19
        ("excluded_if_within", expect(n=17, met=11, missed=6, excluded=3)),  # as without it
        ("excluded", expect(n=14, met=11, missed=3, excluded=6)),  # as without it
    ],
)
def test_ignore_shorter_than_takes_short_abandons_out_whatever_count_as_says(
    convention: str, expected: dict[str, int]
) -> None:
    row = icmi_share(f"{{count_as: {convention}, ignore_shorter_than: 5s}}")
    assert counts_of(row) == expected
    assert row["share"] == expected["met"] / expected["n"]


# -- open interactions -------------------------------------------------------------

OPEN = """
    version: 1
    timezone: Europe/Ljubljana
    standards:
      - id: reply-20s
        measure: {from: offered_at, to: answered_at}
        within: 20s
        floor: 80%
"""


@pytest.mark.parametrize(
    "as_of",
    [
        "2026-03-02 09:00:50",  # naive: wall clock in the file's time zone
        pd.Timestamp("2026-03-02 09:00:50"),
        pd.Timestamp("2026-03-02 08:00:50", tz="UTC"),
        "2026-03-02T09:00:50+01:00",
    ],
    ids=["naive-text", "naive-timestamp", "aware-utc", "iso-offset"],
)
def test_open_interactions_are_pending_until_the_target_has_passed(as_of: Any) -> None:
    data = pd.DataFrame(
        {
            "offered_at": pd.to_datetime([after(0), after(10), after(30), after(45)]),
            "answered_at": pd.to_datetime([pd.NaT] * 4),
        }
    )
    report = evaluate(load(OPEN), data, as_of=as_of)
    # waited at 09:00:50: 50 s and 40 s are over 20 s; 20 s (not over yet) and 5 s are pending
    assert report.outcomes("reply-20s").tolist() == ["missed", "missed", "pending", "pending"]
    assert counts_of(only_row(report, "reply-20s")) == expect(n=2, met=0, missed=2, pending=2)


def test_an_as_of_before_the_interaction_keeps_it_pending() -> None:
    data = pd.DataFrame({"offered_at": [after(60)], "answered_at": pd.to_datetime([pd.NaT])})
    report = evaluate(load(OPEN), data, as_of=T0)
    assert report.outcomes("reply-20s").tolist() == ["pending"]
    assert only_row(report, "reply-20s")["status"] == "no_data"


def test_as_of_defaults_to_the_latest_timestamp_in_each_standards_columns() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: with-abandons
            measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
            within: 20s
            floor: 80%
          - id: answered-only
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 80%
        """
    )
    data = pd.DataFrame(
        {
            "offered_at": [after(0), after(60), after(70), after(90)],
            "answered_at": [after(10), pd.NaT, pd.NaT, pd.NaT],
            "abandoned_at": [pd.NaT, after(100), pd.NaT, pd.NaT],
        }
    )
    report = evaluate(standards, data)
    # with-abandons: latest of offered, answered and abandoned = T0 + 100 s;
    # open calls waited 30 s (missed) and 10 s (pending)
    assert report.outcomes("with-abandons").tolist() == ["met", "missed", "missed", "pending"]
    # answered-only: latest of offered and answered = T0 + 90 s; the call abandoned
    # at 100 s is open for this measure: waited 30 s (missed); 20 s and 0 s pending
    assert report.outcomes("answered-only").tolist() == ["met", "missed", "pending", "pending"]
    as_of = {s["id"]: s["as_of"] for s in report.to_dict()["standards"]}
    assert as_of == {
        "with-abandons": "2026-03-02T09:01:40+00:00",
        "answered-only": "2026-03-02T09:01:30+00:00",
    }
    assert report.to_dict()["as_of"] is None


def test_an_explicit_as_of_is_used_by_every_standard() -> None:
    data = pd.DataFrame({"offered_at": [after(0)], "answered_at": pd.to_datetime([pd.NaT])})
    report = evaluate(load(OPEN), data, as_of="2026-03-02 10:00")
    assert report.to_dict()["standards"][0]["as_of"] == "2026-03-02T09:00:00+00:00"
    assert report.to_dict()["as_of"] == "2026-03-02T09:00:00+00:00"


def test_as_of_must_be_a_timestamp() -> None:
    data = pd.DataFrame({"offered_at": [after(0)], "answered_at": [after(1)]})
    with pytest.raises(ValueError, match="as_of"):
        evaluate(load(OPEN), data, as_of="soon")


# -- timestamps: ISO text, aware, naive in the file's zone ---------------------------


def test_iso_strings_and_aware_timestamps_are_instants() -> None:
    standards = load(
        """
        version: 1
        timezone: Europe/Ljubljana   # UTC+1 in early March
        standards:
          - id: local-text
            measure: {from: offered_at, to: answered_local}
            within: 20s
            floor: 80%
          - id: offset-text
            measure: {from: offered_at, to: answered_offset}
            within: 20s
            floor: 80%
        """
    )
    data = pd.DataFrame(
        {
            # an aware column in UTC ...
            "offered_at": pd.to_datetime(["2026-03-02T08:00:00Z"] * 3),
            # ... against naive ISO text (wall clock in Ljubljana) ...
            "answered_local": ["2026-03-02T09:00:15", "2026-03-02 09:00:25", "2026-03-02T09:00:20"],
            # ... and ISO text with offsets
            "answered_offset": ["2026-03-02T08:00:15Z", "2026-03-02T09:00:25+01:00", "2026-03-02T10:00:20+02:00"],
        }
    )
    report = evaluate(standards, data)
    for standard in ("local-text", "offset-text"):
        # 15 s, 25 s, 20 s
        assert report.outcomes(standard).tolist() == ["met", "missed", "met"], standard
        measured = report.breaches(standard, ["met", "missed"])["measured"]
        assert measured.tolist() == [pd.Timedelta(seconds=s) for s in (15, 25, 20)], standard


def test_naive_timestamps_are_wall_clock_times_across_clock_changes() -> None:
    standards = load(OPEN)  # Europe/Ljubljana
    data = pd.DataFrame(
        {
            "offered_at": pd.to_datetime(
                [
                    "2026-03-29 01:59:50",  # 10 s before clocks go forward (02:00 -> 03:00)
                    "2026-03-29 02:30:00",  # does not exist: moves forward to 03:00
                    "2026-10-25 02:59:50",  # happens twice: the first occurrence (summer time)
                ]
            ),
            "answered_at": pd.to_datetime(["2026-03-29 03:00:05", "2026-03-29 03:00:10", "2026-10-25 03:00:05"]),
        }
    )
    report = evaluate(standards, data)
    measured = report.breaches("reply-20s", ["met", "missed"])["measured"]
    # 01:59:50+01 -> 03:00:05+02 is 15 s; 03:00:00+02 -> 03:00:10+02 is 10 s;
    # 02:59:50+02 -> 03:00:05+01 is 1 h 15 s
    assert measured.tolist() == [pd.Timedelta(seconds=s) for s in (15, 10, 3615)]
    assert report.outcomes("reply-20s").tolist() == ["met", "met", "missed"]


def test_a_column_of_numbers_is_not_a_timestamp_column() -> None:
    data = pd.DataFrame({"offered_at": [1_772_442_000], "answered_at": [after(5)]})
    with pytest.raises(DataError) as caught:
        evaluate(load(OPEN), data)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("reply-20s", "offered_at", "timestamp_type")
    assert "int64" in problem.message


def test_text_that_is_not_iso_is_not_a_timestamp_column() -> None:
    data = pd.DataFrame({"offered_at": ["yesterday"], "answered_at": [after(5)]})
    with pytest.raises(DataError) as caught:
        evaluate(load(OPEN), data)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("reply-20s", "offered_at", "timestamp_type")


# -- statistics ----------------------------------------------------------------------

# 13 answered calls (seconds to answer), then an abandon, an open call and a broken one
STAT_ANSWERED = [3.25, 7.0, 8.5, 12.0, 15.0, 21.75, 30.0, 42.0, 55.5, 61.0, 90.0, 120.0, 200.125]
STAT_VALUES = np.array(STAT_ANSWERED)


def stat_calls() -> pd.DataFrame:
    return calls([*STAT_ANSWERED, None, None, -5.0], [*([None] * 13), 4.0, None, None])


@pytest.mark.parametrize(
    ("statistic", "expected"),
    [
        ("mean", np.mean(STAT_VALUES)),
        ("median", np.median(STAT_VALUES)),
        ("p90", np.percentile(STAT_VALUES, 90, method="linear")),
        ("p99.9", np.percentile(STAT_VALUES, 99.9, method="linear")),
        ("p50", np.percentile(STAT_VALUES, 50, method="linear")),
        ("p12.5", np.percentile(STAT_VALUES, 12.5, method="linear")),
        ("min", np.min(STAT_VALUES)),
        ("max", np.max(STAT_VALUES)),
    ],
)
def test_statistics_of_finished_durations_are_numpys(statistic: str, expected: float) -> None:
    standards = load(
        f"""
        version: 1
        standards:
          - id: stat
            measure: {{from: offered_at, to: answered_at, abandoned: abandoned_at}}
            {statistic}: {{at_most: 30s}}
        """
    )
    report = evaluate(standards, stat_calls(), as_of=T0 + pd.Timedelta(hours=1))
    row = only_row(report, "stat")
    assert row["value"] == expected
    assert row["limit"] == 30.0
    assert row["status"] == ("pass" if expected <= 30 else "fail")
    # per row each finished value against the limit: 7 of 13 are at most 30 s;
    # the abandon is excluded, the open call pending (whatever as_of), the broken one invalid
    assert counts_of(row) == expect(n=13, met=7, missed=6, pending=1, excluded=1, invalid=1)
    assert math.isnan(row["share"])
    assert math.isnan(row["floor"])
    assert math.isnan(row["ceiling"])
    assert pd.isna(row["budget"])
    assert math.isnan(row["share_low"])
    assert math.isnan(row["share_high"])


def test_statistic_on_a_value_column_with_at_least() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: mean-csat
            measure: {column: csat}
            mean: {at_least: 4}
        """
    )
    report = evaluate(standards, pd.DataFrame({"csat": [5, 4, 3, np.nan, 5]}))
    row = only_row(report, "mean-csat")
    # (5 + 4 + 3 + 5) / 4 = 4.25; per row 3 is below 4; NaN is out of scope
    assert row["value"] == 4.25
    assert row["limit"] == 4.0
    assert counts_of(row) == expect(n=4, met=3, missed=1)
    assert row["status"] == "pass"


def test_nps_is_percent_promoters_minus_percent_detractors() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: nps
            measure: {column: recommend}
            nps: {at_least: 30}
        """
    )
    # promoters 10 10 9 9 9 (5), passives 8 7 7 (3), detractors 6 0 (2);
    # 11 and -1 are not 0-10 scores (invalid); NaN did not answer (out of scope)
    scores = [10, 8, 6, 10, 9, 7, 9, 11, 0, 7, np.nan, 9, -1]
    report = evaluate(standards, pd.DataFrame({"recommend": scores}))
    row = only_row(report, "nps")
    # 100 * (5 - 2) / 10 = 30 points, at least 30: pass
    assert row["value"] == pytest.approx(30.0)
    assert row["limit"] == 30.0
    assert row["status"] == "pass"
    # per row: a detractor is missed
    assert counts_of(row) == expect(n=10, met=8, missed=2, invalid=2)
    assert report.counts().set_index("standard").loc["nps", "out_of_scope"] == 1


def test_nps_at_exactly_its_limit_passes() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: nps
            measure: {column: recommend}
            nps: {at_least: 29}
        """
    )
    # 49 promoters, 31 passives, 20 detractors: 49% - 20% = 29 points exactly
    scores = [10] * 49 + [8] * 31 + [3] * 20
    row = only_row(evaluate(standards, pd.DataFrame({"recommend": scores})), "nps")
    assert row["value"] == pytest.approx(29.0)
    assert row["status"] == "pass"


def test_statistic_warn_tiers_for_at_most() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: asa
            measure: {from: offered_at, to: answered_at}
            mean: {at_most: 30s, warn: 20s}
        """
    )
    teams = {"a": [10, 20], "b": [20, 30], "c": [30, 40], "d": [30], "e": [20]}
    answered = [s for values in teams.values() for s in values]
    team = [t for t, values in teams.items() for _ in values]
    report = evaluate(standards, calls(answered, team=team), by="team")
    rows = by_group(report, "asa", ["team"])
    # mean 15 pass, 25 warn (over 20), 35 fail (over 30), 30 warn (not over 30), 20 pass
    assert {t[0]: (r["value"], r["status"]) for t, r in rows.items()} == {
        "a": (15.0, "pass"),
        "b": (25.0, "warn"),
        "c": (35.0, "fail"),
        "d": (30.0, "warn"),
        "e": (20.0, "pass"),
    }


def test_statistic_warn_tiers_for_at_least() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: mean-csat
            measure: {column: csat}
            mean: {at_least: 4, warn: 4.5}
        """
    )
    teams = {"a": [5, 4.5], "b": [4, 4.5], "c": [4, 3.5], "d": [4], "e": [4.5]}
    data = pd.DataFrame(
        {
            "csat": [s for values in teams.values() for s in values],
            "team": [t for t, values in teams.items() for _ in values],
        }
    )
    rows = by_group(evaluate(standards, data, by="team"), "mean-csat", ["team"])
    # mean 4.75 pass, 4.25 warn (below 4.5), 3.75 fail (below 4), 4 warn, 4.5 pass
    assert {t[0]: (r["value"], r["status"]) for t, r in rows.items()} == {
        "a": (4.75, "pass"),
        "b": (4.25, "warn"),
        "c": (3.75, "fail"),
        "d": (4.0, "warn"),
        "e": (4.5, "pass"),
    }


def test_a_statistic_with_only_open_interactions_has_no_data() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: asa
            measure: {from: offered_at, to: answered_at}
            mean: {at_most: 30s}
        """
    )
    row = only_row(evaluate(standards, calls([None, None])), "asa")
    assert counts_of(row) == expect(n=0, met=0, missed=0, pending=2)
    assert math.isnan(row["value"])
    assert row["status"] == "no_data"


def test_a_statistic_below_min_volume_is_insufficient() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: asa
            measure: {from: offered_at, to: answered_at}
            mean: {at_most: 30s}
            min_volume: 3
        """
    )
    row = only_row(evaluate(standards, calls([10, 80])), "asa")
    # n = 2 < 3; the value is still reported: (10 + 80) / 2 = 45 s
    assert (row["n"], row["value"], row["status"]) == (2, 45.0, "insufficient")
    row = only_row(evaluate(standards, calls([10, 80, 30])), "asa")
    assert (row["n"], row["value"], row["status"]) == (3, 40.0, "fail")


# -- statuses, budget, Wilson interval -----------------------------------------------------


def share_rows(limits: str, met_of: dict[str, tuple[int, int]], min_volume: int = 0) -> dict[str, dict]:
    """Evaluate a flag standard with ``limits`` where team t has ``met`` true flags of ``n``."""
    standards = load(
        f"""
        version: 1
        standards:
          - id: s
            measure: {{flag: ok}}
            {limits}
            min_volume: {min_volume}
        """
    )
    flags: list[bool] = []
    team: list[str] = []
    for name, (met, n) in met_of.items():
        flags += [True] * met + [False] * (n - met)
        team += [name] * n
    report = evaluate(standards, pd.DataFrame({"ok": flags, "team": team}), by="team")
    return {t[0]: r for t, r in by_group(report, "s", ["team"]).items()}


def statuses(rows: dict[str, dict]) -> dict[str, str]:
    return {t: r["status"] for t, r in rows.items()}


def budgets(rows: dict[str, dict]) -> dict[str, int]:
    return {t: int(r["budget"]) for t, r in rows.items()}


def test_a_floor_passes_at_or_above_it() -> None:
    rows = share_rows("floor: 80%", {"at": (8, 10), "below": (79, 100), "above": (9, 10)})
    assert statuses(rows) == {"at": "pass", "below": "fail", "above": "pass"}
    assert rows["at"]["floor"] == 0.8
    assert math.isnan(rows["at"]["ceiling"])
    assert math.isnan(rows["at"]["limit"])
    assert math.isnan(rows["at"]["value"])


def test_a_ceiling_passes_at_or_below_it() -> None:
    rows = share_rows("ceiling: 5%", {"at": (2, 40), "over": (3, 40), "under": (0, 40)})
    assert statuses(rows) == {"at": "pass", "over": "fail", "under": "pass"}
    assert rows["at"]["ceiling"] == 0.05
    assert math.isnan(rows["at"]["floor"])


def test_floor_tiers() -> None:
    rows = share_rows(
        "floor: {fail: 90%, warn: 95%}",
        {"below-fail": (17, 20), "at-fail": (18, 20), "at-warn": (19, 20), "full": (20, 20)},
    )
    # 85% fail; 90% warn (from 90% up to 95%); 95% and 100% pass
    assert statuses(rows) == {"below-fail": "fail", "at-fail": "warn", "at-warn": "pass", "full": "pass"}
    assert rows["full"]["floor"] == 0.9


def test_ceiling_tiers() -> None:
    rows = share_rows(
        "ceiling: {fail: 5%, warn: 3%}",
        {"at-warn": (3, 100), "over-warn": (4, 100), "at-fail": (5, 100), "over-fail": (6, 100)},
    )
    assert statuses(rows) == {"at-warn": "pass", "over-warn": "warn", "at-fail": "warn", "over-fail": "fail"}
    assert rows["at-warn"]["ceiling"] == 0.05


def test_a_floor_and_a_ceiling_make_a_band() -> None:
    rows = share_rows(
        "floor: 10%\n            ceiling: 20%",
        {"under": (1, 20), "at-floor": (2, 20), "at-ceiling": (4, 20), "over": (5, 20)},
    )
    assert statuses(rows) == {"under": "fail", "at-floor": "pass", "at-ceiling": "pass", "over": "fail"}
    # budget: the smaller of floor(20 * 0.9) - missed and floor(20 * 0.2) - met
    # under: min(18 - 19, 4 - 1) = -1; at-floor: min(18 - 18, 4 - 2) = 0;
    # at-ceiling: min(18 - 16, 4 - 4) = 0; over: min(18 - 15, 4 - 5) = -1
    assert budgets(rows) == {"under": -1, "at-floor": 0, "at-ceiling": 0, "over": -1}


def test_a_band_budget_is_the_smaller_of_the_two() -> None:
    rows = share_rows("floor: 10%\n            ceiling: 20%", {"t": (3, 20)})
    # floor: floor(20 * 0.9) - 17 = 1; ceiling: floor(20 * 0.2) - 3 = 1 -> 1
    assert budgets(rows) == {"t": 1}
    rows = share_rows("floor: 10%\n            ceiling: 30%", {"t": (3, 20)})
    # floor: 18 - 17 = 1; ceiling: floor(20 * 0.3) - 3 = 3 -> 1
    assert budgets(rows) == {"t": 1}


@pytest.mark.parametrize(
    ("limits", "met", "n", "budget", "status"),
    [
        ("floor: 90%", 10, 10, 1, "pass"),  # floor(10 * 0.1) - 0
        ("floor: 90%", 9, 10, 0, "pass"),  # floor(10 * 0.1) - 1 (in floats 10 * 0.1 rounds below 1)
        ("floor: 90%", 8, 10, -1, "fail"),  # floor(10 * 0.1) - 2
        ("floor: 0.9", 9, 10, 0, "pass"),  # a fraction is the same floor
        ("floor: 90%", 90, 100, 0, "pass"),  # floor(100 * 0.1) - 10 (in floats 9.999...)
        ("ceiling: 5%", 1, 40, 1, "pass"),  # floor(40 * 0.05) - 1
        ("ceiling: 5%", 2, 40, 0, "pass"),
        ("ceiling: 5%", 3, 40, -1, "fail"),
        ("ceiling: 29%", 29, 100, 0, "pass"),  # floor(100 * 0.29) - 29 (in floats 28.999...)
        ("floor: 99.5%", 199, 200, 0, "pass"),  # floor(200 * 0.005) - 1
        ("floor: {fail: 90%, warn: 95%}", 9, 10, 0, "warn"),  # the budget is to the fail level
    ],
)
def test_budget_is_exact(limits: str, met: int, n: int, budget: int, status: str) -> None:
    rows = share_rows(limits, {"t": (met, n)})
    assert budgets(rows) == {"t": budget}
    assert statuses(rows) == {"t": status}


def test_min_volume_makes_small_groups_insufficient() -> None:
    rows = share_rows("floor: 80%", {"small": (1, 29), "enough": (30, 30), "big": (1, 31)}, min_volume=30)
    assert statuses(rows) == {"small": "insufficient", "enough": "pass", "big": "fail"}
    # the numbers are still reported
    assert rows["small"]["n"] == 29
    assert rows["small"]["budget"] == 5 - 28  # floor(29 * 0.2) - 28


def test_no_decided_interactions_is_no_data_whatever_min_volume_says() -> None:
    for min_volume in (0, 5):
        standards = load(
            f"""
            version: 1
            standards:
              - id: s
                measure: {{from: offered_at, to: answered_at}}
                within: 20s
                floor: 80%
                min_volume: {min_volume}
            """
        )
        # both calls (offered at T0 and T0 + 1 min) are still open and within their
        # 20 s at as_of = T0 + 10 s: pending, n = 0
        row = only_row(evaluate(standards, calls([None, None]), as_of=T0 + 10 * SECOND), "s")
        assert counts_of(row) == expect(n=0, met=0, missed=0, pending=2)
        assert row["status"] == "no_data"
        assert math.isnan(row["share"])
        assert math.isnan(row["share_low"])
        assert math.isnan(row["share_high"])
        assert row["budget"] == 0


@pytest.mark.parametrize(
    "data",
    [
        pd.DataFrame({"channel": ["email", "chat"], "ok": [True, False]}),
        pd.DataFrame({"channel": pd.Series(dtype=object), "ok": pd.Series(dtype=bool)}),
    ],
    ids=["nothing-in-scope", "no-rows"],
)
def test_a_standard_with_nothing_to_score_is_reported_as_no_data(data: pd.DataFrame) -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: phone-resolved
            where: {channel: phone}
            measure: {flag: ok}
            floor: 80%
        """
    )
    report = evaluate(standards, data)
    # one row per standard (no grouping, no period): n = 0 is no_data, never a silent gap
    row = only_row(report, "phone-resolved")
    assert row["n"] == 0
    assert row["status"] == "no_data"


def test_wilson_interval() -> None:
    rows = share_rows("floor: 80%", {"eight": (8, 10), "none": (0, 10), "all": (10, 10)})
    # p = 0.8, n = 10, z = 1.959964: centre (p + z²/2n) / (1 + z²/n) = 0.716737,
    # half-width z sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) = 0.226575
    assert round(rows["eight"]["share_low"], 4) == 0.4902
    assert round(rows["eight"]["share_high"], 4) == 0.9433
    assert rows["none"]["share_low"] == 0.0
    assert round(rows["none"]["share_high"], 4) == 0.2775  # z² / (n + z²)
    assert round(rows["all"]["share_low"], 4) == 0.7225  # n / (n + z²)
    assert rows["all"]["share_high"] == pytest.approx(1.0)


# -- grouping and periods ----------------------------------------------------------------


def test_by_one_column_keeps_missing_values_as_their_own_group() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: s
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 50%
            by: channel
        """
    )
    data = calls([10, 30, 10, 10, 30], channel=["phone", "phone", "email", None, None])
    rows = by_group(evaluate(standards, data), "s", ["channel"])
    assert {g: counts_of(r) for g, r in rows.items()} == {
        ("phone",): expect(n=2, met=1, missed=1),
        ("email",): expect(n=1, met=1, missed=0),
        (None,): expect(n=2, met=1, missed=1),
    }


def test_by_two_columns() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: s
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 50%
            by: [channel, queue]
        """
    )
    data = calls(
        [10, 30, 10, 30, 10, 10],
        channel=["phone", "phone", "phone", "email", "email", None],
        queue=["sales", "sales", "billing", "sales", None, None],
    )
    report = evaluate(standards, data)
    assert list(report.to_frame().columns[:3]) == ["standard", "channel", "queue"]
    rows = by_group(report, "s", ["channel", "queue"])
    assert {g: counts_of(r) for g, r in rows.items()} == {
        ("phone", "sales"): expect(n=2, met=1, missed=1),
        ("phone", "billing"): expect(n=1, met=1, missed=0),
        ("email", "sales"): expect(n=1, met=0, missed=1),
        ("email", None): expect(n=1, met=1, missed=0),
        (None, None): expect(n=1, met=1, missed=0),
    }


def test_groups_with_nothing_in_scope_are_left_out() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: s
            where: {channel: phone}
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 50%
            by: channel
        """
    )
    data = calls([10, 30, 10], channel=["phone", "phone", "email"])
    assert list(by_group(evaluate(standards, data), "s", ["channel"])) == [("phone",)]


BY_AND_PERIOD = """
    version: 1
    timezone: Europe/Ljubljana
    standards:
      - id: s
        measure: {from: offered_at, to: answered_at}
        within: 20s
        floor: 50%
        by: channel
        period: day
"""


def test_by_and_period_arguments_replace_the_standards_own() -> None:
    standards = load(BY_AND_PERIOD)
    data = calls([10, 30, 10], channel=["phone", "email", "phone"], queue=["a", "a", "b"])
    data.loc[2, ["offered_at", "answered_at"]] += pd.Timedelta(days=1)

    own = evaluate(standards, data).to_frame()
    assert list(own.columns[:3]) == ["standard", "channel", "period"]
    assert len(own) == 3  # phone 02, phone 03, email 02

    by_queue = evaluate(standards, data, by="queue", period="month").to_frame()
    assert list(by_queue.columns[:3]) == ["standard", "queue", "period"]
    assert "channel" not in by_queue.columns
    assert by_queue[["queue", "n", "met"]].to_dict("records") == [
        {"queue": "a", "n": 2, "met": 1},
        {"queue": "b", "n": 1, "met": 1},
    ]
    assert set(by_queue["period"]) == {pd.Timestamp("2026-03-01", tz="Europe/Ljubljana")}

    whole = evaluate(standards, data, by=[]).to_frame()
    assert list(whole.columns[:2]) == ["standard", "period"]
    assert whole[["n", "met"]].to_dict("records") == [{"n": 2, "met": 1}, {"n": 1, "met": 1}]


def test_a_period_needs_a_time_column() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: resolved
            measure: {flag: resolved}
            floor: 70%
        """
    )
    # a flag has no from column: without time: (standard or file) it cannot be placed in a period
    with pytest.raises(DataError) as caught:
        evaluate(standards, pd.DataFrame({"resolved": [True]}), period="week")
    [problem] = caught.value.problems
    assert (problem.standard, problem.code) == ("resolved", "period_time")


def test_an_unknown_period_argument_is_refused() -> None:
    with pytest.raises(ValueError, match="period"):
        evaluate(load(BY_AND_PERIOD), calls([10], channel=["phone"]), period="fortnight")


def periods_of(period: str, stamps: Sequence[Any]) -> dict[pd.Timestamp, int]:
    """Rows per period of a flag standard whose time column holds ``stamps``."""
    standards = load(
        f"""
        version: 1
        timezone: Europe/Ljubljana
        time: at
        standards:
          - id: s
            measure: {{flag: ok}}
            floor: 50%
            period: {period}
        """
    )
    data = pd.DataFrame({"at": stamps, "ok": [True] * len(stamps)})
    table = evaluate(standards, data).to_frame()
    assert str(table["period"].dt.tz) == "Europe/Ljubljana"
    return dict(zip(table["period"], table["n"], strict=True))


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="Europe/Ljubljana")


def test_days_are_cut_in_the_files_time_zone_on_a_clock_change_day() -> None:
    stamps = pd.to_datetime(
        [
            "2026-03-28T22:59:00Z",  # 23:59+01 on the 28th
            "2026-03-28T23:00:00Z",  # 00:00+01 on the 29th (clocks go forward at 02:00)
            "2026-03-29T01:30:00Z",  # 03:30+02 on the 29th
            "2026-03-29T21:59:00Z",  # 23:59+02 on the 29th: a 23-hour day
            "2026-03-29T22:00:00Z",  # 00:00+02 on the 30th
        ]
    )
    assert periods_of("day", stamps) == {
        local("2026-03-28"): 1,
        local("2026-03-29"): 3,
        local("2026-03-30"): 1,
    }


def test_naive_times_are_placed_in_periods_by_their_wall_clock() -> None:
    stamps = pd.to_datetime(["2026-03-29 00:30", "2026-03-29 23:30", "2026-03-30 00:30"])
    counts = periods_of("day", stamps)
    assert counts == {local("2026-03-29"): 2, local("2026-03-30"): 1}
    # the period column holds the local start of each day
    assert [p.isoformat() for p in counts] == ["2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"]


def test_weeks_start_on_monday_and_cross_months() -> None:
    stamps = pd.to_datetime(
        [
            "2026-03-29 23:00",  # Sunday: the week of Monday 23 March
            "2026-03-30 00:00",  # Monday: a new week ...
            "2026-04-01 12:00",  # ... into April ...
            "2026-04-05 23:59",  # ... to Sunday 5 April
            "2026-04-06 00:00",  # Monday: the next week
        ]
    )
    counts = periods_of("week", stamps)
    assert counts == {local("2026-03-23"): 1, local("2026-03-30"): 3, local("2026-04-06"): 1}
    # the week of the clock change starts in winter time, the next one in summer time
    assert [p.isoformat()[-6:] for p in counts] == ["+01:00", "+02:00", "+02:00"]


SUNDAY_WEEKS = """
version: 1
timezone: America/New_York
week_starts: sunday
time: offered_at
standards:
  - id: resolved
    measure: {flag: resolved}
    floor: 50%
    period: week
"""


def test_weeks_start_on_the_files_week_starts_day_across_the_end_of_summer_time() -> None:
    # New York's clocks went from 02:00 EDT back to 01:00 EST on Sunday 1 November 2026:
    # the week of Sunday 1 November holds 01:30 twice and lasts 7 days and 1 hour
    offered = pd.to_datetime(
        [
            "2026-11-01T03:59:00Z",  # 23:59 EDT, Saturday 31 October: the week of Sunday 25 October
            "2026-11-01T04:00:00Z",  # 00:00 EDT, Sunday 1 November: the first instant of the next week
            "2026-11-01T05:30:00Z",  # 01:30 EDT
            "2026-11-01T06:30:00Z",  # 01:30 EST, the second time
            "2026-11-08T04:59:00Z",  # 23:59 EST, Saturday 7 November: the last minute of that week
            "2026-11-08T05:00:00Z",  # 00:00 EST, Sunday 8 November: the next week
        ]
    )
    calls = pd.DataFrame({"offered_at": offered, "resolved": [True, True, False, False, True, False]})
    frame = evaluate(svcstandards.loads(SUNDAY_WEEKS), calls).to_frame()
    assert [p.isoformat() for p in frame["period"]] == [
        "2026-10-25T00:00:00-04:00",
        "2026-11-01T00:00:00-04:00",
        "2026-11-08T00:00:00-05:00",
    ]
    assert frame["n"].tolist() == [1, 4, 1]
    assert frame["met"].tolist() == [1, 2, 0]  # the week of 1 November: 2 of 4 resolved, 50%


def test_week_starts_changes_only_weeks() -> None:
    monday = SUNDAY_WEEKS.replace("week_starts: sunday\n", "")
    calls = pd.DataFrame({"offered_at": pd.to_datetime(["2026-11-01T12:00:00Z"]), "resolved": [True]})
    # Sunday 1 November belongs to the week of Monday 26 October without week_starts
    (start,) = evaluate(svcstandards.loads(monday), calls).to_frame()["period"]
    assert start.isoformat() == "2026-10-26T00:00:00-04:00"
    (start,) = evaluate(svcstandards.loads(SUNDAY_WEEKS), calls, period="day").to_frame()["period"]
    assert start.isoformat() == "2026-11-01T00:00:00-04:00"


def test_months_quarters_and_years_in_the_files_time_zone() -> None:
    stamps = pd.to_datetime(
        [
            "2025-12-31T22:59:00Z",  # 23:59+01 on 31 December 2025
            "2025-12-31T23:00:00Z",  # 00:00+01 on 1 January 2026
            "2026-03-31T21:59:00Z",  # 23:59+02 on 31 March
            "2026-03-31T22:00:00Z",  # 00:00+02 on 1 April
            "2026-12-31T12:00:00Z",
        ]
    )
    assert periods_of("month", stamps) == {
        local("2025-12-01"): 1,
        local("2026-01-01"): 1,
        local("2026-03-01"): 1,
        local("2026-04-01"): 1,
        local("2026-12-01"): 1,
    }
    assert periods_of("quarter", stamps) == {
        local("2025-10-01"): 1,
        local("2026-01-01"): 2,
        local("2026-04-01"): 1,
        local("2026-10-01"): 1,
    }
    assert periods_of("year", stamps) == {local("2025-01-01"): 1, local("2026-01-01"): 4}


def test_the_period_of_a_duration_is_placed_by_its_from_column_or_by_time() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: by-offered
            measure: {from: offered_at, to: answered_at}
            within: 1d
            floor: 50%
            period: day
          - id: by-answered
            measure: {from: offered_at, to: answered_at}
            within: 1d
            floor: 50%
            period: day
            time: answered_at
        """
    )
    data = pd.DataFrame(
        {"offered_at": pd.to_datetime(["2026-03-02 23:00"]), "answered_at": pd.to_datetime(["2026-03-03 01:00"])}
    )
    table = evaluate(standards, data).to_frame().set_index("standard")
    assert table.loc["by-offered", "period"] == pd.Timestamp("2026-03-02", tz="UTC")
    assert table.loc["by-answered", "period"] == pd.Timestamp("2026-03-03", tz="UTC")


# -- columns ------------------------------------------------------------------------------

MAPPED = """
    version: 1
    columns:
      offered_at: wrong_column
    standards:
      - id: s
        where: {channel: phone}
        measure: {from: offered_at, to: answered_at}
        within: 20s
        floor: 50%
"""


def test_the_columns_argument_maps_names_and_wins_over_the_file() -> None:
    data = pd.DataFrame(
        {
            "call_start": [after(0), after(0), after(0)],
            "call_answered": [after(10), after(30), after(5)],
            "medium": ["phone", "phone", "email"],
        }
    )
    report = evaluate(
        load(MAPPED),
        data,
        columns={"offered_at": "call_start", "answered_at": "call_answered", "channel": "medium"},
    )
    assert report.outcomes("s").tolist() == ["met", "missed", "out_of_scope"]


def test_the_files_columns_section_maps_names() -> None:
    data = pd.DataFrame(
        {"wrong_column": [after(0), after(0)], "answered_at": [after(10), after(30)], "channel": ["phone"] * 2}
    )
    report = evaluate(load(MAPPED), data)
    assert report.outcomes("s").tolist() == ["met", "missed"]


# -- data errors --------------------------------------------------------------------------


def test_a_missing_column_names_the_standard_and_suggests_the_closest() -> None:
    data = pd.DataFrame({"offered_at": [after(0)], "answerd_at": [after(3)], "channel": ["phone"]})
    with pytest.raises(DataError) as caught:
        evaluate(load(ANSWERED_20S), data)
    problems = caught.value.problems
    assert {(p.standard, p.column, p.code) for p in problems} == {
        ("answered-20s", "answered_at", "column_missing"),
        ("answered-20s", "abandoned_at", "column_missing"),
    }
    [answered] = [p for p in problems if p.column == "answered_at"]
    assert answered.hint == "did you mean 'answerd_at'?"
    assert "not found" in answered.message
    assert "did you mean 'answerd_at'?" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_missing_mapped_column_says_where_the_name_came_from() -> None:
    data = pd.DataFrame({"answered_at": [after(3)], "channel": ["phone"]})
    with pytest.raises(DataError) as caught:
        evaluate(load(MAPPED), data)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column) == ("s", "wrong_column")
    assert "offered_at" in problem.message


def test_every_problem_with_the_data_is_reported_at_once() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: answered-20s
            where: {chanel: phone}
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 80%
          - id: csat
            measure: {column: csat}
            at_least: 4
            floor: 85%
            by: team
          - id: resolved
            measure: {flag: resolved}
            floor: 70%
          - id: nps
            measure: {column: recommend}
            nps: {at_least: 30}
        """
    )
    data = pd.DataFrame(
        {
            "offered_at": ["not a time"],
            "answered_at": [after(5)],
            "channel": ["phone"],
            "csat": ["good"],
            "resolved": ["yes"],
        }
    )
    with pytest.raises(DataError) as caught:
        evaluate(standards, data)
    problems = caught.value.problems
    assert len(problems) == 6
    assert {(p.standard, p.column, p.code) for p in problems} == {
        ("answered-20s", "chanel", "column_missing"),
        ("answered-20s", "offered_at", "timestamp_type"),
        ("csat", "csat", "number_type"),
        ("csat", "team", "column_missing"),
        ("resolved", "resolved", "flag_type"),
        ("nps", "recommend", "column_missing"),
    }
    assert str(caught.value).startswith("6 problems with the data:")
    [chanel] = [p for p in problems if p.column == "chanel"]
    assert chanel.hint == "did you mean 'channel'?"


def test_a_missing_column_is_reported_for_every_standard_and_a_bad_one_once() -> None:
    standards = load(
        """
        version: 1
        standards:
          - id: answered-20s
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 80%
          - id: answered-2m
            measure: {from: offered_at, to: answered_at}
            within: 2m
            floor: 90%
        """
    )
    # a missing column is named for each standard (each may map it differently)
    missing = pd.DataFrame({"offered_at": [after(0)]})
    with pytest.raises(DataError) as caught:
        evaluate(standards, missing)
    assert {(p.standard, p.column) for p in caught.value.problems} == {
        ("answered-20s", "answered_at"),
        ("answered-2m", "answered_at"),
    }
    # a column of the wrong type is one problem that names both standards
    wrong_type = pd.DataFrame({"offered_at": [after(0)], "answered_at": [5]})
    with pytest.raises(DataError) as caught:
        evaluate(standards, wrong_type)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("", "answered_at", "timestamp_type")
    assert problem.message == "used by answered-20s, answered-2m: expected timestamps, found int64"


def test_data_must_be_a_dataframe() -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        evaluate(load(OPEN), {"offered_at": [after(0)]})  # type: ignore[arg-type]


# -- the caller's data is never modified -------------------------------------------------


def test_evaluate_and_breaches_never_modify_the_data() -> None:
    standards = load(
        """
        version: 1
        timezone: Europe/Ljubljana
        time: offered_at
        columns:
          offered: offered_at
        standards:
          - id: answered-20s
            where: {channel: [phone, chat]}
            measure: {from: offered, to: answered_at, abandoned: abandoned_at}
            within: 20s
            floor: 80%
            by: channel
            period: day
          - id: resolved
            measure: {flag: resolved}
            floor: 70%
          - id: handle
            measure: {column: handle}
            p90: {at_most: 5m}
          - id: csat
            measure: {column: csat}
            at_least: 4
            floor: 85%
        """
    )
    data = calls(
        [10, None, 30, None, -4],
        [None, 12, None, None, None],
        channel=["phone", "chat", None, "phone", "email"],
        resolved=pd.Series([True, None, False, True, True], dtype=object),
        handle=pd.to_timedelta(["1m", "2m", None, "9m", "3m"]),
        csat=[5, np.nan, 3, 4, 1],
        outcome=["x"] * 5,  # the name breaches() would use
    )
    data["answered_at"] = data["answered_at"].dt.strftime("%Y-%m-%dT%H:%M:%S")  # ISO text
    data["abandoned_at"] = data["abandoned_at"].dt.tz_localize("Europe/Ljubljana")  # aware
    data.index = pd.Index([10, 20, 30, 40, 50], name="call")
    before = copy.deepcopy(data)

    report = evaluate(standards, data, by=["channel"], period="week", as_of="2026-03-02 10:00")
    pd.testing.assert_frame_equal(data, before, check_exact=True)
    for standard in ("answered-20s", "resolved", "handle", "csat"):
        report.breaches(standard, ["met", "missed", "pending", "excluded", "invalid"])
        report.to_frame()
        report.to_json()
    pd.testing.assert_frame_equal(data, before, check_exact=True)
    assert list(data.columns) == list(before.columns)


# -- laws ---------------------------------------------------------------------------------

PROPERTY_STANDARDS = load(
    """
    version: 1
    timezone: Europe/Ljubljana
    time: offered_at
    measures:
      answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}
    standards:
      - id: sl-missed
        where: {channel: phone}
        measure: answer
        within: 20s
        floor: 80%
      - id: sl-excluded
        measure: answer
        within: 20s
        floor: 80%
        abandons: {count_as: excluded}
      - id: sl-met-if-within
        measure: answer
        within: 20s
        floor: {fail: 70%, warn: 80%}
        abandons: {count_as: met_if_within}
      - id: sl-excluded-if-within
        measure: answer
        within: 20s
        floor: 80%
        abandons: {count_as: excluded_if_within, ignore_shorter_than: 5s}
      - id: sl-ignore-short
        measure: answer
        within: 1m
        floor: 80%
        min_volume: 3
        abandons: {count_as: missed, ignore_shorter_than: 5s}
      - id: reply-targets
        where: {channel: {not: phone}}
        measure: answer
        targets:
          - {where: {priority: urgent}, within: 10s}
          - {where: {priority: high}, within: 1m}
          - {where: {priority: normal}, at_least: 5s, at_most: 5m}
        floor: 50%
      - id: answer-band
        measure: answer
        at_least: 5s
        at_most: 2m
        floor: 50%
        ceiling: 90%
      - id: resolved
        measure: {flag: resolved}
        floor: 70%
        ceiling: 95%
      - id: csat
        measure: {column: score}
        at_least: 7
        floor: 70%
      - id: handle
        measure: {column: handle}
        at_most: 5m
        ceiling: 90%
      - id: asa
        measure: answer
        mean: {at_most: 30s, warn: 20s}
      - id: median
        measure: answer
        median: {at_most: 30s}
      - id: p90
        measure: answer
        p90: {at_most: 1m}
      - id: p99-9
        measure: answer
        p99.9: {at_most: 2m}
      - id: shortest
        measure: answer
        min: {at_least: 1s}
      - id: longest
        measure: answer
        max: {at_most: 5m}
      - id: mean-score
        measure: {column: score}
        mean: {at_least: 5}
      - id: nps
        measure: {column: score}
        nps: {at_least: 0}
    """
)
PROPERTY_IDS = [s.id for s in PROPERTY_STANDARDS]
DURATION_SHARE_IDS = [
    "sl-missed",
    "sl-excluded",
    "sl-met-if-within",
    "sl-excluded-if-within",
    "sl-ignore-short",
    "reply-targets",
    "answer-band",
]
START = pd.Timestamp("2026-03-27 20:00")  # three days around the spring clock change

row_strategy = st.tuples(
    st.one_of(st.none(), st.integers(0, 3 * 86_400)),  # offered, seconds after START
    st.one_of(st.none(), st.integers(-60, 400)),  # answered after (negative: broken)
    st.one_of(st.none(), st.integers(-10, 400)),  # abandoned after
    st.sampled_from(["phone", "email", "chat", None]),
    st.sampled_from(["urgent", "high", "normal", "low", None]),
    st.sampled_from([True, False, None]),
    st.one_of(st.none(), st.integers(-1, 11)),  # a score (0-10 for NPS; -1 and 11 broken)
    st.one_of(st.none(), st.integers(0, 600)),  # handle seconds
)


def frame_of(rows: list[tuple]) -> pd.DataFrame:
    offered = [None if r[0] is None else START + r[0] * SECOND for r in rows]

    def relative(index: int) -> list[Any]:
        return [
            None if o is None or r[index] is None else o + r[index] * SECOND for o, r in zip(offered, rows, strict=True)
        ]

    return pd.DataFrame(
        {
            "offered_at": pd.to_datetime(pd.Series(offered, dtype=object)),
            "answered_at": pd.to_datetime(pd.Series(relative(1), dtype=object)),
            "abandoned_at": pd.to_datetime(pd.Series(relative(2), dtype=object)),
            "channel": pd.Series([r[3] for r in rows], dtype=object),
            "priority": pd.Series([r[4] for r in rows], dtype=object),
            "resolved": pd.Series([r[5] for r in rows], dtype=object),
            "score": pd.Series([np.nan if r[6] is None else float(r[6]) for r in rows], dtype=float),
            "handle": pd.to_timedelta(
                pd.Series([np.nan if r[7] is None else float(r[7]) for r in rows], dtype=float), unit="s"
            ),
        }
    )


frames = st.lists(row_strategy, min_size=0, max_size=40).map(frame_of)
# every row has an offered time, so every row can be placed in a period
placed_frames = st.lists(row_strategy.filter(lambda r: r[0] is not None), min_size=0, max_size=40).map(frame_of)
LAW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def totals(report: Report) -> pd.DataFrame:
    """Per standard, the summed counts of every results row."""
    table = report.to_frame()
    summed = table.groupby("standard")[COUNTS].sum()
    return summed.reindex(PROPERTY_IDS, fill_value=0).astype(np.int64)


def sorted_table(report: Report) -> pd.DataFrame:
    table = report.to_frame()
    keys = ["standard", *[c for c in ("channel", "priority", "period") if c in table.columns]]
    return table.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)


@LAW
@given(frames)
def test_every_row_gets_exactly_one_outcome_in_every_standard(data: pd.DataFrame) -> None:
    report = evaluate(PROPERTY_STANDARDS, data, by=["channel"], period="day")
    counts = report.counts().set_index("standard")
    assert list(counts.index) == PROPERTY_IDS
    # met + missed + pending + excluded + invalid + out_of_scope = rows, per standard
    assert (counts[OUTCOMES].sum(axis=1) == len(data)).all()
    # the results table accounts for every row in scope, once
    summed = totals(report)
    assert (summed["n"] == summed["met"] + summed["missed"]).all()
    for outcome in ("met", "missed", "pending", "excluded", "invalid"):
        assert summed[outcome].tolist() == counts[outcome].tolist(), outcome


@LAW
@given(placed_frames)
def test_grouping_and_periods_only_split_the_counts(data: pd.DataFrame) -> None:
    whole = totals(evaluate(PROPERTY_STANDARDS, data))
    split = totals(evaluate(PROPERTY_STANDARDS, data, by=["channel", "priority"], period="day"))
    pd.testing.assert_frame_equal(whole, split)


@LAW
@given(frames, st.randoms(use_true_random=False), st.one_of(st.integers(), st.text(max_size=5), st.none()))
def test_row_order_and_unused_columns_do_not_matter(data: pd.DataFrame, random: Any, filler: Any) -> None:
    order = list(range(len(data)))
    random.shuffle(order)
    shuffled = data.iloc[order].reset_index(drop=True)
    widened = shuffled.assign(
        note=pd.Series([filler] * len(data), dtype=object),
        queue=[f"q{i % 3}" for i in range(len(data))],
        answered_copy=shuffled["answered_at"],
        outcome="unused",
    )
    # the default as_of is the latest timestamp, whatever the order
    expected = sorted_table(evaluate(PROPERTY_STANDARDS, data, by=["channel"], period="day"))
    actual = sorted_table(evaluate(PROPERTY_STANDARDS, widened, by=["channel"], period="day"))
    pd.testing.assert_frame_equal(expected, actual, check_exact=True)


@LAW
@given(
    st.lists(
        st.tuples(st.sampled_from([True, False, None]), st.sampled_from(["a", "b", "c"])),
        min_size=0,
        max_size=60,
    ),
    st.integers(0, 1000),
)
def test_a_floor_on_a_flag_is_the_ceiling_on_its_negation(rows: list[tuple], permille: int) -> None:
    level = permille / 10
    standards = load(
        f"""
        version: 1
        standards:
          - id: floor
            measure: {{flag: resolved}}
            floor: {level:g}%
            by: team
          - id: ceiling
            measure: {{flag: unresolved}}
            ceiling: {100 - level:g}%
            by: team
        """
    )
    flags = [r[0] for r in rows]
    data = pd.DataFrame(
        {
            "resolved": pd.Series(flags, dtype=object),
            "unresolved": pd.Series([None if f is None else not f for f in flags], dtype=object),
            "team": [r[1] for r in rows],
        }
    )
    report = evaluate(standards, data)
    floor = by_group(report, "floor", ["team"])
    ceiling = by_group(report, "ceiling", ["team"])
    assert floor.keys() == ceiling.keys()
    for team in floor:
        assert floor[team]["status"] == ceiling[team]["status"]
        assert floor[team]["n"] == ceiling[team]["n"]
        assert floor[team]["met"] == ceiling[team]["missed"]
        # floor(n (1 - f)) - missed == floor(n c) - met' with c = 1 - f and met' = missed
        assert floor[team]["budget"] == ceiling[team]["budget"]


DURATION_SHARES = PROPERTY_STANDARDS.select(*DURATION_SHARE_IDS)


@LAW
@given(frames, st.integers(-3600, 4 * 86_400), st.integers(0, 86_400))
def test_a_later_as_of_never_turns_a_missed_row_back(data: pd.DataFrame, first: int, later: int) -> None:
    early = START + first * SECOND
    before = evaluate(DURATION_SHARES, data, as_of=early)
    after_ = evaluate(DURATION_SHARES, data, as_of=early + later * SECOND)
    for standard in DURATION_SHARE_IDS:
        old = before.outcomes(standard)
        new = after_.outcomes(standard)
        assert (new[old == "missed"] == "missed").all(), standard
        assert (new[old == "met"] == "met").all(), standard
        # only pending rows may change, and only to missed
        changed = old != new
        assert (old[changed] == "pending").all(), standard
        assert (new[changed] == "missed").all(), standard


# files with an events: section score event logs (per ticket and per reply cycle): see test_events.py
TABLE_FILES = [p for p in BUNDLED if svcstandards.load(p).events is None]


@pytest.mark.parametrize("path", TABLE_FILES, ids=[p.name for p in TABLE_FILES])
def test_the_bundled_standards_account_for_every_row_of_the_sample_data(path: Path) -> None:
    standards = svcstandards.load(path)
    # delivery.yaml measures parcels, the others interactions
    sample = parcels if path.name == "delivery.yaml" else interactions
    data = sample(days=7, per_day=300)
    report = evaluate(standards, data)
    counts = report.counts().set_index("standard")
    assert list(counts.index) == [s.id for s in standards]
    assert (counts[OUTCOMES].sum(axis=1) == len(data)).all()
    table = report.to_frame()
    assert set(table["standard"]) == {s.id for s in standards}
    assert (table["n"] == table["met"] + table["missed"]).all()
    summed = table.groupby("standard")[COUNTS].sum()
    for outcome in ("met", "missed", "pending", "excluded", "invalid"):
        assert summed[outcome].to_dict() == counts[outcome].to_dict(), outcome
    assert evaluate(path, data).to_frame().equals(table)
    grouped = evaluate(standards, data, by=["channel"] if "channel" in data else ["region"])
    pd.testing.assert_frame_equal(grouped.to_frame().groupby("standard")[COUNTS].sum(), summed)


def test_a_span_of_more_than_292_years_does_not_wrap_around() -> None:
    # 1700-01-01 to 2026-03-02 is 326 years: more nanoseconds than int64 holds; it is missed, not met
    standards = svcstandards.loads(
        "version: 1\nstandards:\n  - id: d\n    measure: {from: shipped_at, to: delivered_at}\n"
        "    within: 3d\n    floor: 95%\n"
    )
    parcels = pd.DataFrame(
        {
            "shipped_at": pd.to_datetime(["1700-01-01", "2026-03-01"]),
            "delivered_at": pd.to_datetime(["2026-03-02", "2026-03-02"]),
        }
    )
    report = svcstandards.evaluate(standards, parcels)
    assert report.to_frame()[["met", "missed"]].to_dict("records") == [{"met": 1, "missed": 1}]
    missed = report.breaches("d")
    assert missed["measured"].iloc[0] > pd.Timedelta(days=119_000)
