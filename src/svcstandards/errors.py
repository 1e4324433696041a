"""Errors raised by svcstandards.

Every error the library raises on purpose derives from one base class, and
each subclass also derives from the matching built-in, so ``except
ValueError`` keeps working for callers that do not know this package::

    SvcStandardsError
    ├── StandardsError (ValueError)          a standards file or model is invalid;
    │                                        .problems lists every problem found
    ├── DataError (ValueError)               the data does not fit the standards;
    │                                        .problems lists every problem found
    ├── InvalidArgumentError (ValueError)    an argument has a value the function
    │                                        does not take (period="hour")
    ├── UnitError (ValueError)               text that is not a duration or a
    │                                        percentage (Duration.parse("2 mins"))
    ├── UsageError (TypeError)               an argument of the wrong type
    ├── UnknownStandardError (KeyError)      no standard has the id asked for
    ├── ImmutableError (AttributeError)      an attempt to change a frozen object
    └── MissingDependencyError (ImportError) an optional extra is needed

``UnitError`` lives in :mod:`svcstandards.units`; the others here. A problem
in a file that does not stop it loading (a standard that can never fail) is a
:class:`Problem` with ``severity="warning"``: never raised, kept on the loaded
set as ``StandardSet.warnings``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DataError",
    "DataProblem",
    "ImmutableError",
    "InvalidArgumentError",
    "MissingDependencyError",
    "Problem",
    "Severity",
    "StandardsError",
    "SvcStandardsError",
    "UnknownStandardError",
    "UsageError",
    "did_you_mean",
]

Severity = Literal["error", "warning"]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or '' when none is close."""
    pool = [c for c in candidates if isinstance(c, str)]
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    return f"did you mean '{close[0]}'?" if close else ""


class SvcStandardsError(Exception):
    """Base class of every error raised by svcstandards."""


@dataclass(frozen=True)
class Problem:
    """One problem in a standards file, with where it is and how to fix it.

    ``line`` and ``column`` are 1-based and point at the offending key or
    value (0 when the standards did not come from a file); ``path`` is the
    dotted location inside the file (``standards[2].within``); ``code`` is a
    stable machine-readable reason. ``severity`` is ``"error"`` (the file
    does not load) or ``"warning"`` (it loads, but probably not as meant).
    """

    source: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    code: str = "invalid"
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column}: "
        severity = "warning: " if self.severity == "warning" else ""
        path = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{severity}{path}{self.message}{hint}"


class StandardsError(SvcStandardsError, ValueError):
    """A standards file (or model) is invalid; ``problems`` lists them all.

    ``warnings`` holds the warnings of the same file (see :class:`Problem`);
    they are not part of the message.
    """

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.warnings: tuple[Problem, ...] = tuple(warnings)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the standards:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


@dataclass(frozen=True)
class DataProblem:
    """One problem with the data, named by standard and column."""

    standard: str
    column: str
    message: str
    hint: str = ""
    code: str = "invalid_data"

    def __str__(self) -> str:
        std = f"standard '{self.standard}': " if self.standard else ""
        col = f"column '{self.column}': " if self.column else ""
        hint = f" (Hint: {self.hint})" if self.hint else ""
        return f"{std}{col}{self.message}{hint}"


class DataError(SvcStandardsError, ValueError):
    """The data cannot be evaluated; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        self.problems: tuple[DataProblem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} with the data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class InvalidArgumentError(SvcStandardsError, ValueError):
    """An argument has a value the function does not take; the message says which values it takes."""


class UsageError(SvcStandardsError, TypeError):
    """An argument of the wrong type; the message says what to pass."""


class UnknownStandardError(SvcStandardsError, KeyError):
    """No standard has the id asked for; the message lists the ids there are."""

    def __str__(self) -> str:
        # KeyError would show the message in quotes, as if it were the key
        return str(self.args[0]) if self.args else ""


class ImmutableError(SvcStandardsError, AttributeError):
    """An attempt to change an object that never changes once made."""


class MissingDependencyError(SvcStandardsError, ImportError):
    """An optional dependency is needed for what was asked."""

    @classmethod
    def for_extra(cls, package: str, extra: str, purpose: str) -> MissingDependencyError:
        return cls(
            f"{purpose} needs the '{package}' package. Hint: install it with: pip install 'svcstandards[{extra}]'"
        )
