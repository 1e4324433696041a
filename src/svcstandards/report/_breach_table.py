"""The rows of :meth:`Report.breaches` as a text or Markdown table, with durations people read.

``breaches()`` keeps durations as ``Timedelta`` (``measured``, ``target``,
``over``), which pandas prints as ``0 days 01:02:08`` or, for a margin
left, ``-1 days +23:59:08``. The text views print them as ``1h 02m 08s``,
``45s``, ``2d 3h`` and ``-52s`` instead (:func:`readable_durations`).

>>> readable_durations(np.array([45.0, 3728.0, 183600.0, -52.0, np.nan])).tolist()
['45s', '1h 02m 08s', '2d 3h', '-52s', '']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..format.units import format_number

__all__ = ["breaches_table", "collected", "readable_durations"]


def readable_durations(seconds: np.ndarray) -> np.ndarray:
    """Each number of seconds as ``1h 02m 08s``, ``2m 05s``, ``45s``, ``2d 3h 05m`` (``""`` for NaN).

    Rounded to whole seconds. The largest unit comes first, without zero
    padding; the smaller ones after it have two digits. From a day on, the
    hours always follow the days and minutes and seconds only when not zero
    (``2d 3h``, ``2d 0h 05m``). A negative amount (the margin a met row had
    left) gets a minus sign: ``-52s``. Whole-array operations on the values.
    """
    values = np.asarray(seconds, dtype=np.float64)
    missing = np.isnan(values)
    total = np.rint(np.abs(np.where(missing, 0.0, values))).astype(np.int64)
    days, rest = np.divmod(total, 86_400)
    hours, rest = np.divmod(rest, 3_600)
    minutes, secs = np.divmod(rest, 60)

    def text(numbers: np.ndarray, unit: str, width: int = 1) -> np.ndarray:
        return np.char.add(np.char.zfill(numbers.astype(str), width), unit)

    padded_minutes, padded_seconds = text(minutes, "m", 2), text(secs, "s", 2)
    spaced = np.char.add(" ", padded_minutes), np.char.add(" ", padded_seconds)
    under_a_minute = text(secs, "s")
    under_an_hour = np.char.add(text(minutes, "m"), spaced[1])
    under_a_day = np.char.add(np.char.add(text(hours, "h"), spaced[0]), spaced[1])
    long = np.char.add(np.char.add(text(days, "d"), " "), text(hours, "h"))
    long = np.char.add(long, np.where((minutes > 0) | (secs > 0), spaced[0], ""))
    long = np.char.add(long, np.where(secs > 0, spaced[1], ""))
    shown = np.where(
        days > 0, long, np.where(hours > 0, under_a_day, np.where(minutes > 0, under_an_hour, under_a_minute))
    )
    shown = np.char.add(np.where((values < 0) & (total > 0), "-", ""), shown)
    return np.where(missing, "", shown).astype(object)


def _column_text(series: pd.Series) -> np.ndarray:
    """A column of the breaches as text: durations readable, numbers short, missing values blank."""
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        return readable_durations(series.dt.total_seconds().to_numpy())
    missing = series.isna().to_numpy()
    if pd.api.types.is_float_dtype(series.dtype):
        shown = series.round(2).map(format_number, na_action="ignore")
    else:
        shown = series.astype(str)
    return np.where(missing, "", shown.to_numpy(dtype=object)).astype(object)


def breaches_table(
    frame: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    markdown: bool = False,
) -> str:
    """The rows of ``frame`` (from ``breaches()``) as aligned plain text, or as GitHub-flavoured Markdown.

    The rows furthest over come first (rows without ``over`` last); ``columns``
    picks and orders the columns shown, ``limit`` keeps that many rows. Durations
    read as ``1h 02m 08s``, ``45s``, ``2d 3h`` (a margin left: ``-52s``), not as
    pandas prints a ``Timedelta``; missing values are blank.
    """
    over = "svc_over" if "svc_over" in frame.columns else "over"
    if over in frame.columns:
        frame = frame.sort_values(over, ascending=False, kind="stable", na_position="last")
    if columns is not None:
        frame = frame[list(columns)]
    if limit is not None:
        frame = frame.head(limit)
    headers = [str(column) for column in frame.columns]
    cells: list[Any] = [_column_text(frame.iloc[:, i]) for i in range(frame.shape[1])]
    rows = [list(row) for row in zip(*cells, strict=True)] if cells else []
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(str(row[i])) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def collected(rows: Any, limit: int | None = None) -> tuple[pd.DataFrame, int]:
    """The rows of ``breaches()`` as a pandas DataFrame and how many there are.

    A lazy filter (a Polars LazyFrame, a DuckDB relation or a Spark DataFrame,
    from data scored there) is counted in its engine and only the ``limit`` rows furthest
    over are collected (all of them without ``limit``); rows that tie keep
    no particular order there.
    """
    if isinstance(rows, pd.DataFrame):
        return rows, len(rows)
    import narwhals.stable.v2 as nw

    frame = nw.from_native(rows)
    total = int(frame.select(nw.len()).collect().item())
    over = "svc_over" if "svc_over" in frame.collect_schema().names() else "over"
    frame = frame.sort(over, descending=True, nulls_last=True)
    if limit is not None:
        frame = frame.head(limit)
    native = frame.to_native()
    if hasattr(native, "df"):  # DuckDB: its own conversion keeps intervals as timedelta
        return native.df(), total
    if hasattr(native, "toPandas"):  # Spark: intervals come back as timedelta too
        return native.toPandas(), total
    return native.collect().to_pandas(), total
