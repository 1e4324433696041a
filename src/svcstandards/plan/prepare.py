"""Compile the file's ``data:`` section and column descriptions into the :class:`Prepare` step.

The step is the first of every evaluation: it reads the data as exported
(missing markers, day-first dates, dates in a ``strftime`` format, times
built from a date and a clock time) into the columns the standards' plans
read. It is plain data, like the plans, so that every engine runs the same.

>>> import svcstandards
>>> from svcstandards.plan import compile_prepare, explain_prepare
>>> standards = svcstandards.loads('''
... version: 1
... data: {missing: "?"}
... columns:
...   opened: {column: opened_at, format: "%d-%m-%Y %H:%M"}
...   queued: {date: date, clock: q_start, missing: "0:00:00"}
...   answered: {date: date, clock: ser_start, missing: "0:00:00", after: queued}
... standards:
...   - id: answered-20s
...     measure: {from: queued, to: answered}
...     within: 20s
...     floor: 80%
... ''')
>>> print(explain_prepare(compile_prepare(standards)))
prepare the data:
  opened_at: missing if '?'; text read as %d-%m-%Y %H:%M
  queued = date date + clock q_start: missing if '0:00:00', '?'
  answered = date date + clock ser_start: missing if '0:00:00', '?'; a day later when before queued
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..format.data import ColumnSpec
from ..format.model import StandardSet
from ..format.references import column_references
from .nodes import BuildTime, Prepare, ReadColumn

__all__ = ["compile_prepare", "explain_prepare"]


def compile_prepare(
    standard_set: StandardSet,
    *,
    columns: Mapping[str, str] | None = None,
    by: Sequence[str] | None = None,
) -> Prepare:
    """The step that reads the data as exported, for the columns the evaluation reads.

    ``columns`` (evaluate()'s mapping) wins over the file's entries: a name
    it maps is read as that column, plainly. ``by`` adds group columns.
    """
    own = standard_set.column_map
    override = {name: column for name, column in (columns or {}).items() if own.get(name) != column}
    data = standard_set.data
    mapping = {**own, **override}
    specs = {
        name: entry
        for name, entry in standard_set.columns.items()
        if isinstance(entry, ColumnSpec) and name not in override
    }
    steps: list[ReadColumn | BuildTime] = []
    described: set[str] = set()
    for name, spec in specs.items():
        if spec.clock is None:
            column = spec.column or name
            described.add(column)
            steps.append(
                ReadColumn(
                    column,
                    _markers(spec.missing, data.missing),
                    spec.format,
                    data.dayfirst if spec.dayfirst is None else spec.dayfirst,
                )
            )
    if data.missing:
        read = [mapping.get(name, name) for _, name in column_references(standard_set)]
        read += [mapping.get(name, name) for name in by or ()]
        if standard_set.events is not None:
            read += [mapping.get(name, name) for name in _event_columns(standard_set)]
        built = {name for name, spec in specs.items() if spec.clock is not None}
        for column in dict.fromkeys(read):
            if column not in described and column not in built:
                described.add(column)
                steps.append(ReadColumn(column, tuple(data.missing), None, data.dayfirst))
    steps += _built_in_order(specs, data.missing, data.dayfirst)
    return Prepare(tuple(steps), data.dayfirst)


def _markers(own: tuple[str, ...], shared: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*own, *shared)))


def _event_columns(standard_set: StandardSet) -> list[str]:
    events = standard_set.events
    assert events is not None
    names = list(events.time_columns.values()) + list(events.when_set)
    if isinstance(events.attributes, dict):
        names += list(events.attributes)
    return names


def _built_in_order(specs: Mapping[str, ColumnSpec], missing: tuple[str, ...], dayfirst: bool) -> list[BuildTime]:
    """The times built from a date and a clock, each after the one its ``after:`` names (the checks rule out cycles)."""
    pending = {name: spec for name, spec in specs.items() if spec.clock is not None}
    ordered: list[BuildTime] = []
    done: set[str] = set()
    while pending:
        ready = [name for name, spec in pending.items() if spec.after is None or spec.after not in pending]
        if not ready:  # a cycle (a model built without the checks): the rest in file order
            ready = list(pending)
        for name in ready:
            spec = pending.pop(name)
            assert spec.date is not None
            assert spec.clock is not None
            after = spec.after if spec.after in done or spec.after in ready else None
            ordered.append(
                BuildTime(
                    name,
                    spec.date,
                    spec.clock,
                    spec.format,
                    dayfirst if spec.dayfirst is None else spec.dayfirst,
                    _markers(spec.missing, missing),
                    after,
                )
            )
            done.add(name)
    return ordered


def explain_prepare(prepare: Prepare) -> str:
    """The step in words, one line per prepared column ('' when there is nothing to prepare)."""
    if not prepare.steps and not prepare.dayfirst:
        return ""
    lines = ["prepare the data:" + (" text timestamps are read day first" if prepare.dayfirst else "")]
    for step in prepare.steps:
        if isinstance(step, BuildTime):
            said = [f"missing if {_quoted(step.missing)}"] if step.missing else []
            if step.format:
                said.append(f"date read as {step.format}")
            elif step.dayfirst:
                said.append("date read day first")
            if step.after:
                said.append(f"a day later when before {step.after}")
            lines.append(f"  {step.name} = date {step.date} + clock {step.clock}: {'; '.join(said) or 'as it is'}")
            continue
        said = [f"missing if {_quoted(step.missing)}"] if step.missing else []
        if step.format:
            said.append(f"text read as {step.format}")
        elif step.dayfirst:
            said.append("timestamps in text read day first")
        lines.append(f"  {step.column}: {'; '.join(said) or 'as it is'}")
    return "\n".join(lines)


def _quoted(markers: tuple[str, ...]) -> str:
    return ", ".join(repr(m) for m in markers)
