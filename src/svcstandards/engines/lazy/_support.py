"""Which columns a plan reads, and for what (the lazy engine checks them before any data is read)."""

from __future__ import annotations

from collections.abc import Iterator

from ...format.model import ShareStandard, StatisticStandard
from ...nodes import (
    During,
    FlagValue,
    IsIn,
    Number,
    PausedColumn,
    RepeatGap,
    Stamp,
    walk,
)
from ...plan import Plan

__all__ = ["column_uses"]

AnyStandard = ShareStandard | StatisticStandard


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
    if plan.time is not None and (plan.period or plan.intervals):
        yield plan.time.column, "time"
