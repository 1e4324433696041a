"""Data as exported: missing markers, day-first dates, formats, times from a date and a clock.

The standards file says how the export looks (``data:`` and the column
descriptions in ``columns:``); ``evaluate`` and the command line then score
the raw export with no preparation in Python. Every expected value is worked
out by hand in a comment next to it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcstandards
from svcstandards.engines.prepare import prepare
from svcstandards.errors import DataError, StandardsError
from svcstandards.plan import compile_plans, compile_prepare, explain, explain_prepare
from svcstandards.plan.nodes import BuildTime, Prepare, ReadColumn


def loads(text: str) -> svcstandards.StandardSet:
    return svcstandards.loads(textwrap.dedent(text), source="s.yaml")


# -- a call centre's export: a date column and clock times as text ------------------------

BANK = """\
    version: 1
    columns:
      queued: {date: date, clock: q_start, missing: "0:00:00"}
      answered: {date: date, clock: ser_start, missing: "0:00:00", after: queued}
      left_queue: {date: date, clock: q_exit, missing: "0:00:00", after: queued}
    standards:
      - id: answered-20s
        measure: {from: queued, to: answered, abandoned: left_queue}
        within: 20s
        floor: 80%
    """

CALLS = pd.DataFrame(
    {
        "date": ["2010-08-01", "2010-08-01", "2010-08-01", "2010-08-01"],
        "q_start": ["23:59:50", "10:00:00", "11:00:00", "12:00:00"],
        "ser_start": ["0:00:20", "10:00:15", "0:00:00", "0:00:00"],
        "q_exit": ["0:00:20", "10:00:15", "11:01:00", "0:00:00"],
    }
)


def test_clock_times_build_timestamps_that_roll_over_midnight() -> None:
    before = CALLS.copy()
    report = svcstandards.evaluate(loads(BANK), CALLS, as_of="2010-08-01 12:00:10")
    # row 0: queued 23:59:50, answered 0:00:20 the next day: 30 s > 20 s -> missed
    # row 1: 10:00:00 -> 10:00:15, 15 s -> met
    # row 2: no answer (0:00:00), left the queue at 11:01:00 -> abandoned, missed
    # row 3: neither answered nor left; 10 s at as_of 12:00:10 -> pending
    assert list(report.outcomes("answered-20s")) == ["missed", "met", "missed", "pending"]
    missed = report.breaches("answered-20s", "missed")
    assert list(missed["measured"]) == [pd.Timedelta(seconds=30), pd.Timedelta(seconds=60)]
    pd.testing.assert_frame_equal(CALLS, before)  # the caller's frame is never modified


def test_breaches_show_the_columns_as_exported_with_deadlines_of_the_built_times() -> None:
    report = svcstandards.evaluate(loads(BANK), CALLS, as_of="2010-08-01 12:00:10")
    late = report.breaches("answered-20s", "missed").iloc[:1]
    assert list(late.columns[:4]) == ["date", "q_start", "ser_start", "q_exit"]  # no built column added
    assert late.loc[0, "q_start"] == "23:59:50"
    # queued 2010-08-01 23:59:50 + 20 s; over by 30 - 20 = 10 s
    assert late.loc[0, "deadline"] == pd.Timestamp("2010-08-02 00:00:10", tz="UTC")
    assert late.loc[0, "over"] == pd.Timedelta(seconds=10)


def test_the_prepare_step_runs_on_whole_columns_and_leaves_the_callers_frame_alone() -> None:
    step = compile_prepare(loads(BANK))
    assert step == Prepare(
        (
            BuildTime("queued", "date", "q_start", missing=("0:00:00",)),
            BuildTime("answered", "date", "ser_start", missing=("0:00:00",), after="queued"),
            BuildTime("left_queue", "date", "q_exit", missing=("0:00:00",), after="queued"),
        )
    )
    prepared = prepare(CALLS, step)
    assert prepared.frame is not CALLS
    assert "queued" not in CALLS.columns
    assert list(prepared.frame["answered"]) == [
        pd.Timestamp("2010-08-02 00:00:20"),
        pd.Timestamp("2010-08-01 10:00:15"),
        pd.NaT,
        pd.NaT,
    ]


def test_clock_times_of_hours_and_minutes_and_timedeltas_and_dates_as_datetimes() -> None:
    calls = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-02", "2026-03-02"]),
            "start": pd.to_timedelta(["9:05:00", "23:58:00"]),
            "end": ["9:06", "0:01"],
        }
    )
    step = Prepare((BuildTime("start_at", "date", "start"), BuildTime("end_at", "date", "end", after="start_at")))
    built = prepare(calls, step).frame
    # 9:06 is 9:06:00; 0:01 is before 23:58, so the next day
    assert list(built["end_at"]) == [pd.Timestamp("2026-03-02 09:06"), pd.Timestamp("2026-03-03 00:01")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 86399), st.integers(0, 86399)), min_size=1, max_size=30))
def test_a_time_after_another_rolls_over_only_from_more_than_half_a_day_earlier(clocks: list[tuple[int, int]]) -> None:
    def text(seconds: int) -> str:
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"

    frame = pd.DataFrame(
        {
            "date": ["2026-03-29"] * len(clocks),
            "a": [text(a) for a, _ in clocks],
            "b": [text(b) for _, b in clocks],
        }
    )
    step = Prepare((BuildTime("first", "date", "a"), BuildTime("then", "date", "b", after="first")))
    built = prepare(frame, step).frame
    waited = (built["then"] - built["first"]).dt.total_seconds().to_numpy()
    # more than 12 h earlier: the next day; up to 12 h earlier: the same day, an end before its start
    expected = np.array([b - a + 86400 if a - b > 43200 else b - a for a, b in clocks], dtype=np.float64)
    np.testing.assert_array_equal(waited, expected)  # so -12 h <= waited < 12 h... or up to a day after a roll
    assert ((waited >= -43200) & (waited < 86400)).all()


def test_a_clock_a_second_before_its_start_is_not_a_day_later() -> None:
    # exports rounded to the second show an answer 1 s before the queueing: 20:37:11 < 20:37:12
    # is not 23 h 59 min 59 s of waiting; it stays 1 s before, and the standards call it an error of the data
    calls = pd.DataFrame({"date": ["2010-08-01"] * 2, "q": ["20:37:12", "23:59:29"], "s": ["20:37:11", "0:00:56"]})
    step = Prepare((BuildTime("queued", "date", "q"), BuildTime("answered", "date", "s", after="queued")))
    built = prepare(calls, step).frame
    assert list((built["answered"] - built["queued"]).dt.total_seconds()) == [-1.0, 87.0]


# -- an incident log: dd-mm-yyyy HH:MM text and ? for missing -------------------------------

INCIDENTS = """\
    version: 1
    data: {missing: ["?", "N/A"]}
    columns:
      opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
      resolved: {column: resolved_at, format: "%d-%m-%Y %H:%M"}
    standards:
      - id: resolved-4h
        measure: {from: opened, to: resolved}
        within: 4h
        floor: 50%
    """


def test_dates_in_a_format_and_markers_of_missing_values() -> None:
    incidents = pd.DataFrame(
        {
            "opened_at": ["29-02-2016 01:16", "01-03-2016 10:00", "02-03-2016 09:00", "?"],
            "resolved_at": ["29-02-2016 03:16", "01-03-2016 15:00", " ? ", "N/A"],
        }
    )
    before = incidents.copy()
    report = svcstandards.evaluate(loads(INCIDENTS), incidents, as_of="2016-03-02 10:00")
    pd.testing.assert_frame_equal(incidents, before)
    # 29 Feb 01:16 -> 03:16, 2 h: met; 1 Mar 10:00 -> 15:00, 5 h: missed;
    # 2 Mar 09:00, not resolved, 1 h at as_of: pending; no opened time: invalid
    assert list(report.outcomes("resolved-4h")) == ["met", "missed", "pending", "invalid"]
    assert report.problems == ()


def test_a_value_not_in_the_format_makes_its_row_invalid_and_is_reported() -> None:
    incidents = pd.DataFrame(
        {
            "opened_at": ["29-02-2016 01:16", "2016/03/01 10:00", "01-03-2016 11:00"],
            "resolved_at": ["29-02-2016 03:16", "01-03-2016 11:00", "01-03-2016 12:00"],
        }
    )
    report = svcstandards.evaluate(loads(INCIDENTS), incidents)
    assert list(report.outcomes("resolved-4h")) == ["met", "invalid", "met"]
    assert report.to_frame().loc[0, ["n", "met", "invalid"]].tolist() == [2, 2, 1]  # every row accounted for
    [problem] = report.problems
    assert (problem.standard, problem.column, problem.code) == ("resolved-4h", "opened_at", "value_format")
    assert problem.message == (
        "1 of 3 values is not dates in the format %d-%m-%Y %H:%M: '2016/03/01 10:00' (row 1); "
        "those rows are invalid for the standards that use it"
    )
    assert problem.hint.startswith("fix the values, mark them as missing with missing:")


def test_a_day_month_year_with_dots() -> None:
    standards = loads(
        """\
        version: 1
        columns:
          opened: {column: opened_at, format: "%d.%m.%Y %H:%M"}
        standards:
          - {id: solved, measure: {from: opened, to: solved_at}, within: 1h, floor: 50%}
        """
    )
    data = pd.DataFrame({"opened_at": ["02.03.2026 09:00"], "solved_at": pd.to_datetime(["2026-03-02 09:45"])})
    report = svcstandards.evaluate(standards, data)
    assert list(report.outcomes("solved")) == ["met"]  # 2 March 09:00 -> 09:45


def test_markers_in_text_and_numeric_columns() -> None:
    standards = loads(
        """\
        version: 1
        data: {missing: ["?", "N/A"]}
        columns:
          score: {column: csat, missing: "-1"}
        standards:
          - {id: csat, measure: {column: score}, mean: {at_least: 4}}
          - {id: nps, measure: {column: nps}, mean: {at_least: 8}}
        """
    )
    data = pd.DataFrame({"csat": [5.0, -1.0, 3.0, np.nan], "nps": ["9", "?", "N/A", "10"]})
    frame = svcstandards.evaluate(standards, data).to_frame().set_index("standard")
    assert frame.loc["csat", "value"] == 4.0  # (5 + 3) / 2; -1 marks no score
    assert frame.loc["nps", "value"] == 9.5  # (9 + 10) / 2; ? and N/A mark none


def test_the_columns_argument_wins_over_a_description() -> None:
    data = pd.DataFrame({"opened_iso": ["2016-03-01 10:00"], "resolved_at": ["01-03-2016 12:00"]})
    report = svcstandards.evaluate(loads(INCIDENTS), data, columns={"opened": "opened_iso"})
    assert list(report.outcomes("resolved-4h")) == ["met"]  # ISO text, read as before; 2 h


# -- day-first text timestamps, in columns and in event logs ---------------------------------


def test_dayfirst_reads_text_timestamps_of_an_event_log() -> None:
    standards = loads(
        """\
        version: 1
        data: {dayfirst: true, missing: "?"}
        events: {id: number, time: updated_at, type: state}
        standards:
          - id: resolved-4h
            measure: {from: created_first_at, to: resolved_first_at}
            within: 4h
            floor: 50%
            period: month
            time: created_first_at
        """
    )
    log = pd.DataFrame(
        {
            "number": ["INC1", "INC1"],
            "updated_at": ["01-03-2016 09:00", "01-03-2016 12:00"],
            "state": ["created", "resolved"],
        }
    )
    frame = svcstandards.evaluate(standards, log).to_frame()
    # 01-03-2016 is 1 March (not 3 January): the month of March, 3 h, met
    assert frame[["period", "n", "met"]].to_dict("records") == [
        {"period": pd.Timestamp("2016-03-01", tz="UTC"), "n": 1, "met": 1}
    ]


def test_dayfirst_text_in_a_column_of_the_standards_and_its_problem() -> None:
    standards = loads(
        """\
        version: 1
        data: {dayfirst: true}
        standards:
          - {id: solved, measure: {from: opened_at, to: solved_at}, within: 1h, floor: 50%}
        """
    )
    data = pd.DataFrame({"opened_at": ["01-03-2016 09:00"], "solved_at": ["01-03-2016 09:30"]})
    assert list(svcstandards.evaluate(standards, data).outcomes("solved")) == ["met"]
    with pytest.raises(DataError) as caught:
        svcstandards.evaluate(standards, data.assign(solved_at=["soon"]))
    [problem] = caught.value.problems
    assert (problem.column, problem.code) == ("solved_at", "timestamp_type")
    assert "day-first" in problem.message
    assert "dayfirst: true" in problem.hint


# -- the plan, the loader, the command line ----------------------------------------------------


def test_explain_shows_the_prepare_step_and_the_invalid_rule() -> None:
    standards = loads(INCIDENTS)
    assert explain_prepare(compile_prepare(standards)) == (
        "prepare the data:\n"
        "  opened_at: missing if '?', 'N/A'; text read as %d-%m-%Y %H:%M\n"
        "  resolved_at: missing if '?', 'N/A'; text read as %d-%m-%Y %H:%M"
    )
    assert compile_prepare(standards).steps[0] == ReadColumn("opened_at", ("?", "N/A"), "%d-%m-%Y %H:%M")
    text = explain(compile_plans(standards)[0])
    assert "1. opened_at does not read in its format  -> invalid" in text


def test_after_must_name_a_built_time_and_never_go_round() -> None:
    with pytest.raises(StandardsError) as caught:
        loads(
            """\
            version: 1
            columns:
              queued: {date: date, clock: q_start, after: answered}
              answered: {date: date, clock: ser_start, after: queued}
              ended: {date: date, clock: end, after: answerd}
              exit: q_exit
            standards:
              - {id: a, measure: {from: queued, to: answered}, within: 20s, floor: 80%}
            """
        )
    found = [(p.line, p.column, p.path, p.code, p.message, p.hint) for p in caught.value.problems]
    assert found == [
        (
            3,
            47,
            "columns.queued.after",
            "column_after_cycle",
            "after: goes round in a circle (queued -> answered -> queued)",
            "the first time of a chain has no after:; each later one names the one before it",
        ),
        (
            5,
            42,
            "columns.ended.after",
            "column_after_unknown",
            "after: 'answerd' is not a time built from date: and clock: in columns:",
            "did you mean 'answered'?",
        ),
    ]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstandards", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_command_line_reads_the_export_as_the_data_section_says(tmp_path: Path) -> None:
    (tmp_path / "calls.yaml").write_text(
        textwrap.dedent(BANK).replace("version: 1\n", 'version: 1\ndata: {sep: ";"}\n')
    )
    (tmp_path / "calls.csv").write_text(
        "date;q_start;ser_start;q_exit\n2010-08-01;23:59:50;0:00:20;0:00:20\n2010-08-01;10:00:00;10:00:15;10:00:15\n"
    )
    result = cli("evaluate", "calls.yaml", "calls.csv", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # 1 met of 2: below the floor of 80%
    table = result.stdout.splitlines()
    assert table[1].startswith("answered-20s,2,1,1,")  # 30 s missed, 15 s met
    # --sep on the command line wins: with ',' the file has one column, and no 'date'
    wrong = cli("evaluate", "calls.yaml", "calls.csv", "--sep", ",", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "'queued'" in wrong.stderr
    checked = cli("validate", "calls.yaml", "--columns", "calls.csv", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    plan = cli("explain", "--plan", "calls.yaml", cwd=tmp_path)
    assert plan.stdout.startswith("prepare the data:\n  queued = date date + clock q_start: missing if '0:00:00'\n")


def test_validate_columns_checks_the_source_columns_of_a_description(tmp_path: Path) -> None:
    (tmp_path / "calls.yaml").write_text(textwrap.dedent(BANK).replace("clock: q_exit", "clock: q_out"))
    (tmp_path / "calls.csv").write_text("date,q_start,ser_start,q_exit\n2010-08-01,10:00:00,10:00:15,10:00:15\n")
    result = cli("validate", "calls.yaml", "--columns", "calls.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "calls.yaml:8:54: standards[0].measure.abandoned: column 'q_out' (the clock of 'left_queue' in columns:) "
        "is not in the data (name the data's clock column in columns: left_queue: {clock: ...})\n"
    )


def test_explain_says_when_text_timestamps_are_read_day_first() -> None:
    standards = loads(
        """\
        version: 1
        data: {dayfirst: true}
        standards:
          - {id: solved, measure: {from: opened_at, to: solved_at}, within: 1h, floor: 50%}
        """
    )
    assert explain_prepare(compile_prepare(standards)) == "prepare the data: text timestamps are read day first"


def test_an_event_time_not_in_its_format_is_an_error_of_the_log() -> None:
    standards = loads(
        """\
        version: 1
        columns:
          at: {column: updated_at, format: "%d-%m-%Y %H:%M"}
        events: {id: number, time: at, type: state}
        standards:
          - {id: resolved-4h, measure: {from: created_first_at, to: resolved_first_at}, within: 4h, floor: 50%}
        """
    )
    log = pd.DataFrame(
        {"number": ["INC1", "INC1"], "updated_at": ["01-03-2016 09:00", "1 March"], "state": ["created", "resolved"]}
    )
    with pytest.raises(DataError) as caught:
        svcstandards.evaluate(standards, log)
    [problem] = caught.value.problems
    assert (problem.standard, problem.column, problem.code) == ("events", "updated_at", "value_format")
