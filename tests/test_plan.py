"""Compiled plans: the rules of a standard in order, in words, and executed once per shared step."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

import svcstandards
from svcstandards.cli import main
from svcstandards.engines._columns import Columns
from svcstandards.engines.numpy_rows import Clock, RowEngine
from svcstandards.plan import compile_plan, compile_plans, explain, plan_to_dict
from svcstandards.plan.nodes import AllOf, Compare, IsIn, Not

CALLS = """\
version: 1
timezone: Europe/Ljubljana
columns: {offered_at: call_start}
measures:
  tta: {from: offered_at, to: answered_at, abandoned: abandoned_at}
standards:
  - id: sl-20s
    where: {channel: phone, priority: {not: [low], ge: 1}}
    measure: tta
    within: 20s
    floor: 80%
    abandons: {count_as: met_if_within, ignore_shorter_than: 5s}
    period: day
  - id: asa
    measure: tta
    mean: {at_most: 30s}
  - id: csat
    measure: {column: csat}
    targets:
      - {where: {segment: vip}, at_least: 5}
      - {at_least: 4}
    floor: {fail: 85%, warn: 90%}
"""


def plans() -> list[svcstandards.plan.Plan]:
    return compile_plans(svcstandards.loads(CALLS))


def test_the_rules_of_a_duration_standard_in_order() -> None:
    plan = plans()[0]
    assert [(rule.outcome, rule.why) for rule in plan.rules] == [
        ("out_of_scope", "the row does not match where"),
        ("invalid", "no call_start"),
        ("invalid", "answered_at before call_start"),
        ("invalid", "abandoned_at before call_start"),
        ("invalid", "no call_start to place the row in a period"),
        ("met", "answered within the target"),
        ("missed", "answered, not within the target"),
        ("excluded", "abandoned in under 5s"),
        ("met", "abandoned within the target: counts as met"),
        ("missed", "abandoned after the target"),
        ("pending", "still open, and no as_of to judge it"),
        ("missed", "still open and already over the target at as_of"),
        ("pending", "still open, within the target at as_of"),
    ]
    # names are the data's, after the file's columns: mapping
    assert plan.scope == AllOf(
        (IsIn("channel", ("phone",)), AllOf((Not(IsIn("priority", ("low",))), Compare("priority", "ge", 1))))
    )
    assert (plan.period, plan.time, plan.calendar, plan.duration) == ("day", plan.deadline_from, None, True)
    assert plan.as_of_columns == ("call_start", "answered_at", "abandoned_at")


def test_a_statistic_never_judges_open_items_and_excludes_abandons() -> None:
    plan = plans()[1]
    assert [rule.outcome for rule in plan.rules[-3:]] == ["missed", "excluded", "pending"]
    assert plan.aggregate.statistic == "mean"
    assert plan.aggregate.at_most == 30.0


def test_targets_become_limits_and_a_rule_for_rows_no_target_matches() -> None:
    plan = plans()[2]
    assert plan.limits.entries == ((IsIn("segment", ("vip",)), 5.0, None), (AllOf(), 4.0, None))
    # no where: no rule for it
    assert [rule.outcome for rule in plan.rules] == ["out_of_scope", "out_of_scope", "met", "missed"]
    assert [rule.why for rule in plan.rules][:2] == ["no target applies to the row", "no csat"]


def test_explain_says_each_step() -> None:
    text = explain(plans()[2])
    assert text.splitlines() == [
        "standard csat: share of interactions",
        "  scope:     every row",
        "  measured:  csat",
        "  limits:    >= 5 where segment = 'vip'; then >= 4",
        "  outcome, the first rule that holds:",
        "    1. no target applies  -> out_of_scope  no target applies to the row",
        "    2. csat is missing  -> out_of_scope  no csat",
        "    3. csat meets the limits  -> met  the value meets the limit",
        "    4. otherwise  -> missed  the value does not meet the limit",
        "  aggregate: share met = met / (met + missed); fail below 85%; warn below 90%",
    ]


def test_a_plan_as_data_is_json() -> None:
    document = plan_to_dict(plans()[0])
    assert document["node"] == "Plan"
    assert document["aggregate"]["floor"] == "4/5"  # exact fractions, as text
    assert json.loads(json.dumps(document)) == document


def test_explain_plan_on_the_command_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "s.yaml").write_text(CALLS, encoding="utf-8")
    assert main(["explain", str(tmp_path / "s.yaml"), "--plan"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("standard sl-20s: share of interactions\n")
    assert "standard asa: mean (a statistic) of interactions" in printed


def test_a_step_several_standards_share_is_computed_once() -> None:
    # two standards on the same duration: the elapsed time of answered calls is computed once
    standards = svcstandards.loads(CALLS)
    data = pd.DataFrame(
        {
            "call_start": pd.to_datetime(["2026-03-02 09:00:00", "2026-03-02 09:01:00"]),
            "answered_at": pd.to_datetime(["2026-03-02 09:00:10", "2026-03-02 09:01:40"]),
            "abandoned_at": pd.to_datetime([None, None]),
            "channel": ["phone", "phone"],
            "priority": [1, 2],
        }
    )
    calls: list[tuple[int, int]] = []

    def elapsed(start: np.ndarray, end: np.ndarray, calendar: str | None) -> np.ndarray:
        calls.append((int(start[0]), int(end[0])))
        return (end - start).astype(np.float64) / 1e9

    engine = RowEngine(Columns(data, {}, "Europe/Ljubljana"), Clock(elapsed, lambda s, c: np.ones(len(s), bool)))
    first = engine.rows(compile_plan(standards, standards.standards[0], columns=standards.columns), None)
    second = engine.rows(compile_plan(standards, standards.standards[1], columns=standards.columns), None)
    assert first is not None
    assert second is not None
    assert list(first.outcome) == [0, 1]  # met (10 s), missed (40 s)
    assert list(second.outcome) == [0, 1]  # each value against the mean's limit of 30 s
    assert list(first.measured) == [10.0, 40.0]
    # call_start -> answered_at, once for both standards; no call was abandoned or is open, so the
    # time to abandon and the time waited so far are not computed at all
    assert len(calls) == 1


def test_the_plan_says_which_day_weeks_start_on() -> None:
    standards = svcstandards.loads(
        "version: 1\ntimezone: America/New_York\nweek_starts: sunday\ntime: opened_at\n"
        "standards:\n  - {id: r, measure: {flag: resolved}, floor: 80%, period: week}\n"
    )
    (plan,) = compile_plans(standards)
    assert plan.week_starts == "sunday"
    assert "  groups:    per week from sunday of opened_at in America/New_York" in explain(plan).splitlines()
    (monday,) = compile_plans(standards, period="day")
    assert "  groups:    per day of opened_at in America/New_York" in explain(monday).splitlines()
