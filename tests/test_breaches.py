"""report.breaches(): the rows that count against a standard, how far over they are, and their deadlines."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import Report, evaluate
from svcstandards.report._breach_table import readable_durations

ZONE = "Europe/Ljubljana"
T0 = pd.Timestamp("2026-03-02 09:00")  # a Monday
MINUTE = pd.Timedelta(minutes=1)


def report_of(body: str, data: pd.DataFrame, **kwargs: object) -> Report:
    text = f"version: 1\ntimezone: {ZONE}\n" + textwrap.dedent(body)
    return evaluate(svcstandards.loads(text), data, **kwargs)  # type: ignore[arg-type]


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=ZONE)


# -- which rows count against a standard ------------------------------------------------------

ABANDONS = """
standards:
  - id: abandon-rate
    measure: {flag: abandoned}
    ceiling: 5%
  - id: answered
    measure: {flag: abandoned}
    floor: 5%
  - id: band
    measure: {flag: abandoned}
    floor: 10%
    ceiling: {fail: 60%, warn: 40%}
    by: [queue]
"""


def calls() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "queue": ["a", "a", "b", "b", "b", "c"],
            "abandoned": [True, True, False, False, False, True],
        },
        index=[10, 11, 12, 13, 14, 15],
    )


def test_a_ceiling_standard_counts_the_rows_that_meet_its_condition_against_it() -> None:
    report = report_of(ABANDONS, calls())
    # 3 of 6 abandoned: 50% > 5%, fail; the rows against the standard are the abandons
    rows = report.breaches("abandon-rate")
    assert rows.index.tolist() == [10, 11, 15]
    assert rows["outcome"].tolist() == ["met"] * 3
    # the explicit outcome works as before
    assert report.breaches("abandon-rate", "missed").index.tolist() == [12, 13, 14]
    assert report.breaches("abandon-rate", ["met", "missed"]).index.tolist() == [10, 11, 12, 13, 14, 15]


def test_a_floor_standard_counts_the_missed_rows_against_it() -> None:
    report = report_of(ABANDONS, calls())
    assert report.breaches("answered").index.tolist() == [12, 13, 14]
    assert report.breaches("answered")["outcome"].tolist() == ["missed"] * 3


def test_a_band_counts_the_side_a_failing_or_warning_row_crosses() -> None:
    # queue a: 2/2 = 100% > 60%: fail above the ceiling; b: 0/3 = 0% < 10%: fail below the floor;
    # c: 1/1 = 100%: fail above the ceiling. Both sides are crossed: met and missed rows.
    report = report_of(ABANDONS, calls())
    assert report.to_frame().query("standard == 'band'")["status"].tolist() == ["fail", "fail", "fail"]
    assert report.breaches("band")["outcome"].tolist() == ["met", "met", "missed", "missed", "missed", "met"]
    # queue b: 0 of 3 abandoned, below the floor; queue c: 1 of 4 = 25%, passes: only the floor side
    floor_side = pd.DataFrame(
        {"queue": ["c", "b", "b", "b", "c", "c", "c"], "abandoned": [False, False, False, False, True, False, False]},
        index=[10, 12, 13, 14, 15, 16, 17],
    )
    report = report_of(ABANDONS, floor_side)
    assert report.to_frame().query("standard == 'band'")["status"].tolist() == ["fail", "pass"]
    # the side is the standard's: the missed rows of every group, as for a floor (c's too)
    assert report.breaches("band").index.tolist() == [10, 12, 13, 14, 16, 17]
    # one queue at 50%: over the 40% warning, under the 60% ceiling: the ceiling side (a warning counts)
    warned = pd.DataFrame({"queue": ["a"] * 4, "abandoned": [True, False, True, False]})
    report = report_of(ABANDONS, warned)
    assert report.to_frame().query("standard == 'band'")["status"].tolist() == ["warn"]
    assert report.breaches("band").index.tolist() == [0, 2]


def test_a_band_that_neither_fails_nor_warns_gives_both_sides() -> None:
    # 1 of 4 = 25%: between 10% and 40%, pass: every decided row, met and missed
    report = report_of(ABANDONS, pd.DataFrame({"queue": ["a"] * 4, "abandoned": [False, True, False, False]}))
    rows = report.breaches("band")
    assert rows["outcome"].tolist() == ["missed", "met", "missed", "missed"]


def test_a_statistic_standard_counts_the_values_beyond_its_limit_per_row() -> None:
    body = """
    standards:
      - id: asa
        measure: {from: offered_at, to: answered_at}
        mean: {at_most: 30s}
    """
    offered = [T0 + i * MINUTE for i in range(4)]
    waits = pd.to_timedelta([10, 40, 20, 50], unit="s")
    report = report_of(
        body, pd.DataFrame({"offered_at": offered, "answered_at": [o + w for o, w in zip(offered, waits, strict=True)]})
    )
    # mean (10 + 40 + 20 + 50) / 4 = 30 s: pass; per row, 10 and 20 s are within 30 s (met), 40 and 50 s beyond
    row = report.to_frame().iloc[0]
    assert (row["met"], row["missed"], row["value"], row["status"]) == (2, 2, 30.0, "pass")
    rows = report.breaches("asa")
    assert rows.index.tolist() == [1, 3]
    assert rows["over"].tolist() == [pd.Timedelta(seconds=10), pd.Timedelta(seconds=20)]


# -- how the summary words a ceiling ---------------------------------------------------------


def test_the_summary_says_what_a_ceiling_standard_counts() -> None:
    report = report_of(ABANDONS, calls())
    lines = str(report).splitlines()
    # 3 of 6: budget floor(6 x 5%) - 3 = -3
    assert "  FAIL  abandon-rate: 50% abandoned (ceiling 5%), n=6, budget -3" in lines
    # a band says it the same way; queue a: 2 of 2, budget min(floor(2 x 90%) - 0, floor(2 x 60%) - 2) = -1
    assert "  FAIL  band [queue=a]: 100% abandoned (floor 10%, ceiling 60%), n=2, budget -1" in lines
    # a floor keeps "met": 3 of 6 = 50%, budget floor(6 x 95%) - 3 = 2
    assert not any("answered" in line for line in lines[2:])  # it passes
    assert not any(" met " in line for line in lines if "abandon-rate" in line or "band" in line)
    suite = ET.fromstring(report.to_junit())
    messages = [f.get("message") for f in suite.iter("failure")]
    assert "FAIL  abandon-rate: 50% abandoned (ceiling 5%), n=6, budget -3" in messages


@pytest.mark.parametrize(
    ("measure", "limits", "data", "words"),
    [
        ("{flag: complaint}", "", {"complaint": [True, False]}, "50% with complaint"),
        # a past participle reads as it is, also one that does not end in -ed: never "with hung up"
        ("{flag: hung_up}", "", {"hung_up": [True, False]}, "50% hung up"),
        ("{flag: transferred_out}", "", {"transferred_out": [True, False]}, "50% transferred out"),
        ("{flag: is_escalated}", "", {"is_escalated": [True, False]}, "50% escalated"),
        ("{flag: has_complaint}", "", {"has_complaint": [True, False]}, "50% with complaint"),
        ("{present: csat}", "", {"csat": [4.0, None]}, "50% with csat filled in"),
        (
            "{column: reopened_count}",
            "at_least: 1",
            {"reopened_count": [2, 0]},
            "50% of rows where reopened_count is at least 1",
        ),
        (
            "{column: score}",
            "{at_least: 2, at_most: 4}",
            {"score": [3, 9]},
            "50% of rows where score is at least 2 and at most 4",
        ),
    ],
)
def test_a_ceiling_share_is_worded_by_its_condition(
    measure: str, limits: str, data: dict[str, list[object]], words: str
) -> None:
    keys = limits.strip("{}").replace(", ", "\n    ") if limits else ""
    body = f"""
standards:
  - id: s
    measure: {measure}
    {keys}
    ceiling: 10%
"""
    report = report_of(body, pd.DataFrame(data))
    # 1 of 2: budget floor(2 x 10%) - 1 = -1
    assert f"  FAIL  s: {words} (ceiling 10%), n=2, budget -1" in str(report).splitlines()


def test_a_ceiling_on_a_named_duration_names_the_measure() -> None:
    body = """
    measures:
      time_to_answer: {from: offered_at, to: answered_at}
    standards:
      - id: long-waits
        measure: time_to_answer
        at_least: 2m
        ceiling: 10%
    """
    offered = [T0, T0 + MINUTE]
    report = report_of(
        body,
        pd.DataFrame(
            {"offered_at": offered, "answered_at": [T0 + 3 * MINUTE, T0 + 90 * pd.Timedelta(seconds=1) + MINUTE]}
        ),
    )
    assert (
        "  FAIL  long-waits: 50% of rows where time_to_answer is at least 2m (ceiling 10%), n=2, budget -1"
        in str(report).splitlines()
    )
    # the breaches are the long waits: the row that waited 3 min
    assert report.breaches("long-waits").index.tolist() == [0]


# -- over ----------------------------------------------------------------------------


def test_a_missed_row_is_never_negatively_over() -> None:
    body = """
    standards:
      - id: answered-20s
        measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
        within: 20s
        floor: 80%
    """
    data = pd.DataFrame(
        {
            "offered_at": [T0, T0, T0],
            "answered_at": [T0 + pd.Timedelta(seconds=50), pd.NaT, pd.NaT],
            "abandoned_at": [pd.NaT, T0 + pd.Timedelta(seconds=8), T0 + pd.Timedelta(seconds=52)],
        }
    )
    rows = report_of(body, data).breaches("answered-20s")
    # answered after 50 s: 30 s over; abandoned after 8 s counts as missed but is not over 20 s: no "over";
    # abandoned after 52 s: 32 s over
    assert rows["outcome"].tolist() == ["missed"] * 3
    assert rows["measured"].tolist() == [pd.Timedelta(seconds=s) for s in (50, 8, 52)]
    assert rows["over"].isna().tolist() == [False, True, False]
    assert rows["over"].dropna().tolist() == [pd.Timedelta(seconds=30), pd.Timedelta(seconds=32)]
    assert pd.api.types.is_timedelta64_dtype(rows["over"])
    # the deadline is there for each: the start plus 20 s
    assert rows["deadline"].tolist() == [local("2026-03-02 09:00:20")] * 3


def test_an_invalid_row_is_over_nothing() -> None:
    body = """
    standards:
      - id: answered-20s
        measure: {from: offered_at, to: answered_at}
        within: 20s
        floor: 80%
    """
    data = pd.DataFrame(
        {
            "offered_at": [T0, T0],
            "answered_at": [T0 + pd.Timedelta(seconds=50), T0 - pd.Timedelta(seconds=1)],
        }
    )
    rows = report_of(body, data).breaches("answered-20s", outcome=["missed", "invalid"])
    # answered 50 s after: 30 s over; answered 1 s before it was offered: an error of the data, over nothing
    assert rows["outcome"].tolist() == ["missed", "invalid"]
    assert rows["measured"].tolist() == [pd.Timedelta(seconds=50), pd.Timedelta(seconds=-1)]
    assert rows["over"].tolist()[0] == pd.Timedelta(seconds=30)
    assert pd.isna(rows["over"].tolist()[1])


# -- deadlines with pauses ---------------------------------------------------------------------


def test_the_deadline_adds_a_paused_seconds_column() -> None:
    body = """
    standards:
      - id: reply-1h
        measure: {from: created_at, to: replied_at, pause: on_hold_seconds}
        within: 1h
        floor: 90%
    """
    data = pd.DataFrame(
        {
            "created_at": [T0, T0],
            "replied_at": [T0 + 90 * MINUTE, T0 + 80 * MINUTE],
            "on_hold_seconds": [600.0, None],
        }
    )
    rows = report_of(body, data).breaches("reply-1h")
    # 90 min - 10 min on hold = 80 min: missed; its clock stood still 10 min: due 09:00 + 1 h + 10 min
    # no hold: 80 min, due 10:00
    assert rows["measured"].tolist() == [80 * MINUTE, 80 * MINUTE]
    assert rows["deadline"].tolist() == [local("2026-03-02 10:10"), local("2026-03-02 10:00")]
    assert rows["over"].tolist() == [20 * MINUTE, 20 * MINUTE]


def test_the_deadline_adds_paused_seconds_in_open_time_on_a_calendar() -> None:
    body = """
    calendars:
      office: {hours: {mon-fri: "09:00-17:00"}}
    standards:
      - id: reply-2h
        measure: {from: created_at, to: replied_at, calendar: office, pause: on_hold_seconds}
        within: 2h
        floor: 90%
    """
    friday = pd.Timestamp("2026-03-06 16:00")
    data = pd.DataFrame(
        {"created_at": [friday], "replied_at": [friday + pd.Timedelta(days=2, hours=19)], "on_hold_seconds": [1800.0]}
    )
    rows = report_of(body, data).breaches("reply-2h")
    # open time Fri 16-17 (1 h) + Mon 9-11 (2 h) = 3 h, less 30 min on hold = 2 h 30 min: missed.
    # Due after 2 h + 30 min of open time: Fri 16-17, then Mon 09:00 + 1 h 30 min = Mon 10:30
    assert rows["measured"].tolist() == [pd.Timedelta(hours=2, minutes=30)]
    assert rows["deadline"].tolist() == [local("2026-03-09 10:30")]


def test_a_pause_span_moves_the_deadline_only_when_it_starts_before_it() -> None:
    body = """
    standards:
      - id: reply-1h
        measure: {from: created_at, to: replied_at, pause: {from: paused_at, to: resumed_at}}
        within: 1h
        floor: 90%
    """
    data = pd.DataFrame(
        {
            "created_at": [T0] * 3,
            "replied_at": [T0 + 90 * MINUTE] * 3,
            "paused_at": [T0 + 30 * MINUTE, T0 + 65 * MINUTE, T0 + 30 * MINUTE],
            "resumed_at": [T0 + 50 * MINUTE, T0 + 75 * MINUTE, pd.NaT],
        }
    )
    rows = report_of(body, data).breaches("reply-1h")
    # 0: paused 09:30-09:50 (20 min), 70 min: the clock ran 30 min, stood still, ran again from 09:50: due 10:20
    # 1: paused 10:05-10:15 (10 min), 80 min: the hour ran out at 10:00, before the pause: due 10:00
    # 2: a pause without an end counts nothing (90 min, as the measured value has it): due 10:00
    assert rows["measured"].tolist() == [70 * MINUTE, 80 * MINUTE, 90 * MINUTE]
    assert rows["deadline"].tolist() == [
        local("2026-03-02 10:20"),
        local("2026-03-02 10:00"),
        local("2026-03-02 10:00"),
    ]


EVENTS = """
events:
  id: ticket_id
  time: at
  type: event
  status: status
  paused_statuses: [pending]
calendars:
  office:
    hours: {mon-fri: "09:00-17:00"}
measures:
  resolution: {from: created_first_at, to: solved_first_at, calendar: office, pause: status}
standards:
  - {id: resolved-4h, measure: resolution, within: 4h, floor: 90%}
"""


def test_the_deadline_of_an_event_log_adds_the_open_time_of_its_paused_spans() -> None:
    log = pd.DataFrame(
        [
            # Tue 10 09:00, pending 11:00-13:00 (2 h), solved 16:00: 7 h - 2 h = 5 h, missed.
            # The clock runs 09-11 (2 h), stands still to 13:00, runs 2 h more: due 15:00
            (1, "2026-03-10 09:00", "created", "new"),
            (1, "2026-03-10 11:00", "agent_reply", "pending"),
            (1, "2026-03-10 13:00", "customer_reply", "open"),
            (1, "2026-03-10 16:00", "solved", "solved"),
            # Fri 13 15:00, pending 16:00 -> Mon 16 10:00 (open time Fri 16-17 + Mon 9-10 = 2 h), solved Mon 13:00:
            # open Fri 15-17 (2 h) + Mon 9-13 (4 h) = 6 h - 2 h = 4 h: met. Due Fri 15-16 (1 h), still until
            # Mon 10:00, 3 h more: Mon 13:00
            (2, "2026-03-13 15:00", "created", "new"),
            (2, "2026-03-13 16:00", "agent_reply", "pending"),
            (2, "2026-03-16 10:00", "customer_reply", "open"),
            (2, "2026-03-16 13:00", "solved", "solved"),
        ],
        columns=["ticket_id", "at", "event", "status"],
    ).assign(at=lambda frame: pd.to_datetime(frame["at"]))
    report = report_of(EVENTS, log)
    rows = report.breaches("resolved-4h", ["met", "missed"])
    assert rows["outcome"].tolist() == ["missed", "met"]
    assert rows["measured"].tolist() == [pd.Timedelta(hours=5), pd.Timedelta(hours=4)]
    assert rows["deadline"].tolist() == [local("2026-03-10 15:00"), local("2026-03-16 13:00")]


def test_a_pause_after_the_deadline_does_not_move_it() -> None:
    # office hours 09-17, within 4h; the deadline without pauses is 13:00 on each day
    log = pd.DataFrame(
        [
            # Tue: pending 14:00-15:00 starts after 13:00: due 13:00 (measured 7 h - 1 h = 6 h, missed)
            (3, "2026-03-10 09:00", "created", "new"),
            (3, "2026-03-10 14:00", "agent_reply", "pending"),
            (3, "2026-03-10 15:00", "customer_reply", "open"),
            (3, "2026-03-10 16:00", "solved", "solved"),
            # Wed: pending 10-11 moves it to 14:00; pending 14:30-15:00 starts after that: due 14:00
            (4, "2026-03-11 09:00", "created", "new"),
            (4, "2026-03-11 10:00", "agent_reply", "pending"),
            (4, "2026-03-11 11:00", "customer_reply", "open"),
            (4, "2026-03-11 14:30", "agent_reply", "pending"),
            (4, "2026-03-11 15:00", "customer_reply", "open"),
            (4, "2026-03-11 16:00", "solved", "solved"),
            # Thu: pending 10-11 (to 14:00) and 12-13 (starts before 14:00, to 15:00): due 15:00
            (5, "2026-03-12 09:00", "created", "new"),
            (5, "2026-03-12 10:00", "agent_reply", "pending"),
            (5, "2026-03-12 11:00", "customer_reply", "open"),
            (5, "2026-03-12 12:00", "agent_reply", "pending"),
            (5, "2026-03-12 13:00", "customer_reply", "open"),
            (5, "2026-03-12 16:00", "solved", "solved"),
        ],
        columns=["ticket_id", "at", "event", "status"],
    ).assign(at=lambda frame: pd.to_datetime(frame["at"]))
    rows = report_of(EVENTS, log).breaches("resolved-4h")
    assert rows["measured"].tolist() == [pd.Timedelta(hours=6), pd.Timedelta(hours=5.5), pd.Timedelta(hours=5)]
    assert rows["deadline"].tolist() == [
        local("2026-03-10 13:00"),
        local("2026-03-11 14:00"),
        local("2026-03-12 15:00"),
    ]


def test_an_nps_standard_counts_the_detractors_as_missed() -> None:
    body = """
    standards:
      - id: nps
        measure: {column: score}
        nps: {at_least: 0}
    """
    report = report_of(body, pd.DataFrame({"score": [10, 6, 8, 0, 9]}))
    # promoters 10, 9; passive 8; detractors 6, 0: NPS (2 - 2) / 5 = 0 >= 0, pass. Per row 6 and 0 are missed
    row = report.to_frame().iloc[0]
    assert (row["met"], row["missed"], row["value"], row["status"]) == (3, 2, 0.0, "pass")
    rows = report.breaches("nps")
    assert rows.index.tolist() == [1, 3]
    # a score of 7 is the least that is not a detractor: 6 is 1 short, 0 is 7 short
    assert rows["over"].tolist() == [1.0, 7.0]


def test_the_command_line_words_a_flag_ceiling_as_a_noun_phrase(tmp_path: Path) -> None:
    (tmp_path / "standards.yaml").write_text(
        "version: 1\nstandards:\n  - {id: hang-ups, measure: {flag: hung_up}, ceiling: 5%}\n", encoding="utf-8"
    )
    pd.DataFrame({"hung_up": [True, False, False, False]}).to_csv(tmp_path / "calls.csv", index=False)
    result = subprocess.run(
        [sys.executable, "-m", "svcstandards", "evaluate", "standards.yaml", "calls.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # 1 of 4 hung up: 25%; budget floor(4 x 5%) - 1 = -1
    assert "  FAIL  hang-ups: 25% hung up (ceiling 5%), n=4, budget -1" in result.stdout.splitlines()
    assert "with hung up" not in result.stdout


# -- over as people read it ---------------------------------------------------------------------------

WAITS = """
standards:
  - {id: answered-20s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 80%}
"""


def waits() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "call": ["a", "b", "c", "d"],
            "offered_at": pd.to_datetime(["2026-03-02 09:00:00"] * 4),
            "answered_at": pd.to_datetime(
                [
                    "2026-03-02 09:00:10",  # 10 s: met, 10 s to spare
                    "2026-03-02 10:02:28",  # 1 h 2 min 28 s: over by 1 h 2 min 8 s
                    "2026-03-02 09:01:05",  # 65 s: over by 45 s
                    "2026-03-04 12:00:20",  # 2 days 3 h 20 s: over by 2 days 3 h
                ]
            ),
        }
    )


def test_breaches_text_shows_over_as_a_readable_duration() -> None:
    report = report_of(WAITS, waits())
    text = report.breaches_text("answered-20s", columns=["call", "measured", "target", "over"])
    assert text.splitlines() == [
        "call  measured       target  over",
        "d     2d 3h 00m 20s  20s     2d 3h",  # the furthest over first
        "b     1h 02m 28s     20s     1h 02m 08s",
        "c     1m 05s         20s     45s",
    ]
    assert "days" not in report.breaches_text("answered-20s")


def test_a_margin_left_reads_as_a_negative_duration_not_as_pandas_prints_it() -> None:
    report = report_of(WAITS, waits())
    assert str(report.breaches("answered-20s", "met")["over"].iloc[0]) == "-1 days +23:59:50"  # pandas' own
    text = report.breaches_text("answered-20s", "met", columns=["call", "over"], markdown=True)
    assert text.splitlines() == ["| call | over |", "|---|---|", "| a | -10s |"]


def test_the_breaches_frame_keeps_timedeltas() -> None:
    frame = report_of(WAITS, waits()).breaches("answered-20s")
    assert [str(frame[c].dtype).split("[")[0] for c in ("measured", "target", "over")] == ["timedelta64"] * 3
    assert frame["over"].tolist() == [pd.Timedelta(seconds=3728), pd.Timedelta(seconds=45), pd.Timedelta("2D3h")]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "0s"),
        (45.0, "45s"),
        (59.6, "1m 00s"),  # whole seconds, rounded
        (125.0, "2m 05s"),
        (3600.0, "1h 00m 00s"),
        (3728.0, "1h 02m 08s"),
        (183_600.0, "2d 3h"),  # 2 x 86,400 + 3 x 3,600
        (172_800.0 + 300.0, "2d 0h 05m"),
        (-52.0, "-52s"),
        (-86_348.0, "-23h 59m 08s"),  # never "-1 days +00:00:52"
        (float("nan"), ""),
    ],
)
def test_readable_durations(seconds: float, text: str) -> None:
    assert readable_durations(np.array([seconds])).tolist() == [text]


def test_the_command_line_lists_breaches_with_readable_durations(tmp_path: Path) -> None:
    (tmp_path / "standards.yaml").write_text("version: 1\n" + WAITS.lstrip(), encoding="utf-8")
    waits().to_csv(tmp_path / "calls.csv", index=False)
    args = ["evaluate", "standards.yaml", "calls.csv", "--breaches", "answered-20s", "--breaches-limit", "2"]
    result = subprocess.run(
        [sys.executable, "-m", "svcstandards", *args], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    lines = result.stdout.splitlines()
    start = lines.index("Breaches of answered-20s: 3 rows, the 2 furthest over")
    header, first, second = lines[start + 1 : start + 4]
    assert header.split() == ["call", "offered_at", "answered_at", "outcome", "measured", "target", "over", "deadline"]
    assert "  2d 3h 00m 20s  20s     2d 3h  " in first
    assert "  1h 02m 28s     20s     1h 02m 08s  " in second
    assert lines[start + 4 :] == []
    assert result.returncode == 1  # 1 of 4 within 20 s: fails the 80% floor


def test_breaches_on_the_command_line_need_a_known_id_and_a_table(tmp_path: Path) -> None:
    (tmp_path / "standards.yaml").write_text("version: 1\n" + WAITS.lstrip(), encoding="utf-8")
    waits().to_csv(tmp_path / "calls.csv", index=False)
    base = [sys.executable, "-m", "svcstandards", "evaluate", "standards.yaml", "calls.csv"]
    typo = subprocess.run([*base, "--breaches", "answered-2s"], cwd=tmp_path, capture_output=True, text=True)
    assert typo.returncode == 2
    assert "--breaches answered-2s: no standard with that id in standards.yaml; did you mean 'answered-20s'?" in (
        typo.stderr
    )
    json = subprocess.run(
        [*base, "--breaches", "answered-20s", "--format", "json"], cwd=tmp_path, capture_output=True, text=True
    )
    assert json.returncode == 2
    assert "--breaches lists rows with --format table or markdown, not --format json" in json.stderr
