"""What the lazy engine runs today, and which columns a plan reads for what.

Anything else raises a :class:`~svcstandards.errors.UsageError` naming the
feature and the standard before any data is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...format.model import ShareStandard, StandardSet, StatisticStandard
from ...nodes import (
    During,
    FlagValue,
    IsIn,
    LogProblem,
    Number,
    PausedColumn,
    PausedStatus,
    RepeatGap,
    Stamp,
    walk,
)
from ...plan import Plan

__all__ = ["column_uses", "unsupported"]

AnyStandard = ShareStandard | StatisticStandard


def unsupported(standard_set: StandardSet, standard: AnyStandard, plan: Plan) -> list[str]:
    """The features of ``standard`` the lazy engine cannot run yet, in words naming the standard."""
    found: list[str] = []
    if standard_set.events is not None:
        found.append("event logs (an events: section)")
    for node in walk((plan.rules, plan.measured, plan.limits, plan.scope)):
        feature = _feature(node)
        if feature is not None and feature not in found:
            found.append(feature)
    return [f"{feature} of standard '{standard.id}'" for feature in found]


def _feature(node: Any) -> str | None:
    if isinstance(node, PausedStatus):
        return "pauses from the event log's status"
    if isinstance(node, LogProblem):
        return "event logs"
    return None


def column_uses(plan: Plan) -> Iterator[tuple[str, str]]:
    """(data column, use) of every column the plan reads; use is ``time``, ``number``, ``flag`` or ``value``."""
    for node in walk((plan.scope, plan.limits, plan.rules, plan.measured)):
        if isinstance(node, RepeatGap):  # without a time: the repeat_time problem, not a missing column
            yield node.customer, "value"
            if node.topic:
                yield node.topic, "value"
            if node.time:
                yield node.time, "time"
        elif isinstance(node, Stamp | During):
            if node.column:
                yield node.column, "time"
        elif isinstance(node, Number | PausedColumn):
            yield node.column, "number"
        elif isinstance(node, FlagValue):
            yield node.column, "flag"
        elif isinstance(node, IsIn) or hasattr(node, "column"):
            yield node.column, "value"
    for column in plan.group_by:
        yield column, "value"
    if plan.time is not None and plan.period:
        yield plan.time.column, "time"
