"""The ``deadline`` of ``breaches()`` on every engine: when each item became late, the same instants as pandas.

On Polars, DuckDB and Spark ``breaches()`` is a lazy filter; its ``deadline`` is an instant (Polars
``Datetime("us", zone)``, DuckDB ``TIMESTAMPTZ``, Spark ``TIMESTAMP``; Spark runs two of the business
calendar cases). The expected instants are worked out by hand in Europe/Ljubljana, where the clocks go forward on
Sunday 2026-03-29 at 02:00 (CET +01:00 -> CEST +02:00).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from engine_cases import ENGINES, WITH_SPARK, load, on
from svcstandards import evaluate

ZONE = "Europe/Ljubljana"
T = pd.Timestamp


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=ZONE)


def rows_of(found: Any, key: str) -> pd.DataFrame:
    """The rows of ``breaches()`` as pandas, in the order of ``key``, with ``deadline`` shown in the set's zone."""
    if hasattr(found, "toPandas"):  # Spark: the wall clock of the session's zone, naive
        session_zone = found.sparkSession.conf.get("spark.sql.session.timeZone")
        found = found.toPandas()
        if "deadline" in found.columns:
            found["deadline"] = pd.to_datetime(found["deadline"]).dt.tz_localize(session_zone)
    elif hasattr(found, "collect"):  # Polars
        found = found.collect().to_pandas()
    elif hasattr(found, "df"):  # DuckDB: shown in the connection's zone
        found = found.df()
    found = found.sort_values(key, kind="stable").reset_index(drop=True)
    if "deadline" in found.columns:
        found["deadline"] = pd.to_datetime(found["deadline"]).dt.tz_convert(ZONE)
    return found


def breaches(engine: str, body: str, data: pd.DataFrame, standard: str, **options: Any) -> pd.DataFrame:
    standards = load(f"version: 1\ntimezone: {ZONE}\n{body}")
    return rows_of(evaluate(standards, on(engine, data), **options).breaches(standard), "id")


WALL = """
standards:
  - id: reply-1h
    measure: {from: created_at, to: replied_at, pause: on_hold_seconds}
    within: 1h
    floor: 90%
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wall_clock_deadline_is_the_start_plus_the_limit_and_the_paused_seconds(engine: str) -> None:
    data = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "created_at": [T("2026-03-29 01:30"), T("2026-03-02 09:00"), T("2026-03-02 09:00")],
            "replied_at": [T("2026-03-29 05:00"), T("2026-03-02 11:00"), T("2026-03-02 12:00")],
            "on_hold_seconds": [600.0, None, 30.5],
        }
    )
    rows = breaches(engine, WALL, data, "reply-1h")
    # 1: 01:30 CET + 1 h + 10 min on hold: 02:40 CET = 03:40 CEST (the hour 02:00-03:00 does not exist that day)
    # 2: no hold counts 0: 09:00 + 1 h; 3: 09:00 + 1 h + 30.5 s
    assert rows["deadline"].tolist() == [
        local("2026-03-29 03:40"),
        local("2026-03-02 10:00"),
        local("2026-03-02 10:00:30.5"),
    ]


OFFICE = """
calendars:
  office: {hours: {mon-fri: "09:00-17:00"}, holidays: {dates: ["2026-03-31"]}}
standards:
  - id: reply-2h
    measure: {from: created_at, to: replied_at, calendar: office, pause: {from: paused_at, to: resumed_at}}
    within: 2h
    floor: 90%
  - id: hold-2h
    measure: {from: created_at, to: replied_at, calendar: office, pause: on_hold_seconds}
    within: 2h
    floor: 90%
"""


def _times(*texts: str | None) -> list[Any]:
    return [pd.NaT if text is None else T(text) for text in texts]


SPANS = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5],
        "created_at": _times(
            "2026-03-27 16:00", "2026-03-30 15:30", "2026-03-02 09:00", "2026-03-03 15:00", "2026-03-02 10:00"
        ),
        "replied_at": _times(
            "2026-04-02 12:00", "2026-04-02 12:00", "2026-03-02 12:00", "2026-03-04 17:00", "2026-03-02 17:00"
        ),
        "paused_at": _times("2026-03-27 16:30", "2026-03-30 16:30", None, "2026-03-03 16:00", "2026-03-02 13:00"),
        "resumed_at": _times("2026-03-30 10:00", "2026-04-01 09:30", None, "2026-03-04 10:00", "2026-03-02 14:00"),
        "on_hold_seconds": [1800.0, 0.0, None, 3600.0, 0.0],
    }
)


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_a_pause_span_moves_a_business_deadline_by_its_open_time(engine: str) -> None:
    rows = breaches(engine, OFFICE, SPANS, "reply-2h")
    # 1: Fri 27 16:00; without the pause Fri 16-17 (1 h) + Mon 30 09-10: due Mon 10:00 (CEST after the weekend's
    #    change). The pause 16:30 -> Mon 10:00 starts before that: open time Fri 16:30-17 + Mon 9-10 = 1 h 30 min,
    #    so 3 h 30 min of open time: Fri 1 h, Mon 09:00 + 2 h 30 min = 11:30
    # 2: Mon 30 15:30; Tue 31 a holiday: without the pause 15:30-17 (1 h 30 min) + Wed 1 09:00-09:30. The pause
    #    16:30 -> Wed 09:30 has 1 h of open time: 3 h: Mon 1 h 30 min, Wed 09:00 + 1 h 30 min = 10:30
    # 3: no pause: Mon 2 09:00 + 2 h = 11:00 (CET)
    # 4: Tue 3 15:00; the pause 16:00 -> Wed 10:00 spans the closed night: open time 16-17 + 9-10 = 2 h: 4 h of
    #    open time: Tue 15-17 (2 h), Wed 09:00 + 2 h = 11:00
    # 5: Mon 2 10:00, due 12:00 without the pause; it starts 13:00, after that: it does not move it
    assert rows["deadline"].tolist() == [
        local("2026-03-30 11:30"),
        local("2026-04-01 10:30"),
        local("2026-03-02 11:00"),
        local("2026-03-04 11:00"),
        local("2026-03-02 12:00"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_paused_seconds_count_in_open_time_on_a_business_calendar(engine: str) -> None:
    rows = breaches(engine, OFFICE, SPANS, "hold-2h")
    # 1: Fri 27 16:00 + 2 h 30 min of open time: Fri 16-17, Mon 30 09:00 + 1 h 30 min = 10:30 CEST
    # 2: Mon 30 15:30 + 2 h: 15:30-17, Tue 31 closed, Wed 1 09:00 + 30 min = 09:30
    # 3: Mon 2 09:00 + 2 h = 11:00; 4: Tue 3 15:00 + 3 h: 15-17, Wed 09:00 + 1 h = 10:00
    # 5: Mon 2 10:00 + 2 h = 12:00
    assert rows["deadline"].tolist() == [
        local("2026-03-30 10:30"),
        local("2026-04-01 09:30"),
        local("2026-03-02 11:00"),
        local("2026-03-04 10:00"),
        local("2026-03-02 12:00"),
    ]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_a_business_deadline_at_the_close_stays_on_that_day(engine: str) -> None:
    body = """
    calendars:
      office: {hours: {mon-fri: "09:00-17:00"}}
    standards:
      - id: reply-8h
        measure: {from: created_at, to: replied_at, calendar: office}
        within: 8h
        floor: 90%
    """
    data = pd.DataFrame(
        {
            "id": [1, 2],
            "created_at": [T("2026-03-02 09:00"), T("2026-03-01 12:00")],
            "replied_at": [T("2026-03-03 12:00"), T("2026-03-03 12:00")],
        }
    )
    rows = breaches(engine, body.replace("\n    ", "\n"), data, "reply-8h")
    # 1: Mon 09:00 + 8 h of open time runs out at the close, Mon 17:00 (not Tue 09:00, as the numpy engine)
    # 2: started on a Sunday (closed): the clock starts Mon 09:00 and runs out at 17:00 too
    assert rows["deadline"].tolist() == [local("2026-03-02 17:00"), local("2026-03-02 17:00")]


EVENTS = """
events:
  id: ticket_id
  time: at
  type: event
  status: status
  paused_statuses: [pending]
measures:
  resolution: {from: created_first_at, to: solved_first_at, pause: status}
standards:
  - {id: resolved-4h, measure: resolution, within: 4h, floor: 90%}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_status_pauses_of_an_event_log_have_a_deadline_on_pandas_only(engine: str) -> None:
    log = pd.DataFrame(
        [
            (1, "2026-03-10 09:00", "created", "new"),
            (1, "2026-03-10 11:00", "agent_reply", "pending"),
            (1, "2026-03-10 13:00", "customer_reply", "open"),
            (1, "2026-03-10 16:00", "solved", "solved"),
        ],
        columns=["ticket_id", "at", "event", "status"],
    ).assign(at=lambda frame: pd.to_datetime(frame["at"]))
    standards = load(f"version: 1\ntimezone: {ZONE}\n{EVENTS}")
    rows = rows_of(evaluate(standards, on(engine, log)).breaches("resolved-4h"), "ticket_id")
    # 7 h - 2 h pending = 5 h: missed
    assert rows["measured"].tolist() == [pd.Timedelta(hours=5)]
    if engine == "pandas":  # the clock runs 09-11, stands still to 13:00, runs 2 h more: due 15:00
        assert rows["deadline"].tolist() == [local("2026-03-10 15:00")]
    else:  # the paused spans of an event log are not placed lazily yet: no column rather than a wrong one
        assert "deadline" not in rows.columns


def test_a_business_deadline_on_a_relation_of_another_duckdb_connection() -> None:
    duckdb = pytest.importorskip("duckdb")
    standards = load(f"version: 1\ntimezone: {ZONE}\n{OFFICE}")
    relation = duckdb.connect().from_df(SPANS)  # not the default connection: the small tables go with the rows
    rows = rows_of(evaluate(standards, relation).breaches("hold-2h"), "id")
    # as in test_paused_seconds_count_in_open_time_on_a_business_calendar
    assert rows["deadline"].tolist()[:2] == [local("2026-03-30 10:30"), local("2026-04-01 09:30")]
