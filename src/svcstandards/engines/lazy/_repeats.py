"""Repeat contacts on a lazy frame: the seconds to the same customer's (and topic's) next in-scope contact.

The same meaning as the numpy engine's ``_repeat_gap``: the contacts that
take part are the rows in the standard's scope with a customer and a
time; a missing topic is a topic of its own; each such row's next contact
is the next one of its customer and topic in time order, so of contacts at
the same instant all but one have a gap of 0 (met). Rows not taking part
have no gap (the rules make them out of scope or invalid before the gap is
asked).

One window per repeat contact: ``shift(-1)`` of the instant over the
partition (customer, topic, takes part) ordered by the instant (narwhals'
``over(..., order_by=...)``: ``lead`` in DuckDB). The rows are sorted
within each partition: O(n log n). Which of several contacts at the same
instant is the last follows the row order in Polars (as in pandas) and is
the engine's choice in DuckDB; it changes the counts only when such
contacts fall in different ``by`` groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import DataProblem
from ...nodes import AllOf, IsPresent, RepeatGap, walk
from ...plan import Plan
from ._rules import RowRules

__all__ = ["add_repeat_gaps", "repeat_gaps", "repeat_problems"]


def repeat_gaps(plans: Sequence[Plan]) -> list[RepeatGap]:
    """The repeat-contact gaps the plans measure, each once."""
    found: list[RepeatGap] = []
    for plan in plans:
        for node in walk((plan.rules, plan.measured)):
            if isinstance(node, RepeatGap) and node not in found:
                found.append(node)
    return found


def repeat_problems(plan: Plan) -> list[DataProblem]:
    """A repeat contact without a time column: the pandas engine's problem, in its words."""
    for gap in repeat_gaps([plan]):
        if not gap.time:
            hint = "give repeat_contact a time: column"
            return [DataProblem(plan.standard, "", "repeat_contact needs a time column", hint, "repeat_time")]
    return []


def add_repeat_gaps(nw: Any, frame: Any, rules: RowRules, plans: Sequence[Plan]) -> Any:
    """``frame`` with a float64 column of seconds per repeat gap of the plans (null where none), named in
    ``rules.computed`` for :meth:`RowRules.value`."""
    for i, gap in enumerate(repeat_gaps(plans)):
        name = f"__svc_gap{i}"
        instant = nw.col(rules.instants[gap.time])
        takes_part = rules.cond(AllOf((gap.scope, IsPresent(gap.customer)))) & ~instant.is_null()
        partition = {f"{name}_in": takes_part, f"{name}_customer": nw.col(gap.customer)}
        if gap.topic:  # NaN and null are the same missing topic, as in pandas
            partition[f"{name}_topic"] = nw.when(rules.cond(IsPresent(gap.topic))).then(nw.col(gap.topic))
        frame = frame.with_columns(**partition)
        following = instant.shift(-1).over(*partition, order_by=rules.instants[gap.time])
        seconds = (following - instant).cast(nw.Float64) / 1e6
        frame = frame.with_columns(nw.when(nw.col(f"{name}_in")).then(seconds).alias(name))
        rules.computed[gap] = name
    return frame
