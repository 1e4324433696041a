"""Data as exported on every engine: markers, formats, day-first dates, times from a date and a clock.

Each test scores the same raw export on the pandas engine and on Polars and
DuckDB (``table`` asserts the results, counts and warnings equal the pandas
engine's) and checks the counts worked out by hand in the comments, so that
a test fails also when every engine is wrong the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from engine_cases import ENGINES, LAZY, counts, expect, load, on, table
from svcstandards.dataio import read_data
from svcstandards.engines.lazy import _backends
from svcstandards.errors import DataError, UsageError

ROOT = Path(__file__).parent.parent
CALL_LOG = ROOT / "examples" / "call_log_sample.csv"


# -- dates and times in text ------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_day_first_dates_with_clock_times(engine: str) -> None:
    standards = load(
        """
        version: 1
        data: {dayfirst: true}
        columns:
          queued: {date: day, clock: q_start}
          answered: {date: day, clock: ser_start, missing: "0:00:00", after: queued}
        standards:
          - {id: answered-20s, measure: {from: queued, to: answered}, within: 20s, floor: 80%,
             period: day, time: queued}
        """
    )
    data = pd.DataFrame(
        {
            "day": ["01-03-2016", "01-03-2016", "02-03-2016"],
            "q_start": ["10:00:00", "11:00:00", "9:00:00"],
            "ser_start": ["10:00:15", "11:00:30", "0:00:00"],
        }
    )
    found = table(engine, standards, data, as_of="2016-03-02 09:00:10")
    # 01-03-2016 is 1 March (read month first it would be 3 January): 15 s met, 30 s missed;
    # 2 March 9:00:00, not answered (0:00:00), 10 s at as_of: pending
    assert list(found["period"]) == [pd.Timestamp("2016-03-01", tz="UTC"), pd.Timestamp("2016-03-02", tz="UTC")]
    assert counts(found, "answered-20s") == [expect(2, 1, 1), expect(0, 0, 0, pending=1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_format_with_seconds_and_dots(engine: str) -> None:
    standards = load(
        """
        version: 1
        columns:
          opened: {column: opened_at, format: "%d.%m.%Y %H:%M:%S"}
        standards:
          - {id: solved-20s, measure: {from: opened, to: solved_at}, within: 20s, floor: 50%}
        """
    )
    data = pd.DataFrame(
        {
            "opened_at": ["02.03.2026 09:00:05", " 2.3.2026 10:00:00 "],
            "solved_at": pd.to_datetime(["2026-03-02 09:00:25", "2026-03-02 10:00:21"]),
        }
    )
    found = table(engine, standards, data)
    # 09:00:05 -> 09:00:25 is 20 s: met (within is inclusive); 10:00:00 -> 10:00:21, 21 s: missed
    assert counts(found, "solved-20s") == [expect(2, 1, 1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_value_reads_only_when_it_matches_the_whole_format_as_in_pandas(engine: str) -> None:
    standards = load(
        """
        version: 1
        columns:
          opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
        standards:
          - {id: solved-1h, measure: {from: opened, to: solved_at}, within: 1h, floor: 50%}
        """
    )
    data = pd.DataFrame(
        {
            "opened_at": ["01-03-2016 10:00", "01-03-16 10:00", "01-03-+2016 10:00", "01-03-2016   10:30"],
            "solved_at": pd.to_datetime(["2016-03-01 10:45"] * 4),
        }
    )
    found = table(engine, standards, data)
    # %Y is four digits in pandas: '16' and '+2016' do not read (invalid); several blanks match the format's one:
    # 10:00 -> 10:45 and 10:30 -> 10:45 are met
    assert counts(found, "solved-1h") == [expect(2, 2, 0, invalid=2)]


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_markers_in_clock_times_and_text_numbers(engine: str) -> None:
    standards = load(
        """
        version: 1
        data: {missing: "n/a"}
        columns:
          queued: {date: date, clock: q_start, missing: "0:00:00"}
          answered: {date: date, clock: ser_start, missing: "0:00:00", after: queued}
          score: {column: csat, missing: "-1"}
        standards:
          - {id: answered-20s, measure: {from: queued, to: answered}, within: 20s, floor: 80%}
          - {id: talk, measure: {column: talk}, mean: {at_most: 200}}
          - {id: csat, measure: {column: score}, mean: {at_least: 4}}
        """
    )
    data = pd.DataFrame(
        {
            "date": ["2010-08-01", "2010-08-01", "2010-08-01", "n/a"],
            "q_start": ["10:00:00", "0:00:00", "11:00:00", "12:00:00"],
            "ser_start": ["10:00:10", "0:00:00", " n/a ", "12:00:05"],
            "talk": ["180", "n/a", " 95 ", ""],
            "csat": [5, -1, 3, 4],
        }
    )
    found = table(engine, standards, data, as_of="2010-08-01 11:00:30")
    # row 0: 10 s, met; row 1: never queued (0:00:00), no start: invalid; row 2: not answered ('n/a'),
    # 30 s at as_of: missed; row 3: no date ('n/a'), so no queued time: invalid
    assert counts(found, "answered-20s") == [expect(2, 1, 1, invalid=2)]
    talk = found.set_index("standard").loc["talk"]
    # 'n/a' and empty text are no value, the rest numbers: (180 + 95) / 2
    assert (talk["n"], talk["value"]) == (2, 137.5)
    csat = found.set_index("standard").loc["csat"]
    # -1 marks no score in a numeric column: (5 + 3 + 4) / 3
    assert (csat["n"], csat["value"]) == (3, 4.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_unreadable_values_are_invalid_and_warned_about_with_examples(engine: str) -> None:
    standards = load(
        """
        version: 1
        data: {missing: "?"}
        columns:
          opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
          queued: {date: date, clock: q_start}
        standards:
          - {id: resolved-4h, measure: {from: opened, to: resolved_at}, within: 4h, floor: 80%}
          - {id: answered-20s, measure: {from: queued, to: answered_at}, within: 20s, floor: 80%}
        """
    )
    data = pd.DataFrame(
        {
            "opened_at": ["29-02-2016 01:16", "2016/03/01 10:00", "?", "1-3-2016 11:00", "x", "y", "31-02-2016 10:00"],
            "resolved_at": pd.to_datetime(["2016-02-29 03:16"] + ["2016-03-01 12:00"] * 6),
            "date": ["2016-03-01", "2016-03-01", "2016-03-01", "?", "2016-03-01", "2016-03-01", "2016-02-30"],
            "q_start": ["10:00:00", "10:61:00", "10:00:00", "10:00:00", "10:00", "25:00", "10:00:00"],
            "answered_at": pd.to_datetime(["2016-03-01 10:00:10"] * 7),
        }
    )
    found = table(engine, standards, data, as_of="2016-03-01 12:00")
    # opened: row 0 2 h met, row 3 (1 March 11:00) 1 h met; row 2 '?' is no value (invalid: no start);
    # rows 1, 4, 5, 6 do not read (31 February is no date): invalid
    assert counts(found, "resolved-4h") == [expect(2, 2, 0, invalid=5)]
    # queued: rows 0 and 2 (10:00:00) and row 4 (10:00) 10 s: met; row 3 '?' is no date: no start, invalid;
    # row 5: 25:00 is a clock time of H:MM, 1:00 the next day, answered before it: invalid;
    # row 1 (minute 61) and row 6 (30 February) do not read: invalid
    assert counts(found, "answered-20s") == [expect(3, 3, 0, invalid=4)]
    report = svcstandards.evaluate(standards, on(engine, data), as_of="2016-03-01 12:00")
    opened, queued = report.problems
    assert (opened.standard, opened.column, opened.code) == ("resolved-4h", "opened_at", "value_format")
    assert opened.message == (
        "4 of 7 values are not dates in the format %d-%m-%Y %H:%M: '2016/03/01 10:00' (row 1), 'x' (row 4), "
        "'y' (row 5), ...; those rows are invalid for the standards that use it"
    )
    assert (queued.standard, queued.column) == ("answered-20s", "queued")
    assert queued.message == (
        "2 of 7 values are not a date in 'date' and a clock time (H:MM or H:MM:SS) in 'q_start': "
        "'2016-03-01 10:61:00' (row 1), '2016-02-30 10:00:00' (row 6); "
        "those rows are invalid for the standards that use it"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_after_rolls_over_midnight_only_from_more_than_twelve_hours_earlier(engine: str) -> None:
    standards = load(
        """
        version: 1
        columns:
          queued: {date: date, clock: q_start}
          answered: {date: date, clock: ser_start, after: queued}
        standards:
          - {id: answered-20s, measure: {from: queued, to: answered}, within: 20s, floor: 80%}
          - {id: wait, measure: {from: queued, to: answered}, max: {at_most: 1d}}
        """
    )
    data = pd.DataFrame(
        {
            "date": ["2010-08-01"] * 5,
            "q_start": ["23:59:50", "20:37:12", "13:00:00", "12:00:00", "10:00:00"],
            "ser_start": ["0:00:05", "20:37:11", "0:59:59", "0:00:00", "10:00:20"],
        }
    )
    found = table(engine, standards, data)
    # row 0: 23:59:50 -> 0:00:05 is more than 12 h earlier: the next day, 15 s: met
    # row 1: answered 1 s before queued: not rolled over (an error of the data): invalid
    # row 2: 0:59:59 is 12 h 0 min 1 s before 13:00:00: the next day, 11 h 59 min 59 s: missed
    # row 3: 0:00:00 is exactly 12 h before 12:00:00: not rolled over: invalid
    # row 4: 20 s: met
    assert counts(found, "answered-20s") == [expect(3, 2, 1, invalid=2)]
    assert found.set_index("standard").loc["wait", "value"] == 43_199.0  # the longest: 11 h 59 min 59 s


@pytest.mark.parametrize("engine", ENGINES)
def test_clock_times_as_durations_and_dates_as_datetimes(engine: str) -> None:
    standards = load(
        """
        version: 1
        columns:
          queued: {date: date, clock: q_start}
          answered: {date: date, clock: ser_start, after: queued}
        standards:
          - {id: answered-20s, measure: {from: queued, to: answered}, within: 20s, floor: 80%}
        """
    )
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2010-08-01 00:00", "2010-08-01 17:00"]),
            "q_start": pd.to_timedelta(["23:59:50", "10:00:00"]),
            "ser_start": ["0:00:20", "10:00:30.5"],
        }
    )
    found = table(engine, standards, data)
    # 23:59:50 -> 0:00:20 the next day: 30 s, missed; the date's time of day is dropped: 10:00:00 -> 10:00:30.5 missed
    assert counts(found, "answered-20s") == [expect(2, 0, 2)]


@pytest.mark.parametrize("engine", ENGINES)
def test_iso_text_timestamps_and_text_that_is_no_time(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 50%, period: day}
        """
    )
    data = pd.DataFrame(
        {
            "offered_at": [
                "2026-03-02 09:00:00",
                "2026-03-02T09:01",
                "2026-03-03",
                "",
                "NaT",
                "2026-03-02 09:05:00.25",
            ],
            "answered_at": ["2026-03-02 09:00:10", "2026-03-02T09:01:30", "2026-03-03 00:00:05", None, "nan", None],
        }
    )
    found = table(engine, standards, data, as_of="2026-03-02 09:05:30")
    # 2 March: 10 s met, 30 s missed, 09:05:00.25 open 29.75 s at as_of: missed; 3 March: 5 s met;
    # empty text and NaT are no time: no start, invalid (in no period)
    assert counts(found, "s") == [expect(3, 1, 2), expect(1, 1, 0), expect(0, 0, 0, invalid=2)]


@pytest.mark.parametrize("engine", ENGINES)
def test_text_timestamps_that_do_not_read_stop_the_evaluation_as_on_pandas(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 50%}
          - {id: t, measure: {from: offered_at, to: closed_at}, within: 1h, floor: 50%}
        """
    )
    data = pd.DataFrame(
        {
            "offered_at": ["2026-03-02 09:00"] * 3,
            "answered_at": ["2026-02-30 09:00", "2026-03-02 09:00:10", "2026-13-01"],
        }
    )
    with pytest.raises(DataError) as caught:
        svcstandards.evaluate(standards, on(engine, data))
    # every problem is reported together: the times that do not read, and the column that is not there
    problem, missing = sorted(caught.value.problems, key=lambda p: p.standard)
    assert (missing.standard, missing.column, missing.code) == ("t", "closed_at", "column_missing")
    assert (problem.standard, problem.column, problem.code) == ("s", "answered_at", "timestamp_type")
    assert problem.message == (
        "expected timestamps; 2 of 3 values are not ISO 8601 date-times: '2026-02-30 09:00' (row 0), "
        "'2026-13-01' (row 2)"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_day_first_text_timestamps(engine: str) -> None:
    standards = load(
        """
        version: 1
        data: {dayfirst: true}
        standards:
          - {id: s, measure: {from: opened_at, to: solved_at}, within: 1h, floor: 50%, period: month}
        """
    )
    data = pd.DataFrame(
        {"opened_at": ["01-03-2016 09:00", "2-3-2016 10:00"], "solved_at": ["01-03-2016 09:30", "02-03-2016 12:00"]}
    )
    found = table(engine, standards, data)
    # 1 and 2 March (read month first: 3 January and 3 February): 30 min met, 2 h missed, both in March
    assert list(found["period"]) == [pd.Timestamp("2016-03-01", tz="UTC")]
    assert counts(found, "s") == [expect(2, 1, 1)]


@pytest.mark.parametrize("engine", LAZY)
def test_text_timestamps_it_cannot_read_as_pandas_does_are_refused(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 50%}
        """
    )
    aware = pd.DataFrame({"offered_at": ["2026-03-02 09:00"], "answered_at": ["2026-03-02T09:00:10+01:00"]})
    with pytest.raises(
        UsageError, match=r"'answered_at' has times with an offset or Z \('2026-03-02T09:00:10\+01:00'\)"
    ):
        svcstandards.evaluate(standards, on(engine, aware))
    other = pd.DataFrame(
        {"offered_at": ["2026-03-02 09:00", "02/03/2026 09:00"], "answered_at": ["2026-03-02 09:01"] * 2}
    )
    with pytest.raises(UsageError) as caught:
        svcstandards.evaluate(standards, on(engine, other))
    assert "'offered_at' has text that is not ISO 8601 as it reads it ('02/03/2026 09:00')" in str(caught.value)
    assert "give the column a format:" in str(caught.value)


# -- the call log, as a frame and as a CSV path ---------------------------------------------------

PRESET = """
    version: 1
    preset: call-log
    standards:
      - id: answered-20s-by-type
        where: {queued_at: {present: true}, outcome: [AGENT, HANG]}
        measure: speed_of_answer
        within: 20s
        floor: 80%
        by: [type]
        period: day
        time: entered_at
    """


@pytest.mark.parametrize("engine", ENGINES)
def test_the_call_log_sample_with_the_call_log_preset(engine: str) -> None:
    export = read_data(CALL_LOG)  # text dates and clock times, as the command line reads the file
    found = table(engine, load(PRESET), export)
    # queued calls answered or hung up (rows 7 and 8 never queued: 0:00:00; row 9 is a phantom call);
    # the call entering at 23:59:50 is queued at 0:00:02 and answered at 0:00:17 the next day: 15 s.
    # NW on 1 August: 25 s, hung up: 0 of 2; PS on 1 August: 10, 15, 50, 70 s, hung up, 15 s: 3 of 6;
    # NW on 2 August: 5 s: 1 of 1
    assert list(zip(found["type"], found["period"].dt.day, strict=True)) == [("NW", 1), ("NW", 2), ("PS", 1)]
    assert counts(found, "answered-20s-by-type") == [expect(2, 0, 2), expect(1, 1, 0), expect(6, 3, 3)]
    preset = table(engine, svcstandards.load_preset("call-log"), export)
    # service level: 4 of the 9 queued calls within 20 s (above); the mean speed of answer of the 7 answered
    # calls: (10 + 15 + 25 + 50 + 70 + 15 + 5) / 7
    assert counts(preset, "service-level-20s") == [expect(9, 4, 5)]
    assert preset.set_index("standard").loc["average-speed-of-answer", "value"] == pytest.approx(190 / 7)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_call_log_sample_as_a_csv_path(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    standards = load(PRESET)
    expected = svcstandards.evaluate(standards, read_data(CALL_LOG))
    if engine == "duckdb":  # the path is scanned by DuckDB when Polars is not installed
        monkeypatch.setattr(_backends, "_installed", lambda module: module != "polars")
    report = svcstandards.evaluate(standards, str(CALL_LOG) if engine != "pandas" else read_data(CALL_LOG))
    pd.testing.assert_frame_equal(report.to_frame(), expected.to_frame(), check_exact=False, rtol=1e-9, atol=0)
    assert counts(report.to_frame(), "answered-20s-by-type") == [expect(2, 0, 2), expect(1, 1, 0), expect(6, 3, 3)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_csv_path_with_a_separator_markers_and_an_unreadable_line(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    standards = load(
        """
        version: 1
        data: {sep: ";", missing: "n/a", dayfirst: true}
        columns:
          opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
          answered: {date: day, clock: answered, missing: "0:00:00"}
        standards:
          - {id: answered-1h, measure: {from: opened, to: answered}, within: 1h, floor: 80%}
          - {id: talk, measure: {column: talk}, mean: {at_most: 100}}
        """
    )
    path = tmp_path / "calls.csv"
    path.write_text(
        "opened_at;day;answered;talk\n"
        "01-03-2016 10:00;01-03-2016;10:30;60\n"  # line 2: 30 min, met
        "01-03-2016 11:00;01-03-2016;12:30;n/a\n"  # line 3: 90 min, missed; no talk time
        "2016-03-01 12:00;01-03-2016;12:10;100\n"  # line 4: not in the format: invalid
        "01-03-2016 13:00;n/a;0:00:00;\n",  # line 5: not answered: open (as_of 13:30: 30 min, pending)
        encoding="utf-8",
    )
    expected = svcstandards.evaluate(standards, read_data(path, sep=";"), as_of="2016-03-01 13:30")
    if engine == "duckdb":
        monkeypatch.setattr(_backends, "_installed", lambda module: module != "polars")
    data = read_data(path, sep=";") if engine == "pandas" else str(path)
    report = svcstandards.evaluate(standards, data, as_of="2016-03-01 13:30")
    pd.testing.assert_frame_equal(report.to_frame(), expected.to_frame(), check_exact=False, rtol=1e-9, atol=0)
    assert report.problems == expected.problems
    assert counts(report.to_frame(), "answered-1h") == [expect(2, 1, 1, pending=1, invalid=1)]
    assert report.to_frame().set_index("standard").loc["talk", "value"] == 80.0  # (60 + 100) / 2
    [problem] = report.problems
    assert problem.message == (
        "1 of 4 values is not dates in the format %d-%m-%Y %H:%M: '2016-03-01 12:00' (line 4); "
        "those rows are invalid for the standards that use it"
    )


# -- what the lazy engine refuses --------------------------------------------------------------------


@pytest.mark.parametrize("engine", LAZY)
def test_formats_and_first_dates_it_cannot_read_as_pandas_does_are_refused(engine: str) -> None:
    standards = load(
        """
        version: 1
        columns:
          opened: {column: opened_at, format: "%d %B %Y %H:%M"}
          queued: {date: date, clock: q_start}
        standards:
          - {id: resolved-4h, measure: {from: opened, to: queued}, within: 4h, floor: 80%}
        """
    )
    data = pd.DataFrame({"opened_at": ["1 March 2016 10:00"], "date": ["1 Mar 2016"], "q_start": ["10:00"]})
    with pytest.raises(UsageError) as caught:
        svcstandards.evaluate(standards, on(engine, data))
    assert str(caught.value).startswith(
        f"the {engine} engine cannot read the format '%d %B %Y %H:%M' of 'opened_at' (%B is not read as pandas "
        "reads it); give the column a format:"
    )
    plain = load(
        """
        version: 1
        columns:
          queued: {date: date, clock: q_start}
        standards:
          - {id: queued, measure: {column: wait}, mean: {at_most: 10}, where: {queued: {present: true}}}
        """
    )
    odd = pd.DataFrame({"date": ["?", "2016-03-01"], "q_start": ["10:00", "10:00"], "wait": [1.0, 2.0]})
    with pytest.raises(UsageError) as caught:
        svcstandards.evaluate(plain, on(engine, odd))
    assert "its first date '?'" in str(caught.value)
    assert "give the time a format: in its columns: description" in str(caught.value)


def test_an_excel_workbook_is_read_with_pandas() -> None:
    with pytest.raises(UsageError) as caught:
        svcstandards.evaluate(load(PRESET), "calls.xlsx")
    assert "Excel workbooks are read by the pandas engine" in str(caught.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_callers_frame_is_not_changed(engine: str) -> None:
    standards = load(
        """
        version: 1
        data: {missing: "?"}
        columns:
          opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
        standards:
          - {id: solved, measure: {from: opened, to: solved_at}, within: 1h, floor: 50%}
        """
    )
    data = pd.DataFrame({"opened_at": ["01-03-2016 10:00", "?"], "solved_at": pd.to_datetime(["2016-03-01 10:30"] * 2)})
    native = on(engine, data)
    before = native.to_pandas() if engine == "polars" else (native.df() if engine == "duckdb" else data.copy())
    found = table(engine, standards, data)
    # 30 min: met; '?' is no opening time: invalid
    assert counts(found, "solved") == [expect(1, 1, 0, invalid=1)]
    svcstandards.evaluate(standards, native)
    after = native.to_pandas() if engine == "polars" else (native.df() if engine == "duckdb" else data)
    pd.testing.assert_frame_equal(after, before)
    assert np.array_equal(after.columns, ["opened_at", "solved_at"])


def test_a_relation_of_another_duckdb_connection() -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("narwhals")
    standards = load(
        """
        version: 1
        columns:
          queued: {date: date, clock: q_start, missing: "0:00:00"}
        standards:
          - {id: answered-20s, measure: {from: queued, to: answered_at}, within: 20s, floor: 80%}
        """
    )
    data = pd.DataFrame(
        {
            "date": ["2010-08-01", "2010-08-01", "2010-08-01"],
            "q_start": ["10:00:00", "10:0", "0:00:00"],
            "answered_at": pd.to_datetime(["2010-08-01 10:00:15"] * 3),
        }
    )
    expected = svcstandards.evaluate(standards, data)
    report = svcstandards.evaluate(standards, duckdb.connect().from_df(data))
    pd.testing.assert_frame_equal(report.to_frame(), expected.to_frame(), check_exact=False, rtol=1e-9, atol=0)
    # 15 s: met; '10:0' is no clock time: invalid; 0:00:00 is no queued time: invalid (no start)
    assert counts(report.to_frame(), "answered-20s") == [expect(1, 1, 0, invalid=2)]
    assert report.problems == expected.problems
    assert report.problems[0].message.startswith(
        "1 of 3 values is not a date in 'date' and a clock time (H:MM or H:MM:SS) in 'q_start': "
        "'2010-08-01 10:0' (row 1)"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_csv_path_in_the_encoding_of_the_data_section(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    standards = load(
        """
        version: 1
        data: {sep: ";", encoding: cp1252}
        columns:
          opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
        standards:
          - {id: s, measure: {from: opened, to: solved_at}, within: 1h, floor: 50%, by: [agent]}
        """
    )
    path = tmp_path / "calls.csv"
    path.write_bytes("opened_at;solved_at;agent\n01-03-2016 10:00;2016-03-01 10:30:00;José\n".encode("cp1252"))
    expected = svcstandards.evaluate(standards, read_data(path, sep=";", encoding="cp1252"))
    if engine == "duckdb":  # DuckDB scans UTF-8 only
        monkeypatch.setattr(_backends, "_installed", lambda module: module != "polars")
        with pytest.raises(UsageError, match="DuckDB scans CSV files in UTF-8, not cp1252"):
            svcstandards.evaluate(standards, str(path))
        return
    report = svcstandards.evaluate(standards, str(path) if engine == "polars" else read_data(path, encoding="cp1252"))
    pd.testing.assert_frame_equal(report.to_frame(), expected.to_frame(), check_exact=False, rtol=1e-9, atol=0)
    # 'José' read from cp1252; 30 min: met
    assert report.to_frame()[["agent", "n", "met"]].to_dict("records") == [{"agent": "José", "n": 1, "met": 1}]
