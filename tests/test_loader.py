"""Loading standards files: every mistake is reported at its file:line:col, with a hint.

Each check is pinned with a small file whose lines and columns can be
counted by eye; columns are 1-based and point at the offending key or value.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
import time
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import svcstandards
import svcstandards.format.checks
from svcstandards import (
    Duration,
    MissingDependencyError,
    Percent,
    Problem,
    StandardsError,
    StandardSet,
    dumps,
    load,
    loads,
)

HERE = Path(__file__).parent
FORMAT_EXAMPLE = HERE / "data" / "format_example.yaml"
BUNDLED = sorted((HERE.parent / "standards").glob("*.y*ml"))

# (line, column, path, code, message, hint)
Expected = tuple[int, int, str, str, str, str]


def problems_of(text: str | bytes) -> list[Problem]:
    """The problems of a file, which must not load."""
    if isinstance(text, str):
        text = textwrap.dedent(text)
    with pytest.raises(StandardsError) as caught:
        loads(text, source="s.yaml")
    assert all(p.source == "s.yaml" for p in caught.value.problems)
    return list(caught.value.problems)


def fields(problem: Problem) -> Expected:
    return (problem.line, problem.column, problem.path, problem.code, problem.message, problem.hint)


def reported(text: str | bytes) -> list[Expected]:
    return [fields(p) for p in problems_of(text)]


# -- (a) the example of the format document --------------------------------------------


def test_the_format_example_loads() -> None:
    standards = load(FORMAT_EXAMPLE)
    assert [s.id for s in standards] == [
        "calls-answered-2min",
        "abandon-rate",
        "email-first-reply",
        "csat",
        "average-speed-of-answer",
        "nps",
    ]
    assert standards.version == 1
    assert standards.name == "Acme customer service standards"
    assert standards.timezone == "Europe/Ljubljana"
    assert standards.columns == {"offered_at": "call_start"}
    assert standards.source == str(FORMAT_EXAMPLE)


def test_the_format_example_calendar() -> None:
    office = load(FORMAT_EXAMPLE).calendars["office"]
    assert office.timezone == "Europe/Ljubljana"
    assert office.hours == {
        "mon-fri": "08:00-16:00",
        "sat": "09:00-12:00",
        "sun": ("08:00-12:00", "13:00-15:00"),
    }
    assert office.holidays is not None
    assert office.holidays.country == "SI"
    assert office.holidays.dates == (dt.date(2026, 12, 24),)


def test_the_format_example_measures_and_conditions() -> None:
    standards = load(FORMAT_EXAMPLE)
    calls = standards.get("calls-answered-2min")
    assert isinstance(calls, svcstandards.ShareStandard)
    assert calls.within == Duration.parse("2m")
    assert calls.floor == Percent(Fraction(9, 10))
    assert calls.abandons is not None
    assert (calls.abandons.count_as, calls.abandons.ignore_shorter_than) == ("missed", Duration.parse("5s"))
    measure = standards.measure_of(calls)
    assert isinstance(measure, svcstandards.DurationMeasure)
    assert (measure.from_, measure.to, measure.abandoned) == ("offered_at", "answered_at", "abandoned_at")
    assert standards.line_of("calls-answered-2min") == 25
    assert standards.line_of("nps") == 61
    assert standards.line_of("no-such-id") is None


def test_the_format_example_tiers() -> None:
    standards = load(FORMAT_EXAMPLE)
    abandon = standards.get("abandon-rate")
    assert isinstance(abandon, svcstandards.ShareStandard)
    assert abandon.floor is None
    assert abandon.ceiling_tiers is not None
    assert (abandon.ceiling_tiers.fail, abandon.ceiling_tiers.warn) == (
        Percent.parse("5%"),
        Percent.parse("3%"),
    )

    email = standards.get("email-first-reply")
    assert isinstance(email, svcstandards.ShareStandard)
    assert email.floor_tiers is not None
    assert str(email.floor_tiers.fail) == "90%"
    assert str(email.floor_tiers.warn) == "95%"
    assert (email.min_volume, email.period) == (30, "week")
    assert email.targets is not None
    assert [str(t.within) for t in email.targets] == ["1h", "4h", "8h"]
    assert [t.where.columns if t.where else None for t in email.targets] == [
        {"priority": "urgent"},
        {"priority": "high"},
        None,
    ]


def test_the_format_example_statistics() -> None:
    standards = load(FORMAT_EXAMPLE)
    asa = standards.get("average-speed-of-answer")
    nps = standards.get("nps")
    assert isinstance(asa, svcstandards.StatisticStandard)
    assert isinstance(nps, svcstandards.StatisticStandard)
    assert [(name, test.at_most) for name, test in asa.statistics()] == [("mean", Duration.parse("30s"))]
    assert [(name, test.at_least) for name, test in nps.statistics()] == [("nps", 30)]
    csat = standards.get("csat")
    assert isinstance(csat, svcstandards.ShareStandard)
    assert (csat.at_least, str(csat.floor)) == (4, "85%")


def test_percentiles_are_read_from_pnn_keys() -> None:
    standards = loads(
        textwrap.dedent(
            """\
            version: 1
            standards:
              - id: p90
                measure: {from: offered_at, to: answered_at}
                p90: {at_most: 2m, warn: 1m}
              - id: p999
                measure: {from: offered_at, to: answered_at}
                p99.9: {at_most: 10m}
            """
        )
    )
    p90, p999 = standards.standards
    assert isinstance(p90, svcstandards.StatisticStandard)
    assert isinstance(p999, svcstandards.StatisticStandard)
    assert [(n, str(t.at_most), str(t.warn)) for n, t in p90.statistics()] == [("p90", "2m", "1m")]
    assert [(n, str(t.at_most)) for n, t in p999.statistics()] == [("p99.9", "10m")]


# -- (b) every check, at its line and column ----------------------------------------------

CASES = [
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                6,
                9,
                "standards[1].id",
                "id_duplicate",
                "id 'a' is already used by standards[0]",
                "every standard needs its own id",
            )
        ],
        id="duplicate-id",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: Calls 2 Min
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                3,
                9,
                "standards[0].id",
                "id_slug",
                "id 'Calls 2 Min' is not a slug",
                "use lower-case letters, digits and dashes, e.g. 'calls-2-min'",
            )
        ],
        id="id-not-a-slug",
    ),
    pytest.param(
        """\
        version: 1
        standrds: []
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [(2, 1, "standrds", "extra_forbidden", "unknown key 'standrds'", "did you mean 'standards'?")],
        id="unknown-key-top-level",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {flag: x}
            flor: 90%
        """,
        [(5, 5, "standards[0].flor", "extra_forbidden", "unknown key 'flor'", "did you mean 'floor'?")],
        id="unknown-key-in-a-standard",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: a, to: b}
            p90: {at_most: 30s, wrn: 20s}
        """,
        [(5, 25, "standards[0].p90.wrn", "extra_forbidden", "unknown key 'wrn'", "did you mean 'warn'?")],
        id="unknown-key-in-a-statistic",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: a, to: b}
            mean: {at_most: 30s}
            floor: 90%
        """,
        [
            (
                6,
                5,
                "standards[0].floor",
                "extra_forbidden",
                "unknown key 'floor'",
                "a statistic standard puts its limit inside the statistic, e.g. mean: {at_most: 30s}",
            )
        ],
        id="floor-on-a-statistic-standard",
    ),
    pytest.param(
        """\
        version: 1
        measures:
          m: {from: a, to: b, calender: office}
        standards:
          - id: a
            measure: m
            within: 2m
            floor: 90%
        """,
        [
            (
                3,
                23,
                "measures.m.calender",
                "extra_forbidden",
                "unknown key 'calender'",
                "did you mean 'calendar'?",
            )
        ],
        id="unknown-key-in-a-named-measure",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: a, to: b, calender: office}
            within: 2m
            floor: 90%
        """,
        [
            (
                4,
                31,
                "standards[0].measure.calender",
                "extra_forbidden",
                "unknown key 'calender'",
                "did you mean 'calendar'?",
            )
        ],
        id="unknown-key-in-an-inline-measure",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          office:
            hours: {mon: "08:00-16:00"}
            holiday: {country: SI}
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                5,
                5,
                "calendars.office.holiday",
                "extra_forbidden",
                "unknown key 'holiday'",
                "did you mean 'holidays'?",
            )
        ],
        id="unknown-key-in-a-calendar",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            within: 2m
            floor: 90%
        """,
        [
            (
                3,
                5,
                "standards[0]",
                "missing",
                "missing required key 'measure'",
                "add measure: <name> or an inline measure",
            )
        ],
        id="missing-measure",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {}
            within: 2m
            floor: 90%
        """,
        [
            (
                4,
                14,
                "standards[0].measure",
                "measure_kind",
                "a measure needs from and to (a duration), column (a value), flag, present or repeat_contact",
                "e.g. {from: offered_at, to: answered_at}",
            )
        ],
        id="measure-of-no-kind",
    ),
    pytest.param(
        """\
        version: 1
        measures:
          time_to_answer: {from: a, to: b}
        standards:
          - id: a
            measure: time_to_anwser
            within: 2m
            floor: 90%
        """,
        [
            (
                6,
                14,
                "standards[0].measure",
                "undefined_measure",
                "measure 'time_to_anwser' is not defined",
                "did you mean 'time_to_answer'?",
            )
        ],
        id="undefined-measure",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: tta
            within: 2m
            floor: 90%
        """,
        [
            (
                4,
                14,
                "standards[0].measure",
                "undefined_measure",
                "measure 'tta' is not defined",
                "define it under measures:",
            )
        ],
        id="undefined-measure-none-defined",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          office:
            hours: {mon: "08:00-16:00"}
        measures:
          m: {from: a, to: b, calendar: ofice}
        standards:
          - id: a
            measure: m
            within: 2m
            floor: 90%
        """,
        [
            (
                6,
                33,
                "measures.m.calendar",
                "undefined_calendar",
                "calendar 'ofice' is not defined",
                "did you mean 'office'?",
            )
        ],
        id="undefined-calendar-in-a-measure",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          office:
            hours: {mon: "08:00-16:00"}
        standards:
          - id: a
            where: {created_at: {during: shop}}
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                7,
                34,
                "standards[0].where.created_at.during",
                "undefined_calendar",
                "calendar 'shop' is not defined",
                "define it under calendars: (defined: office)",
            )
        ],
        id="undefined-calendar-in-where",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {column: csat}
            within: 2m
            floor: 90%
        """,
        [
            (
                5,
                5,
                "standards[0].within",
                "within_measure",
                "within needs a duration measure (from and to)",
                "use at_most for a value column",
            )
        ],
        id="within-on-a-value-measure",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {flag: resolved}
            within: 2m
            floor: 90%
        """,
        [
            (
                5,
                5,
                "standards[0].within",
                "flag_condition",
                "a flag measure is its own condition: within does not apply",
                "remove it; the share met is the share of rows where the flag is true",
            )
        ],
        id="flag-measure-with-within",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 2m
            floor: 90%
            abandons: {count_as: excluded}
        """,
        [
            (
                7,
                5,
                "standards[0].abandons",
                "abandons_column",
                "abandons needs a duration measure with an abandoned column",
                "add abandoned: abandoned_at to the measure",
            )
        ],
        id="abandons-without-abandoned-column",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            floor: 90%
        """,
        [
            (
                3,
                5,
                "standards[0]",
                "condition_missing",
                "a share standard needs a condition",
                "add within: 2m, at_most / at_least, or targets",
            )
        ],
        id="share-without-condition",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 2m
        """,
        [
            (
                3,
                5,
                "standards[0]",
                "limit_missing",
                "a share standard needs a floor or a ceiling",
                "add floor: 90% (at least 90% met) or ceiling: 5% (at most 5%)",
            )
        ],
        id="share-without-floor-or-ceiling",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            mean: {at_most: 30s}
            p90: {at_most: 2m}
        """,
        [
            (
                6,
                5,
                "standards[0].p90",
                "statistic_twice",
                "only one statistic per standard; 'mean' is already given",
                "split it into two standards",
            )
        ],
        id="two-statistics",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            mean: {at_most: 30s, at_least: 10s}
          - id: b
            measure: {from: offered_at, to: answered_at}
            median: {warn: 10s}
        """,
        [
            (
                5,
                11,
                "standards[0].mean",
                "statistic_bound",
                "a statistic needs exactly one of at_most or at_least",
                "e.g. mean: {at_most: 30s}",
            ),
            (
                8,
                13,
                "standards[1].median",
                "statistic_bound",
                "a statistic needs exactly one of at_most or at_least",
                "e.g. median: {at_most: 30s}",
            ),
        ],
        id="stat-test-both-and-neither",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 2m
            floor: {fail: 90%, warn: 85%}
        """,
        [
            (
                6,
                30,
                "standards[0].floor.warn",
                "tier_side",
                "a floor's warn level (85%) must be above its fail level (90%)",
                "fail below 90%, warn below a higher level such as 95%",
            )
        ],
        id="floor-warn-below-fail",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: b
            measure: {flag: abandoned}
            ceiling: {fail: 5%, warn: 5%}
        """,
        [
            (
                5,
                31,
                "standards[0].ceiling.warn",
                "tier_side",
                "a ceiling's warn level (5%) must be below its fail level (5%)",
                "fail above 5%, warn above a lower level such as 2.5%",
            )
        ],
        id="ceiling-warn-not-below-fail",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: c
            measure: {from: offered_at, to: answered_at}
            mean: {at_most: 30s, warn: 40s}
          - id: d
            measure: {column: csat}
            mean: {at_least: 4, warn: 3.5}
        """,
        [
            (
                5,
                32,
                "standards[0].mean.warn",
                "tier_side",
                "warn (40s) must be below at_most (30s)",
                "values above warn and up to at_most are a warning",
            ),
            (
                8,
                31,
                "standards[1].mean.warn",
                "tier_side",
                "warn (3.5) must be above at_least (4)",
                "values below warn and down to at_least are a warning",
            ),
        ],
        id="statistic-warn-on-the-wrong-side",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {flag: abandoned}
            floor: 10%
            ceiling: 5%
        """,
        [
            (
                6,
                14,
                "standards[0].ceiling",
                "band_empty",
                "the band is empty: floor 10% is above ceiling 5%",
                "the floor must not exceed the ceiling",
            )
        ],
        id="band-floor-above-ceiling",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: b
            measure: {column: csat}
            at_least: 4
            at_most: 3
            floor: 90%
        """,
        [
            (
                5,
                15,
                "standards[0].at_least",
                "band_empty",
                "the band is empty: at_least 4 is above at_most 3",
                "at_least must not exceed at_most",
            )
        ],
        id="at-least-above-at-most",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            p100: {at_most: 2m}
          - id: b
            measure: {from: offered_at, to: answered_at}
            p0: {at_most: 2m}
        """,
        [
            (
                5,
                5,
                "standards[0].p100",
                "percentile_range",
                "percentile p100 is outside p0 to p100 (exclusive)",
                "write e.g. p90 or p99.9",
            ),
            (
                8,
                5,
                "standards[1].p0",
                "percentile_range",
                "percentile p0 is outside p0 to p100 (exclusive)",
                "write e.g. p90 or p99.9",
            ),
        ],
        id="percentile-out-of-range",
    ),
    pytest.param(
        """\
        version: 1
        timezone: Europe/Ljubljan
        calendars:
          office:
            timezone: Mars/Olympus
            hours: {mon: "08:00-16:00"}
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                2,
                11,
                "timezone",
                "timezone",
                "'Europe/Ljubljan' is not an IANA time zone",
                "write a name such as Europe/Ljubljana, America/New_York or UTC",
            ),
            (
                5,
                15,
                "calendars.office.timezone",
                "timezone",
                "'Mars/Olympus' is not an IANA time zone",
                "write a name such as Europe/Ljubljana, America/New_York or UTC",
            ),
        ],
        id="invalid-time-zones",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          a:
            hours: {mon: "9-12"}
          f:
            hours:
              mon: ["08:00-12:00", "25:00-26:00"]
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                4,
                18,
                "calendars.a.hours.mon",
                "hours_interval",
                "'9-12' is not an interval of hours",
                'write "08:00-16:00"; several intervals as a list; "00:00-24:00" for a whole day',
            ),
            (
                7,
                28,
                "calendars.f.hours.mon[1]",
                "hours_interval",
                "'25:00' is not a time of day",
                "times run from 00:00 to 24:00",
            ),
        ],
        id="hours-that-do-not-parse",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          b:
            hours:
              mon-fri: "08:00-16:00"
              fri: "15:00-18:00"
          e:
            hours:
              sun: "22:00-06:00"
              mon: "05:00-08:00"
          g:
            hours:
              tue: ["08:00-12:00", "11:00-13:00"]
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                6,
                7,
                "calendars.b.hours.fri",
                "hours_overlap",
                "the hours of 'fri' overlap those of 'mon-fri'",
                "each moment of the week may be open only once; merge or shorten the intervals",
            ),
            (
                10,
                7,
                "calendars.e.hours.mon",
                "hours_overlap",
                "the hours of 'mon' overlap those of 'sun'",
                "each moment of the week may be open only once; merge or shorten the intervals",
            ),
            (
                13,
                7,
                "calendars.g.hours.tue",
                "hours_overlap",
                "the hours of 'tue' overlap those of itself",
                "each moment of the week may be open only once; merge or shorten the intervals",
            ),
        ],
        id="hours-that-overlap",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          c:
            hours: {}
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                4,
                12,
                "calendars.c.hours",
                "hours_empty",
                "a calendar needs open hours",
                'add e.g. mon-fri: "08:00-16:00"',
            )
        ],
        id="hours-empty",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          d:
            hours: {mnday: "08:00-16:00"}
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                4,
                13,
                "calendars.d.hours.mnday",
                "hours_days",
                "'mnday' is not a day",
                "days are mon, tue, wed, thu, fri, sat, sun; ranges like mon-fri; lists like mon,wed",
            )
        ],
        id="bad-day-name",
    ),
    pytest.param(
        """\
        version: 1
        calendars:
          office:
            hours: {mon: "08:00-16:00"}
            holidays: {country: XX}
          two:
            hours: {mon: "08:00-16:00"}
            holidays: {country: si}
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                5,
                25,
                "calendars.office.holidays.country",
                "holidays_country",
                "'XX' is not a country code the holidays package knows",
                "use an ISO 3166 code such as SI, HR, PL, US",
            ),
            (
                8,
                25,
                "calendars.two.holidays.country",
                "holidays_country",
                "'si' is not a country code the holidays package knows",
                "did you mean 'SI'?",
            ),
        ],
        id="unknown-holiday-country",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 120
            floor: 90%
        """,
        [
            (
                5,
                13,
                "standards[0].within",
                "duration_unit_missing",
                "a bare number (120) is not a duration: it needs a unit",
                "write 120s or 2m",
            )
        ],
        id="bare-number-within",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 2m
            floor: 90
        """,
        [
            (
                6,
                12,
                "standards[0].floor",
                "percent_bare_number",
                "a bare number above 1 (90) is not a share",
                "write 90% or 0.9",
            )
        ],
        id="bare-number-floor",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 2 mins
            floor: 90%
        """,
        [
            (
                5,
                13,
                "standards[0].within",
                "duration_unit",
                "unknown unit 'mins' in '2 mins'",
                "write 2m",
            )
        ],
        id="two-mins",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: a, to: b}
            at_most: 120
            floor: 90%
          - id: b
            measure: {from: a, to: b}
            mean: {at_most: 30}
        """,
        [
            (
                5,
                14,
                "standards[0].at_most",
                "duration_unit_missing",
                "a bare number (120) is not a duration",
                "write 120s or 2m: this measure is a duration",
            ),
            (
                9,
                21,
                "standards[1].mean.at_most",
                "duration_unit_missing",
                "a bare number (30) is not a duration",
                "write 30s: this measure is a duration",
            ),
        ],
        id="bare-number-thresholds-on-a-duration-measure",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: offered_at, to: answered_at}
            within: 2m
            floor: .inf
        """,
        [
            (
                6,
                12,
                "standards[0].floor",
                "percent_format",
                "inf is not a percentage",
                "write 90% or 0.9",
            )
        ],
        id="infinite-floor",
    ),
    pytest.param(
        """\
        version: 2
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [
            (
                1,
                10,
                "version",
                "literal_error",
                "expected 1, got 2",
                "this library reads format version 1: write version: 1",
            )
        ],
        id="version-2",
    ),
    pytest.param(
        """\
        standards:
          - id: a
            measure: {flag: x}
            floor: 90%
        """,
        [(1, 1, "", "missing", "missing required key 'version'", "start the file with version: 1")],
        id="missing-version",
    ),
    pytest.param(
        """\
        version: 1
        name: x
        """,
        [(1, 1, "", "missing", "missing required key 'standards'", "add a standards: list")],
        id="missing-standards",
    ),
    pytest.param(
        """\
        version: 1
        standards: []
        """,
        [(2, 12, "standards", "too_short", "needs at least one entry", "")],
        id="empty-standards",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {from: created_at, to: replied_at}
            targets:
              - {within: 8h}
              - {where: {priority: high}, within: 4h}
            floor: 90%
        """,
        [
            (
                6,
                9,
                "standards[0].targets[0]",
                "target_unreachable",
                "a target without where matches everything, so the targets after it are never used",
                "move it to the end of the list",
            )
        ],
        id="target-without-where-not-last",
    ),
    pytest.param(
        """\
        version: 1
        standards:
          - id: a
            measure: {flag: resolved}
            floor: 90%
            period: week
        """,
        [
            (
                6,
                13,
                "standards[0].period",
                "period_time",
                "a period needs a time column to place each interaction in it",
                "add time: <timestamp column> to the standard or the file",
            )
        ],
        id="period-without-time-column",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_check_points_at_the_mistake(text: str, expected: list[Expected]) -> None:
    assert reported(text) == expected


def test_a_period_is_placed_by_the_file_time_column() -> None:
    text = """\
    version: 1
    time: created_at
    standards:
      - id: a
        measure: {flag: resolved}
        floor: 90%
        period: week
    """
    assert loads(textwrap.dedent(text)).standards[0].period == "week"


def test_p99_9_is_a_percentile_in_range() -> None:
    text = """\
    version: 1
    standards:
      - id: c
        measure: {from: offered_at, to: answered_at}
        p99.9: {at_most: 2m}
    """
    assert loads(textwrap.dedent(text)).standards[0].id == "c"


def test_missing_holidays_package_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def without_holidays() -> dict[str, list[str]]:
        raise MissingDependencyError.for_extra("holidays", "holidays", "Public holidays")

    monkeypatch.setattr(svcstandards.format.checks, "supported_holiday_countries", without_holidays)
    text = """\
    version: 1
    calendars:
      office:
        hours: {mon: "08:00-16:00"}
        holidays: {country: SI}
    standards:
      - id: a
        measure: {flag: x}
        floor: 90%
    """
    assert reported(text) == [
        (
            5,
            25,
            "calendars.office.holidays.country",
            "holidays_missing",
            "public holidays need the 'holidays' package",
            "install it with: pip install 'svcstandards[holidays]'",
        )
    ]


# -- (c) every problem at once ------------------------------------------------------------


def test_all_problems_of_a_file_are_reported_together_sorted_by_line() -> None:
    text = """\
    version: 1
    timezone: Europe/Lubljana
    measures:
      tta: {from: offered_at, to: answered_at, calendar: ofice}
    standards:
      - id: calls
        measure: tta
        within: 120
        floor: 90%
      - id: calls
        measure: {flag: abandoned}
        ceiling: 5%
        ceilng: 3%
      - id: asa
        measure: tta2
        mean: {at_most: 30s, at_least: 1s}
    """
    # type errors (pydantic) and whole-file checks come from two passes; both are merged by line
    assert reported(text) == [
        (
            2,
            11,
            "timezone",
            "timezone",
            "'Europe/Lubljana' is not an IANA time zone",
            "write a name such as Europe/Ljubljana, America/New_York or UTC",
        ),
        (
            4,
            54,
            "measures.tta.calendar",
            "undefined_calendar",
            "calendar 'ofice' is not defined",
            "define it under calendars:",
        ),
        (
            8,
            13,
            "standards[0].within",
            "duration_unit_missing",
            "a bare number (120) is not a duration: it needs a unit",
            "write 120s or 2m",
        ),
        (
            10,
            9,
            "standards[1].id",
            "id_duplicate",
            "id 'calls' is already used by standards[0]",
            "every standard needs its own id",
        ),
        (13, 5, "standards[1].ceilng", "extra_forbidden", "unknown key 'ceilng'", "did you mean 'ceiling'?"),
        (
            15,
            14,
            "standards[2].measure",
            "undefined_measure",
            "measure 'tta2' is not defined",
            "did you mean 'tta'?",
        ),
        (
            16,
            11,
            "standards[2].mean",
            "statistic_bound",
            "a statistic needs exactly one of at_most or at_least",
            "e.g. mean: {at_most: 30s}",
        ),
    ]


def test_a_standard_that_fails_is_not_also_reported_as_missing() -> None:
    # the only standard is invalid: that is one problem, not also "needs at least one entry"
    text = """\
    version: 1
    standards:
      - id: a
        measure: {from: offered_at, to: answered_at}
        within: 2m
        floor: 90
    """
    assert [p.code for p in problems_of(text)] == ["percent_bare_number"]


# -- (d) how a problem reads -------------------------------------------------------------------


def test_a_problem_reads_file_line_column_path_message_hint() -> None:
    text = """\
    version: 1
    standards:
      - within: 2m
        id: a
        measure: {column: csat}
        floor: 90%
    """
    (problem,) = problems_of(text)
    assert str(problem) == (
        "s.yaml:3:5: standards[0].within: within needs a duration measure (from and to)"
        " (use at_most for a value column)"
    )


def test_a_problem_without_path_or_hint_reads_without_them() -> None:
    assert str(Problem("s.yaml", 1, 1, "", "the file is empty")) == "s.yaml:1:1: the file is empty"
    (problem,) = problems_of("")
    assert str(problem) == "s.yaml:1:1: the file is empty (start it with version: 1 and a standards: list)"


def test_the_error_lists_every_problem() -> None:
    with pytest.raises(StandardsError) as caught:
        loads("version: 1\nstandards: []\n", source="s.yaml")
    assert str(caught.value) == ("1 problem in the standards:\n  s.yaml:2:12: standards: needs at least one entry")
    assert isinstance(caught.value, ValueError)


def test_the_default_source_is_string() -> None:
    with pytest.raises(StandardsError) as caught:
        loads("version: 1\nstandards: []\n")
    assert caught.value.problems[0].source == "<string>"


# -- (e) hostile and odd input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!include",
    ],
)
def test_a_python_tag_is_a_problem_and_runs_nothing(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'version: 1\nname: {tag} ["touch {marker}"]\nstandards: []\n'
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.code) == (2, 7, "yaml_tag")
    assert problem.hint == "standards files are plain data: remove the tag"
    assert not marker.exists()


def test_a_python_tag_names_the_tag() -> None:
    (problem,) = problems_of('version: 1\nname: !!python/object/apply:os.system ["echo hi"]\n')
    assert problem.message == "the tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["version: 1", f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"standards: *a{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("width", [9, 10])
def test_an_alias_bomb_is_refused_quickly(width: int) -> None:
    text = _alias_bomb(9, width)  # 9**9 = 387 million values once expanded
    start = time.perf_counter()
    (problem,) = problems_of(text)
    elapsed = time.perf_counter() - start
    assert problem.code == "alias_bomb"
    assert problem.message == "aliases expand past 100,000 values"
    # a hang guard, not a timing: expanding 387 million values would take many minutes; cut short it
    # takes well under a second on an idle machine, and a loaded CI machine must not turn that red
    assert elapsed < 20.0


def test_a_few_aliases_are_fine() -> None:
    text = """\
    version: 1
    measures:
      tta: &answer {from: offered_at, to: answered_at}
    standards:
      - id: a
        measure: *answer
        within: 2m
        floor: &floor 90%
      - id: b
        measure: tta
        within: 5m
        floor: *floor
    """
    standards = loads(textwrap.dedent(text))
    assert standards.standards[0].measure == standards.measures["tta"]
    assert standards.standards[1].floor == Percent.parse("90%")


SIX_MB = 6 * 1024 * 1024


def test_a_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * SIX_MB)
    with pytest.raises(StandardsError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert fields(problem) == (
        1,
        1,
        "",
        "file_too_large",
        "the file is 6,291,456 bytes, over the 5,242,880-byte limit",
        "a standards file is small; split it or remove embedded data",
    )
    assert problem.source == str(path)


def test_large_bytes_are_refused() -> None:
    (problem,) = problems_of(b"#" * SIX_MB)
    assert (problem.code, problem.message) == (
        "file_too_large",
        "the file is 6,291,456 bytes, over the 5,242,880-byte limit",
    )


def test_large_text_is_refused() -> None:
    (problem,) = problems_of("#" * SIX_MB)
    assert (problem.code, problem.message) == (
        "file_too_large",
        "the text is over the 5,242,880-byte limit",
    )


def test_deep_nesting_is_refused_where_it_goes_too_deep() -> None:
    # the top-level mapping is level 1, so the 64th bracket (column 4 + 63) is level 65
    (problem,) = problems_of("a: " + "[" * 100 + "]" * 100 + "\n")
    assert fields(problem) == (
        1,
        67,
        "",
        "too_deep",
        "nesting deeper than 64 levels",
        "a standards file is shallow; this looks like generated or hostile input",
    )


@pytest.mark.parametrize(
    "value",
    ["[" * 10_000 + "]" * 10_000, "{a: " * 10_000 + "1" + "}" * 10_000],
    ids=["lists", "mappings"],
)
def test_very_deep_nesting_does_not_exhaust_the_stack(value: str) -> None:
    (problem,) = problems_of(f"a: {value}\n")
    assert problem.code == "too_deep"


def test_an_empty_file() -> None:
    assert reported("") == [
        (1, 1, "", "empty_file", "the file is empty", "start it with version: 1 and a standards: list")
    ]
    assert [p.code for p in problems_of("# only a comment\n")] == ["empty_file"]


def test_a_list_is_not_a_standards_file() -> None:
    assert reported("- version: 1\n- standards: []\n") == [
        (
            1,
            1,
            "",
            "not_mapping",
            "the file must be a mapping of keys to values",
            "start it with version: 1 and a standards: list",
        )
    ]


def test_invalid_utf8_is_located() -> None:
    assert reported(b"version: 1\nname: caf\xe9\n") == [
        (2, 10, "", "encoding", "invalid UTF-8 (byte 0xe9)", "save the file as UTF-8")
    ]
    # columns count characters, not bytes: the two-byte 'š' is one column
    assert reported("version: 1\nname: š".encode() + b"\xff\n") == [
        (2, 8, "", "encoding", "invalid UTF-8 (byte 0xff)", "save the file as UTF-8")
    ]


def test_a_control_character_is_located_and_named() -> None:
    assert reported("version: 1\nname: a\x07\n") == [
        (
            2,
            8,
            "",
            "yaml_character",
            "the file contains a character YAML does not allow",
            "remove the character U+0007",
        )
    ]


def test_a_yaml_syntax_error_is_located() -> None:
    text = """\
    version: 1
    standards:
      - id: a
       measure: x
    """
    (problem,) = problems_of(text)
    assert (problem.line, problem.code) == (4, "yaml_syntax")
    assert problem.message.startswith("not valid YAML: ")
    assert problem.hint == "check the indentation and quoting near here"


def test_duplicate_keys_are_refused() -> None:
    text = """\
    version: 1
    standards:
      - id: a
        measure: {flag: x}
        floor: 90%
        floor: 95%
    """
    assert reported(text) == [
        (
            6,
            5,
            "",
            "duplicate_key",
            "the key 'floor' appears twice in this mapping (first at line 5)",
            "keep one of them",
        )
    ]


def test_two_documents_are_refused() -> None:
    text = """\
    version: 1
    standards: []
    ---
    version: 1
    """
    assert reported(text) == [
        (
            3,
            1,
            "",
            "many_documents",
            "more than one YAML document in the file",
            "keep one document per file: move the part from this --- on to a file of its own",
        )
    ]


def test_a_byte_order_mark_is_ignored() -> None:
    text = "\ufeffversion: 1\nstandards:\n  - {id: a, measure: {flag: x}, floor: 90%}\n"
    assert loads(text).standards[0].id == "a"
    assert loads(text.encode("utf-8")).standards[0].id == "a"


def test_yaml_1_1_words_stay_text() -> None:
    text = """\
    version: 1
    calendars:
      oslo:
        timezone: Europe/Oslo
        hours: {mon-fri: "08:00-16:00"}
        holidays: {country: NO}
    standards:
      - id: a
        where: {switch: on, consent: yes, night: off, legacy: [y, n, No], answered: true}
        measure: {flag: x}
        floor: 90%
    """
    standards = loads(textwrap.dedent(text))
    holidays = standards.calendars["oslo"].holidays
    assert holidays is not None
    assert holidays.country == "NO"
    where = standards.standards[0].where
    assert where is not None
    assert where.columns == {
        "switch": "on",
        "consent": "yes",
        "night": "off",
        "legacy": ("y", "n", "No"),
        "answered": True,  # true and false are booleans
    }


def test_clock_times_stay_text() -> None:
    # YAML 1.1 reads 1:30 as the number 90 (base 60)
    text = """\
    version: 1
    standards:
      - id: a
        where: {slot: 1:30}
        measure: {flag: x}
        floor: 90%
    """
    where = loads(textwrap.dedent(text)).standards[0].where
    assert where is not None
    assert where.columns == {"slot": "1:30"}


# -- (f) round trips -------------------------------------------------------------------------------


def test_the_format_example_round_trips() -> None:
    standards = load(FORMAT_EXAMPLE)
    assert loads(dumps(standards)) == standards


@pytest.mark.skipif(not BUNDLED, reason="no bundled standards yet")
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_bundled_standards_round_trip(path: Path) -> None:
    standards = load(path)
    assert loads(dumps(standards)) == standards


def test_dates_in_where_round_trip_as_dates() -> None:
    text = """\
    version: 1
    standards:
      - id: a
        where: {created_at: {ge: 2026-01-01, lt: 2027-01-01}, reference: "2026-05-01"}
        measure: {flag: x}
        floor: 90%
    """
    standards = loads(textwrap.dedent(text))
    where = standards.standards[0].where
    assert where is not None
    assert where.columns["created_at"].ge == dt.date(2026, 1, 1)
    assert where.columns["reference"] == "2026-05-01"  # quoted: text
    assert loads(dumps(standards)) == standards


def test_date_times_in_where_round_trip_as_yaml_date_times_without_warnings() -> None:
    text = """\
    version: 1
    standards:
      - id: a
        where:
          created_at: {ge: 2026-03-01T08:00:00, lt: 2026-03-02 10:00:00.5+01:00}
          closed_at: [2026-03-01T09:00:00Z, 2026-03-02]
          due_at: {not: 2026-03-03T12:00:00}
        measure: {flag: x}
        floor: 90%
    """
    standards = loads(textwrap.dedent(text))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warned that a datetime was not the date it expected
        written = dumps(standards)
        assert loads(written) == standards
    assert written == (
        "version: 1\n"
        "standards:\n"
        "- id: a\n"
        "  where:\n"
        "    created_at:\n"
        "      ge: 2026-03-01 08:00:00\n"
        "      lt: 2026-03-02 10:00:00.500000+01:00\n"
        "    closed_at:\n"
        "    - 2026-03-01 09:00:00+00:00\n"
        "    - 2026-03-02\n"
        "    due_at:\n"
        "      not: 2026-03-03 12:00:00\n"
        "  measure:\n"
        "    flag: x\n"
        "  floor: 90%\n"
    )


def test_a_pandas_timestamp_in_where_is_written_as_a_yaml_date_time() -> None:
    pd = pytest.importorskip("pandas")
    data = {
        "version": 1,
        "standards": [
            {
                "id": "a",
                "where": {"created_at": {"ge": pd.Timestamp("2026-03-01 08:00", tz="Europe/Ljubljana")}},
                "measure": {"flag": "x"},
                "floor": "90%",
            }
        ],
    }
    standards = StandardSet.model_validate(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = dumps(standards)
    assert "ge: 2026-03-01 08:00:00+01:00\n" in written
    assert loads(written) == standards


def test_text_with_line_separators_round_trips() -> None:
    # U+0085 (NEL, an ellipsis in Windows-1252 read as Latin-1) is a line break to YAML
    text = 'version: 1\nstandards:\n  - {id: a, title: "wait\\N then \\L", measure: {flag: x}, floor: 90%}\n'
    standards = loads(text)
    assert standards.standards[0].title == "wait\x85 then \u2028"
    assert loads(dumps(standards)) == standards


def test_a_set_that_differs_is_not_equal() -> None:
    standards = load(FORMAT_EXAMPLE)
    changed = dumps(standards).replace("within: 2m", "within: 3m")
    assert loads(changed) != standards


slugs = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
durations = st.integers(min_value=1, max_value=30 * 86_400 * 10**9).map(lambda ns: str(Duration(ns)))
fractions = st.integers(min_value=0, max_value=4).flatmap(
    lambda j: st.integers(min_value=0, max_value=10**j).map(lambda k: Fraction(k, 10**j))
)
columns = st.sampled_from(["channel", "priority", "queue", "region", "created_at"])
scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
)


def _percent(fraction: Fraction, as_text: bool) -> Any:
    return str(Percent(fraction)) if as_text else float(fraction)


@st.composite
def floors(draw: st.DrawFn) -> Any:
    as_text = draw(st.booleans())
    if draw(st.booleans()):
        return _percent(draw(fractions), as_text)
    fail, warn = sorted(draw(st.lists(fractions, min_size=2, max_size=2, unique=True)))
    return {"fail": _percent(fail, as_text), "warn": _percent(warn, as_text)}


@st.composite
def share_standards(draw: st.DrawFn, standard_id: str) -> dict[str, Any]:
    standard: dict[str, Any] = {
        "id": standard_id,
        "measure": {"from": "offered_at", "to": "answered_at"},
        "within": draw(durations),
        "floor": draw(floors()),
    }
    if draw(st.booleans()):
        standard["where"] = draw(st.dictionaries(columns, scalars | st.lists(scalars, max_size=3), max_size=3))
    if draw(st.booleans()):
        standard["title"] = draw(st.text(max_size=20))
    if draw(st.booleans()):
        standard["measure"]["abandoned"] = "abandoned_at"
        standard["abandons"] = {
            "count_as": draw(st.sampled_from(["missed", "excluded", "met_if_within", "excluded_if_within"])),
            "ignore_shorter_than": draw(durations),
        }
    return standard


@st.composite
def standard_sets(draw: st.DrawFn) -> StandardSet:
    ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    data = {"version": 1, "standards": [draw(share_standards(i)) for i in ids]}
    return StandardSet.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standard_sets())
def test_any_valid_set_round_trips(standards: StandardSet) -> None:
    assert loads(dumps(standards)) == standards


# -- (g) the model without the loader -----------------------------------------------------------


def test_the_model_alone_runs_the_whole_file_checks() -> None:
    data = {
        "version": 1,
        "standards": [{"id": "a", "measure": "tta", "within": "2m", "floor": "90%"}],
    }
    with pytest.raises(ValidationError) as caught:
        StandardSet.model_validate(data)
    (error,) = caught.value.errors()
    assert error["type"] == "standards_checks"
    assert "standards[0].measure: measure 'tta' is not defined" in str(caught.value)


def test_the_model_alone_accepts_a_valid_set() -> None:
    data = {
        "version": 1,
        "measures": {"tta": {"from": "offered_at", "to": "answered_at"}},
        "standards": [{"id": "a", "measure": "tta", "within": "2m", "floor": "90%"}],
    }
    standards = StandardSet.model_validate(data)
    assert standards.source == "<model>"
    assert loads(dumps(standards)) == standards


def test_load_reads_a_path_given_as_text(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("version: 1\nstandards:\n  - {id: a, measure: {flag: x}, floor: 90%}\n")
    assert load(os.fspath(path)).source == os.fspath(path)
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.yaml")


# -- (h) aliases are counted by what they add; a large plain file loads ---------------------------


def _standards_file(count: int) -> str:
    lines = ["version: 1", "standards:"]
    for i in range(count):
        lines += [
            f"  - id: s{i:05d}",
            "    measure: {from: offered_at, to: answered_at}",
            f"    within: {20 + i % 40}s",
            "    floor: 80%",
        ]
    return "\n".join(lines) + "\n"


def test_a_large_file_without_aliases_loads(tmp_path: Path) -> None:
    # 5,000 standards, about 480 kB; a file ten times as large loads the same way
    path = tmp_path / "many.yaml"
    path.write_text(_standards_file(5_000), encoding="utf-8")
    standards = load(path)
    assert len(standards) == 5_000
    assert standards.get("s04999").within == Duration.parse("59s")  # 20 + 4999 % 40
    assert standards.line_of("s04999") == 3 + 4 * 4_999


def test_more_values_than_the_alias_limit_load_when_written_out() -> None:
    # 120,000 tags, none reached through an alias: the alias limit (100,000) does not apply
    tags = "".join(f"      - t{i}\n" for i in range(120_000))
    text = f"version: 1\nstandards:\n  - id: a\n    measure: {{flag: x}}\n    floor: 90%\n    tags:\n{tags}"
    assert len(loads(text).standards[0].tags) == 120_000


def _aliased_tags(uses: int) -> str:
    # the anchor is a list of 999 tags: 1,000 values (the list and its items) per use
    tags = ", ".join(f"t{i}" for i in range(999))
    lines = ["version: 1", "standards:", f"  - {{id: s0, measure: {{flag: x}}, floor: 90%, tags: &tags [{tags}]}}"]
    lines += [f"  - {{id: s{i}, measure: {{flag: x}}, floor: 90%, tags: *tags}}" for i in range(1, uses + 1)]
    return "\n".join(lines) + "\n"


def test_aliases_may_add_up_to_100_000_values() -> None:
    standards = loads(_aliased_tags(100))  # 100 uses x 1,000 values = 100,000: at the limit
    assert len(standards) == 101
    assert len(standards.get("s100").tags) == 999


def test_aliases_that_add_more_than_100_000_values_are_refused_at_the_alias() -> None:
    (problem,) = problems_of(_aliased_tags(101))  # the 101st use would make 101,000
    assert fields(problem) == (
        104,  # line 3 holds s0, s1 is on line 4, so s101 is on line 104
        54,  # the * of *tags
        "",
        "alias_bomb",
        "aliases expand past 100,000 values",
        "a standards file needs no such expansion; this looks like an alias bomb",
    )


def test_many_small_aliases_are_fine() -> None:
    lines = [
        "version: 1",
        "measures:",
        "  tta: &answer {from: offered_at, to: answered_at}",
        "standards:",
    ]
    lines += [f"  - {{id: s{i}, measure: *answer, within: 2m, floor: &f{i} 90%, tags: [*f{i}]}}" for i in range(3_000)]
    standards = loads("\n".join(lines) + "\n")
    assert len(standards) == 3_000
    assert standards.get("s2999").measure == standards.measures["tta"]
    assert standards.get("s2999").tags == ("90%",)


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert reported("version: 1\nname: &a [x, *a]\n") == [
        (
            2,
            14,
            "",
            "alias_bomb",
            "the alias *a is inside the value it refers to",
            "an alias repeats a value defined before it, never one that contains it",
        )
    ]


def test_aliases_may_not_nest_deeper_than_64_levels() -> None:
    # an anchor 40 levels deep used 30 levels down would reach 70
    deep = "[" * 40 + "]" * 40
    text = f"version: 1\na: &deep {deep}\nb: {'[' * 30}*deep{']' * 30}\n"
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.code, problem.message) == (
        3,
        34,
        "alias_bomb",
        "aliases nest deeper than 64 levels",
    )


def test_an_undefined_alias_names_the_anchor_to_define() -> None:
    assert reported("version: 1\nname: *nowhere\n") == [
        (2, 7, "", "yaml_syntax", "the alias *nowhere is not defined", "define the anchor &nowhere before the alias")
    ]


def test_a_problem_in_an_aliased_value_points_into_the_anchor() -> None:
    text = """\
    version: 1
    measures:
      tta: &answer {from: offered_at, to: answered_at, calendar: ofice}
    standards:
      - id: a
        measure: *answer
        within: 2m
        floor: 90%
    """
    # the same mistake, reached twice: once by its name, once through the alias
    assert [(p.line, p.column, p.path) for p in problems_of(text)] == [
        (3, 62, "measures.tta.calendar"),
        (3, 62, "standards[0].measure.calendar"),
    ]


def test_an_alias_itself_is_located_where_it_is_used() -> None:
    text = """\
    version: 1
    measures:
      tta: {from: offered_at, to: answered_at}
    standards:
      - id: a
        measure: tta
        within: &limit 2m
        floor: 90%
      - id: b
        measure: tta
        within: 5m
        floor: *limit
    """
    (problem,) = problems_of(text)
    assert (problem.line, problem.column, problem.path, problem.code) == (
        12,
        12,
        "standards[1].floor",
        "percent_format",
    )


def test_merge_keys_given_explicitly_win_and_earlier_sources_win() -> None:
    text = """\
    version: 1
    measures:
      base: &base {from: offered_at, to: answered_at}
    calendars:
      a: &a {timezone: Europe/Ljubljana, hours: {mon-fri: "08:00-16:00"}}
      b: &b {timezone: Europe/Zagreb, hours: {sat: "09:00-12:00"}, open: [2026-12-27]}
      c:
        <<: [*a, *b]
        hours: {sun: "10:00-11:00"}
    standards:
      - id: s
        measure:
          <<: *base
          to: closed_at
        within: 2m
        floor: 90%
    """
    standards = loads(textwrap.dedent(text))
    merged = standards.calendars["c"]
    # timezone from a (the earlier source), open from b, hours given explicitly
    assert (merged.timezone, merged.open, merged.hours) == (
        "Europe/Ljubljana",
        (dt.date(2026, 12, 27),),
        {"sun": "10:00-11:00"},
    )
    measure = standards.standards[0].measure
    assert isinstance(measure, svcstandards.DurationMeasure)
    assert (measure.from_, measure.to) == ("offered_at", "closed_at")


def test_a_merged_key_with_a_problem_is_reported_where_it_is_written() -> None:
    text = """\
    version: 1
    standards:
      - &first
        id: a
        measure: {flag: x}
        floor: 90%
      - <<: *first
        id: b
        floor: 95
    """
    assert reported(text) == [
        (
            9,
            12,
            "standards[1].floor",
            "percent_bare_number",
            "a bare number above 1 (95) is not a share",
            "write 95% or 0.95",
        )
    ]


def test_merging_something_other_than_a_mapping_is_refused() -> None:
    assert [(p.line, p.column, p.code) for p in problems_of("version: 1\na: {<<: [1]}\n")] == [(2, 10, "yaml_merge")]
    assert [(p.line, p.column, p.code) for p in problems_of("version: 1\nx: &x [1]\na: {<<: *x}\n")] == [
        (3, 9, "yaml_merge")
    ]


def test_an_alias_may_stand_as_a_key() -> None:
    text = """\
    version: 1
    labels:
      &name channel: {en: channel}
    columns:
      *name : contact_channel
    standards:
      - {id: a, measure: {flag: x}, floor: 90%}
    """
    assert loads(textwrap.dedent(text)).columns == {"channel": "contact_channel"}


def test_the_pure_python_parser_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # without libyaml the same events come from PyYAML's own parser
    import svcstandards.format._yaml

    text = FORMAT_EXAMPLE.read_text(encoding="utf-8")
    with_libyaml = loads(text)
    monkeypatch.setattr(svcstandards.format._yaml, "_LIBYAML", None)
    assert loads(text) == with_libyaml
    assert reported("version: 1\nname: a\x07\n")[0][:4] == (2, 8, "", "yaml_character")


# -- (i) every hint leads to a file that loads ---------------------------------------------------

_OK = "    measure: {from: offered_at, to: answered_at}\n    within: 2m\n    floor: 90%\n"

# (name, file with one mistake, its code, its hint, the file with the hint followed)
HINTS = [
    (
        "bad-date-in-holidays",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, holidays: {dates: [2026-02-30]}}\n'
        "standards:\n  - id: a\n" + _OK,
        "date_invalid",
        "write a real date as YYYY-MM-DD, e.g. 2026-12-24",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, holidays: {dates: [2026-12-24]}}\n'
        "standards:\n  - id: a\n" + _OK,
    ),
    (
        "quoted-bad-date-in-holidays",  # quoting, as the old hint said, only moves the problem
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, open: ["2026-02-30"]}\n'
        "standards:\n  - id: a\n" + _OK,
        "date_invalid",
        "write a real date as YYYY-MM-DD, e.g. 2026-12-24",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, open: ["2026-12-24"]}\n'
        "standards:\n  - id: a\n" + _OK,
    ),
    (
        "date-and-time-in-holidays",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, open: [2026-12-24 10:00:00]}\n'
        "standards:\n  - id: a\n" + _OK,
        "date_from_datetime_inexact",
        "write the date alone, e.g. 2026-12-24",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, open: [2026-12-24]}\nstandards:\n  - id: a\n' + _OK,
    ),
    (
        "bad-date-in-where",
        "version: 1\nstandards:\n  - id: a\n    where: {created_at: {ge: 2026-02-30T08:00:00}}\n" + _OK,
        "yaml_value",
        "correct the date, or quote it to keep it as text",
        "version: 1\nstandards:\n  - id: a\n    where: {created_at: {ge: '2026-02-30T08:00:00'}}\n" + _OK,
    ),
    (
        "tab",
        "version: 1\nstandards:\n  - id: a\n\tmeasure: x\n",
        "yaml_tab",
        "use spaces, not tabs, to indent YAML",
        "version: 1\nmeasures:\n  x: {flag: f}\nstandards:\n  - id: a\n    measure: x\n    floor: 90%\n",
    ),
    (
        "colon-in-text",
        "version: 1\nstandards:\n  - id: a\n    title: Calls: answered\n" + _OK,
        "yaml_syntax",
        'text with ": " in it needs quotes, e.g. title: "Calls: answered"; else check the indentation',
        'version: 1\nstandards:\n  - id: a\n    title: "Calls: answered"\n' + _OK,
    ),
    (
        "two-documents",
        "version: 1\nstandards:\n  - id: a\n" + _OK + "---\nversion: 1\n",
        "many_documents",
        "keep one document per file: move the part from this --- on to a file of its own",
        "version: 1\nstandards:\n  - id: a\n" + _OK,
    ),
    (
        "floor-above-100",
        "version: 1\nstandards:\n  - id: a\n    measure: {flag: x}\n    floor: 150\n",
        "percent_bare_number",
        "a share is between 0% and 100%: write e.g. 90% or 0.9",
        "version: 1\nstandards:\n  - id: a\n    measure: {flag: x}\n    floor: 90%\n",
    ),
    (
        "huge-bare-number",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    within: 99999999999999999999\n"
        "    floor: 90%\n",
        "duration_unit_missing",
        "durations go up to 36525d (100 years); check the number",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    within: 36525d\n    floor: 90%\n",
    ),
    (
        "bare-number-finer-than-a-nanosecond",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    within: 0.0000000004\n    floor: 90%\n",
        "duration_unit_missing",
        "write 0s",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    within: 0s\n    floor: 90%\n",
    ),
    (
        "huge-duration",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    within: 99999999999999999999w\n"
        "    floor: 90%\n",
        "duration_range",
        "durations go up to 36525d (100 years); check the number",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    within: 36525d\n    floor: 90%\n",
    ),
    (
        "negative-bare-number-on-a-duration-measure",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    at_least: -5\n    floor: 90%\n",
        "duration_unit_missing",
        "a duration cannot be negative: write e.g. 90s",
        "version: 1\nstandards:\n  - id: a\n    measure: {from: a, to: b}\n    at_least: 90s\n    floor: 90%\n",
    ),
    (
        "condition-missing-on-a-value-measure",
        "version: 1\nstandards:\n  - id: a\n    measure: {column: csat}\n    floor: 90%\n",
        "condition_missing",
        "add at_most: 4 or at_least: 4, or targets",
        "version: 1\nstandards:\n  - id: a\n    measure: {column: csat}\n    at_least: 4\n    floor: 90%\n",
    ),
    (
        "target-without-condition-on-a-value-measure",
        "version: 1\nstandards:\n  - id: a\n    measure: {column: csat}\n    targets: [{}]\n    floor: 90%\n",
        "condition_missing",
        "e.g. {at_most: 4}",
        "version: 1\nstandards:\n  - id: a\n    measure: {column: csat}\n    targets: [{at_most: 4}]\n    floor: 90%\n",
    ),
    (
        "nps-without-bound",
        "version: 1\nstandards:\n  - id: a\n    measure: {column: recommend}\n    nps: {warn: 40}\n",
        "statistic_bound",
        "e.g. nps: {at_least: 30}",
        "version: 1\nstandards:\n  - id: a\n    measure: {column: recommend}\n    nps: {at_least: 30}\n",
    ),
    (
        "warn-on-a-floor-of-100",
        "version: 1\nstandards:\n  - id: a\n    measure: {flag: x}\n    floor: {fail: 100%, warn: 100%}\n",
        "tier_side",
        "a floor of 100% leaves no higher level to warn at: remove warn, or lower the floor",
        "version: 1\nstandards:\n  - id: a\n    measure: {flag: x}\n    floor: {fail: 100%}\n",
    ),
    (
        "warn-on-a-ceiling-of-0",
        "version: 1\nstandards:\n  - id: a\n    measure: {flag: x}\n    ceiling: {fail: 0%, warn: 0%}\n",
        "tier_side",
        "a ceiling of 0% leaves no lower level to warn at: remove warn, or raise the ceiling",
        "version: 1\nstandards:\n  - id: a\n    measure: {flag: x}\n    ceiling: {fail: 0%}\n",
    ),
    (
        "subdivision-without-country",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, holidays: {subdivision: CA}}\n'
        "standards:\n  - id: a\n" + _OK,
        "holidays_subdivision",
        "add the country of the subdivision, e.g. country: US",
        'version: 1\ncalendars:\n  o: {hours: {mon: "09:00-17:00"}, holidays: {country: US, subdivision: CA}}\n'
        "standards:\n  - id: a\n" + _OK,
    ),
]


@pytest.mark.parametrize(("text", "code", "hint", "fixed"), [h[1:] for h in HINTS], ids=[h[0] for h in HINTS])
def test_following_the_hint_gives_a_file_that_loads(text: str, code: str, hint: str, fixed: str) -> None:
    if code == "holidays_subdivision":
        pytest.importorskip("holidays")
    (problem,) = problems_of(text)
    assert (problem.code, problem.hint) == (code, hint)
    assert loads(fixed).standards


def test_a_date_that_is_not_a_date_says_why() -> None:
    text = """\
    version: 1
    calendars:
      office:
        hours: {mon-fri: "09:00-17:00"}
        holidays: {dates: [2026-02-29, 2026-04-31, 2026-13-01]}
        open: [2026-12-24 25:00:00]
    standards:
      - id: a
        where: {day: 2026-00-10}
        measure: {flag: x}
        floor: 90%
    """
    assert [(p.line, p.column, p.path, p.code, p.message) for p in problems_of(text)] == [
        (
            5,
            24,
            "calendars.office.holidays.dates[0]",
            "date_invalid",
            "'2026-02-29' is not a date: February 2026 has 28 days",
        ),
        (
            5,
            36,
            "calendars.office.holidays.dates[1]",
            "date_invalid",
            "'2026-04-31' is not a date: April 2026 has 30 days",
        ),
        (
            5,
            48,
            "calendars.office.holidays.dates[2]",
            "date_invalid",
            "'2026-13-01' is not a date: there is no month 13",
        ),
        (6, 12, "calendars.office.open[0]", "date_invalid", "'2026-12-24 25:00:00' is not a date: there is no hour 25"),
        (
            9,
            18,
            "standards[0].where.day",
            "yaml_value",
            "'2026-00-10' looks like a date but is not one: there is no month 0",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "message", "hint"),
    [
        # a tab starting a line, after spaces, and deeper in
        ("version: 1\nstandards:\n\t- id: a\n", 3, 1, "in the indentation", "use spaces, not tabs, to indent YAML"),
        (
            "version: 1\nstandards:\n  - id: a\n  \t  measure: x\n",
            4,
            3,
            "in the indentation",
            "use spaces, not tabs, to indent YAML",
        ),
        (
            "version: 1\nstandards:\n  - id: a\n    measure:\n\t  flag: x\n",
            5,
            1,
            "in the indentation",
            "use spaces, not tabs, to indent YAML",
        ),
    ],
)
def test_a_tab_in_the_indentation_is_named(text: str, line: int, column: int, message: str, hint: str) -> None:
    assert reported(text) == [(line, column, "", "yaml_tab", f"a tab character {message}", hint)]


def test_a_tab_between_a_key_and_its_value_is_fine() -> None:
    text = "version: 1\nname:\tcalls\nstandards:\n  - {id: a, measure: {flag: x}, floor: 90%}\n"
    assert loads(text).name == "calls"


# -- (j) type errors do not hide the whole-file checks ----------------------------------------------


def test_a_file_with_type_errors_still_reports_its_labels_calendars_and_event_log() -> None:
    text = """\
    version: 1
    calendars:
      office:
        hours: {mon-fri: "08:00-16:00", mon: "15:00-17:00"}
        holidays: {dates: [2026-13-45]}
    events:
      id: ticket
      time: at
      type: kind
      statuses: [open, closed]
      paused_statuses: [waiting]
      created: 5
    labels:
      channel: {en: channel, xx: kanal}
    standards:
      - id: a
        measure: {from: customer_reply, to: agent_reply}
        unit: reply
        within: 2m
        floor: 90
    """
    # line 5 and 12 and 20 are type errors; lines 4, 11 and 14 are whole-file checks,
    # run on the valid keys of the calendar and event log; the event log's presence
    # keeps 'reply cycles need an event log' away from standards[0]
    assert [(p.line, p.column, p.path, p.code) for p in problems_of(text)] == [
        (4, 37, "calendars.office.hours.mon", "hours_overlap"),
        (5, 24, "calendars.office.holidays.dates[0]", "date_invalid"),
        (11, 20, "events.paused_statuses", "status_unknown"),
        (12, 12, "events.created", "string_type"),
        (14, 26, "labels.channel.xx", "label_language"),
        (20, 12, "standards[0].floor", "percent_bare_number"),
    ]


def test_reply_cycles_without_an_events_section_are_reported_beside_type_errors() -> None:
    text = """\
    version: 1
    name: [not, text]
    standards:
      - id: a
        measure: {from: customer_reply, to: agent_reply}
        unit: reply
        within: 2m
        floor: 90%
    """
    assert [(p.line, p.path, p.code) for p in problems_of(text)] == [
        (2, "name", "string_type"),
        (6, "standards[0].unit", "reply_needs_events"),
    ]


# -- (k) warnings: what loads but cannot be meant ---------------------------------------------------


def warnings_of_text(text: str) -> list[Expected]:
    standards = loads(textwrap.dedent(text), source="s.yaml")
    assert all(w.severity == "warning" and w.source == "s.yaml" for w in standards.warnings)
    return [fields(w) for w in standards.warnings]


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (
            "ceiling: 1",
            [
                (
                    5,
                    14,
                    "standards[0].ceiling",
                    "never_fails",
                    "ceiling 100% admits every share: this standard can never fail",
                    "a ceiling is the largest share allowed, e.g. ceiling: 5%",
                )
            ],
        ),
        (
            "ceiling: 100%",
            [
                (
                    5,
                    14,
                    "standards[0].ceiling",
                    "never_fails",
                    "ceiling 100% admits every share: this standard can never fail",
                    "a ceiling is the largest share allowed, e.g. ceiling: 5%",
                )
            ],
        ),
        (
            "floor: 0",
            [
                (
                    5,
                    12,
                    "standards[0].floor",
                    "never_fails",
                    "floor 0% admits every share: this standard can never fail",
                    "a floor is the share that must at least be met, e.g. floor: 90%",
                )
            ],
        ),
        (
            "floor: {fail: 0%, warn: 50%}",
            [
                (
                    5,
                    12,
                    "standards[0].floor",
                    "never_fails",
                    "floor 0% admits every share: this standard can never fail",
                    "a floor is the share that must at least be met, e.g. floor: 90%",
                )
            ],
        ),
        (
            "floor: 0%\n        ceiling: 100%",
            [
                (
                    5,
                    12,
                    "standards[0].floor",
                    "never_fails",
                    "floor 0% and ceiling 100% admit every share: this standard can never fail",
                    "raise the floor (e.g. floor: 90%) or lower the ceiling (e.g. ceiling: 5%)",
                )
            ],
        ),
        (
            "floor: 0%\n        ceiling: 5%",
            [
                (
                    5,
                    12,
                    "standards[0].floor",
                    "limit_no_effect",
                    "floor 0% admits every share: only the ceiling can fail",
                    "remove the floor, or raise it (e.g. floor: 90%)",
                )
            ],
        ),
        (
            "floor: 80%\n        ceiling: 100%",
            [
                (
                    6,
                    14,
                    "standards[0].ceiling",
                    "limit_no_effect",
                    "ceiling 100% admits every share: only the floor can fail",
                    "remove the ceiling, or lower it (e.g. ceiling: 5%)",
                )
            ],
        ),
        ("floor: 0.1%\n        ceiling: 99.9%", []),
    ],
    ids=[
        "ceiling-1",
        "ceiling-100%",
        "floor-0",
        "floor-0-with-warn",
        "band-of-everything",
        "floor-0-and-ceiling",
        "floor-and-ceiling-100",
        "near-but-not-at",
    ],
)
def test_a_limit_that_admits_every_share_is_a_warning(limits: str, expected: list[Expected]) -> None:
    text = f"""\
    version: 1
    standards:
      - id: a
        measure: {{flag: answered_first_time}}
        {limits}
    """
    assert warnings_of_text(text) == expected


def test_an_nps_that_can_never_fail_is_a_warning() -> None:
    text = """\
    version: 1
    standards:
      - id: a
        measure: {column: recommend}
        nps: {at_least: -100}
    """
    assert warnings_of_text(text) == [
        (
            5,
            21,  # the - of -100
            "standards[0].nps.at_least",
            "never_fails",
            "NPS is never below -100: this standard can never fail",
            "write the NPS you accept, e.g. at_least: 30",
        )
    ]


def test_warnings_do_not_stop_a_file_and_come_with_its_errors() -> None:
    text = """\
    version: 1
    standards:
      - id: a
        measure: {flag: x}
        ceiling: 100%
      - id: b
        measure: {flag: x}
        floor: 90
    """
    with pytest.raises(StandardsError) as caught:
        loads(textwrap.dedent(text), source="s.yaml")
    assert [p.code for p in caught.value.problems] == ["percent_bare_number"]
    assert [(w.line, w.code, w.severity) for w in caught.value.warnings] == [(5, "never_fails", "warning")]
    # the error's message lists the errors only
    assert str(caught.value).startswith("1 problem in the standards:\n  s.yaml:8:12: standards[1].floor")


def test_a_warning_reads_file_line_column_warning_path_message() -> None:
    text = "version: 1\nstandards:\n  - {id: a, measure: {flag: x}, ceiling: 1}\n"
    (warning,) = loads(text, source="s.yaml").warnings
    assert str(warning) == (
        "s.yaml:3:42: warning: standards[0].ceiling: ceiling 100% admits every share: this standard can never fail"
        " (a ceiling is the largest share allowed, e.g. ceiling: 5%)"
    )


def test_a_set_built_in_python_keeps_its_warnings_without_positions() -> None:
    data = {"version": 1, "standards": [{"id": "a", "measure": {"flag": "x"}, "floor": 0}]}
    (warning,) = StandardSet.model_validate(data).warnings
    assert (warning.source, warning.line, warning.column, warning.path, warning.code) == (
        "<model>",
        0,
        0,
        "standards[0].floor",
        "never_fails",
    )
    assert [i.code for i in svcstandards.format.checks.warnings_of(StandardSet.model_validate(data))] == ["never_fails"]
    assert loads(dumps(StandardSet.model_validate(data))).warnings[0].code == "never_fails"


def test_a_valid_file_has_no_warnings() -> None:
    assert loads(FORMAT_EXAMPLE.read_text(encoding="utf-8")).warnings == ()


@pytest.mark.parametrize(
    ("key", "value", "path"),
    [
        ("within", "99999999999999999999w", "standards[0].within"),
        ("within", "5218w", "standards[0].within"),  # 100 years and a few days
        ("at_most", "P40000D", "standards[0].at_most"),
        ("targets", "[{within: 1000000d}]", "standards[0].targets[0].within"),
        ("p90", "{at_most: 999999999w}", "standards[0].p90.at_most"),
    ],
)
def test_a_duration_over_100_years_is_an_error(key: str, value: str, path: str) -> None:
    text = f"version: 1\nstandards:\n  - id: a\n    measure: {{from: a, to: b}}\n    {key}: {value}\n"
    if not key.startswith("p"):
        text += "    floor: 90%\n"
    (problem,) = problems_of(text)
    assert (problem.path, problem.code, problem.hint) == (
        path,
        "duration_range",
        "durations go up to 36525d (100 years); check the number",
    )
    assert problem.message.endswith("is longer than 100 years")


def test_100_years_is_the_longest_duration() -> None:
    text = "version: 1\nstandards:\n  - {id: a, measure: {from: a, to: b}, within: 36525d, floor: 90%}\n"
    assert loads(text).standards[0].within == Duration.parse("36525d")


def test_the_examples_in_the_loader_and_checks_run() -> None:
    import doctest

    import svcstandards.format.checks
    import svcstandards.format.loader

    for module in (svcstandards.format.loader, svcstandards.format.checks):
        result = doctest.testmod(module)
        assert (result.attempted > 0, result.failed) == (True, 0), module.__name__


def test_a_control_character_after_accented_letters_is_located_by_characters() -> None:
    # libyaml counts bytes; the column counts characters: 'šš' are two columns, four bytes
    assert reported("version: 1\nname: šš\x07\n")[0][:4] == (2, 9, "", "yaml_character")


def test_text_with_a_lone_surrogate_is_a_character_problem() -> None:
    assert reported("version: 1\nname: a\ud800\n") == [
        (2, 8, "", "yaml_character", "the file contains a character YAML does not allow", "remove the character U+D800")
    ]


def test_a_selection_keeps_the_warnings_of_its_standards() -> None:
    text = """\
    version: 1
    standards:
      - {id: a, measure: {flag: x}, ceiling: 100%}
      - {id: b, measure: {flag: x}, floor: 0%}
      - {id: c, measure: {flag: x}, floor: 90%}
    """
    standards = loads(textwrap.dedent(text))
    assert [w.path for w in standards.warnings] == ["standards[0].ceiling", "standards[1].floor"]
    assert [w.path for w in standards.select("b", "c").warnings] == ["standards[1].floor"]  # where it is in the file
    assert standards.select("c").warnings == ()
