"""Whole-file checks of the column descriptions in ``columns:``: what ``after:`` names.

``after: queued`` makes a clock time that reads earlier than ``queued``'s roll
over to the next day, so ``queued`` must itself be a time built from
``date:`` and ``clock:``, and the chain of ``after:`` must not come back to
where it started.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import did_you_mean
from .data import ColumnSpec
from .issues import Issue

__all__ = ["column_spec_issues"]


def column_spec_issues(columns: Mapping[str, str | ColumnSpec]) -> list[Issue]:
    """Issues of the ``after:`` keys: a name that is no date + clock entry, or a cycle."""
    built = {name: entry for name, entry in columns.items() if isinstance(entry, ColumnSpec) and entry.clock}
    issues: list[Issue] = []
    for name, entry in built.items():
        if entry.after is None:
            continue
        if entry.after not in built:
            issues.append(
                Issue(
                    ("columns", name, "after"),
                    f"after: '{entry.after}' is not a time built from date: and clock: in columns:",
                    did_you_mean(entry.after, list(built))
                    or "name another entry of columns: that has date: and clock:",
                    "column_after_unknown",
                )
            )
    reported: set[str] = set()
    for start in built:
        seen = [start]
        current = built[start].after
        while current in built and current not in seen:
            seen.append(current)
            current = built[current].after
        if current == start and start not in reported:
            reported.update(seen)
            chain = " -> ".join([*seen, start])
            issues.append(
                Issue(
                    ("columns", start, "after"),
                    f"after: goes round in a circle ({chain})",
                    "the first time of a chain has no after:; each later one names the one before it",
                    "column_after_cycle",
                )
            )
    return issues
