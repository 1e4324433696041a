"""The standards file as frozen pydantic models: kinds told apart by their keys, plain values, and the set's methods.

Most sets here are validated with ``context={"skip_checks": True}`` where the
test is about the model alone; the cross-key checks have their own tests.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from svcstandards import evaluate
from svcstandards.errors import UnknownStandardError
from svcstandards.format.model import (
    PERIODS,
    Calendar,
    DurationMeasure,
    EventLog,
    FlagMeasure,
    Match,
    Measure,
    PauseSpan,
    PresenceMeasure,
    RepeatContactMeasure,
    ShareStandard,
    Standard,
    StandardSet,
    StatisticStandard,
    StatTest,
    Tiers,
    ValueMeasure,
    Where,
)
from svcstandards.format.parts import tiers
from svcstandards.units import Duration, Percent

TTA = {"from": "offered_at", "to": "answered_at"}
LAW = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def errors(model: Any, data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    """The (type, location) of each validation error of ``data``."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(model).validate_python(data)
    return [(e["type"], e["loc"]) for e in caught.value.errors()]


def a_set(*standards: dict[str, Any], **data: Any) -> StandardSet:
    return StandardSet.model_validate({"version": 1, **data, "standards": list(standards)})


# -- kinds by their keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (TTA, DurationMeasure),
        ({"to": "answered_at", "from": "offered_at", "calendar": "office", "abandoned": "gone_at"}, DurationMeasure),
        ({"column": "csat"}, ValueMeasure),
        ({"flag": "resolved"}, FlagMeasure),
        ({"present": "csat"}, PresenceMeasure),
        ({"repeat_contact": {"customer": "c", "within": "7d"}}, RepeatContactMeasure),
    ],
)
def test_a_measure_is_told_apart_by_its_keys(data: dict[str, Any], kind: type) -> None:
    assert type(TypeAdapter(Measure).validate_python(data)) is kind


def test_a_measure_without_a_known_key() -> None:
    assert errors(Measure, {"colum": "csat"}) == [("measure_kind", ())]
    # 'to' alone is a duration missing its 'from'
    assert errors(Measure, {"to": "answered_at"}) == [("missing", ("<duration>", "from"))]
    # the first kind found decides; the other key is then unknown
    assert errors(Measure, {"column": "csat", "flag": "x"}) == [("extra_forbidden", ("<value>", "flag"))]


def test_a_pause_is_a_column_or_a_span() -> None:
    column = TypeAdapter(Measure).validate_python({**TTA, "pause": "paused_seconds"})
    span = TypeAdapter(Measure).validate_python({**TTA, "pause": {"from": "held_at", "to": "resumed_at"}})
    assert isinstance(column, DurationMeasure)
    assert isinstance(span, DurationMeasure)
    assert column.pause == "paused_seconds"
    assert span.pause == PauseSpan(from_="held_at", to="resumed_at")


@pytest.mark.parametrize(
    ("keys", "kind"),
    [
        ({"within": "20s", "floor": "80%"}, ShareStandard),
        ({"mean": {"at_most": "30s"}}, StatisticStandard),
        ({"median": {"at_most": "30s"}}, StatisticStandard),
        ({"min": {"at_least": 1}}, StatisticStandard),
        ({"max": {"at_most": 1}}, StatisticStandard),
        ({"nps": {"at_least": 30}}, StatisticStandard),
        ({"p90": {"at_most": "30s"}}, StatisticStandard),
        ({"p99.9": {"at_most": "30s"}}, StatisticStandard),
        ({}, ShareStandard),  # nothing else said: a share standard (the checks ask for a condition)
    ],
)
def test_a_standard_with_a_statistic_key_is_a_statistic_standard(keys: dict[str, Any], kind: type) -> None:
    assert type(TypeAdapter(Standard).validate_python({"id": "a", "measure": TTA, **keys})) is kind


def test_a_key_that_only_looks_like_a_percentile_is_unknown_to_a_share_standard() -> None:
    assert errors(Standard, {"id": "a", "measure": TTA, "pxx": {"at_most": 1}}) == [
        ("extra_forbidden", ("<share>", "pxx"))
    ]


def test_statistics_in_the_order_of_the_format_then_percentiles_as_written() -> None:
    standard = StatisticStandard.model_validate(
        {
            "id": "a",
            "measure": TTA,
            "p99.9": {"at_most": "1m"},
            "max": {"at_most": "2m"},
            "p50": {"at_most": "3s"},
            "mean": {"at_least": "1s"},
        }
    )
    assert [name for name, _ in standard.statistics()] == ["mean", "max", "p99.9", "p50"]
    assert standard.percentiles == {
        "p99.9": StatTest(at_most=Duration.parse("1m")),
        "p50": StatTest(at_most=Duration.parse("3s")),
    }
    # written out, the percentiles are keys of the standard again
    assert standard.model_dump(mode="json", by_alias=True, exclude_defaults=True) == {
        "id": "a",
        "measure": {"from": "offered_at", "to": "answered_at"},
        "mean": {"at_least": "1s"},
        "max": {"at_most": "2m"},
        "p99.9": {"at_most": "1m"},
        "p50": {"at_most": "3s"},
    }


# -- plain values -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4, 4),
        (0.5, 0.5),
        (-3, -3),
        ("30s", Duration.parse("30s")),
        ("PT2M", Duration.parse("2m")),
        ("1m30s", Duration(90 * 10**9)),
    ],
)
def test_a_threshold_is_a_number_or_a_duration(value: Any, expected: Any) -> None:
    limit = StatTest.model_validate({"at_most": value}).at_most
    assert limit == expected
    assert type(limit) is type(expected)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (True, "threshold_type", "expected a number or a duration, got True"),
        (math.nan, "threshold_type", "nan is not a usable limit"),
        (-math.inf, "threshold_type", "-inf is not a usable limit"),
        ("30", "duration_unit_missing", "'30' is not a duration: it needs a unit"),
        ([30], "duration_type", "expected a duration such as 2m or 90s, got list"),
    ],
)
def test_what_is_not_a_threshold(value: Any, code: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        StatTest.model_validate({"at_most": value})
    [error] = caught.value.errors()
    assert (error["type"], error["loc"], error["msg"]) == (code, ("at_most",), message)


@pytest.mark.parametrize(
    ("standard_id", "valid"),
    [("a", True), ("calls-2-min", True), ("sl_20s", True), ("1", True), ("A", False), ("a--b", False), ("-a", False),
     ("a_", False), ("über", False), ("", False)],
)  # fmt: skip
def test_ids_are_slugs(standard_id: str, valid: bool) -> None:
    data = {"id": standard_id, "measure": "m"}
    if valid:
        assert ShareStandard.model_validate(data).id == standard_id
    else:
        assert errors(ShareStandard, data) == [("id_slug", ("id",))]


def test_an_id_with_nothing_to_keep_suggests_a_placeholder() -> None:
    with pytest.raises(ValidationError) as caught:
        ShareStandard.model_validate({"id": "!!!", "measure": "m"})
    assert caught.value.errors()[0]["ctx"] == {
        "message": "id '!!!' is not a slug",
        "hint": "use lower-case letters, digits and dashes, e.g. 'my-standard'",
    }


def test_by_takes_one_column_or_a_list() -> None:
    assert ShareStandard.model_validate({"id": "a", "measure": "m", "by": "channel"}).by == ("channel",)
    assert ShareStandard.model_validate({"id": "a", "measure": "m", "by": ["channel", "queue"]}).by == (
        "channel",
        "queue",
    )


def test_defaults_of_a_standard() -> None:
    standard = ShareStandard.model_validate({"id": "a", "measure": "m"})
    assert (standard.by, standard.tags, standard.period, standard.time, standard.min_volume, standard.unit) == (
        (),
        (),
        None,
        None,
        0,
        "interaction",
    )
    assert errors(ShareStandard, {"id": "a", "measure": "m", "min_volume": -1}) == [
        ("greater_than_equal", ("min_volume",))
    ]
    assert PERIODS == ("5min", "10min", "15min", "20min", "30min", "1h", "day", "week", "month", "quarter", "year")


def test_models_are_frozen_and_refuse_unknown_keys() -> None:
    standard = ShareStandard.model_validate({"id": "a", "measure": "m"})
    with pytest.raises(ValidationError) as caught:
        standard.id = "b"  # type: ignore[misc]
    assert caught.value.errors()[0]["type"] == "frozen_instance"
    assert errors(ShareStandard, {"id": "a", "measure": "m", "flor": "90%"}) == [("extra_forbidden", ("flor",))]


def test_a_floor_or_ceiling_as_tiers_whichever_way_it_was_written() -> None:
    plain = ShareStandard.model_validate(
        {"id": "a", "measure": "m", "floor": "90%", "ceiling": {"fail": "10%", "warn": "5%"}}
    )
    assert plain.floor == Percent.parse("90%")
    assert plain.floor_tiers == Tiers(fail=Percent.parse("90%"))
    assert plain.ceiling_tiers == Tiers(fail=Percent.parse("10%"), warn=Percent.parse("5%"))
    assert plain.ceiling_tiers is plain.ceiling
    assert tiers(None) is None
    assert ShareStandard.model_validate({"id": "a", "measure": "m"}).floor_tiers is None


# -- where ---------------------------------------------------------------------------------------------------------


def test_where_maps_columns_to_matchers() -> None:
    where = Where.model_validate(
        {
            "channel": "phone",
            "queue": ["sales", "billing"],
            "priority": {"not": "low", "ge": 1},
            "created_at": {"ge": dt.date(2026, 1, 1)},
            "vip": True,
            "any": [{"complaint": True}, {"priority": "urgent"}],
        }
    )
    assert where.columns == {
        "channel": "phone",
        "queue": ("sales", "billing"),  # a list: one of
        "priority": Match(not_="low", ge=1),
        "created_at": Match(ge=dt.date(2026, 1, 1)),
        "vip": True,
    }
    assert where.any_ == (Where.model_validate({"complaint": True}), Where.model_validate({"priority": "urgent"}))
    assert Where.model_validate({"any": []}).columns == {}


def test_an_operator_mapping_says_which_operators_were_written() -> None:
    match = Where.model_validate({"csat": {"present": False}}).columns["csat"]
    assert isinstance(match, Match)
    assert match.model_fields_set == {"present"}
    assert Match.model_validate({"not": ["a", "b"]}).not_ == ("a", "b")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"c": None}, [("scalar_type", ("c", "<equals>"))]),
        ({"c": [["a"]]}, [("scalar_type", ("c", "<one-of>", 0))]),
        ({"c": {"foo": 1}}, [("extra_forbidden", ("c", "<ops>", "foo"))]),
        ({"c": {"gt": [1]}}, [("scalar_type", ("c", "<ops>", "gt"))]),
        ({"any": {"c": 1}}, [("tuple_type", ("any",))]),  # any is reserved for alternatives
    ],
)
def test_what_a_matcher_cannot_be(data: dict[str, Any], expected: list[tuple[str, tuple[Any, ...]]]) -> None:
    assert errors(Where, data) == expected


rows = st.lists(st.sampled_from(["phone", "chat", "email", None, math.nan]), min_size=1, max_size=25)
matchers = st.sampled_from(["phone", "fax", ("phone", "chat"), ("chat", "fax")])


@LAW
@given(rows, st.sampled_from([object, "category", "string"]), matchers)
def test_a_matcher_and_its_not_partition_the_rows(values: list[Any], dtype: Any, matcher: Any) -> None:
    # missing values never equal anything and are 'not' anything: every row is in exactly one of the two
    written = list(matcher) if isinstance(matcher, tuple) else matcher
    standards = a_set(
        {"id": "is", "where": {"channel": written}, "measure": {"flag": "always"}, "floor": "50%"},
        {"id": "is-not", "where": {"channel": {"not": written}}, "measure": {"flag": "always"}, "floor": "50%"},
        {"id": "present", "where": {"channel": {"present": True}}, "measure": {"flag": "always"}, "floor": "50%"},
        {"id": "absent", "where": {"channel": {"present": False}}, "measure": {"flag": "always"}, "floor": "50%"},
    )
    data = pd.DataFrame({"channel": pd.Series(values, dtype=dtype), "always": True})
    report = evaluate(standards, data)
    kept = {s: (report.outcomes(s) == "met").to_numpy() for s in ("is", "is-not", "present", "absent")}
    assert (kept["is"] ^ kept["is-not"]).all()
    assert (kept["present"] ^ kept["absent"]).all()
    wanted = set(matcher) if isinstance(matcher, tuple) else {matcher}
    assert kept["is"].tolist() == [isinstance(v, str) and v in wanted for v in values]
    assert kept["absent"].tolist() == pd.isna(pd.Series(values, dtype=object)).tolist()


def test_matchers_and_their_not_on_numbers_with_nan() -> None:
    standards = a_set(
        {"id": "is", "where": {"n": 2}, "measure": {"flag": "always"}, "floor": "50%"},
        {"id": "is-not", "where": {"n": {"not": 2}}, "measure": {"flag": "always"}, "floor": "50%"},
    )
    report = evaluate(standards, pd.DataFrame({"n": [1.0, 2.0, np.nan], "always": True}))
    assert report.outcomes("is").tolist() == ["out_of_scope", "met", "out_of_scope"]
    assert report.outcomes("is-not").tolist() == ["met", "out_of_scope", "met"]


# -- calendars and event logs -----------------------------------------------------------------------------------------


def test_calendar_hours_take_one_interval_or_a_list() -> None:
    calendar = Calendar.model_validate(
        {
            "timezone": "Europe/Ljubljana",
            "hours": {"mon-fri": "08:00-16:00", "sat": ["08:00-10:00", "12:00-13:00"]},
            "holidays": {"country": "SI", "dates": ["2026-12-24"]},
            "open": [dt.date(2026, 12, 27)],
        }
    )
    assert calendar.hours == {"mon-fri": "08:00-16:00", "sat": ("08:00-10:00", "12:00-13:00")}
    assert calendar.holidays is not None
    assert calendar.holidays.dates == (dt.date(2026, 12, 24),)
    assert calendar.open == (dt.date(2026, 12, 27),)
    assert Calendar.model_validate({"hours": {}}).timezone is None  # the file's zone applies


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"hours": {"mon-fry": "08:00-16:00"}}, ("hours_days", ("hours", "mon-fry", "[key]"), "'fry' is not a day")),
        (
            {"hours": {"mon": "8-16"}},
            ("hours_interval", ("hours", "mon", "<one>"), "'8-16' is not an interval of hours"),
        ),
        (
            {"hours": {}, "timezone": "Mars/Olympus"},
            ("timezone", ("timezone",), "'Mars/Olympus' is not an IANA time zone"),
        ),
        ({"hours": {}, "timezone": 5}, ("string_type", ("timezone",), "expected text, got 5")),
    ],
)
def test_what_a_calendar_cannot_be(data: dict[str, Any], expected: tuple[str, tuple[Any, ...], str]) -> None:
    with pytest.raises(ValidationError) as caught:
        Calendar.model_validate(data)
    [error] = caught.value.errors()
    assert (error["type"], error["loc"], error["msg"]) == expected


def test_event_log_defaults() -> None:
    log = EventLog.model_validate({"id": "ticket", "time": "at", "type": "event"})
    assert (log.status, log.paused_statuses, log.created, log.statuses) == (None, (), "created", ())


# -- the set -----------------------------------------------------------------------------------------------------------


SHARE = {"id": "a", "measure": "tta", "within": "2m", "floor": "90%"}
STAT = {"id": "b", "measure": {"column": "csat"}, "p90": {"at_least": 4}}
FLOOR_0 = {"id": "c", "measure": {"flag": "x"}, "floor": "0%"}  # a warning: it can never fail


def test_a_set_needs_version_1_and_a_standard() -> None:
    assert errors(StandardSet, {"version": 2, "standards": [STAT]}) == [("literal_error", ("version",))]
    assert errors(StandardSet, {"version": 1, "standards": []}) == [("too_short", ("standards",))]
    assert errors(StandardSet, {"version": 1}) == [("missing", ("standards",))]
    assert a_set(STAT).timezone == "UTC"


def test_the_model_runs_the_checks_unless_told_to_skip_them() -> None:
    data = {"version": 1, "standards": [{"id": "a", "measure": "undefined"}]}
    assert errors(StandardSet, data) == [("standards_checks", ())]
    unchecked = StandardSet.model_validate(data, context={"skip_checks": True})
    assert unchecked.warnings == ()


def test_a_set_is_a_sequence_of_standards_found_by_id() -> None:
    standards = a_set(SHARE, STAT, measures={"tta": TTA})
    assert [s.id for s in standards] == ["a", "b"]
    assert len(standards) == 2
    assert standards.get("b") is standards.standards[1]
    with pytest.raises(UnknownStandardError) as caught:
        standards.get("z")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "no standard 'z' (known: a, b)"


def test_measure_of_resolves_a_named_measure() -> None:
    standards = a_set(SHARE, STAT, measures={"tta": TTA})
    assert standards.measure_of(standards.get("a")) == DurationMeasure(from_="offered_at", to="answered_at")
    assert standards.measure_of(standards.get("b")) is standards.get("b").measure


def test_sets_are_equal_by_content_wherever_they_come_from() -> None:
    first, second = a_set(SHARE, measures={"tta": TTA}), a_set(SHARE, measures={"tta": TTA})
    second._source = "standards.yaml"
    second._lines = (4,)
    assert first == second
    assert first != a_set({**SHARE, "within": "3m"}, measures={"tta": TTA})
    assert first.__eq__("a") is NotImplemented
    with pytest.raises(TypeError):
        hash(first)


def test_to_dict_writes_keys_as_in_the_file_without_defaults() -> None:
    standards = a_set(
        {**SHARE, "where": {"d": {"ge": dt.date(2026, 1, 1), "not": ["x"]}}, "floor": {"fail": "90%", "warn": "95%"}},
        STAT,
        measures={"tta": {**TTA, "pause": {"from": "held_at", "to": "resumed_at"}}},
    )
    assert standards.to_dict() == {
        "version": 1,
        "measures": {
            "tta": {"from": "offered_at", "to": "answered_at", "pause": {"from": "held_at", "to": "resumed_at"}}
        },
        "standards": [
            {
                "id": "a",
                "where": {"d": {"not": ["x"], "ge": "2026-01-01"}},
                "measure": "tta",
                "within": "2m",
                "floor": {"fail": "90%", "warn": "95%"},
            },
            {"id": "b", "measure": {"column": "csat"}, "p90": {"at_least": 4}},
        ],
    }


def test_a_set_from_python_has_no_lines() -> None:
    standards = a_set(SHARE, measures={"tta": TTA})
    assert standards.source == "<model>"
    assert standards.line_of("a") is None
    standards._lines = (7,)
    assert standards.line_of("a") == 7
    assert standards.line_of("z") is None


def test_select_keeps_the_standards_asked_for_in_that_order() -> None:
    standards = a_set(SHARE, STAT, FLOOR_0, measures={"tta": TTA})
    standards._source, standards._lines = "standards.yaml", (3, 8, 12)
    subset = standards.select("c", "a")
    assert [s.id for s in subset] == ["c", "a"]
    assert subset.measures == standards.measures
    assert subset.source == "standards.yaml"
    assert (subset.line_of("c"), subset.line_of("a")) == (12, 3)
    # warnings keep their paths in the file
    assert [w.path for w in standards.warnings] == ["standards[2].floor"]
    assert [w.path for w in subset.warnings] == ["standards[2].floor"]
    assert standards.select("a", "b").warnings == ()
    with pytest.raises(UnknownStandardError):
        standards.select("a", "z")
    assert [s.id for s in standards] == ["a", "b", "c"]  # the set itself is unchanged
