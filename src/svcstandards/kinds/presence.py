"""The presence measure: whether a column has a value (a survey answered, a field filled in).

``measure: {present: csat}``. It is its own condition: a row is met when
the column has a value and missed when it is blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..format.issues import KeyPath
from ..format.parts import _Model
from ..nodes import Presence
from ._kind import AnyStandard, ColumnRef, Compiled, Kind, Limit, Names, Say, true_false

if TYPE_CHECKING:
    from ..plan.compile import FirstRules

__all__ = ["PRESENCE", "PresenceKind", "PresenceMeasure"]


class PresenceMeasure(_Model):
    """Whether a column has a value: a survey answered, a field filled in (met when present)."""

    present: str


class PresenceKind(Kind[PresenceMeasure]):
    name = "present"
    threshold = None

    def met_when(self, measure: PresenceMeasure) -> str:
        return f"{measure.present} has a value"

    def columns(self, path: KeyPath, measure: PresenceMeasure) -> list[ColumnRef]:
        return [((*path, "present"), measure.present)]

    def compile(self, standard: AnyStandard, measure: PresenceMeasure, names: Names, base: FirstRules) -> Compiled:
        present = Presence(names(measure.present))
        return true_false(present, base, f"{present.column} has a value", f"{present.column} is empty")

    def condition(
        self, measure: PresenceMeasure, say: Say, low: Limit | None, high: Limit | None, targets: bool
    ) -> str:
        return say.lang.text("have {column} filled in", column=say.words.column(measure.present))


PRESENCE = PresenceKind()
