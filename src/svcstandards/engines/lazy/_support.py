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
    Elapsed,
    FlagValue,
    IsIn,
    Number,
    PausedColumn,
    PausedSpan,
    RepeatGap,
    Stamp,
    walk,
)
from ...plan import Plan
from ._events import unsupported_in_events

__all__ = ["STATISTICS", "column_uses", "unsupported"]

#: The statistics the lazy engine computes: plain aggregations of the decided rows' measured values.
STATISTICS = ("mean", "min", "max")

AnyStandard = ShareStandard | StatisticStandard


def unsupported(standard_set: StandardSet, standard: AnyStandard, plan: Plan) -> list[str]:
    """The features of ``standard`` the lazy engine cannot run yet, in words naming the standard."""
    found: list[str] = unsupported_in_events(standard_set, plan)
    if isinstance(standard, StatisticStandard) and standard.statistics()[0][0] not in STATISTICS:
        found.append(f"statistics ({standard.statistics()[0][0]})")
    for node in walk((plan.rules, plan.measured, plan.limits, plan.scope)):
        feature = _feature(node)
        if feature is not None and feature not in found:
            found.append(feature)
    return [f"{feature} of standard '{standard.id}'" for feature in found]


def _feature(node: Any) -> str | None:
    if isinstance(node, Elapsed) and node.calendar is not None:
        return f"business calendar '{node.calendar}'"
    if isinstance(node, During):
        return f"during: calendar '{node.calendar}'"
    if isinstance(node, PausedColumn | PausedSpan):
        return "pauses"
    if isinstance(node, RepeatGap):
        return "repeat contacts"
    return None


def column_uses(plan: Plan) -> Iterator[tuple[str, str]]:
    """(data column, use) of every column the plan reads; use is ``time``, ``number``, ``flag`` or ``value``."""
    for node in walk((plan.scope, plan.limits, plan.rules, plan.measured)):
        if isinstance(node, Stamp):
            yield node.column, "time"
        elif isinstance(node, Number):
            yield node.column, "number"
        elif isinstance(node, FlagValue):
            yield node.column, "flag"
        elif isinstance(node, IsIn) or hasattr(node, "column"):
            yield node.column, "value"
    for column in plan.group_by:
        yield column, "value"
    if plan.time is not None and plan.period:
        yield plan.time.column, "time"
