"""Checks that need more than one key of a standards file, run on the models without the loader.

Sets are built with ``context={"skip_checks": True}`` so the model does not
run these checks itself; each test then calls the check functions directly
and reads the issues: path, code, whether they point at the key, severity.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from svcstandards.format.checks import (
    MAX_DURATION,
    Issue,
    column_issues,
    column_references,
    dotted,
    file_issues,
    issues_of_parts,
    label_issues,
    supported_holiday_countries,
    warnings_of,
)
from svcstandards.model import StandardSet
from svcstandards.units import Duration

TTA = {"from": "offered_at", "to": "answered_at"}


def unchecked(**data: Any) -> StandardSet:
    return StandardSet.model_validate({"version": 1, **data}, context={"skip_checks": True})


def share(**keys: Any) -> dict[str, Any]:
    """A valid share standard on a duration; ``key=None`` removes a key."""
    standard = {"id": "a", "measure": TTA, "within": "20s", "floor": "80%", **keys}
    return {k: v for k, v in standard.items() if v is not None}


def found(**data: Any) -> list[tuple[str, str, bool, str]]:
    return [(i.dotted_path, i.code, i.at_key, i.severity) for i in file_issues(unchecked(**data))]


# -- Issue and paths ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("standards", 2, "within"), "standards[2].within"),
        (("measures", "tta", "pause", "from"), "measures.tta.pause.from"),
        (("labels", "x-y_z", "sl"), "labels.x-y_z.sl"),
        (("standards", 0, "where", "a.b"), 'standards[0].where["a.b"]'),  # not a plain name: quoted
        (("standards", 0, "where", "call start"), 'standards[0].where["call start"]'),
        (("standards", 0, "where", ""), 'standards[0].where[""]'),
        ((0, "a"), "[0].a"),
        (("čas",), "čas"),
        ((), ""),
    ],
)
def test_dotted_paths(path: tuple[str | int, ...], expected: str) -> None:
    assert dotted(path) == expected


def test_an_issue_is_an_error_at_its_value_by_default() -> None:
    issue = Issue(("standards", 0, "floor"), "message")
    assert (issue.hint, issue.code, issue.at_key, issue.severity) == ("", "invalid", False, "error")
    assert issue.dotted_path == "standards[0].floor"
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.code = "other"  # type: ignore[misc]


def test_the_longest_duration_is_100_years_of_365_25_days() -> None:
    assert Duration.parse("36525d") == MAX_DURATION
    assert MAX_DURATION.nanoseconds == 36_525 * 86_400 * 10**9


def test_a_valid_set_has_no_issues() -> None:
    assert file_issues(unchecked(standards=[share()])) == []


# -- one case per check -------------------------------------------------------------------------------------

CASES = [
    # names
    pytest.param(
        {"standards": [share(), share()]},
        [("standards[1].id", "id_duplicate", False, "error")],
        id="id_duplicate",
    ),
    pytest.param(
        {"measures": {"tta": TTA}, "standards": [share(measure="ttb")]},
        [("standards[0].measure", "undefined_measure", False, "error")],
        id="undefined_measure",
    ),
    pytest.param(
        {"standards": [share(measure={**TTA, "calendar": "office"})]},
        [("standards[0].measure.calendar", "undefined_calendar", False, "error")],
        id="undefined_calendar-inline",
    ),
    pytest.param(
        {
            "measures": {"tta": {**TTA, "calendar": "office"}},
            "standards": [share(measure="tta"), share(id="b", measure="tta")],
        },
        [("measures.tta.calendar", "undefined_calendar", False, "error")],  # once, where the measure is defined
        id="undefined_calendar-named",
    ),
    pytest.param(
        {"standards": [share(where={"any": [{"offered_at": {"during": "office"}}]})]},
        [("standards[0].where.any[0].offered_at.during", "undefined_calendar", False, "error")],
        id="undefined_calendar-during",
    ),
    # calendars
    pytest.param(
        {"calendars": {"office": {"hours": {}}}, "standards": [share()]},
        [("calendars.office.hours", "hours_empty", False, "error")],
        id="hours_empty",
    ),
    pytest.param(
        {"calendars": {"office": {"hours": {"mon-fri": "08:00-16:00", "fri": "15:00-18:00"}}}, "standards": [share()]},
        [("calendars.office.hours.fri", "hours_overlap", True, "error")],
        id="hours_overlap",
    ),
    pytest.param(
        {
            "calendars": {"office": {"hours": {"mon": "08:00-16:00"}, "holidays": {"subdivision": "CA"}}},
            "standards": [share()],
        },
        [("calendars.office.holidays.subdivision", "holidays_subdivision", False, "error")],
        id="holidays_subdivision-no-country",
    ),
    # event logs
    pytest.param(
        {
            "events": {
                "id": "i",
                "time": "t",
                "type": "e",
                "statuses": ["open", "solved"],
                "paused_statuses": ["hold"],
            },
            "standards": [share()],
        },
        [("events.paused_statuses", "status_unknown", False, "error")],
        id="status_unknown",
    ),
    pytest.param(
        {"standards": [share(unit="reply")]},
        [("standards[0].unit", "reply_needs_events", False, "error")],
        id="reply_needs_events",
    ),
    pytest.param(
        {
            "events": {"id": "i", "time": "t", "type": "e"},
            "standards": [share(unit="reply", measure={"column": "x"}, within=None, at_most=4)],
        },
        [("standards[0].unit", "reply_measure", False, "error")],
        id="reply_measure",
    ),
    # where
    pytest.param(
        {"standards": [share(where={"channel": {}})]},
        [("standards[0].where.channel", "where_empty", False, "error")],
        id="where_empty",
    ),
    # conditions of share standards
    pytest.param(
        {"standards": [share(measure={"flag": "x"})]},
        [("standards[0].within", "flag_condition", True, "error")],
        id="flag_condition",
    ),
    pytest.param(
        {"standards": [share(within=None)]},
        [("standards[0]", "condition_missing", False, "error")],
        id="condition_missing",
    ),
    pytest.param(
        {"standards": [share(at_most="30s")]},
        [("standards[0].at_most", "condition_twice", True, "error")],
        id="condition_twice",
    ),
    pytest.param(
        {"standards": [share(measure={"column": "csat"}, within=None, at_least=5, at_most=4)]},
        [("standards[0].at_least", "band_empty", False, "error")],
        id="band_empty-condition",
    ),
    pytest.param(
        {"standards": [share(measure={"column": "csat"})]},
        [("standards[0].within", "within_measure", True, "error")],
        id="within_measure",
    ),
    pytest.param(
        {"standards": [share(within=None, at_most=60)]},
        [("standards[0].at_most", "duration_unit_missing", False, "error")],
        id="duration_unit_missing",
    ),
    pytest.param(
        {"standards": [share(within="36526d")]},
        [("standards[0].within", "duration_range", False, "error")],
        id="duration_range",
    ),
    pytest.param(
        {"standards": [share(measure={"repeat_contact": {"customer": "c", "within": "36526d"}}, within=None)]},
        [("standards[0].measure.repeat_contact.within", "duration_range", False, "error")],
        id="duration_range-repeat_contact",
    ),
    # targets
    pytest.param(
        {"standards": [share(within=None, targets=[])]},
        [("standards[0].targets", "targets_empty", False, "error")],
        id="targets_empty",
    ),
    pytest.param(
        {"standards": [share(targets=[{"within": "1h"}])]},
        [("standards[0].within", "targets_and_condition", True, "error")],
        id="targets_and_condition",
    ),
    pytest.param(
        {"standards": [share(within=None, targets=[{"within": "1h"}, {"where": {"p": "high"}, "within": "4h"}])]},
        [("standards[0].targets[0]", "target_unreachable", False, "error")],
        id="target_unreachable",
    ),
    pytest.param(
        {"standards": [share(within=None, targets=[{"where": {"p": {}}}])]},
        [
            ("standards[0].targets[0].where.p", "where_empty", False, "error"),
            ("standards[0].targets[0]", "condition_missing", False, "error"),
        ],
        id="target-where_empty-condition_missing",
    ),
    # floors and ceilings
    pytest.param(
        {"standards": [share(floor=None)]},
        [("standards[0]", "limit_missing", False, "error")],
        id="limit_missing",
    ),
    pytest.param(
        {"standards": [share(floor="90%", ceiling="5%")]},
        [("standards[0].ceiling", "band_empty", False, "error")],
        id="band_empty-limits",
    ),
    pytest.param(
        {"standards": [share(floor={"fail": "90%", "warn": "90%"})]},
        [("standards[0].floor.warn", "tier_side", False, "error")],
        id="tier_side-floor",
    ),
    pytest.param(
        {"standards": [share(floor=None, ceiling={"fail": "5%", "warn": "10%"})]},
        [("standards[0].ceiling.warn", "tier_side", False, "error")],
        id="tier_side-ceiling",
    ),
    pytest.param(
        {"standards": [share(floor="0%")]},
        [("standards[0].floor", "never_fails", False, "warning")],
        id="never_fails-floor",
    ),
    pytest.param(
        {"standards": [share(floor=None, ceiling="100%")]},
        [("standards[0].ceiling", "never_fails", False, "warning")],
        id="never_fails-ceiling",
    ),
    pytest.param(
        {"standards": [share(floor="0%", ceiling="100%")]},
        [("standards[0].floor", "never_fails", False, "warning")],
        id="never_fails-both",
    ),
    pytest.param(
        {"standards": [share(floor="0%", ceiling="10%")]},
        [("standards[0].floor", "limit_no_effect", False, "warning")],
        id="limit_no_effect",
    ),
    pytest.param(
        {"standards": [share(abandons={"count_as": "excluded"})]},
        [("standards[0].abandons", "abandons_column", True, "error")],
        id="abandons_column",
    ),
    pytest.param(
        {"standards": [share(measure={**TTA, "abandoned": "ab"}, abandons={"ignore_shorter_than": "36526d"})]},
        [("standards[0].abandons.ignore_shorter_than", "duration_range", False, "error")],
        id="duration_range-abandons",
    ),
    # periods
    pytest.param(
        {"standards": [share(measure={"flag": "x"}, within=None, period="day")]},
        [("standards[0].period", "period_time", False, "error")],
        id="period_time",
    ),
    # statistics
    pytest.param(
        {"standards": [{"id": "a", "measure": TTA, "p90": {}}]},
        [("standards[0].p90", "statistic_bound", False, "error")],
        id="statistic_bound",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": TTA, "mean": {"at_most": "30s"}, "p90": {"at_most": "1m"}}]},
        [("standards[0].p90", "statistic_twice", True, "error")],
        id="statistic_twice",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": {"flag": "x"}, "mean": {"at_most": 1}}]},
        [("standards[0].measure", "statistic_flag", False, "error")],
        id="statistic_flag",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": TTA, "p0": {"at_most": "1m"}}]},
        [("standards[0].p0", "percentile_range", True, "error")],
        id="percentile_range",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": TTA, "median": {"at_most": "1m", "warn": "2m"}}]},
        [("standards[0].median.warn", "tier_side", False, "error")],
        id="tier_side-statistic",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": TTA, "median": {"at_most": 60}}]},
        [("standards[0].median.at_most", "duration_unit_missing", False, "error")],
        id="duration_unit_missing-statistic",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": {"column": "nps"}, "nps": {"at_least": 101}}]},
        [("standards[0].nps.at_least", "nps_range", False, "error")],
        id="nps_range",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": TTA, "nps": {"at_least": 30}}]},
        [("standards[0].nps", "nps_measure", True, "error")],
        id="nps_measure",
    ),
    pytest.param(
        {"standards": [{"id": "a", "measure": {"column": "nps"}, "nps": {"at_least": -100}}]},
        [("standards[0].nps.at_least", "never_fails", False, "warning")],
        id="never_fails-nps",
    ),
    # labels
    pytest.param(
        {"labels": {"channel": {"xx": "c"}}, "standards": [share()]},
        [("labels.channel.xx", "label_language", True, "error")],
        id="label_language",
    ),
]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_each_check(data: dict[str, Any], expected: list[tuple[str, str, bool, str]]) -> None:
    assert found(**data) == expected


def test_every_problem_of_a_set_is_found_in_one_pass() -> None:
    data = {
        "standards": [
            share(measure="tta"),
            share(floor={"fail": "90%", "warn": "80%"}),  # also a second 'a'
            {"id": "c", "measure": {"column": "csat"}, "p90": {"at_most": 4}, "mean": {"at_most": 3}},
        ]
    }
    assert sorted(found(**data)) == [
        ("standards[0].measure", "undefined_measure", False, "error"),
        ("standards[1].floor.warn", "tier_side", False, "error"),
        ("standards[1].id", "id_duplicate", False, "error"),
        ("standards[2].p90", "statistic_twice", True, "error"),
    ]


@pytest.mark.parametrize(
    ("floor", "hint"),
    [
        # the suggested warn level is halfway to 100%: (90% + 100%) / 2
        ({"fail": "90%", "warn": "80%"}, "fail below 90%, warn below a higher level such as 95%"),
        ({"fail": "99.9%", "warn": "99%"}, "fail below 99.9%, warn below a higher level such as 100%"),
        (
            {"fail": "100%", "warn": "90%"},
            "a floor of 100% leaves no higher level to warn at: remove warn, or lower the floor",
        ),
    ],
)
def test_a_floor_warn_hint_suggests_a_level_that_works(floor: dict[str, str], hint: str) -> None:
    (issue,) = file_issues(unchecked(standards=[share(floor=floor)]))
    assert (issue.code, issue.hint) == ("tier_side", hint)


@pytest.mark.parametrize(
    ("ceiling", "hint"),
    [
        ({"fail": "10%", "warn": "20%"}, "fail above 10%, warn above a lower level such as 5%"),
        (
            {"fail": "0%", "warn": "1%"},
            "a ceiling of 0% leaves no lower level to warn at: remove warn, or raise the ceiling",
        ),
    ],
)
def test_a_ceiling_warn_hint_suggests_a_level_that_works(ceiling: dict[str, str], hint: str) -> None:
    (issue,) = file_issues(unchecked(standards=[share(floor=None, ceiling=ceiling)]))
    assert (issue.code, issue.hint) == ("tier_side", hint)


def test_an_undefined_name_hints_at_the_names_there_are() -> None:
    measures = {"tta": TTA, "aht": {"from": "answered_at", "to": "ended_at"}}
    close, far = file_issues(unchecked(measures=measures, standards=[share(measure="ttb"), share(id="b", measure="x")]))
    assert (close.message, close.hint) == ("measure 'ttb' is not defined", "did you mean 'tta'?")
    assert (far.message, far.hint) == ("measure 'x' is not defined", "define it under measures: (defined: aht, tta)")


@pytest.mark.parametrize("operator", ["not", "gt", "during"])
def test_an_operator_without_a_value_is_an_empty_matcher(operator: str) -> None:
    # at the operator's key: its value is blank, and other operators of the matcher may be fine
    assert found(standards=[share(where={"channel": {operator: None}})]) == [
        (f"standards[0].where.channel.{operator}", "where_empty", True, "error")
    ]


def test_each_operator_without_a_value_is_reported_next_to_those_with_one() -> None:
    where = {"p": {"gt": 1, "lt": None}, "any": [{"q": {"not": None, "present": None}}]}
    assert [(i.dotted_path, i.message, i.hint) for i in file_issues(unchecked(standards=[share(where=where)]))] == [
        (
            "standards[0].where.p.lt",
            "the operator lt: has no value; it would match every row",
            "give the value to compare with, e.g. lt: 5 or lt: 2026-03-01; or remove lt:",
        ),
        (
            "standards[0].where.any[0].q.not",
            "the operator not: has no value; it would match every row",
            "give the value to leave out, e.g. not: phone; or write present: true for rows that have a value",
        ),
        (
            "standards[0].where.any[0].q.present",
            "the operator present: has no value; it would match every row",
            "write present: true for rows that have a value, present: false for blank ones",
        ),
    ]


# -- holidays --------------------------------------------------------------------------------------------------


def test_holiday_countries_and_subdivisions() -> None:
    pytest.importorskip("holidays")
    supported = supported_holiday_countries()
    assert "SI" in supported
    assert "CA" in supported["US"]


@pytest.mark.parametrize(
    ("holidays", "expected"),
    [
        ({"country": "XX"}, [("calendars.office.holidays.country", "holidays_country")]),
        ({"country": "US", "subdivision": "ZZ"}, [("calendars.office.holidays.subdivision", "holidays_subdivision")]),
        ({"country": "US", "subdivision": "CA"}, []),
    ],
)
def test_holiday_countries_are_checked_against_the_holidays_package(
    holidays: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    pytest.importorskip("holidays")
    calendars = {"office": {"hours": {"mon-fri": "09:00-17:00"}, "holidays": holidays}}
    issues = file_issues(unchecked(calendars=calendars, standards=[share()]))
    assert [(i.dotted_path, i.code) for i in issues] == expected


# -- issues_of_parts: the parts of a file that validated ----------------------------------------------------------


def test_ids_and_measure_names_of_standards_that_did_not_validate_are_checked_too() -> None:
    issues = issues_of_parts(
        measures={},
        measure_names=["tta"],
        calendars={},
        calendar_names=[],
        standards=[],
        file_time=None,
        ids=[(0, "a"), (1, "b"), (2, "a")],
        measure_refs=[(0, "tta"), (2, "ttb")],
    )
    assert [(i.dotted_path, i.code, i.message) for i in issues] == [
        ("standards[2].id", "id_duplicate", "id 'a' is already used by standards[0]"),
        ("standards[2].measure", "undefined_measure", "measure 'ttb' is not defined"),
    ]


def test_an_events_section_that_did_not_validate_still_counts_as_present() -> None:
    standard = unchecked(events={"id": "i", "time": "t", "type": "e"}, standards=[share(unit="reply")]).standards[0]
    parts: dict[str, Any] = {
        "measures": {},
        "measure_names": [],
        "calendars": {},
        "calendar_names": [],
        "standards": [(0, standard)],
        "file_time": None,
    }
    assert [i.code for i in issues_of_parts(**parts)] == ["reply_needs_events"]
    assert issues_of_parts(**parts, has_events=True) == []


def test_a_calendar_name_that_did_not_validate_is_still_defined() -> None:
    standard = unchecked(standards=[share(measure={**TTA, "calendar": "office"})]).standards[0]
    common: dict[str, Any] = {"measures": {}, "measure_names": [], "calendars": {}, "standards": [(0, standard)]}
    assert [i.code for i in issues_of_parts(**common, calendar_names=[], file_time=None)] == ["undefined_calendar"]
    assert issues_of_parts(**common, calendar_names=["office"], file_time=None) == []


# -- warnings_of and label_issues ---------------------------------------------------------------------------------


def test_warnings_of_keeps_only_the_warnings() -> None:
    standards = unchecked(standards=[share(floor="0%"), share(id="b", floor={"fail": "90%", "warn": "80%"})])
    assert [(i.dotted_path, i.code) for i in file_issues(standards)] == [
        ("standards[0].floor", "never_fails"),
        ("standards[1].floor.warn", "tier_side"),
    ]
    assert [(i.dotted_path, i.code, i.severity) for i in warnings_of(standards)] == [
        ("standards[0].floor", "never_fails", "warning")
    ]


def test_label_languages_must_be_handbook_languages() -> None:
    issues = label_issues({"channel": {"en": "channel", "sl": "kanal", "xx": "?"}, "sl": {"channel": "kanal"}})
    assert [(i.dotted_path, i.message, i.hint, i.at_key) for i in issues] == [
        (
            "labels.channel.xx",
            "'xx' is not a handbook language (en, hr, pl, ru, sl)",
            "labels map a name to its text per language: channel: {en: ...}",
            True,
        ),
        (  # the name and the language written the wrong way round
            "labels.sl.channel",
            "'channel' is not a handbook language (en, hr, pl, ru, sl)",
            "write the name first, then its languages: channel: {sl: ...}",
            True,
        ),
    ]
    assert label_issues({"channel": {"en": "channel", "sl": "kanal"}}) == []
    assert label_issues({}) == []


# -- column references --------------------------------------------------------------------------------------------


EVERY_PLACE = {
    "time": "t",
    "columns": {"offered_at": "call_start"},
    "events": {"id": "ticket", "time": "at", "type": "event", "status": "status"},
    "measures": {
        "reply": {"from": "customer_reply", "to": "agent_reply"},  # used only for reply cycles: event types
        "tta": {**TTA, "pause": {"from": "held_at", "to": "resumed_at"}, "abandoned": "abandoned_at"},
    },
    "standards": [
        share(id="r", unit="reply", measure="reply"),
        share(
            id="t",
            measure="tta",
            by=["channel", "queue"],
            time="tt",
            where={"q": "x", "any": [{"r": 1}, {"s": {"gt": 1}}]},
        ),
        share(
            id="u", measure={"repeat_contact": {"customer": "customer", "within": "7d", "topic": "topic"}}, within=None
        ),
        share(
            id="v",
            measure={"column": "csat"},
            within=None,
            targets=[{"where": {"segment": "vip"}, "at_least": 5}, {"at_least": 4}],
        ),
        share(id="w", measure={**TTA, "pause": "paused_seconds"}, unit="reply"),  # inline, for reply cycles
    ],
}


def test_column_references_name_every_column_of_the_file_with_its_path() -> None:
    assert column_references(unchecked(**EVERY_PLACE)) == [
        (("time",), "t"),
        (("events", "id"), "ticket"),
        (("events", "time"), "at"),
        (("events", "type"), "event"),
        (("events", "status"), "status"),
        (("measures", "tta", "from"), "offered_at"),
        (("measures", "tta", "to"), "answered_at"),
        (("measures", "tta", "abandoned"), "abandoned_at"),
        (("measures", "tta", "pause", "from"), "held_at"),
        (("measures", "tta", "pause", "to"), "resumed_at"),
        (("standards", 1, "time"), "tt"),
        (("standards", 1, "by", 0), "channel"),
        (("standards", 1, "by", 1), "queue"),
        (("standards", 1, "where", "q"), "q"),
        (("standards", 1, "where", "any", 0, "r"), "r"),
        (("standards", 1, "where", "any", 1, "s"), "s"),
        (("standards", 2, "measure", "repeat_contact", "customer"), "customer"),
        (("standards", 2, "measure", "repeat_contact", "topic"), "topic"),
        (("standards", 3, "measure", "column"), "csat"),
        (("standards", 3, "targets", 0, "where", "segment"), "segment"),
    ]


def test_a_named_measure_used_for_replies_and_interactions_names_columns() -> None:
    standards = unchecked(
        events={"id": "ticket", "time": "at", "type": "event"},
        measures={"m": TTA},
        standards=[share(measure="m", unit="reply"), share(id="b", measure="m")],
    )
    assert (("measures", "m", "from"), "offered_at") in column_references(standards)


def test_column_issues_go_through_the_columns_mapping() -> None:
    standards = unchecked(columns={"offered_at": "call_start"}, standards=[share(where={"chanel": "phone"})])
    issues = column_issues(standards, ["call_start", "answerd_at", "channel"])
    assert [(i.dotted_path, i.message, i.hint, i.code, i.at_key) for i in issues] == [
        (
            "standards[0].where.chanel",
            "column 'chanel' is not in the data",
            "did you mean 'channel'?",
            "column_missing",
            True,  # a where names the column by its key
        ),
        (
            "standards[0].measure.to",
            "column 'answered_at' is not in the data",
            "did you mean 'answerd_at'?",
            "column_missing",
            False,
        ),
    ]
    (mapped,) = column_issues(standards, ["answered_at", "chanel"])
    assert (mapped.dotted_path, mapped.message, mapped.hint) == (
        "standards[0].measure.from",
        "column 'call_start' (mapped from 'offered_at' by columns:) is not in the data",
        "map it with the file's columns: section, e.g. offered_at: <your column>",
    )


def test_columns_derived_from_an_event_log_are_not_looked_for() -> None:
    derived = share(
        measure={"from": "created_first_at", "to": "agent_reply_first_at"}, where={"reopened_count": {"gt": 0}}
    )
    events = {"id": "ticket", "time": "at", "type": "event"}
    assert column_issues(unchecked(events=events, standards=[derived]), ["ticket", "at", "event"]) == []
    # the log's own columns are looked for, whatever they are called
    missing = column_issues(
        unchecked(events={**events, "time": "x_first_at"}, standards=[derived]), ["ticket", "event"]
    )
    assert [i.dotted_path for i in missing] == ["events.time"]
    # without an events: section those names are ordinary columns
    plain = column_issues(unchecked(standards=[derived]), [])
    assert [i.dotted_path for i in plain] == [
        "standards[0].where.reopened_count",
        "standards[0].measure.from",
        "standards[0].measure.to",
    ]
