"""``where`` matchers as boolean masks over the data.

Matchers are data, never code: each is a comparison chosen from a fixed
set, applied with numpy/pandas. Missing values never equal anything, never
compare, and are "not" anything (``{not: phone}`` keeps rows without a
channel).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..format.model import Match, Where
from ..plan.nodes import Compare, During, IsIn, IsPresent, Not
from ._columns import NAT, TIMESTAMP_RANGE, UNHASHABLE, Columns, as_scalar_ns, beyond_ns_range
from ._values import Finding, SeenStamps, SeenValues, unknown_values

__all__ = ["column_condition_mask", "note_where_values", "where_findings", "where_mask"]

OpenCheck = Callable[[np.ndarray, str], np.ndarray]


def where_mask(where: Where | None, columns: Columns, standard: str, is_open: OpenCheck | None = None) -> np.ndarray:
    """Rows that satisfy every matcher of ``where`` (all rows when it is ``None``).

    ``is_open(ns, calendar_name)`` answers the ``during:`` matcher.
    """
    mask = np.ones(len(columns), dtype=bool)
    if where is None:
        return mask
    for column, matcher in where.columns.items():
        series = columns.series(standard, column)
        if series is None:
            continue
        key = ("where", columns.name(column), repr(matcher))

        def compute(series: pd.Series = series, matcher: Any = matcher, column: str = column) -> np.ndarray:
            return _column_mask(series, matcher, columns, standard, column, is_open)

        # a single value that some row equals occurs: no need for the column's distinct values
        equals = not isinstance(matcher, Match | tuple)
        matched = columns.memo(key, compute) if equals else None
        occurs = matched is not None and bool(matched.any())
        findings = [] if occurs else _findings(series, matcher, columns, standard, column)
        if findings is None:  # values that cannot be compared: reported, the rows match nothing
            mask[:] = False
            continue
        for finding in findings:
            columns.note(dataclasses.replace(finding.problem, standard=standard), warning=not finding.error)
        mask &= matched if matched is not None else columns.memo(key, compute)
    if where.any_:
        alternatives = np.zeros(len(columns), dtype=bool)
        for alternative in where.any_:
            alternatives |= where_mask(alternative, columns, standard, is_open)
        mask &= alternatives
    return mask


def note_where_values(
    where: Where | None,
    columns: Columns,
    standard: str,
    equals_mask: Callable[[str, Any], np.ndarray],
) -> None:
    """Record values of ``where`` (and its ``any``) that never occur in the data: problems or warnings.

    ``equals_mask(column, value)`` is the (shared) mask of rows equal to a
    single value: when some row matches, the value occurs and the column's
    distinct values are not needed.
    """
    if where is None:
        return
    for column, matcher in where.columns.items():
        series = columns.series(standard, column)
        if series is None:
            continue
        if not isinstance(matcher, Match | tuple) and bool(equals_mask(column, matcher).any()):
            continue
        for finding in _findings(series, matcher, columns, standard, column) or []:
            columns.note(dataclasses.replace(finding.problem, standard=standard), warning=not finding.error)
    for alternative in where.any_ or ():
        note_where_values(alternative, columns, standard, equals_mask)


def where_findings(where: Where | None, columns: Columns, standard: str) -> list[Finding]:
    """Values of ``where`` (and its ``any``) that never occur in the data, with paths inside the where."""
    if where is None:
        return []
    found: list[Finding] = []
    for column, matcher in where.columns.items():
        series = columns.series(standard, column)
        if series is not None:
            found += _findings(series, matcher, columns, standard, column) or []
    for i, alternative in enumerate(where.any_ or ()):
        inner = where_findings(alternative, columns, standard)
        found += [dataclasses.replace(f, path=("any", i, *f.path)) for f in inner]
    return found


def _findings(series: pd.Series, matcher: Any, columns: Columns, standard: str, column: str) -> list[Finding] | None:
    """The column's findings for ``matcher`` (computed once per evaluation); ``None`` when not comparable."""
    if isinstance(matcher, Match) and matcher.not_ is None:
        return []  # comparisons, present, during: not checked for occurrence
    name = columns.name(column)
    seen = columns.typed("seen", standard, column, _seen_values(columns, column))
    if seen is None:
        return None if columns.failure_code(name) == UNHASHABLE[2] else []
    return columns.memo(("unknown", name, column, repr(matcher)), lambda: unknown_values(matcher, seen, column, name))


def _seen_values(columns: Columns, column: str) -> Callable[[str, str, pd.Series], SeenValues | None]:
    """The distinct values of a column, or ``None`` when it has none (or they cannot be compared)."""

    def seen(standard: str, name: str, series: pd.Series) -> SeenValues | None:
        if _is_time(series):
            stamps = columns.timestamps(standard, column)
            present = stamps[stamps != NAT] if stamps is not None else np.empty(0, dtype=np.int64)
            return SeenStamps(present, columns.timezone) if len(present) else None
        try:
            values = SeenValues.of(series)
        except TypeError:
            columns.fail(standard, name, *UNHASHABLE)
            return None
        return values if len(values) else None

    return seen


def _is_time(series: pd.Series) -> bool:
    return bool(pd.api.types.is_datetime64_any_dtype(series.dtype))


def _values(
    series: pd.Series, value: Any, columns: Columns, standard: str, column: str
) -> tuple[Any, Any, np.ndarray | None] | None:
    """The column, the value in comparable form (timestamps as UTC ns), and which rows are present."""
    if _is_time(series) or isinstance(value, pd.Timestamp):
        stamps = columns.timestamps(standard, column)
        scalar = as_scalar_ns(value, columns.timezone)
        if stamps is None or scalar is None:
            far = beyond_ns_range(value)
            columns.problem(
                standard,
                columns.name(column),
                f"cannot compare timestamps with {value!r}" + (f" (outside {TIMESTAMP_RANGE})" if far else ""),
                f"write a date or date-time from {TIMESTAMP_RANGE}"
                if far
                else "write a date or date-time such as 2026-03-01",
                "where_value",
            )
            return None
        return stamps, scalar, stamps != NAT
    return series, value, None


def _column_mask(
    series: pd.Series,
    matcher: Any,
    columns: Columns,
    standard: str,
    column: str,
    is_open: OpenCheck | None,
) -> np.ndarray:
    if isinstance(matcher, Match):
        return _ops_mask(series, matcher, columns, standard, column, is_open)
    if isinstance(matcher, tuple):
        if _is_time(series):
            mask = np.zeros(len(series), dtype=bool)
            for value in matcher:
                mask |= _compare(series, "eq", value, columns, standard, column)
            return mask
        return np.asarray(series.isin(list(matcher)).to_numpy(dtype=bool, na_value=False))
    return _compare(series, "eq", matcher, columns, standard, column)


def _compare(series: pd.Series, op: str, value: Any, columns: Columns, standard: str, column: str) -> np.ndarray:
    pair = _values(series, value, columns, standard, column)
    if pair is None:
        return np.zeros(len(series), dtype=bool)
    left, right, present = pair
    try:
        with np.errstate(invalid="ignore"):
            result = {
                "eq": lambda: left == right,
                "gt": lambda: left > right,
                "ge": lambda: left >= right,
                "lt": lambda: left < right,
                "le": lambda: left <= right,
            }[op]()
    except TypeError:
        columns.problem(
            standard,
            columns.name(column),
            f"cannot compare {series.dtype} values with {value!r}",
            "compare numbers with numbers and text with text",
            "where_value",
        )
        return np.zeros(len(series), dtype=bool)
    if isinstance(result, pd.Series):
        return np.asarray(result.to_numpy(dtype=bool, na_value=False))
    out = np.asarray(result, dtype=bool)
    return out & present if present is not None else out


def _ops_mask(
    series: pd.Series,
    match: Match,
    columns: Columns,
    standard: str,
    column: str,
    is_open: OpenCheck | None,
) -> np.ndarray:
    mask = np.ones(len(series), dtype=bool)
    if match.not_ is not None:
        values = match.not_ if isinstance(match.not_, tuple) else (match.not_,)
        mask &= ~_column_mask(series, tuple(values), columns, standard, column, is_open)
    for op in ("gt", "ge", "lt", "le"):
        value = getattr(match, op)
        if value is not None:
            mask &= _compare(series, op, value, columns, standard, column)
    if match.present is not None:
        present = series.notna().to_numpy()
        mask &= present if match.present else ~present
    if isinstance(match.during, str):  # a calendar per row (or the measure's): told by the plan, not here
        stamps = columns.timestamps(standard, column)
        if stamps is not None and is_open is not None:
            mask &= is_open(stamps, match.during)
        elif stamps is not None:
            mask &= False
    return mask


def column_condition_mask(
    series: pd.Series,
    cond: IsIn | Compare | IsPresent | During | Not,
    columns: Columns,
    standard: str,
    column: str,
    is_open: OpenCheck | None,
) -> np.ndarray:
    """One condition of a plan on one column, as a mask (the same rules as ``where`` matchers)."""
    if isinstance(cond, Not):
        assert isinstance(cond.part, IsIn)
        return ~_column_mask(series, tuple(cond.part.values), columns, standard, column, is_open)
    if isinstance(cond, IsIn):
        matcher: Any = cond.values[0] if len(cond.values) == 1 else tuple(cond.values)
        return _column_mask(series, matcher, columns, standard, column, is_open)
    if isinstance(cond, Compare):
        return _compare(series, cond.op, cond.value, columns, standard, column)
    if isinstance(cond, IsPresent):
        return np.asarray(series.notna().to_numpy(), dtype=bool)
    stamps = columns.timestamps(standard, column)
    if stamps is None or is_open is None:
        return np.zeros(len(series), dtype=bool)
    assert isinstance(cond.calendar, str), "a calendar per row is the row engine's (numpy_rows)"
    return np.asarray(is_open(stamps, cond.calendar), dtype=bool)
