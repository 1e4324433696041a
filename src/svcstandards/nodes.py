"""The vocabulary of a plan: frozen, hashable values with no pandas in them.

A plan says *what* a standard computes; an engine decides *how*. Three
small languages make it up:

- **scope conditions** (:data:`Cond`): which rows a standard is about
  (``where``, ``targets``), a tree of comparisons on columns;
- **expressions** (:data:`Expr`): per-row values built from a few
  primitives (a timestamp column, elapsed time on a calendar, paused time,
  a number, a flag, presence, the gap to a repeat contact);
- **predicates** (:data:`Pred`): per-row true/false facts about those
  values (missing, earlier than, within the limits), from which the
  ordered **outcome rules** are written.

Every node is a frozen dataclass and therefore hashable: an engine memoises
by node, so the same duration, scope or period index used by several
standards is computed once per evaluation.

The ordered outcome rules themselves (:class:`Rule`) are plain values too.
This module sits below the models so that a measure kind
(:mod:`svcstandards.kinds`), which compiles itself to these nodes, can
import it; :mod:`svcstandards.plan.nodes` is the same vocabulary under the
plan's name.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ALWAYS",
    "AllOf",
    "Always",
    "And",
    "AnyOf",
    "AsOf",
    "Between",
    "BuildTime",
    "CalendarRef",
    "Compare",
    "Cond",
    "During",
    "Earlier",
    "Elapsed",
    "Exceeds",
    "Expr",
    "FlagValue",
    "InScope",
    "IsIn",
    "IsPresent",
    "IsTrue",
    "Limits",
    "LogProblem",
    "Missing",
    "NoAsOf",
    "Not",
    "NotPred",
    "Number",
    "Or",
    "OutcomeName",
    "PausedColumn",
    "PausedSpan",
    "PausedStatus",
    "Pred",
    "Prepare",
    "Presence",
    "ReadColumn",
    "RepeatGap",
    "RowCalendar",
    "Rule",
    "ScalarValue",
    "Shorter",
    "Stamp",
    "Subtract",
    "TargetMatched",
    "Unplaced",
    "Unreadable",
    "UpTo",
    "WithinLimits",
    "walk",
]

OutcomeName = Literal["met", "missed", "pending", "excluded", "invalid", "out_of_scope"]
ScalarValue = bool | int | float | str | _dt.date

# -- scope conditions -----------------------------------------------------------


@dataclass(frozen=True)
class IsIn:
    """The column equals one of ``values`` (a missing value equals nothing)."""

    column: str
    values: tuple[ScalarValue, ...]


@dataclass(frozen=True)
class Compare:
    """``column <op> value``; a missing value compares false."""

    column: str
    op: Literal["gt", "ge", "lt", "le"]
    value: ScalarValue


@dataclass(frozen=True)
class IsPresent:
    """The column has a value."""

    column: str


@dataclass(frozen=True)
class During:
    """The timestamp in ``column`` falls in the open hours of ``calendar`` (one, or each row's: a row without a
    calendar is true here and left to the rule that makes it ``invalid``)."""

    column: str
    calendar: CalendarRef


@dataclass(frozen=True)
class Not:
    part: Cond


@dataclass(frozen=True)
class AllOf:
    """Every part holds; no parts: always true."""

    parts: tuple[Cond, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Cond, ...]


Cond = IsIn | Compare | IsPresent | During | Not | AllOf | AnyOf
ALWAYS = AllOf()

# -- expressions ------------------------------------------------------------------


@dataclass(frozen=True)
class RowCalendar:
    """The calendar of each row, by the value in ``column``: the first of ``choices`` equal to it, else ``default``.

    A row with no choice and no default has no calendar (its time is missing).
    """

    column: str
    choices: tuple[tuple[ScalarValue, str], ...]
    default: str | None = None

    def names(self) -> tuple[str, ...]:
        """The calendars it can choose, each once, in order (the default last)."""
        found = dict.fromkeys(name for _, name in self.choices)
        if self.default is not None:
            found.setdefault(self.default)
        return tuple(found)


CalendarRef = str | RowCalendar


@dataclass(frozen=True)
class Stamp:
    """A timestamp column, as an instant (missing where empty)."""

    column: str


@dataclass(frozen=True)
class AsOf:
    """The instant open interactions are judged at."""


@dataclass(frozen=True)
class Elapsed:
    """Seconds from ``start`` to ``end``: wall-clock, or open time on ``calendar``. Missing if either is."""

    start: Stamp
    end: Stamp | AsOf
    calendar: CalendarRef | None = None


@dataclass(frozen=True)
class PausedColumn:
    """Seconds paused, held in a numeric (or timedelta) column; missing counts as 0."""

    column: str


@dataclass(frozen=True)
class PausedSpan:
    """The open time of the pause interval [``start``, ``end``] inside [``within_start``, ``within_end``]."""

    start: Stamp
    end: Stamp
    within_start: Stamp
    within_end: Stamp | AsOf
    calendar: CalendarRef | None = None


@dataclass(frozen=True)
class PausedStatus:
    """The open time of the event log's paused spans inside [``within_start``, ``within_end``].

    ``statuses``: the statuses that pause this measure's clock; ``None``: the
    event log's ``paused_statuses``.
    """

    within_start: Stamp
    within_end: Stamp | AsOf
    calendar: CalendarRef | None = None
    statuses: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Subtract:
    """``left - right`` (seconds)."""

    left: Expr
    right: PausedColumn | PausedSpan | PausedStatus


@dataclass(frozen=True)
class Number:
    """The number in a column (seconds for a timedelta column)."""

    column: str


@dataclass(frozen=True)
class FlagValue:
    """A true/false column as 1 / 0, missing where empty."""

    column: str


@dataclass(frozen=True)
class Presence:
    """1 where the column has a value, 0 where it is empty."""

    column: str


@dataclass(frozen=True)
class RepeatGap:
    """Seconds to the same customer's (and topic's) next in-scope contact; missing when none."""

    customer: str
    time: str
    topic: str | None
    scope: Cond


Expr = Stamp | AsOf | Elapsed | Subtract | Number | FlagValue | Presence | RepeatGap

# -- limits ------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Per-row ``(when, low, high)`` in seconds or units; the first entry whose ``when`` holds applies.

    ``low`` is an at_least, ``high`` a within / at_most; ``None`` is no limit.
    A row no entry matches has no limits and, for a share standard with
    ``targets``, is out of scope.
    """

    entries: tuple[tuple[Cond, float | None, float | None], ...]


# -- predicates --------------------------------------------------------------------


@dataclass(frozen=True)
class InScope:
    """The standard's ``where`` holds for the row."""

    scope: Cond


@dataclass(frozen=True)
class TargetMatched:
    """Some entry of the limits applies to the row."""

    limits: Limits


@dataclass(frozen=True)
class Missing:
    """The value is missing."""

    value: Expr


@dataclass(frozen=True)
class Earlier:
    """Both are present and ``left`` is strictly before ``right``."""

    left: Stamp
    right: Stamp


@dataclass(frozen=True)
class WithinLimits:
    """The value is present and meets its row's limits (``low <= value <= high``; no limit always holds)."""

    value: Expr
    limits: Limits


@dataclass(frozen=True)
class Shorter:
    """The value is present and strictly less than ``seconds``."""

    value: Expr
    seconds: float


@dataclass(frozen=True)
class Exceeds:
    """The value is present and strictly over its row's ``high`` limit."""

    value: Expr
    limits: Limits


@dataclass(frozen=True)
class UpTo:
    """The value is present, a ``high`` limit applies to its row, and the value is at most that."""

    value: Expr
    limits: Limits


@dataclass(frozen=True)
class Between:
    """The value is present and ``low <= value <= high``."""

    value: Expr
    low: float
    high: float


@dataclass(frozen=True)
class IsTrue:
    """The value is present and equals 1."""

    value: Expr


@dataclass(frozen=True)
class LogProblem:
    """The event log of the interaction cannot be trusted (no creation, events before it, ...)."""


@dataclass(frozen=True)
class Unplaced:
    """The row has no time to place it in a period."""

    time: Stamp


@dataclass(frozen=True)
class Unreadable:
    """The column has a value, but not one of its format (a prepared column: see :class:`Prepare`)."""

    column: str


@dataclass(frozen=True)
class NoAsOf:
    """No ``as_of`` is known (no timestamps at all): open items cannot be judged."""


@dataclass(frozen=True)
class NotPred:
    part: Pred


@dataclass(frozen=True)
class And:
    parts: tuple[Pred, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Pred, ...]


@dataclass(frozen=True)
class Always:
    """Holds for every row: the last rule of a list."""


Pred = (
    InScope
    | TargetMatched
    | Missing
    | Earlier
    | WithinLimits
    | Shorter
    | Exceeds
    | UpTo
    | Between
    | IsTrue
    | LogProblem
    | Unplaced
    | Unreadable
    | NoAsOf
    | NotPred
    | And
    | Or
    | Always
)


@dataclass(frozen=True)
class Rule:
    """``when`` holds -> ``outcome``; the first rule that holds for a row wins. ``why`` says it in words."""

    when: Pred
    outcome: OutcomeName
    why: str


# -- reading the data as exported ----------------------------------------------------


@dataclass(frozen=True)
class ReadColumn:
    """The data's column ``column`` as the standards read it.

    Text equal to one of ``missing`` (after stripping blanks), and empty
    text, is no value; a number equal to a numeric marker is none either.
    With ``format`` (a ``strftime`` pattern) the text is read as timestamps
    in exactly that layout; without it, ``dayfirst`` says how timestamps
    are read from text wherever the column is read as one.
    """

    column: str
    missing: tuple[str, ...] = ()
    format: str | None = None
    dayfirst: bool = False


@dataclass(frozen=True)
class BuildTime:
    """A timestamp column ``name`` from a column of dates and a column of clock times (H:MM or H:MM:SS).

    ``date`` is read with ``format`` / ``dayfirst`` (or taken as it is when
    it holds dates already), ``clock`` as a time of day (or a duration);
    ``missing`` markers in either make the time missing. With ``after``
    (another built time), a time earlier than that one, both present, is
    one day later: it rolled over midnight.
    """

    name: str
    date: str
    clock: str
    format: str | None = None
    dayfirst: bool = False
    missing: tuple[str, ...] = ()
    after: str | None = None


@dataclass(frozen=True)
class Prepare:
    """How the data as exported becomes the columns the plans read: the first step of an evaluation.

    ``steps`` run in order (a built time after the one it follows);
    ``dayfirst`` is the default for the text timestamps of every other column.
    """

    steps: tuple[ReadColumn | BuildTime, ...] = ()
    dayfirst: bool = False

    def dayfirst_of(self, column: str) -> bool:
        """Whether timestamps in text in this data column are read day first."""
        for step in self.steps:
            if isinstance(step, ReadColumn) and step.column == column:
                return step.dayfirst
        return self.dayfirst

    @property
    def checked(self) -> tuple[str, ...]:
        """The data columns whose values may fail to read: the built times, and the columns with a format."""
        return tuple(
            step.name if isinstance(step, BuildTime) else step.column
            for step in self.steps
            if isinstance(step, BuildTime) or step.format is not None
        )


def walk(nodes: Any) -> Iterator[Any]:
    """Every node below ``nodes`` (a tuple of nodes and tuples), parents before children, in field order."""
    for node in nodes:
        if isinstance(node, tuple):
            yield from walk(node)
            continue
        fields = getattr(node, "__dataclass_fields__", None)
        if fields is None:
            continue
        yield node
        yield from walk(tuple(getattr(node, name) for name in fields))
