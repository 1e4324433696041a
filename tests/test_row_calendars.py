"""A calendar per row: ``calendar: {by: region, map: {EU: ljubljana, US: new_york}, default: ...}``.

Every expected value is counted by hand from the open hours below (the
comments show the arithmetic). Ljubljana is UTC+1 until 2026-03-29 and
UTC+2 after; New York is UTC-5 until 2026-03-08 and UTC-4 after.
"""

from __future__ import annotations

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate
from svcstandards.errors import StandardsError

HEAD = """
version: 1
timezone: Europe/Ljubljana
calendars:
  ljubljana: {timezone: Europe/Ljubljana, hours: {mon-fri: "08:00-16:00"}, holidays: {dates: [2026-03-10]}}
  new_york: {timezone: America/New_York, hours: {mon-fri: "09:00-17:00"}}
"""


def _standards(calendar: str, within: str = "8h", pause: str = "") -> svcstandards.StandardSet:
    return svcstandards.loads(
        HEAD
        + f"""
measures:
  first_reply: {{from: created_at, to: first_reply_at, calendar: {calendar}{pause}}}
standards:
  - {{id: reply, measure: first_reply, within: {within}, floor: 90%}}
"""
    )


MAPPED = "{by: region, map: {EU: ljubljana, US: new_york}}"
DEFAULTED = "{by: region, map: {EU: ljubljana, US: new_york}, default: ljubljana}"


def _utc(*stamps: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(stamps), utc=True))


def _measured(report: svcstandards.Report) -> list[float]:
    """Every scored row's measured seconds, in row order (met and missed rows)."""
    rows = report.breaches("reply", outcome=["met", "missed"])
    return rows["measured"].dt.total_seconds().tolist()


def test_a_week_new_york_changes_its_clocks_counts_on_each_rows_calendar() -> None:
    # Fri 2026-03-06 14:00 UTC to Mon 2026-03-09 14:00 UTC; New York moves to summer time on Sunday 8 March
    data = pd.DataFrame(
        {
            "region": ["EU", "US"],
            "created_at": _utc("2026-03-06 14:00", "2026-03-06 14:00"),
            "first_reply_at": _utc("2026-03-09 14:00", "2026-03-09 14:00"),
        }
    )
    report = evaluate(_standards(MAPPED), data)
    # EU: Fri 15:00-16:00 CET (1h) + Mon 08:00-15:00 CET (7h) = 8h: met
    # US: Fri 09:00-17:00 EST (8h) + Mon 09:00-10:00 EDT (1h) = 9h: missed, 1h over
    assert _measured(report) == [8 * 3600, 9 * 3600]
    assert report.counts()[["met", "missed", "invalid"]].iloc[0].tolist() == [1, 1, 0]
    missed = report.breaches("reply")
    assert missed["region"].tolist() == ["US"]
    assert missed["over"].tolist() == [pd.Timedelta(hours=1)]
    # 8 open hours from Fri 09:00 EST end at Fri 17:00 EST = 22:00 UTC = 23:00 in Ljubljana (the file's zone)
    assert missed["deadline"].tolist() == [pd.Timestamp("2026-03-06 23:00", tz="Europe/Ljubljana")]


def test_a_holiday_of_one_calendar_closes_only_its_rows() -> None:
    # Tue 2026-03-10 09:00 UTC to Wed 2026-03-11 09:00 UTC; 10 March is a holiday in Ljubljana only
    data = pd.DataFrame(
        {
            "region": ["EU", "US"],
            "created_at": _utc("2026-03-10 09:00", "2026-03-10 09:00"),
            "first_reply_at": _utc("2026-03-11 09:00", "2026-03-11 09:00"),
        }
    )
    # EU: Tue closed; Wed 08:00-10:00 CET = 2h.  US: Tue 09:00-17:00 EDT = 8h; Wed 05:00 EDT is before opening
    assert _measured(evaluate(_standards(MAPPED), data)) == [2 * 3600, 8 * 3600]


def test_a_value_not_in_the_map_takes_the_default() -> None:
    data = pd.DataFrame(
        {
            "region": ["APAC", None],
            "created_at": _utc("2026-03-10 09:00", "2026-03-10 09:00"),
            "first_reply_at": _utc("2026-03-11 09:00", "2026-03-11 09:00"),
        }
    )
    report = evaluate(_standards(DEFAULTED), data)
    assert _measured(report) == [2 * 3600, 2 * 3600]  # both on ljubljana: as EU above
    assert report.problems == ()


def test_without_a_default_an_unmapped_row_is_invalid_and_named() -> None:
    data = pd.DataFrame(
        {
            "region": ["EU", "APAC", None, "LATAM", "APAC"],
            "created_at": _utc(*["2026-03-10 09:00"] * 5),
            "first_reply_at": _utc(*["2026-03-11 09:00"] * 5),
        }
    )
    report = evaluate(_standards(MAPPED), data)
    counts = report.counts().iloc[0]
    assert (counts["met"], counts["invalid"]) == (1, 4)  # every row accounted for: 1 met (EU 2h) + 4 invalid
    assert [(p.standard, p.column, p.code) for p in report.problems] == [("reply", "region", "no_calendar")]
    assert report.problems[0].message == (
        "4 rows matched no value of the calendar's map ('EU', 'US') and there is no default, "
        "so they are invalid; values: blank, 'APAC', 'LATAM'"
    )


def test_a_pause_running_at_as_of_stops_the_clock_on_the_rows_calendar() -> None:
    pause = ", pause: {from: paused_at, to: resumed_at}"
    data = pd.DataFrame(
        {
            "region": ["EU", "US"],
            "created_at": _utc("2026-03-11 09:00", "2026-03-11 14:00"),
            "first_reply_at": _utc(None, None),
            "paused_at": _utc("2026-03-11 11:00", "2026-03-11 15:00"),
            "resumed_at": _utc(None, "2026-03-11 16:00"),
        }
    )
    as_of = pd.Timestamp("2026-03-11 20:00", tz="UTC")
    items = evaluate(_standards(MAPPED, pause=pause), data, as_of=as_of).open_items()
    items = items.sort_values("region").reset_index(drop=True)
    # EU: 10:00-16:00 CET open so far = 6h elapsed; its pause is running, so no time left is shown
    # US: created 10:00 EDT, paused 11:00-12:00 EDT; 10:00-16:00 EDT = 6h less 1h paused = 5h; 3h left
    assert items["region"].tolist() == ["EU", "US"]
    assert items["paused"].tolist() == [True, False]
    assert items["time_left"].iloc[1] == pd.Timedelta(hours=3)
    # US deadline: 8h + 1h paused after 10:00 EDT = Wed 17:00 EDT (7h) + Thu 09:00-11:00 EDT (2h): Thu 15:00 UTC
    assert items["deadline"].iloc[1] == pd.Timestamp("2026-03-12 16:00", tz="Europe/Ljubljana")


@pytest.mark.parametrize(
    ("calendar", "message"),
    [
        (
            "{by: region, map: {EU: ljubljana, US: newyork}}",
            "<string>:9:103: measures.first_reply.calendar.map.US: calendar 'newyork' is not defined",
        ),
        (
            "{by: region, map: {EU: ljubljana}, default: office}",
            "<string>:9:109: measures.first_reply.calendar.default: calendar 'office' is not defined",
        ),
        ("{by: region, map: {}}", "<string>:9:83: measures.first_reply.calendar.map: the map names no calendar"),
    ],
)
def test_the_calendars_of_a_map_are_checked_at_load(calendar: str, message: str) -> None:
    with pytest.raises(StandardsError) as caught:
        _standards(calendar)
    assert message in str(caught.value)


def test_the_handbook_says_which_column_chooses_the_calendar() -> None:
    text = " ".join(_standards(DEFAULTED).describe("reply").split())
    assert (
        "Each item's calendar is chosen by region: EU: “ljubljana” and US: “new_york”. Other values take “ljubljana”."
        in text
    )
