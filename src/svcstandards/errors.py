"""Errors raised by svcstandards.

Every error the library raises on purpose derives from one base class, and
each subclass also derives from the matching built-in, so ``except
ValueError`` keeps working for callers that do not know this package::

    SvcStandardsError
    ├── StandardsError (ValueError)   a standards file or model is invalid;
    │                                 ``.problems`` lists every problem found
    ├── DataError (ValueError)        the data does not fit the standards;
    │                                 ``.problems`` lists every problem found
    └── MissingDependencyError (ImportError)
                                      an optional extra is needed
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "DataError",
    "DataProblem",
    "MissingDependencyError",
    "Problem",
    "StandardsError",
    "SvcStandardsError",
    "did_you_mean",
]


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
    value; ``path`` is the dotted location inside the file
    (``standards[2].within``); ``code`` is a stable machine-readable reason;
    ``severity`` is ``error`` or ``warning`` (a warning does not make a file invalid).
    """

    source: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    code: str = "invalid"
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column}: "
        path = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{path}{self.message}{hint}"


class StandardsError(SvcStandardsError, ValueError):
    """A standards file (or model) is invalid; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
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


class MissingDependencyError(SvcStandardsError, ImportError):
    """An optional dependency is needed for what was asked."""

    @classmethod
    def for_extra(cls, package: str, extra: str, purpose: str) -> MissingDependencyError:
        return cls(
            f"{purpose} needs the '{package}' package. Hint: install it with: pip install 'svcstandards[{extra}]'"
        )
