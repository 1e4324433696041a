"""What every measure kind defines, in one class per kind.

A kind is a model (its keys) and a :class:`Kind` that says, for that model,
how it is checked, how it compiles to plan rules, how it is said in words
and what makes its rows invalid. Code elsewhere asks the kind
(:func:`svcstandards.kinds.kind_of`) instead of testing the model's class.

This module sits below the models and above the plan's vocabulary
(:mod:`svcstandards.nodes`); the standards, the plan compiler and the
handbook describer reach it only as types, and hand in what a kind needs
(``names``, ``base``, ``say``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Protocol, TypeAlias, TypeVar

from pydantic import BaseModel

from ..errors import DataProblem
from ..format.issues import Issue, KeyPath
from ..format.units import Duration
from ..nodes import Always, Expr, IsTrue, Missing, Pred, Rule

if TYPE_CHECKING:  # the standards, the compiler and the handbook call the kinds; named here as types only
    from ..format.model import ShareStandard, StatisticStandard
    from ..format.row_calendars import CalendarByColumn
    from ..handbook._i18n import Forms, Language
    from ..handbook._words import Words
    from ..plan.compile import FirstRules

__all__ = [
    "NO_END",
    "AnyStandard",
    "Before",
    "Blank",
    "Cause",
    "ColumnRef",
    "Compiled",
    "Kind",
    "Names",
    "NoEnd",
    "OutOfRange",
    "Say",
    "Threshold",
    "true_false",
]

M = TypeVar("M", bound=BaseModel)
AnyStandard: TypeAlias = "ShareStandard | StatisticStandard"
Limit = Duration | int | float
#: What ``within``, ``at_most`` and ``at_least`` compare a measured value with.
Threshold = Literal["duration", "number"]
#: A column the file names, with the path of the key that names it.
ColumnRef = tuple[KeyPath, str]
#: Names of the file -> columns of the data (the file's ``columns:`` and evaluate's ``columns=``).
Names = Callable[[str], str]
#: What a kind compiles to: the measured value (the first pair whose predicate holds), the
#: outcome rules, and whether measured values and limits are seconds of a duration.
Compiled = tuple[tuple[tuple[Pred, Expr], ...], list[Rule], bool]


# -- what makes a row invalid, for the report of a standard that scored nothing -----------


@dataclass(frozen=True)
class Blank:
    """Rows where ``column`` has no value, read as timestamps, flags, numbers or any value."""

    column: str
    read: Literal["timestamp", "flag", "number", "any"]


@dataclass(frozen=True)
class Before:
    """Rows where the timestamp in ``later`` is earlier than the one in ``earlier`` (both given)."""

    later: str
    earlier: str


@dataclass(frozen=True)
class OutOfRange:
    """Rows whose measured value (read from ``column``) is outside ``low`` to ``high``."""

    column: str
    low: int
    high: int


#: The reason code of a row without an end in a final extract (``data: {final: true}``).
NO_END = "no_end"


@dataclass(frozen=True)
class NoEnd:
    """Rows of a final extract whose measure has no end: ``end`` is blank and so is ``abandoned`` (when given)."""

    end: str
    abandoned: str | None = None

    def warning(self, standard: str, count: int, name: Callable[[str], str]) -> DataProblem:
        """The ``no_end`` warning of one standard: ``count`` rows without an end counted invalid.

        ``name`` gives the data's name of a column of the file. Every engine
        says it in these words.
        """
        end = name(self.end)
        gave_up = f" and no {name(self.abandoned)}" if self.abandoned else ""
        message = (
            f"{count:,} {'row has' if count == 1 else 'rows have'} no {end}{gave_up} in a final extract "
            f"and count as invalid ({NO_END})"
        )
        hint = "fill in the missing times; if the extract is not final, leave out data: {final: true} (or final=False)"
        return DataProblem(standard, end, message, hint, NO_END)


Cause = Blank | Before | OutOfRange | NoEnd


def N_(message: str) -> str:  # noqa: N802 - the marker name message extraction looks for
    """Mark a message for extraction; ``say.text`` translates it where it is used."""
    return message


class Say(Protocol):
    """What a kind's words are said with: the handbook's describer of one standard."""

    lang: Language
    words: Words
    terms: set[str]  # the glossary terms the description uses
    final: bool  # the file's data is a final extract (``data: {final: true}``)
    paused_statuses: tuple[str, ...]  # the event log's ``paused_statuses`` (what ``pause: status`` means)
    neutral: bool  # the rows are not customer contacts (no channel in scope): say "items", not "interactions"

    def text(self, message: str, /, **values: Any) -> str:
        """A whole sentence, translated and capitalised."""
        ...

    def limit(self, value: Limit) -> Forms | str:
        """A threshold in words."""
        ...

    def mark_column(self, column: str) -> None:
        """Note a column the description names (a CSAT column brings the glossary's term)."""
        ...

    def column_statistic(self, column: str, name: str, nth: str | None) -> str:
        """A statistic of a column in words: "the average CSAT", "the 90th percentile of CSAT"."""
        ...


class Kind(ABC, Generic[M]):
    """One measure kind. A subclass fills in one kind; its instance goes in :data:`svcstandards.kinds.KINDS`.

    The abstract methods are what every kind must say; the others have the
    answer of a kind without that feature (no calendar, no abandons...).
    """

    #: The kind as messages name it: "a flag measure is its own condition".
    name: ClassVar[str]
    #: What ``within``/``at_most``/``at_least`` compare its measured value with; ``None`` for a
    #: measure that is its own condition (met when true, present, repeated).
    threshold: ClassVar[Threshold | None]

    @property
    def own_condition(self) -> bool:
        """Met when true, present or repeated: no ``within``/``at_most``/``at_least``, no statistic."""
        return self.threshold is None

    # -- the file ------------------------------------------------------------------------

    @abstractmethod
    def columns(self, path: KeyPath, measure: M) -> list[ColumnRef]:
        """Every column the measure names, with the path of its key (the measure is at ``path``)."""

    def met_when(self, measure: M) -> str:
        """For a measure that is its own condition: when a row is met, as a hint says it."""
        return ""

    def issues(self, path: KeyPath, measure: M) -> Iterator[Issue]:
        """Problems of the measure on its own; the names it refers to are checked with the file."""
        return iter(())

    def calendar(self, measure: M) -> str | CalendarByColumn | None:
        """The calendar whose open hours the measure counts time on."""
        return None

    def time_column(self, measure: M) -> str | None:
        """The timestamp column that places a row in a period, when the measure has one."""
        return None

    def abandoned(self, measure: M) -> str | None:
        """The column of when the customer gave up (it enables ``abandons:``)."""
        return None

    def reply_cycles(self, measure: M) -> tuple[tuple[str, str], M] | None:
        """For ``unit: reply``: the (from, to) event types and the measure on the cycle columns.

        ``None`` when the kind cannot measure reply cycles.
        """
        return None

    # -- the plan ------------------------------------------------------------------------

    @abstractmethod
    def compile(self, standard: AnyStandard, measure: M, names: Names, base: FirstRules) -> Compiled:
        """The measured value and the outcome rules; ``base`` gives the rules every kind starts with."""

    def deadline_from(self, measure: M) -> str | None:
        """The timestamp column deadlines run from."""
        return None

    def as_of_columns(self, standard: AnyStandard, measure: M) -> tuple[str, ...]:
        """The columns whose latest timestamp is the default ``as_of`` (names of the file)."""
        return ()

    # -- words ---------------------------------------------------------------------------

    @abstractmethod
    def condition(self, measure: M, say: Say, low: Limit | None, high: Limit | None, targets: bool) -> str:
        """The clause after "At least 90% of calls ...": what a row must do to be met.

        ``low`` and ``high`` are the standard's ``at_least`` and ``within``/``at_most``;
        ``targets`` says the standard has targets instead.
        """

    def statistic(self, measure: M, say: Say, name: str, nth: str | None) -> str:
        """The statistic ``name`` of the measured values in words; ``nth`` is a percentile's ordinal."""
        return say.column_statistic("value", name, nth)

    def notes(self, measure: M, say: Say) -> list[str]:
        """Sentences on how the measure counts (paused time)."""
        return []

    def share_ending(self, measure: M, say: Say, standard: ShareStandard) -> Iterator[str]:
        """The last sentences of a share standard: how abandoned and open rows count."""
        return iter(())

    def statistic_ending(self, measure: M, say: Say) -> Iterator[str]:
        """The last sentences of a statistic standard: which rows the statistic leaves out."""
        return iter(())

    # -- the report ------------------------------------------------------------------------

    def invalid_when(self, standard: AnyStandard, measure: M) -> list[Cause]:
        """What makes a row invalid, in the order a report names the causes."""
        return []

    def no_end(self, measure: M) -> NoEnd | None:
        """What a row lacks to have ended, for a measure whose rows can be open; invalid in a final extract."""
        return None

    def blank_out_of_scope(self, measure: M) -> Blank | None:
        """The column whose blank rows the standard leaves out of scope."""
        return None


def true_false(value: Expr, base: FirstRules, yes: str, no: str) -> Compiled:
    """The plan of a measure that is its own condition: met when ``value`` is true, out of scope when empty."""
    rules = [
        *base.out_of_scope((Missing(value), "the flag is empty")),
        *base.untrusted(),
        Rule(IsTrue(value), "met", yes),
        Rule(Always(), "missed", no),
    ]
    return ((Always(), value),), rules, False
