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
    Number,
    PausedColumn,
    PausedStatus,
    RepeatGap,
    Stamp,
    walk,
)
from ...plan import Plan
from ._events import unsupported_in_events

__all__ = ["column_uses", "unsupported"]

AnyStandard = ShareStandard | StatisticStandard


def unsupported(standard_set: StandardSet, standard: AnyStandard, plan: Plan) -> list[str]:
    """The features of ``standard`` the lazy engine cannot run yet, in words naming the standard."""
    found: list[str] = unsupported_in_events(standard_set, plan)
    for node in walk((plan.rules, plan.measured, plan.limits, plan.scope)):
        feature = _feature(node)
        if feature is not None and feature not in found:
            found.append(feature)
    return [f"{feature} of standard '{standard.id}'" for feature in found]


def _feature(node: Any) -> str | None:
    if isinstance(node, PausedStatus) and node.statuses is not None:
        return "a measure's own paused statuses (pause: {statuses: [...]})"
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
