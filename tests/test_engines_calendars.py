"""Business calendars, ``during:`` and pauses give the same results on every engine.

Each test scores a table on the pandas engine and on each installed lazy
engine (``engine_cases.table`` asserts the results are the same) and checks
hand-computed counts and, through a ``max`` per row id, the open seconds of
each row. Naive timestamps are wall-clock times of the file's zone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from engine_cases import ENGINES, counts, expect, load, table
from svcstandards import evaluate

H = 3600.0


def seconds(engine: str, measure: str, data: pd.DataFrame, timezone: str = "Europe/Ljubljana", **options: Any) -> list:
    """The measured seconds of each row (by its ``id``; None: not decided) on ``engine``, equal to pandas'."""
    standards = load(
        f"""
        version: 1
        timezone: {timezone}
        calendars:
          office:
            hours: {{mon-fri: "08:00-16:00"}}
            holidays: {{country: SI, dates: [2026-04-07]}}
            open: [2026-04-11]
          night: {{hours: {{mon-fri: "22:00-06:00"}}, holidays: {{dates: [2026-03-04]}}}}
          always: {{hours: {{mon-sun: "00:00-24:00"}}}}
          early: {{hours: {{mon-sun: "01:00-05:00"}}}}
        standards:
          - {{id: v, measure: {measure}, max: {{at_most: 1000h}}}}
        """
    )
    found = table(engine, standards, data, by="id", **options)
    by_id = dict(zip(found["id"], found["value"], strict=True))
    return [None if pd.isna(v := by_id.get(i, np.nan)) else float(v) for i in data["id"]]


def rows(start: list[str | None], end: list[str | None], **extra: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": list(range(len(start))),
            "a": pd.to_datetime(start, format="ISO8601"),
            "b": pd.to_datetime(end, format="ISO8601"),
            **extra,
        }
    )


# -- business time ---------------------------------------------------------------------------------------

OFFICE = """
    version: 1
    timezone: Europe/Ljubljana
    calendars:
      office: {hours: {mon-fri: "08:00-16:00"}, holidays: {country: SI, dates: [2026-04-07]}, open: [2026-04-11]}
    standards:
      - {id: email, measure: {from: a, to: b, calendar: office}, within: 8h, floor: 80%}
    """

# Easter Monday 2026-04-06 is a public holiday in Slovenia; Tuesday 2026-04-07 is a closed date.
EMAILS = rows(
    ["2026-04-03 12:00", "2026-04-03 12:00", "2026-04-04 10:00", "2026-04-02 15:00", "2026-04-02 07:00", None],
    [
        "2026-04-08 11:00",
        "2026-04-08 13:00",
        "2026-04-08 08:00",
        "2026-04-03 15:00",
        "2026-04-02 16:30",
        "2026-04-08 09:00",
    ],
)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_eight_hour_email_standard_across_a_weekend_and_holidays(engine: str) -> None:
    found = table(engine, load(OFFICE), EMAILS)
    # 7 h, 9 h, 0 h, 8 h, 8 h: four met, one missed; the row without a start is invalid
    assert counts(found, "email") == [expect(n=5, met=4, missed=1, invalid=1)]
    assert seconds(engine, "{from: a, to: b, calendar: office}", EMAILS) == [
        7 * H,  # Fri 12-16 (4 h), Mon holiday, Tue closed, Wed 8-11 (3 h)
        9 * H,  # Fri 4 h + Wed 8-13 (5 h)
        0.0,  # Sat 10:00 to Wed 08:00: nothing open in between
        8 * H,  # Thu 15-16 (1 h) + Fri 8-15 (7 h)
        8 * H,  # before opening to after closing: the whole day
        None,
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_interval_boundaries_and_instants_outside_open_hours(engine: str) -> None:
    data = rows(
        [
            *("2026-03-09 16:00", "2026-03-09 08:00", "2026-03-09 15:59:59", "2026-03-13 16:00", "2026-03-10 09:00"),
            *("2026-04-11 07:00", "2026-04-10 12:00"),
        ],
        [
            *("2026-03-10 08:00", "2026-03-09 08:00", "2026-03-09 16:00:01", "2026-03-16 08:00:30", "2026-03-09 09:00"),
            *("2026-04-11 12:00", "2026-04-13 09:00"),
        ],
    )
    assert seconds(engine, "{from: a, to: b, calendar: office}", data) == [
        0.0,  # closing time to opening time the next day
        0.0,
        1.0,  # the last second before closing
        30.0,  # Friday's closing to Monday 08:00:30
        None,  # ends before it starts: invalid, not measured
        4 * H,  # Saturday 2026-04-11 is an open date, worked 08:00-16:00
        4 * H + 8 * H + 1 * H,  # Fri 12-16, the open Saturday, Mon 8-9
    ]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("timezone", "spring", "autumn"),
    [("Europe/Ljubljana", "2026-03-29", "2026-10-25"), ("America/New_York", "2026-03-08", "2026-11-01")],
)
def test_the_days_the_clocks_change(engine: str, timezone: str, spring: str, autumn: str) -> None:
    day = pd.Timedelta(days=1)
    data = rows(
        [f"{spring} 00:00", f"{autumn} 00:00", str(pd.Timestamp(spring) - day + pd.Timedelta(hours=12))],
        [f"{spring} 06:00", f"{autumn} 06:00", f"{spring} 12:00"],
    )
    # open 01:00-05:00 every day: 3 h when the clocks go forward, 5 h when they go back; from noon the day
    # before spring, only the spring night counts
    assert seconds(engine, "{from: a, to: b, calendar: early}", data, timezone) == [3 * H, 5 * H, 3 * H]
    # always open: the wall clock's 6 hours are 5 and 7; noon to noon over the spring night is 23 h
    assert seconds(engine, "{from: a, to: b, calendar: always}", data, timezone) == [5 * H, 7 * H, 23 * H]
    standards = load(
        f"""
        version: 1
        timezone: {timezone}
        calendars:
          early: {{hours: {{mon-sun: "01:00-05:00"}}}}
        standards:
          - {{id: s, measure: {{from: a, to: b, calendar: early}}, within: 4h, floor: 50%, period: day}}
        """
    )
    found = table(engine, standards, data)
    # by the local day of the start: the day before spring (from noon: only the spring night's 3 h, met),
    # spring (3 h: met), autumn (5 h: missed)
    assert counts(found, "s") == [
        expect(n=1, met=1, missed=0),
        expect(n=1, met=1, missed=0),
        expect(n=1, met=0, missed=1),
    ]
    assert [str(p.date()) for p in found["period"]] == [str((pd.Timestamp(spring) - day).date()), spring, autumn]


@pytest.mark.parametrize("engine", ENGINES)
def test_aware_timestamps_on_a_calendar_of_another_zone(engine: str) -> None:
    # 2026-03-06 14:00 UTC is Friday 15:00 in Ljubljana; 2026-03-09 09:30 UTC is Monday 10:30
    data = rows(["2026-03-06 14:00"], ["2026-03-09 09:30"])
    data = data.assign(a=data["a"].dt.tz_localize("UTC"), b=data["b"].dt.tz_localize("UTC"))
    # the file's zone is New York, the calendar counts in Ljubljana: Fri 15-16 + Mon 8-10:30
    measure = "{from: a, to: b, calendar: ljubljana}"
    standards = load(
        f"""
        version: 1
        timezone: America/New_York
        calendars:
          ljubljana: {{timezone: Europe/Ljubljana, hours: {{mon-fri: "08:00-16:00"}}}}
        standards:
          - {{id: v, measure: {measure}, max: {{at_most: 1000h}}}}
        """
    )
    assert table(engine, standards, data)["value"].tolist() == [3.5 * H]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_night_shift_belongs_to_the_day_it_starts(engine: str) -> None:
    # mon-fri 22:00-06:00; Wednesday 2026-03-04 is closed
    data = rows(
        ["2026-03-06 21:00", "2026-03-03 23:00", "2026-03-04 12:00", "2026-03-08 12:00"],
        ["2026-03-09 07:00", "2026-03-05 01:00", "2026-03-05 23:00", "2026-03-09 06:00"],
    )
    assert seconds(engine, "{from: a, to: b, calendar: night}", data) == [
        8 * H,  # Friday's shift runs to Saturday 06:00; no shift starts on Saturday or Sunday
        7 * H,  # Tuesday's shift (into the closed Wednesday) is worked from 23:00; Wednesday's is not
        1 * H,  # Wednesday's shift is closed, Thursday's runs from 22:00
        0.0,  # Sunday noon to Monday 06:00: Sunday has no shift
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_open_items_are_judged_at_as_of_on_the_calendar(engine: str) -> None:
    data = rows(
        ["2026-03-06 09:00", "2026-03-06 15:00", "2026-03-07 10:00", "2026-03-06 08:00"],
        [None, None, None, "2026-03-09 08:00"],
    )
    standards = load(OFFICE)
    found = table(engine, standards, data, as_of=pd.Timestamp("2026-03-09 10:00", tz="Europe/Ljubljana"))
    # at Monday 10:00: Fri 7 h + Mon 2 h = 9 h missed; Fri 1 h + Mon 2 h = 3 h and Sat..Mon 2 h pending;
    # Fri 08:00 to Mon 08:00 is 8 h: met
    assert counts(found, "email") == [expect(n=2, met=1, missed=1, pending=2)]  # n: the decided rows
    # a day later (Tuesday 10:00), 10 h more: every open row has missed
    later = table(engine, standards, data, as_of=pd.Timestamp("2026-03-10 10:00", tz="Europe/Ljubljana"))
    assert counts(later, "email") == [expect(n=4, met=1, missed=3)]


@pytest.mark.parametrize("engine", ENGINES)
def test_during_open_hours_as_a_scope(engine: str) -> None:
    standards = load(
        """
        version: 1
        timezone: Europe/Ljubljana
        calendars:
          office: {hours: {mon-fri: "08:00-16:00"}, holidays: {country: SI}}
          night: {hours: {mon-fri: "22:00-06:00"}, holidays: {dates: [2026-03-04]}}
        standards:
          - {id: day, measure: {from: a, to: b}, within: 1h, floor: 80%, where: {a: {during: office}}}
          - {id: shift, measure: {from: a, to: b}, within: 1h, floor: 80%, where: {a: {during: night}}}
        """
    )
    starts = [
        "2026-03-09 07:59:59",  # Monday before opening
        "2026-03-09 08:00",  # opening: open
        "2026-03-09 15:59:59",  # open
        "2026-03-09 16:00",  # closing: closed
        "2026-03-07 10:00",  # Saturday
        "2026-04-06 10:00",  # Easter Monday
        "2026-03-04 03:00",  # Tuesday's night shift, into the closed Wednesday: open
        "2026-03-05 03:00",  # the closed Wednesday's shift
        None,
    ]
    data = rows(starts, [str(pd.Timestamp(s) + pd.Timedelta(minutes=30)) if s else None for s in starts])
    found = table(engine, standards, data)
    assert counts(found, "day") == [expect(n=2, met=2, missed=0)]
    assert counts(found, "shift") == [expect(n=1, met=1, missed=0)]


# -- pauses ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", ["number", "timedelta"])
def test_a_column_of_paused_seconds(engine: str, kind: str) -> None:
    paused = [600.0, np.nan, 0.0, 1800.0]
    column = pd.to_timedelta(paused, unit="s") if kind == "timedelta" else paused
    data = rows(
        ["2026-03-09 09:00"] * 4,
        ["2026-03-09 10:10", "2026-03-09 10:10", "2026-03-09 09:50", "2026-03-09 10:30"],
        paused=column,
    )
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: a, to: b, pause: paused}, within: 1h, floor: 80%}
        """
    )
    # 70 - 10 min; 70 min (missing: no pause); 50 min; 90 - 30 min
    assert counts(table(engine, standards, data), "s") == [expect(n=4, met=3, missed=1)]
    measure = "{from: a, to: b, pause: paused}"
    assert seconds(engine, measure, data, "UTC") == [3600.0, 4200.0, 3000.0, 3600.0]


def pause_rows() -> pd.DataFrame:
    return rows(
        ["2026-03-09 10:00"] * 6 + ["2026-03-06 15:00", "2026-03-09 10:00"],
        ["2026-03-09 12:00"] * 5 + [None, "2026-03-09 12:00", "2026-03-09 12:00"],
        ps=pd.to_datetime(
            [
                *("2026-03-09 10:30", "2026-03-09 09:00", "2026-03-09 11:30", "2026-03-09 11:00", "2026-03-09 12:30"),
                *("2026-03-09 11:00", "2026-03-06 15:30", "2026-03-09 11:00"),
            ]
        ),
        pe=pd.to_datetime(
            [
                *("2026-03-09 11:00", "2026-03-09 10:30", "2026-03-09 13:00", None, "2026-03-09 13:00"),
                *("2026-03-09 14:00", "2026-03-09 08:30", "2026-03-09 10:30"),
            ]
        ),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_pause_spans_on_the_wall_clock(engine: str) -> None:
    data = pause_rows()
    assert seconds(engine, "{from: a, to: b, pause: {from: ps, to: pe}}", data) == [
        5400.0,  # 2 h less 10:30-11:00
        5400.0,  # the pause from 09:00 counts from the start, 10:00
        5400.0,  # the pause to 13:00 counts up to the end, 12:00
        7200.0,  # a pause without an end counts nothing
        7200.0,  # a pause after the end counts nothing
        None,  # open
        4 * H,  # Fri 15:00 to Mon 12:00 (69 h) less the pause Fri 15:30 to Mon 08:30 (65 h)
        7200.0,  # a pause that ends before it starts counts nothing
    ]
    standards = load(
        """
        version: 1
        standards:
          - {id: s, measure: {from: a, to: b, pause: {from: ps, to: pe}}, within: 2h, floor: 80%}
        """
    )
    # at 13:00 the open row has waited 3 h less its pause 11:00-14:00 (to the pause's own end, not to as_of):
    # 0 h, pending; the 4 h row has missed
    found = table(engine, standards, data, as_of=pd.Timestamp("2026-03-09 13:00"))
    assert counts(found, "s") == [expect(n=7, met=6, missed=1, pending=1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_pause_spans_on_a_calendar(engine: str) -> None:
    data = pause_rows()
    assert seconds(engine, "{from: a, to: b, pause: {from: ps, to: pe}, calendar: office}", data) == [
        5400.0,
        5400.0,
        5400.0,
        7200.0,
        7200.0,
        None,
        # Fri 15:00 to Mon 12:00 is 1 h + 4 h open; the pause Fri 15:30 to Mon 08:30 holds 0.5 h + 0.5 h
        4 * H,
        7200.0,
    ]
    standards = load(
        """
        version: 1
        timezone: Europe/Ljubljana
        calendars:
          office: {hours: {mon-fri: "08:00-16:00"}}
        standards:
          - {id: s, measure: {from: a, to: b, pause: {from: ps, to: pe}, calendar: office}, within: 1h, floor: 80%}
        """
    )
    # at Monday 16:30 the open row has 6 open hours less its pause 11:00-14:00 (3 h): missed
    found = table(engine, standards, data, as_of=pd.Timestamp("2026-03-09 16:30"))
    # 1.5 h, 1.5 h, 1.5 h, 2 h, 2 h, open 3 h, 4 h, 2 h: every row over 1 h
    assert counts(found, "s") == [expect(n=8, met=0, missed=8)]


# -- backends ------------------------------------------------------------------------------------------


def test_a_duckdb_relation_of_another_connection() -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("narwhals")
    connection = duckdb.connect()
    relation = connection.from_df(EMAILS)
    report = evaluate(load(OFFICE), relation)
    expected = evaluate(load(OFFICE), EMAILS)
    pd.testing.assert_frame_equal(report.to_frame(), expected.to_frame())
    assert report.counts()["met"].tolist() == [4]
