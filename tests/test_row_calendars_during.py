"""``during:`` on a calendar per row: ``{by, map, default}``, or ``during: measure`` (the pandas engine).

Monday 9 March 2026: Ljubljana is UTC+1 and open 08:00-16:00; New York is
UTC-4 (summer time since the 8th) and open 09:00-17:00. So at 14:30 UTC
both are open (15:30 and 10:30), at 16:30 UTC only New York is (17:30 and
12:30), at 12:30 UTC only Ljubljana (13:30 and 08:30). Every reply takes
30 minutes, well within 8 hours on either clock.
"""

from __future__ import annotations

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate
from svcstandards.errors import StandardsError
from svcstandards.plan import compile_plan, explain

HEAD = """
version: 1
timezone: Europe/Ljubljana
calendars:
  ljubljana: {timezone: Europe/Ljubljana, hours: {mon-fri: "08:00-16:00"}}
  new_york: {timezone: America/New_York, hours: {mon-fri: "09:00-17:00"}}
measures:
  per_row: {from: created_at, to: replied_at, calendar: {by: region, map: {EU: ljubljana, US: new_york}}}
  one: {from: created_at, to: replied_at, calendar: new_york}
  wall: {from: created_at, to: replied_at}
standards:
"""


def _standards(*standards: str, head: str = HEAD) -> svcstandards.StandardSet:
    return svcstandards.loads(head + "".join(f"  - {s}\n" for s in standards))


def _tickets(regions: list[str | None], created_utc: list[str]) -> pd.DataFrame:
    created = pd.to_datetime(created_utc, utc=True)
    return pd.DataFrame({"region": regions, "created_at": created, "replied_at": created + pd.Timedelta(minutes=30)})


DATA = _tickets(
    ["EU", "US", "EU", "US", "EU", "US", "APAC"],
    [
        "2026-03-09 14:30",  # EU open: in scope
        "2026-03-09 14:30",  # US open: in scope
        "2026-03-09 16:30",  # EU closed (17:30): out of scope
        "2026-03-09 16:30",  # US open (12:30): in scope
        "2026-03-09 12:30",  # EU open (13:30): in scope
        "2026-03-09 12:30",  # US closed (08:30): out of scope
        "2026-03-09 14:30",  # APAC: no calendar
    ],
)


def test_during_measure_is_each_rows_own_calendar() -> None:
    report = evaluate(
        _standards("{id: s, measure: per_row, within: 8h, floor: 50%, where: {created_at: {during: measure}}}"), DATA
    )
    assert report.outcomes("s").tolist() == [
        "met", "met", "out_of_scope", "met", "met", "out_of_scope",
        "invalid",  # APAC: no calendar and no default, as the measure's own rule has it
    ]  # fmt: skip
    assert [p.code for p in report.problems] == ["no_calendar"]


def test_during_a_map_chooses_the_calendar_of_each_row_for_a_wall_clock_measure() -> None:
    during = "{by: region, map: {EU: ljubljana, US: new_york}}"
    standards = _standards(
        f"{{id: s, measure: wall, within: 8h, floor: 50%, where: {{created_at: {{during: {during}}}}}}}"
    )
    report = evaluate(standards, DATA)
    assert report.outcomes("s").tolist() == [
        "met", "met", "out_of_scope", "met", "met", "out_of_scope", "invalid",
    ]  # fmt: skip
    # the plan says why: the rule of a row the map has no calendar for
    assert "no calendar for its region to tell created_at's open hours" in explain(
        compile_plan(standards, standards.get("s"))
    )


def test_a_default_takes_the_rows_the_map_does_not_name() -> None:
    during = "{by: region, map: {US: new_york}, default: ljubljana}"  # EU and APAC: Ljubljana
    standards = _standards(
        f"{{id: s, measure: wall, within: 8h, floor: 50%, where: {{created_at: {{during: {during}}}}}}}"
    )
    assert evaluate(standards, DATA).outcomes("s").tolist() == [
        "met", "met", "out_of_scope", "met", "met", "out_of_scope",
        "met",  # APAC at 15:30 in Ljubljana: open
    ]  # fmt: skip


def test_during_measure_with_one_calendar_is_that_calendar() -> None:
    standards = _standards(
        "{id: own, measure: one, within: 8h, floor: 50%, where: {created_at: {during: measure}}}",
        "{id: named, measure: one, within: 8h, floor: 50%, where: {created_at: {during: new_york}}}",
    )
    report = evaluate(standards, DATA)
    # New York open at 14:30 and 16:30 UTC, closed at 12:30 UTC, whatever the region
    expected = ["met", "met", "met", "met", "out_of_scope", "out_of_scope", "met"]
    assert report.outcomes("own").tolist() == expected
    assert report.outcomes("named").tolist() == expected


def test_a_calendar_named_measure_is_that_calendar() -> None:
    head = HEAD.replace("calendars:\n", 'calendars:\n  measure: {timezone: UTC, hours: {mon-fri: "12:00-13:00"}}\n')
    standards = _standards(
        "{id: s, measure: per_row, within: 8h, floor: 50%, where: {created_at: {during: measure}}}", head=head
    )
    # only 12:30 UTC is open on the calendar named measure; APAC is out of scope before it could be invalid
    assert evaluate(standards, DATA).outcomes("s").tolist() == [
        "out_of_scope", "out_of_scope", "out_of_scope", "out_of_scope", "met", "met", "out_of_scope",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            "{created_at: {during: measure}}",
            "<string>:12:81: standards[0].where.created_at.during: during: measure names the measure's calendar, "
            "but the measure has none",
        ),
        (
            "{created_at: {during: {by: region, map: {EU: ljubljana, US: newyork}}}}",
            "<string>:12:119: standards[0].where.created_at.during.map.US: calendar 'newyork' is not defined",
        ),
    ],
)
def test_the_load_checks_during(where: str, message: str) -> None:
    with pytest.raises(StandardsError) as caught:
        _standards(f"{{id: s, measure: wall, within: 8h, floor: 50%, where: {where}}}")
    assert message in str(caught.value)


def test_the_handbook_names_the_calendars_a_row_may_take() -> None:
    standards = _standards("{id: s, measure: per_row, within: 8h, floor: 50%, where: {created_at: {during: measure}}}")
    text = " ".join(standards.describe("s").split())
    assert text.startswith(
        "At least 50% of interactions created in the open hours of “ljubljana” or “new_york” go from created to "
        "replied within 8 hours."
    )
