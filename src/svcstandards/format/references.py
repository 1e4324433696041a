"""Every column a standards file names, and the ones the data lacks.

The loader does not know the data; :func:`column_issues` is run when the
data is at hand (``svcstandards validate --data``, ``evaluate``), and the
event-log reader uses :func:`column_references` to tell its own columns
from the file's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import did_you_mean
from ..kinds import kind_of
from .data import ColumnSpec
from .issues import Issue, PathPart
from .parts import Where, is_share

if TYPE_CHECKING:
    from .model import StandardSet

__all__ = ["column_issues", "column_references"]

_DERIVED_SUFFIXES = ("_first_at", "_last_at", "_count")


def column_references(standard_set: StandardSet) -> list[tuple[tuple[PathPart, ...], str]]:
    """Every column the file refers to, as ``(path, name as written)``.

    Names go through the file's ``columns:`` mapping before they meet the
    data; see :func:`column_issues`.
    """
    refs: list[tuple[tuple[PathPart, ...], str]] = []
    if standard_set.time:
        refs.append((("time",), standard_set.time))
    events = standard_set.events
    if events:
        for key in ("id", "time", "type", "status"):
            value = getattr(events, key)
            if value:
                refs.append((("events", key), value))
        if not isinstance(events.created, str):
            refs.append((("events", "created", "column"), events.created.column))
        refs.extend((("events", "times", name), column) for name, column in events.times.items())
        refs.extend((("events", "when_set", name), column) for name, column in events.when_set.items())
        if isinstance(events.attributes, dict):
            refs.extend((("events", "attributes", column), column) for column in events.attributes)
    # a measure used for reply cycles names event types, not columns
    cycle_only = {s.measure for s in standard_set.standards if isinstance(s.measure, str) and s.unit == "reply"} - {
        s.measure for s in standard_set.standards if isinstance(s.measure, str) and s.unit != "reply"
    }
    for name, measure in standard_set.measures.items():
        if name not in cycle_only:
            refs.extend(kind_of(measure).columns(("measures", name), measure))
    for index, standard in enumerate(standard_set.standards):
        path: tuple[PathPart, ...] = ("standards", index)
        if standard.time:
            refs.append(((*path, "time"), standard.time))
        refs.extend(((*path, "by", i), column) for i, column in enumerate(standard.by))
        refs.extend(_where_columns((*path, "where"), standard.where))
        if not isinstance(standard.measure, str) and standard.unit != "reply":
            refs.extend(kind_of(standard.measure).columns((*path, "measure"), standard.measure))
        if is_share(standard):
            for t, target in enumerate(standard.targets or ()):
                refs.extend(_where_columns((*path, "targets", t, "where"), target.where))
    return refs


def _where_columns(path: tuple[PathPart, ...], where: Where | None) -> list[tuple[tuple[PathPart, ...], str]]:
    if where is None:
        return []
    refs: list[tuple[tuple[PathPart, ...], str]] = [((*path, column), column) for column in where.columns]
    for column, matcher in where.columns.items():  # during: a calendar per row reads its column too
        if isinstance(by := getattr(getattr(matcher, "during", None), "by", None), str):
            refs.append(((*path, column, "during", "by"), by))
    for index, alternative in enumerate(where.any_ or ()):
        refs.extend(_where_columns((*path, "any", index), alternative))
    return refs


def column_issues(standard_set: StandardSet, available: Iterable[str]) -> list[Issue]:
    """Issues for every column the file refers to that ``available`` lacks.

    With an ``events:`` section the columns derived from the log
    (``T_first_at``, ``T_last_at``, ``T_count``) are not looked for.
    """
    have = list(available)
    have_set = set(have)
    issues: list[Issue] = []
    for path, name in column_references(standard_set):
        entry = standard_set.columns.get(name)
        if isinstance(entry, ColumnSpec) and entry.clock is not None:
            issues.extend(_built_from(path, name, entry, have))
            continue
        column = standard_set.column_map.get(name, name)
        if column in have_set:
            continue
        if standard_set.events and path[0] != "events" and column.endswith(_DERIVED_SUFFIXES):
            continue
        mapped = f" (mapped from '{name}' by columns:)" if column != name else ""
        key_named = path[-1] == name
        issues.append(
            Issue(
                path,
                f"column '{column}'{mapped} is not in the data",
                did_you_mean(column, have) or f"map it with the file's columns: section, e.g. {name}: <your column>",
                "column_missing",
                at_key=key_named,
            )
        )
    return issues


def _built_from(path: tuple[PathPart, ...], name: str, entry: ColumnSpec, have: list[str]) -> list[Issue]:
    """Issues for the date and clock columns a time is built from that the data lacks."""
    return [
        Issue(
            path,
            f"column '{column}' (the {part} of '{name}' in columns:) is not in the data",
            did_you_mean(column, have) or f"name the data's {part} column in columns: {name}: {{{part}: ...}}",
            "column_missing",
            at_key=path[-1] == name,
        )
        for part, column in (("date", entry.date), ("clock", entry.clock))
        if column is not None and column not in have
    ]
