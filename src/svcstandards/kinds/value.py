"""The value measure: the number (or timedelta) in a column.

``measure: {column: csat}``. Rows without a value are out of scope; a
statistic takes the values as they are, ``nps`` reads them as 0-10 scores.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..format.issues import KeyPath
from ..format.parts import _Model, is_share
from ..format.units import Duration, format_number
from ..nodes import Always, Between, Missing, NotPred, Number, Pred, Rule, WithinLimits
from ._kind import AnyStandard, Blank, Cause, ColumnRef, Compiled, Kind, Limit, Names, OutOfRange, Say

if TYPE_CHECKING:
    from ..handbook._i18n import Forms
    from ..plan.compile import FirstRules

__all__ = ["VALUE", "ValueKind", "ValueMeasure"]


class ValueMeasure(_Model):
    """The number (or timedelta) in a column."""

    column: str


class ValueKind(Kind[ValueMeasure]):
    name = "value"
    threshold = "number"

    def columns(self, path: KeyPath, measure: ValueMeasure) -> list[ColumnRef]:
        return [((*path, "column"), measure.column)]

    def compile(self, standard: AnyStandard, measure: ValueMeasure, names: Names, base: FirstRules) -> Compiled:
        value = Number(names(measure.column))
        bad: list[tuple[Pred, str]] = []
        if _nps(standard):
            bad.append((NotPred(Between(value, 0.0, 10.0)), "an NPS score outside 0-10"))
        rules = [
            *base.out_of_scope((Missing(value), f"no {value.column}")),
            *base.untrusted(*bad),
            Rule(WithinLimits(value, base.limits), "met", "the value meets the limit"),
            Rule(Always(), "missed", "the value does not meet the limit"),
        ]
        return ((Always(), value),), rules, False

    def condition(self, measure: ValueMeasure, say: Say, low: Limit | None, high: Limit | None, targets: bool) -> str:
        lang, column = say.lang, say.words.column(measure.column)
        say.mark_column(measure.column)
        if targets:
            return lang.text("meet their target for {column}", column=column)
        if say.words.label(measure.column) is None:
            said = _builtin_condition(measure.column, say, low, high)
            if said is not None:
                return said
        if low is not None and high is not None:
            return lang.text(
                "have {column} between {low} and {high}", column=column, low=say.limit(low), high=say.limit(high)
            )
        if low is not None:
            return lang.text("have {column} of at least {limit}", column=column, limit=say.limit(low))
        if high is not None:
            return lang.text("have {column} of at most {limit}", column=column, limit=say.limit(high))
        return lang.text("meet the condition")

    def statistic(self, measure: ValueMeasure, say: Say, name: str, nth: str | None) -> str:
        return say.column_statistic(measure.column or "value", name, nth)

    def invalid_when(self, standard: AnyStandard, measure: ValueMeasure) -> list[Cause]:
        return [OutOfRange(measure.column, 0, 10)] if _nps(standard) else []

    def blank_out_of_scope(self, measure: ValueMeasure) -> Blank | None:
        return Blank(measure.column, "number")


VALUE = ValueKind()


def _seconds(say: Say, value: Limit) -> Forms:
    """A number of seconds said as a duration in seconds: "60 seconds"."""
    if not isinstance(value, Duration):
        value = Duration(round(Fraction(format_number(value)) * 10**9))
    return say.lang.duration(value, seconds=True)


def _builtin_condition(column: str, say: Say, low: Limit | None, high: Limit | None) -> str | None:
    """A condition on a column of the vocabulary in its own words: "spend at most 60 seconds on hold"."""
    lang = say.lang
    if column == "hold_seconds":
        if low is not None and high is not None:
            return lang.text("spend between {low} and {high} on hold", low=_seconds(say, low), high=_seconds(say, high))
        if low is not None:
            return lang.text("spend at least {limit} on hold", limit=_seconds(say, low))
        if high is not None:
            return lang.text("spend at most {limit} on hold", limit=_seconds(say, high))
    if column == "reopened_count" and (low is None) != (high is None):
        count = low if low is not None else high
        if isinstance(count, int) or (isinstance(count, float) and count.is_integer()):
            n = int(count)
            if n == 1:  # "at least once", "barem jednom", "хотя бы один раз": words, not "1 time"
                if low is not None:
                    return lang.ptext("a count of one, said in words", "are reopened at least once")
                return lang.ptext("a count of one, said in words", "are reopened at most once")
            # TRANSLATORS: a count other than one, which has its own message; the first form serves numbers
            # like 21 where the language's plural rule puts them with one ("najmanje 21 put", "не менее 21 раза").
            if low is not None:
                return lang.ntext(
                    "are reopened at least {n} time", "are reopened at least {n} times", n, n=lang.number(n)
                )
            return lang.ntext("are reopened at most {n} time", "are reopened at most {n} times", n, n=lang.number(n))
    return None


def _nps(standard: AnyStandard) -> bool:
    """A statistic standard on NPS: its values are 0-10 scores."""
    return not is_share(standard) and standard.nps is not None
