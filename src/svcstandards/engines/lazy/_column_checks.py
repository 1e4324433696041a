"""What the lazy engine checks of the data's columns before it counts: presence, types and time zones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import DataProblem, did_you_mean
from ...format.model import DurationMeasure, ShareStandard, StandardSet, StatisticStandard
from ...plan import Plan
from ._repeats import repeat_problems
from ._rules import ColumnKind
from ._support import column_uses

__all__ = ["check_columns", "mixed_zones"]

AnyStandard = ShareStandard | StatisticStandard


_EXPECTED = {
    "time": ("time", "timestamps (datetime)"),
    "number": ("number", "float", "duration", "numbers or durations"),
    "flag": ("bool", "number", "float", "true/false (or 0/1)"),
}
_HINTS = {
    "time": "parse it first, e.g. pl.col(name).str.to_datetime() or strptime() in DuckDB",
    "number": "scores and amounts must be numeric",
    "flag": "a flag column holds booleans",
}


def check_columns(
    plan: Plan, kinds: Mapping[str, ColumnKind], schema: Mapping[str, Any], mapping: Mapping[str, str]
) -> list[DataProblem]:
    """Missing columns and columns of the wrong type, named by standard and column."""
    problems: list[DataProblem] = []
    reverse = {data: file for file, data in mapping.items()}
    problems += repeat_problems(plan)
    if plan.period and plan.time is None:
        message, hint = f"period '{plan.period}' needs a time column", "set time: on the standard or the file"
        problems.append(DataProblem(plan.standard, "", message, hint, "period_time"))
    for column, use in column_uses(plan):
        if column not in kinds:
            mapped = f" (mapped from the file's '{reverse[column]}')" if column in reverse else ""
            hint = did_you_mean(column, list(kinds)) or (
                f"map it with columns={{'{column}': '<your column>'}} or the file's columns: section"
            )
            problem = DataProblem(plan.standard, column, f"not found in the data{mapped}", hint, "column_missing")
        elif use in _EXPECTED and kinds[column] not in _EXPECTED[use][:-1]:
            expected = _EXPECTED[use][-1]
            problem = DataProblem(
                plan.standard,
                column,
                f"expected {expected}, found {schema[column]}",
                _HINTS[use].replace("name", repr(column)),
                f"{use}_type",
            )
        else:
            continue
        if problem not in problems:
            problems.append(problem)
    return problems


def mixed_zones(
    standard_set: StandardSet, standard: AnyStandard, schema: Mapping[str, Any], mapping: Mapping[str, str]
) -> DataProblem | None:
    """A duration from a naive column to an aware one (or back): the same warning as the pandas engine's."""
    measure = standard_set.measure_of(standard)
    if not isinstance(measure, DurationMeasure):
        return None
    names = [mapping.get(c, c) for c in (measure.from_, measure.to)]
    zones = {name: getattr(schema.get(name), "time_zone", None) is not None for name in names if name in schema}
    naive = [name for name, aware in zones.items() if not aware]
    aware = [name for name, aware in zones.items() if aware]
    if not naive or not aware:
        return None
    timezone = standard_set.timezone
    message = (
        f"'{naive[0]}' has no time zone (it is read as wall-clock time in {timezone}) "
        f"but '{aware[0]}' has one; if '{naive[0]}' really holds times of another zone "
        "(UTC, say), every duration is off by the difference between the zones"
    )
    hint = (
        f"give both columns a time zone, e.g. pl.col('{naive[0]}').dt.replace_time_zone('UTC'), or remove it from both"
    )
    return DataProblem(standard.id, naive[0], message, hint, "mixed_timezones")
