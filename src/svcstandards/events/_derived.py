"""Columns an interaction gets from its events beyond first / last / count per type.

Times carried as columns (``times:``, ``created: {column: ...}``), the
union of several types (``types:``), the events where a column has a
value (``when_set:``), the value of an attribute at a chosen moment
(``attributes:``) and repeated events (``duplicates:``). Each works on the
events sorted by (interaction, time, row), in whole-array operations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..engines._columns import NAT, UNHASHABLE
from ..errors import DataProblem
from ..format.model import EventLog


def type_clash_problem(column: str, name: str, key: str) -> DataProblem:
    return DataProblem(
        "events",
        column,
        f"the log has events of type '{name}', which the events: section also defines under {key}:",
        f"rename '{name}' under {key}:, or the events of type '{name}'",
        "column_derived",
    )


def union_of_types(
    first: np.ndarray, last: np.ndarray, count: np.ndarray, type_values: np.ndarray, members: Iterable[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per interaction: the first and last time of an event of any of ``members`` and how many there are."""
    codes = np.flatnonzero(np.isin(type_values, list(members)))
    n_ids = len(first)
    if not len(codes):
        return np.full(n_ids, NAT, dtype=np.int64), np.full(n_ids, NAT, dtype=np.int64), np.zeros(n_ids, np.int64)
    some = count[:, codes] > 0
    lowest = np.where(some, first[:, codes], np.iinfo(np.int64).max).min(axis=1)
    union_count = count[:, codes].sum(axis=1)
    return np.where(union_count > 0, lowest, NAT), last[:, codes].max(axis=1), union_count


def when_set(
    column: pd.Series, order: np.ndarray, interaction: np.ndarray, times: np.ndarray, n_ids: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per interaction: the time of the first and last event where ``column`` is not empty, and how many."""
    filled = column.notna().to_numpy(dtype=bool)
    if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
        try:
            blank = column.str.strip().eq("").fillna(False).to_numpy(dtype=bool)
        except AttributeError:  # no text at all
            blank = np.zeros(len(column), dtype=bool)
        filled = filled & ~blank
    rows = order[filled[order]]  # sorted by (interaction, time, row): the first of a run is the earliest
    owners, at = interaction[rows], times[rows]
    is_first, is_last = _runs(owners)
    first = np.full(n_ids, NAT, dtype=np.int64)
    first[owners[is_first]] = at[is_first]
    last = np.full(n_ids, NAT, dtype=np.int64)
    last[owners[is_last]] = at[is_last]
    return first, last, np.bincount(owners, minlength=n_ids)


def _runs(owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows sorted by interaction: whether each is the first, and the last, of its interaction."""
    if not len(owners):
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    change = owners[1:] != owners[:-1]
    return np.r_[True, change], np.r_[change, True]


def times_of_column(
    ns: np.ndarray, order: np.ndarray, interaction: np.ndarray, n_ids: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per interaction, from a column of times: the first and the last value (by event) and how many differ."""
    rows = order[(ns != NAT)[order]]  # the events with a value, sorted by (interaction, time, row)
    owners, values = interaction[rows], ns[rows]
    is_first, is_last = _runs(owners)
    first = np.full(n_ids, NAT, dtype=np.int64)
    first[owners[is_first]] = values[is_first]
    last = np.full(n_ids, NAT, dtype=np.int64)
    last[owners[is_last]] = values[is_last]
    by_value = np.lexsort((values, owners))
    o, v = owners[by_value], values[by_value]
    new = np.r_[True, (o[1:] != o[:-1]) | (v[1:] != v[:-1])] if len(o) else np.zeros(0, dtype=bool)
    return first, last, np.bincount(o[new], minlength=n_ids)


def attribute_values(
    column: pd.Series,
    order: np.ndarray,
    interaction: np.ndarray,
    times: np.ndarray,
    n_ids: int,
    moment: str,
    created: np.ndarray,
) -> pd.Series:
    """Per interaction, the value of one event (by time, then row) among those that have one.

    ``latest``: the latest; ``first``: the first; ``at_creation``: the latest
    at or before the creation time, else (no value that early) the first.
    """
    present = column.notna().to_numpy(dtype=bool)
    rows = order[present[order]]  # the events with a value, sorted by (interaction, time, row)
    owners = interaction[rows]
    is_first, is_last = _runs(owners)
    chosen = np.full(n_ids, -1, dtype=np.int64)
    if moment == "latest":
        chosen[owners[is_last]] = rows[is_last]
    else:
        chosen[owners[is_first]] = rows[is_first]
    if moment == "at_creation":
        early = times[rows] <= created[owners]  # a missing creation (NAT, the lowest int64) has none
        early_rows, early_owners = rows[early], owners[early]
        last_early = _runs(early_owners)[1]
        chosen[early_owners[last_early]] = early_rows[last_early]
    found = np.flatnonzero(chosen >= 0)
    picked = column.iloc[chosen[found]].set_axis(pd.Index(found))
    # reindex keeps the column's dtype where it can hold a missing value (ints become floats)
    values: pd.Series = picked.reindex(range(n_ids)).reset_index(drop=True)
    return values


def duplicates(
    spec: EventLog,
    names: Mapping[str, str],
    events: pd.DataFrame,
    order: np.ndarray,
    interaction: np.ndarray,
    times: np.ndarray,
    type_codes: np.ndarray,
    statuses: pd.Series | None,
) -> np.ndarray:
    """Event rows (input order) that repeat an earlier event of their interaction at the same time.

    ``same_event``: the same type and status; ``all_columns``: the same type
    and the same value in every other column; ``keep``: none is a repeat.
    Only events that share their interaction and time with another one can
    repeat it; they are adjacent in ``order``, usually few, and only they
    are compared.
    """
    found = np.zeros(len(order), dtype=bool)
    if len(order) < 2 or spec.duplicates == "keep":
        return found
    owner, at = interaction[order], times[order]
    same = (owner[1:] == owner[:-1]) & (at[1:] == at[:-1])
    tied = order[np.r_[same, False] | np.r_[False, same]]  # each run in row order
    if len(tied):
        parts = [pd.DataFrame({0: interaction[tied], 1: times[tied], 2: type_codes[tied]})]
        if spec.duplicates == "all_columns":
            others = [p for p, c in enumerate(events.columns) if c not in (names["id"], names["time"], names["type"])]
            attributes = events.iloc[tied, others].reset_index(drop=True)
            parts.append(attributes.set_axis(range(3, 3 + len(others)), axis=1))
        elif statuses is not None:
            parts.append(pd.DataFrame({3: statuses.iloc[tied].reset_index(drop=True)}))
        frame = pd.concat(parts, axis=1)
        found[tied[frame.duplicated(keep="first").to_numpy(dtype=bool)]] = True
    return found


def unhashable_duplicates(spec: EventLog, names: Mapping[str, str], events: pd.DataFrame) -> DataProblem:
    """The problem for a compared column that holds lists, dicts or sets (a loop over columns, not rows)."""
    compared = [names["status"]] if spec.duplicates == "same_event" and "status" in names else list(events.columns)
    for column in compared:
        try:
            pd.factorize(events[column])
        except TypeError:
            return DataProblem("events", str(column), *UNHASHABLE)
    return DataProblem("events", "", *UNHASHABLE)  # pragma: no cover - some column failed above
