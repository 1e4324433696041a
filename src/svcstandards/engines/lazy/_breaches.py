"""The rows behind a lazy result, as a lazy filter in the engine's own type.

``report.breaches(id)`` on data scored by Polars or DuckDB returns a Polars
LazyFrame or a DuckDB relation: the data's rows with the chosen outcomes,
and the same added columns as the pandas engine's breaches (``outcome``,
``measured``, ``target``, ``over``), computed from the same plan. Nothing is
read until the caller collects it (``.collect()``, ``.df()``, ``.limit(10)``):
a billion-row table is not pulled back. One pass over the rows, like the
counting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...plan import Plan
from ..outcomes import INVALID, MISSED, OUTCOMES
from ._backends import Backend
from ._deadlines import deadline_of
from ._rules import RowRules

__all__ = ["BreachQuery"]

CODE = "__svc_code"


@dataclass(frozen=True)
class BreachQuery:
    """What rebuilds one standard's rows: the prepared frame, its rules at the standard's ``as_of``, the plan."""

    nw: Any
    frame: Any  # narwhals LazyFrame with the engine's added columns
    rules: RowRules
    plan: Plan
    columns: tuple[str, ...]  # the data's own columns, in order
    backend: Backend
    duration: bool  # measured values are seconds of a duration
    calendars: Mapping[str, Any] = field(default_factory=dict)  # the set's calendars, for deadlines
    timezone: str = "UTC"  # the set's time zone: of the calendars, and of the deadlines shown

    def rows(self, outcomes: Sequence[str]) -> Any:
        """The rows whose outcome is one of ``outcomes``, with the added columns, as the engine's lazy type."""
        nw, rules, plan = self.nw, self.rules, self.plan
        codes = [OUTCOMES.index(name) for name in outcomes]
        measured = rules.measured(plan.measured)
        low, high, _ = rules.limits(plan.limits)
        frame = self.frame.with_columns(**{CODE: rules.outcome(plan.rules)}).filter(nw.col(CODE).is_in(codes))
        code = nw.col(CODE)
        # the bound that was crossed: below at_least -> at_least, else at_most / within (as the pandas engine)
        lower = high.is_null() | (~low.is_null() & (measured < low)).fill_null(False)
        target = nw.when(lower).then(low).otherwise(high)
        over = nw.when(lower).then(low - measured).otherwise(measured - high)
        # missed without being past the target (an abandon counted as missed), or invalid: over nothing
        nothing = ((code == MISSED) & ~(over > 0).fill_null(False)) | (code == INVALID)
        over = nw.when(~nothing).then(over)
        name = nw.lit(OUTCOMES[codes[0]]) if len(codes) == 1 else _names(nw, code, codes)
        added = {"outcome": name, "measured": measured, "target": target, "over": over}
        placed = deadline_of(nw, frame, self.backend, plan, rules, high, self.calendars, self.timezone)
        if placed is not None:
            frame, added["deadline"] = placed
        shown = {(f"svc_{key}" if key in self.columns else key): value for key, value in added.items()}
        frame = frame.select(*[nw.col(c) for c in self.columns], **shown)
        if not self.duration:
            return frame.to_native()
        seconds = [key for key in shown if key not in ("outcome", "svc_outcome", "deadline", "svc_deadline")]
        native = self.backend.durations(frame.to_native(), seconds)
        stamps = [key for key in shown if key in ("deadline", "svc_deadline")]
        return self.backend.stamps(native, stamps, self.timezone) if stamps else native

    def at(self, as_of_us: int | None) -> BreachQuery:
        return replace(self, rules=replace(self.rules, as_of_us=as_of_us))


def _names(nw: Any, code: Any, codes: Sequence[int]) -> Any:
    """The outcome's name for each code in ``codes`` (text)."""
    result = nw.lit(OUTCOMES[codes[-1]])
    for value in reversed(codes[:-1]):
        result = nw.when(code == value).then(nw.lit(OUTCOMES[value])).otherwise(result)
    return result
