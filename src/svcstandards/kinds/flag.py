"""The flag measure: a boolean column; true means the interaction has the property.

``measure: {flag: resolved_first_contact}``. It is its own condition: a row
is met when the flag is true; rows without a flag are out of scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..format.issues import KeyPath
from ..format.parts import _Model
from ..nodes import FlagValue
from ._kind import AnyStandard, Blank, ColumnRef, Compiled, Kind, Limit, Names, Say, true_false

if TYPE_CHECKING:
    from ..plan.compile import FirstRules

__all__ = ["FLAG", "FlagKind", "FlagMeasure"]


class FlagMeasure(_Model):
    """A boolean column: true means the interaction has the property."""

    flag: str


class FlagKind(Kind[FlagMeasure]):
    name = "flag"
    threshold = None

    def met_when(self, measure: FlagMeasure) -> str:
        return "the flag is true"

    def columns(self, path: KeyPath, measure: FlagMeasure) -> list[ColumnRef]:
        return [((*path, "flag"), measure.flag)]

    def compile(self, standard: AnyStandard, measure: FlagMeasure, names: Names, base: FirstRules) -> Compiled:
        flag = FlagValue(names(measure.flag))
        return true_false(flag, base, f"{flag.column} is true", f"{flag.column} is false")

    def condition(self, measure: FlagMeasure, say: Say, low: Limit | None, high: Limit | None, targets: bool) -> str:
        if measure.flag == "abandoned":
            say.terms.add("abandon")
        return say.words.flag(measure.flag)

    def blank_out_of_scope(self, measure: FlagMeasure) -> Blank | None:
        return Blank(measure.flag, "flag")


FLAG = FlagKind()
