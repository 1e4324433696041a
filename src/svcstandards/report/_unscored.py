"""Why a standard scored nothing, in one line, from counts only.

A standard *scored nothing* when no input row was met or missed (``n`` is
0 in every results row). :func:`unscored_reason` says why: the data has no
rows; every row is out of scope, naming the ``where`` condition (or the
``targets``, or the blank measure column) that removed them; or every row
in scope is pending, excluded or invalid, with counts per cause.

Only whole-array counts: the condition masks come from the evaluation's
memo (:meth:`Columns.memo`, the same keys :func:`where_mask` uses) and the
typed columns from its cache, so nothing is converted twice.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

from ..engines._columns import NAT, Columns
from ..engines._grouping import NO_PERIOD
from ..engines.outcomes import EXCLUDED, INVALID, MET, MISSED, OUT_OF_SCOPE, PENDING, RowOutcomes
from ..engines.scope import OpenCheck, where_mask
from ..format.model import AnyMeasure, Match, ShareStandard, StatisticStandard, Where
from ..kinds import NO_END, Before, Blank, Cause, NoEnd, kind_of

__all__ = ["condition_text", "no_end_rows", "unscored_reason"]

AnyStandard = ShareStandard | StatisticStandard


def rows_text(count: int) -> str:
    """``1 row``, ``1,204 rows``."""
    return f"{count:,} row{'' if count == 1 else 's'}"


def unscored_reason(
    standard: AnyStandard,
    measure: AnyMeasure,
    rows: RowOutcomes,
    columns: Columns,
    *,
    is_open: OpenCheck | None,
    timezone: str,
    periods: np.ndarray | None = None,
    time_column: str | None = None,
    log_problems: np.ndarray | None = None,
    final: bool = False,
) -> str:
    """Why no row of ``standard`` was met or missed.

    ``periods`` (the period index per row) and ``time_column`` say which rows
    could not be placed in a period; they are invalid. ``log_problems``: per
    row, whether its event log cannot be trusted (those rows are invalid).
    ``final``: the data is a final extract, where a row without an end is invalid.
    """
    total = len(columns)
    counts = np.bincount(rows.outcome.astype(np.int64), minlength=OUT_OF_SCOPE + 1)
    assert counts[MET] + counts[MISSED] == 0, "the standard scored something"
    if total == 0:
        return "no rows"
    out = int(counts[OUT_OF_SCOPE])
    if out == total:
        return f"every row out of scope ({_out_of_scope(standard, measure, columns, is_open)})"
    details = {
        "pending": lambda: [(int(counts[PENDING]), _still_open(rows, timezone))],
        "excluded": lambda: [(int(counts[EXCLUDED]), "abandoned")],
        "invalid": lambda: _invalid(standard, measure, rows, columns, periods, time_column, log_problems, final),
    }
    present = [
        (name, int(counts[code]))
        for name, code in (("pending", PENDING), ("excluded", EXCLUDED), ("invalid", INVALID))
        if counts[code]
    ]
    if len(present) == 1:
        name, count = present[0]
        causes = details[name]()
        said = f"{rows_text(count)} {causes[0][1]}" if len(causes) == 1 else f"{rows_text(count)}: {_causes(causes)}"
        if out:
            return f"every row in scope {name} ({said}; the other {rows_text(out)} out of scope)"
        return f"every row {name} ({said})"
    parts = [f"{count:,} {name} ({_causes(details[name](), count)})" for name, count in present]
    if out:
        parts.append(f"{out:,} out of scope")
    return f"no row met or missed: {', '.join(parts)}"


def _causes(causes: list[tuple[int, str]], of: int | None = None) -> str:
    """``1,000 without offered_at, 204 with ...``; just the label when one cause covers all ``of`` rows."""
    if len(causes) == 1 and causes[0][0] == of:
        return causes[0][1]
    return ", ".join(f"{count:,} {label}" for count, label in causes)


# -- out of scope ----------------------------------------------------------------------


def _out_of_scope(standard: AnyStandard, measure: AnyMeasure, columns: Columns, is_open: OpenCheck | None) -> str:
    """The first condition that leaves no row: a ``where`` condition, the targets, a blank measure column."""
    total = len(columns)
    where = standard.where
    scope = np.ones(total, dtype=bool)
    if where is not None:
        conditions = _conditions(where, columns, standard.id, is_open)
        for label, mask in conditions:
            if not mask.any():
                return f"where {label} matched 0 of {rows_text(total)}"
        scope = where_mask(where, columns, standard.id, is_open)
        if not scope.any():
            each = ", ".join(f"{label} matched {int(mask.sum()):,}" for label, mask in conditions)
            return f"the where conditions together matched 0 of {rows_text(total)} ({each})"
    picked = int(scope.sum())
    in_scope = f"the {rows_text(picked)} in scope" if picked < total else f"all {rows_text(total)}"
    if isinstance(standard, ShareStandard) and standard.targets is not None:
        assigned = np.zeros(total, dtype=bool)
        for target in standard.targets:
            assigned |= where_mask(target.where, columns, standard.id, is_open)
        if not (scope & assigned).any():
            return f"no entry of targets matched {in_scope}"
    column = _blank_measure_column(measure, columns, standard.id, scope)
    if column is not None:
        return f"{column} is blank in {in_scope}"
    return f"none of {rows_text(total)} in scope"  # pragma: no cover - every cause is named above


def _conditions(
    where: Where, columns: Columns, standard: str, is_open: OpenCheck | None
) -> list[tuple[str, np.ndarray]]:
    """Each top-level condition of ``where`` with its own mask (memoised, as the evaluation made them)."""
    out = []
    for column, matcher in where.columns.items():
        single = Where.model_validate({column: matcher})
        out.append((condition_text(column, matcher, columns), where_mask(single, columns, standard, is_open)))
    if where.any_:
        alternatives = " or ".join(
            " and ".join(condition_text(c, m, columns) for c, m in alt.columns.items()) or "any" for alt in where.any_
        )
        out.append((f"any of ({alternatives})", where_mask(Where(any=where.any_), columns, standard, is_open)))
    return out


def condition_text(column: str, matcher: Any, columns: Columns | None = None) -> str:
    """One ``where`` condition as written in a reason: ``channel = 'phone'``, ``priority in ['high', 'urgent']``."""
    name = column
    if columns is not None and columns.name(column) != column:
        name = f"{column} ({columns.name(column)})"
    if isinstance(matcher, tuple):
        return f"{name} in [{', '.join(_value(v) for v in matcher)}]"
    if not isinstance(matcher, Match):
        return f"{name} = {_value(matcher)}"
    parts = []
    if matcher.not_ is not None:
        if isinstance(matcher.not_, tuple):
            parts.append(f"{name} not in [{', '.join(_value(v) for v in matcher.not_)}]")
        else:
            parts.append(f"{name} != {_value(matcher.not_)}")
    for op, sign in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
        value = getattr(matcher, op)
        if value is not None:
            parts.append(f"{name} {sign} {_value(value)}")
    if matcher.present is not None:
        parts.append(f"{name} {'present' if matcher.present else 'blank'}")
    if matcher.during is not None:
        parts.append(f"{name} during {matcher.during}")
    return " and ".join(parts)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    return str(value)


def _blank_measure_column(measure: AnyMeasure, columns: Columns, standard: str, scope: np.ndarray) -> str | None:
    """The measure's column when it is blank in every row in scope (flags and values leave such rows out)."""
    blank = kind_of(measure).blank_out_of_scope(measure)
    if blank is None:
        return None
    given = _given(blank, columns, standard)
    if given is not None and not (scope & given).any():
        return blank.column
    return None


def _given(blank: Blank, columns: Columns, standard: str) -> np.ndarray | None:
    """Where the column has a value, read as ``blank.read`` says; ``None`` when it cannot be read."""
    if blank.read == "timestamp":
        stamps = columns.timestamps(standard, blank.column)
        return None if stamps is None else stamps != NAT
    if blank.read == "flag":
        flags = columns.flags(standard, blank.column)
        return None if flags is None else flags >= 0
    if blank.read == "number":
        numbers = columns.numbers(standard, blank.column)
        return None if numbers is None else ~np.isnan(numbers[0])
    series = columns.series(standard, blank.column)
    return None if series is None else series.notna().to_numpy()


# -- pending and invalid -------------------------------------------------------------------


def _still_open(rows: RowOutcomes, timezone: str) -> str:
    if rows.as_of is None:
        return "still open"
    stamp = pd.Timestamp(rows.as_of, tz="UTC").tz_convert(timezone)
    return f"still open at {stamp.strftime('%Y-%m-%d %H:%M')} {timezone}"


def _invalid(
    standard: AnyStandard,
    measure: AnyMeasure,
    rows: RowOutcomes,
    columns: Columns,
    periods: np.ndarray | None,
    time_column: str | None,
    log_problems: np.ndarray | None,
    final: bool = False,
) -> list[tuple[int, str]]:
    """The invalid rows per cause: ``[(1000, "without offered_at"), (204, "with answered_at before offered_at")]``.

    A row may have several causes; each cause counts it.
    """
    invalid = rows.outcome == INVALID
    causes: dict[str, np.ndarray] = {}
    sid = standard.id
    for cause in kind_of(measure).invalid_when(standard, measure):
        found = _cause(cause, rows, columns, sid)
        if found is not None:
            causes[found[0]] = found[1]
    if periods is not None and time_column is not None:
        key = f"without {time_column}"
        causes[key] = causes.get(key, np.zeros(len(invalid), dtype=bool)) | (periods == NO_PERIOD)
    if log_problems is not None:
        causes["with a log problem"] = log_problems
    no_end = kind_of(measure).no_end(measure) if final else None
    if no_end is not None:
        found = _cause(no_end, rows, columns, sid)
        if found is not None:
            causes[found[0]] = found[1]
    counted = [(int((invalid & mask).sum()), label) for label, mask in causes.items()]
    parts = [(count, label) for count, label in counted if count]
    explained = np.zeros(len(invalid), dtype=bool)
    for mask in causes.values():
        explained |= mask
    other = int((invalid & ~explained).sum())
    if other:  # pragma: no cover - every rule that makes a row invalid is named above
        parts.append((other, "for other reasons"))
    return parts


def _cause(cause: Cause, rows: RowOutcomes, columns: Columns, standard: str) -> tuple[str, np.ndarray] | None:
    """A cause of invalid rows, in words, and the rows it holds for; ``None`` when a column cannot be read."""
    if isinstance(cause, Blank):
        given = _given(cause, columns, standard)
        return None if given is None else (f"without {cause.column}", ~given)
    if isinstance(cause, NoEnd):
        ended = no_end_rows(cause, columns, standard)
        return None if ended is None else (f"without {cause.end} in a final extract ({NO_END})", ended)
    if isinstance(cause, Before):
        later = columns.timestamps(standard, cause.later)
        earlier = columns.timestamps(standard, cause.earlier)
        if later is None or earlier is None:
            return None
        return f"with {cause.later} before {cause.earlier}", (earlier != NAT) & (later != NAT) & (later < earlier)
    with np.errstate(invalid="ignore"):
        inside = (rows.measured >= cause.low) & (rows.measured <= cause.high)
    return f"with {cause.column} outside {cause.low}-{cause.high}", ~inside


def no_end_rows(cause: NoEnd, columns: Columns, standard: str) -> np.ndarray | None:
    """Per row: whether it has no end (no ``end``, nor ``abandoned`` when given); ``None`` when unreadable."""
    end = columns.timestamps(standard, cause.end)
    if end is None:
        return None
    missing = end == NAT
    if cause.abandoned is not None:
        gave_up = columns.timestamps(standard, cause.abandoned)
        if gave_up is None:
            return None
        missing &= gave_up == NAT
    return np.asarray(missing, dtype=bool)
