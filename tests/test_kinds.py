"""The measure kinds: one table from model to kind, and what each kind says about its measures.

The checks, the plan and the handbook have their own tests; these pin the
table itself and the answers the rest of the package asks a kind for.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest

import svcstandards.model
from svcstandards.format.checks import file_issues
from svcstandards.format.measures import Measure
from svcstandards.kinds import KINDS, kind_of
from svcstandards.kinds.duration import DurationMeasure
from svcstandards.kinds.flag import FlagMeasure
from svcstandards.kinds.presence import PresenceMeasure
from svcstandards.kinds.repeat_contact import RepeatContactMeasure
from svcstandards.kinds.value import ValueMeasure
from svcstandards.model import StandardSet

TTA = DurationMeasure.model_validate({"from": "offered_at", "to": "answered_at", "abandoned": "abandoned_at"})
CSAT = ValueMeasure(column="csat")
FCR = FlagMeasure(flag="resolved")
ANSWERED = PresenceMeasure(present="csat")
REPEAT = RepeatContactMeasure.model_validate({"repeat_contact": {"customer": "customer_id", "within": "7d"}})
REPEAT_TIMED = RepeatContactMeasure.model_validate(
    {"repeat_contact": {"customer": "customer_id", "within": "7d", "time": "created_at"}}
)


def test_the_union_and_the_table_have_the_same_models() -> None:
    union = get_args(Measure)[0]
    assert {get_args(member)[0] for member in get_args(union)} == set(KINDS)


def test_the_models_are_the_same_classes_under_every_name() -> None:
    assert svcstandards.model.DurationMeasure is DurationMeasure
    assert svcstandards.model.ValueMeasure is ValueMeasure
    assert svcstandards.model.FlagMeasure is FlagMeasure
    assert svcstandards.model.PresenceMeasure is PresenceMeasure
    assert svcstandards.model.RepeatContactMeasure is RepeatContactMeasure


@pytest.mark.parametrize(
    ("measure", "name", "threshold"),
    [
        (TTA, "duration", "duration"),
        (CSAT, "value", "number"),
        (FCR, "flag", None),
        (ANSWERED, "present", None),
        (REPEAT, "repeat_contact", None),
    ],
)
def test_each_kind_says_what_its_limits_are(measure: Any, name: str, threshold: str | None) -> None:
    kind = kind_of(measure)
    assert (kind.name, kind.threshold) == (name, threshold)
    assert kind.own_condition is (threshold is None)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (TTA, "offered_at"),  # a duration is placed by its start
        (CSAT, None),
        (FCR, None),
        (ANSWERED, None),
        (REPEAT, None),
        (REPEAT_TIMED, "created_at"),
    ],
)
def test_the_timestamp_that_places_a_row_in_a_period(measure: Any, expected: str | None) -> None:
    assert kind_of(measure).time_column(measure) == expected


def test_only_a_duration_measures_reply_cycles_and_abandons() -> None:
    cycles = kind_of(TTA).reply_cycles(TTA)
    assert cycles is not None
    types, on_cycles = cycles
    assert types == ("offered_at", "answered_at")
    assert (on_cycles.from_, on_cycles.to) == ("cycle_start_at", "cycle_reply_at")
    assert kind_of(TTA).abandoned(TTA) == "abandoned_at"
    for measure in (CSAT, FCR, ANSWERED, REPEAT):
        assert kind_of(measure).reply_cycles(measure) is None
        assert kind_of(measure).abandoned(measure) is None


def test_columns_are_named_with_the_path_of_their_key() -> None:
    assert kind_of(TTA).columns(("m",), TTA) == [
        (("m", "from"), "offered_at"),
        (("m", "to"), "answered_at"),
        (("m", "abandoned"), "abandoned_at"),
    ]
    assert kind_of(REPEAT_TIMED).columns(("m",), REPEAT_TIMED) == [
        (("m", "repeat_contact", "customer"), "customer_id"),
        (("m", "repeat_contact", "time"), "created_at"),
    ]


def _issues(standard: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    standards = StandardSet.model_validate(
        {"version": 1, "standards": [{"id": "a", **standard}]}, context={"skip_checks": True}
    )
    return [(i.dotted_path, i.code, i.message, i.hint) for i in file_issues(standards)]


def test_a_condition_on_a_presence_measure_names_the_kind_and_when_it_is_met() -> None:
    assert _issues({"measure": {"present": "csat"}, "within": "1h", "floor": "30%"}) == [
        (
            "standards[0].within",
            "flag_condition",
            "a present measure is its own condition: within does not apply",
            "remove it; the share met is the share of rows where csat has a value",
        )
    ]


def test_a_statistic_on_a_repeat_contact_measure_names_the_kind() -> None:
    repeat = {"repeat_contact": {"customer": "customer_id", "within": "3d", "time": "created_at"}}
    assert _issues({"measure": repeat, "mean": {"at_most": 1}}) == [
        (
            "standards[0].measure",
            "statistic_flag",
            "statistics need a duration or value measure, not a repeat_contact measure",
            "for the share of rows where the customer contacts again within 3d, use floor/ceiling without a statistic",
        )
    ]
