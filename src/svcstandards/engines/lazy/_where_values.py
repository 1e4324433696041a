"""Do the values a ``where`` names occur in the data? The pandas engine's check, on a lazy frame.

The same findings as :mod:`svcstandards.engines._values` (a close match is
an error, a value that merely never occurs a warning), computed with two
small queries: whether each named value occurs (one row of booleans), and,
only for columns where some value does not, the column's most frequent
values (at most :data:`~svcstandards.engines._values.SPELLING_POOL`).
Timestamp columns are not checked yet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ...errors import DataProblem
from ...format.model import Match, ShareStandard, StatisticStandard, Where
from .._values import SPELLING_POOL, SeenValues, unknown_values
from ._rules import ColumnKind, comparable

__all__ = ["WhereValues"]

AnyStandard = ShareStandard | StatisticStandard
CHECKED = ("text", "number", "float", "bool")


class WhereValues:
    """The named values of the ``where``s and ``targets`` of some standards, and what the data says of them."""

    def __init__(self, standards: Sequence[AnyStandard], mapping: Mapping[str, str], kinds: Mapping[str, ColumnKind]):
        self.kinds = kinds
        self.matchers: list[tuple[str, str, str, Any]] = []  # (standard, column of the file, data column, matcher)
        for standard in standards:
            wheres = [standard.where]
            if isinstance(standard, ShareStandard):
                wheres += [target.where for target in standard.targets or ()]
            for where in wheres:
                for column, matcher in _matchers(where):
                    name = mapping.get(column, column)
                    if kinds.get(name) in CHECKED and _values(matcher):
                        self.matchers.append((standard.id, column, name, matcher))
        self.tests = {
            (name, repr(value)): (name, value)
            for _, _, name, matcher in self.matchers
            for value in _values(matcher)
            if comparable(kinds[name], value)
        }

    def occurs(self, nw: Any) -> dict[str, Any]:
        """Aggregations whose one-row result says whether each value occurs (keys of :meth:`findings`' row)."""
        return {
            f"__svc_v{i}": (nw.col(name) == value).fill_null(False).any()
            for i, (name, value) in enumerate(self.tests.values())
        }

    def findings(
        self, nw: Any, frame: Any, row: Mapping[str, Any], collect: Callable[[Any], Any]
    ) -> Iterator[tuple[DataProblem, bool]]:
        """(problem, is a warning) for each value that never occurs, with the standard that names it."""
        found = {key: bool(row[f"__svc_v{i}"]) for i, key in enumerate(self.tests)}
        seen: dict[str, SeenValues] = {}
        for standard, column, name, matcher in self.matchers:
            if all(found.get((name, repr(value)), False) for value in _values(matcher)):
                continue
            if name not in seen:
                seen[name] = _seen(nw, frame, name, collect)
            for finding in unknown_values(matcher, seen[name], column, name):
                yield dataclasses.replace(finding.problem, standard=standard), not finding.error


def _matchers(where: Where | None) -> Iterator[tuple[str, Any]]:
    if where is None:
        return
    yield from where.columns.items()
    for alternative in where.any_ or ():
        yield from _matchers(alternative)


def _values(matcher: Any) -> list[Any]:
    """The values whose occurrence is checked: equality, list and ``not:`` values (not comparisons)."""
    if isinstance(matcher, Match):
        if matcher.not_ is None:
            return []
        return list(matcher.not_) if isinstance(matcher.not_, tuple) else [matcher.not_]
    return list(matcher) if isinstance(matcher, tuple) else [matcher]


def _seen(nw: Any, frame: Any, name: str, collect: Callable[[Any], Any]) -> SeenValues:
    """The column's distinct values, most frequent first (a group-by; at most the spelling pool)."""
    counted = collect(
        frame.filter(~nw.col(name).is_null())
        .group_by(name)
        .agg(nw.len().alias("__svc_n"))
        .sort(["__svc_n", name], descending=[True, False])
        .head(SPELLING_POOL)
    )
    return SeenValues(counted.get_column(name).to_list())
