"""A calendar per row gives the same results on every engine.

``engine_cases.table`` asserts each lazy engine's results, counts and
warnings equal the pandas engine's; the expected values are counted by hand
(naive timestamps are wall-clock times in Ljubljana, the file's zone: UTC+1
in March 2026; New York is UTC-5 until 8 March and UTC-4 after).
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
import pytest

from engine_cases import ENGINES, WITH_SPARK, counts, expect, load, table
from svcstandards import evaluate

H = 3600.0

HEAD = """
    version: 1
    timezone: Europe/Ljubljana
    calendars:
      ljubljana: {timezone: Europe/Ljubljana, hours: {mon-fri: "08:00-16:00"}, holidays: {dates: [2026-03-10]}}
      new_york: {timezone: America/New_York, hours: {mon-fri: "09:00-17:00"}}
    """
MAPPED = "{by: region, map: {EU: ljubljana, US: new_york}}"
DEFAULTED = "{by: region, map: {EU: ljubljana, US: new_york}, default: ljubljana}"


def standards_with(standard: str) -> Any:
    """The calendars above and one standard (a flow mapping)."""
    return load(textwrap.dedent(HEAD) + "standards:\n  - " + standard + "\n")


SHARE = f"{{id: r, measure: {{from: a, to: b, calendar: {MAPPED}}}, within: 8h, floor: 80%}}"


def rows(region: list[str | None], start: list[str], end: list[str | None], **extra: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": list(range(len(start))),
            "region": region,
            "a": pd.to_datetime(start),
            "b": pd.to_datetime(end),
            **{name: pd.to_datetime(values) for name, values in extra.items()},
        }
    )


def seconds(engine: str, measure: str, data: pd.DataFrame, **options: Any) -> list[float | None]:
    """The measured seconds of each row (by its ``id``) on ``engine``, equal to the pandas engine's."""
    standards = load(
        HEAD + f"      # \n    standards:\n      - {{id: v, measure: {measure}, max: {{at_most: 1000h}}}}\n"
    )
    found = table(engine, standards, data, by="id", **options)
    by_id = dict(zip(found["id"], found["value"], strict=True))
    return [None if pd.isna(v := by_id.get(i, np.nan)) else float(v) for i in data["id"]]


@pytest.mark.parametrize("engine", WITH_SPARK)
def test_each_row_counts_on_its_own_calendar(engine: str) -> None:
    data = rows(
        ["EU", "US", "APAC", "US", "EU", None],
        ["2026-03-06 15:00"] * 3 + ["2026-03-10 10:00"] * 2 + ["2026-03-06 15:00"],
        ["2026-03-09 15:00"] * 3 + ["2026-03-11 10:00"] * 2 + ["2026-03-09 15:00"],
    )
    measure = f"{{from: a, to: b, calendar: {DEFAULTED}}}"
    assert seconds(engine, measure, data) == [
        8 * H,  # EU: Fri 15-16 + Mon 08-15
        9 * H,  # US: Fri 09-17 EST + Mon 09-10 EDT (New York changed its clocks on Sunday)
        8 * H,  # APAC: not in the map, the default (ljubljana): as EU
        8 * H,  # US: Tue 09-17 EDT; Wed 05:00 EDT is before opening
        2 * H,  # EU: Tue 10 March is a holiday in Ljubljana only; Wed 08-10
        8 * H,  # no region: the default, as EU
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_open_rows_are_judged_at_as_of_on_their_calendar_and_unmapped_rows_are_invalid(engine: str) -> None:
    standards = standards_with(SHARE)
    data = rows(
        ["EU", "US", "APAC", None],
        ["2026-03-11 09:00"] * 4,
        [None, None, "2026-03-11 10:00", "2026-03-11 10:00"],
    )
    found = table(engine, standards, data, as_of="2026-03-12 12:00")
    # EU: Wed 09-16 + Thu 08-12 = 11h > 8h: missed. US: Wed 04:00-17:00 EDT open 09-17 = 8h, Thu 07:00 EDT
    # not yet open: 8h, not over: pending. APAC and no region: no calendar, no default: invalid.
    assert counts(found, "r") == [expect(1, 0, 1, pending=1, invalid=2)]  # n: the decided rows (met + missed)
    report = evaluate(standards, data, as_of="2026-03-12 12:00")
    assert [p.code for p in report.problems] == ["no_calendar"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pause_span_counts_the_open_time_of_the_rows_calendar(engine: str) -> None:
    data = rows(
        ["EU", "US"],
        ["2026-03-11 09:00"] * 2,
        ["2026-03-12 12:00"] * 2,
        p=["2026-03-11 15:00"] * 2,
        q=["2026-03-12 09:00"] * 2,
    )
    measure = f"{{from: a, to: b, calendar: {MAPPED}, pause: {{from: p, to: q}}}}"
    assert seconds(engine, measure, data) == [
        9 * H,  # EU: Wed 09-16 + Thu 08-12 = 11h, less the pause's Wed 15-16 + Thu 08-09 = 2h
        1 * H,  # US: Wed 04:00 EDT to Thu 07:00 EDT open 09-17 = 8h, less the pause's Wed 10-17 EDT = 7h
    ]


@pytest.mark.parametrize("engine", [e for e in ENGINES if e.values[0] == "duckdb"])
def test_a_duckdb_relation_of_another_connection(engine: str) -> None:
    import duckdb

    standards = standards_with(SHARE)
    data = rows(["EU", "US"], ["2026-03-06 15:00"] * 2, ["2026-03-09 15:00"] * 2)
    report = evaluate(standards, duckdb.connect().from_df(data))
    assert report.counts()[["met", "missed"]].iloc[0].tolist() == [1, 1]  # EU 8h met, US 9h missed
