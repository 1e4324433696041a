"""Unusual but valid inputs, end to end through ``evaluate``: they give the numbers or the library's own error.

Times in the comments are worked out by hand from the clock changes of 2026 in
Europe/Ljubljana: +01:00 to +02:00 on 29 March at 01:00 UTC (02:00 local becomes
03:00), back on 25 October at 01:00 UTC (03:00 local becomes 02:00).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate

LJUBLJANA = "Europe/Ljubljana"

ANSWERED = svcstandards.loads(
    textwrap.dedent(
        """\
        version: 1
        timezone: Europe/Ljubljana
        standards:
          - id: answered
            measure: {from: offered_at, to: answered_at}
            within: 20s
            floor: 50%
            period: day
        """
    )
)

# Naive wall-clock times in Ljubljana around both clock changes:
# - 25 Oct 02:30 happens twice; the first occurrence (CEST) is taken for both times: 15 s, met;
# - 29 Mar 02:30 does not exist and moves forward to 03:00 CEST: answered at 03:00:30, 30 s, missed.
CLOCK_CHANGES = pd.DataFrame(
    {
        "offered_at": pd.to_datetime(["2026-10-25 02:30", "2026-03-29 02:30"]),
        "answered_at": pd.to_datetime(["2026-10-25 02:30:15", "2026-03-29 03:00:30"]),
    }
)


def day_counts(report: svcstandards.Report) -> list[tuple[str, int, int, int]]:
    table = report.to_frame()
    return [
        (str(period.date()), int(n), int(met), int(missed))
        for period, n, met, missed in zip(table["period"], table["n"], table["met"], table["missed"], strict=True)
    ]


# -- pyarrow-backed columns ------------------------------------------------------------------------------------


def test_pyarrow_naive_timestamps_are_wall_clock_times_across_clock_changes() -> None:
    pytest.importorskip("pyarrow")
    data = CLOCK_CHANGES.astype("timestamp[ns][pyarrow]")
    report = evaluate(ANSWERED, data)
    assert day_counts(report) == [("2026-03-29", 1, 0, 1), ("2026-10-25", 1, 1, 0)]
    assert report.breaches("answered")["measured"].tolist() == [pd.Timedelta(seconds=30)]
    assert report.to_frame().equals(evaluate(ANSWERED, CLOCK_CHANGES).to_frame())
    assert str(data["offered_at"].dtype) == "timestamp[ns][pyarrow]"  # the caller's frame is left as it was


@pytest.mark.parametrize("zone", ["UTC", LJUBLJANA])
def test_pyarrow_aware_timestamps_are_instants(zone: str) -> None:
    pytest.importorskip("pyarrow")
    # the same instants as CLOCK_CHANGES: 25 Oct 00:30:00 -> 00:30:15 UTC (15 s), 29 Mar 01:00:00 -> 01:00:30 UTC (30 s)
    utc = pd.DataFrame(
        {
            "offered_at": pd.to_datetime(["2026-10-25 00:30", "2026-03-29 01:00"]).tz_localize("UTC"),
            "answered_at": pd.to_datetime(["2026-10-25 00:30:15", "2026-03-29 01:00:30"]).tz_localize("UTC"),
        }
    )
    data = utc.apply(lambda column: column.dt.tz_convert(zone)).astype(f"timestamp[us, tz={zone}][pyarrow]")
    report = evaluate(ANSWERED, data)
    assert day_counts(report) == [("2026-03-29", 1, 0, 1), ("2026-10-25", 1, 1, 0)]
    assert report.breaches("answered")["measured"].tolist() == [pd.Timedelta(seconds=30)]


def test_pyarrow_durations_are_durations() -> None:
    pytest.importorskip("pyarrow")
    standards = svcstandards.loads(
        textwrap.dedent(
            """\
            version: 1
            time: created_at
            standards:
              - {id: handled, measure: {column: handle_time}, at_most: 5m, floor: 50%}
              - {id: mean, measure: {column: handle_time}, mean: {at_most: 5m}}
            """
        )
    )
    data = pd.DataFrame(
        {
            "created_at": pd.to_datetime(["2026-03-02 09:00"] * 3),
            "handle_time": pd.Series(pd.to_timedelta(["4m", "7m", None])).astype("duration[ns][pyarrow]"),
        }
    )
    report = evaluate(standards, data)
    # 4 min is met, 7 min missed, a blank duration is out of scope; the mean is (240 + 420) / 2 = 330 s
    assert report.outcomes("handled").tolist() == ["met", "missed", "out_of_scope"]
    table = report.to_frame().set_index("standard")
    assert (table.loc["handled", "met"], table.loc["handled", "missed"]) == (1, 1)
    assert (table.loc["mean", "value"], table.loc["mean", "status"]) == (330.0, "fail")
