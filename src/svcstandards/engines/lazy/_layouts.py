"""Text as pandas reads it, for the lazy engine: blanks, markers, strftime layouts and a column's first value.

Shared by the prepare step (:mod:`._prepare`) and the reading of text
timestamps (:mod:`._text_times`). A layout is read by the backend's own
strptime (a hook of :mod:`._backends`) only where the value matches the
whole layout as pandas (Python's ``_strptime``) matches it, so that the
backends never read a value pandas does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pandas.tseries.api import guess_datetime_format

from .._timestamps import SHOWN_VALUES, _shown
from ._backends import Backend, _narwhals
from ._format_tokens import format_tokens

__all__ = [
    "ROW",
    "WHITESPACE",
    "described_rows",
    "first_value",
    "guessed_layout",
    "in_layout",
    "is_marked",
    "layout_pattern",
    "strip",
    "unsupported_format",
]

ROW = "__svc_row"
#: What Python's ``str.strip()`` removes (every character for which ``isspace()`` holds).
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_BLANK_AROUND = f"^[{WHITESPACE}]|[{WHITESPACE}]$"
#: Text pandas skips when it looks for the first value to guess a layout from.
_NOT_A_FIRST = ("", "NaT", "nat", "NAT", "nan", "NaN", "NAN", "now", "today")
#: The strftime directives read the same by pandas, Polars and DuckDB (``f`` only after a dot).
_DIRECTIVES = frozenset("YmdHMSyIpbf%")


def unsupported_format(format: str) -> str | None:
    """The first directive of ``format`` the lazy engine does not read as pandas does (``None``: all are fine)."""
    at = 0
    while at < len(format):
        if format[at] != "%":
            at += 1
            continue
        directive = format[at + 1 : at + 2]
        if directive not in _DIRECTIVES or (directive == "f" and not format[:at].endswith(".")):
            return f"%{directive}"
        at += 2
    return None


def strip(expr: Any) -> Any:
    """The text without blanks around it, as Python's ``str.strip()`` removes them.

    Only values that start or end with one are stripped: DuckDB's ``trim`` with a set of characters
    costs about twenty times a regular expression that finds them.
    """
    nw = _narwhals()
    return (
        nw.when(expr.str.contains(_BLANK_AROUND).fill_null(False))
        .then(expr.str.strip_chars(WHITESPACE))
        .otherwise(expr)
    )


#: What each accepted directive matches in pandas (Python's ``_strptime`` patterns; pandas reads up to nine
#: digits of a fraction): a value must match the whole format before the backend reads it, so that a value
#: pandas does not read (a year of two digits for %Y, a sign before it) is not read by the backend either.
_MATCHES = {
    "d": "(?:3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])",
    "m": "(?:1[0-2]|0[1-9]|[1-9])",
    "H": "(?:2[0-3]|[01][0-9]|[0-9])",
    "M": "(?:[0-5][0-9]|[0-9])",
    "S": "(?:6[01]|[0-5][0-9]|[0-9])",
    "y": "(?:[0-9][0-9])",
    "Y": "(?:[0-9][0-9][0-9][0-9])",
    "f": "(?:[0-9]{1,9})",
    "I": "(?:1[0-2]|0[1-9]|[1-9])",
    "p": "(?:am|pm)",
    "b": "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    "%": "%",
}


def layout_pattern(format: str) -> str:
    """The regular expression of the text ``format`` reads (directives of :data:`_DIRECTIVES` only).

    Blanks in the format match any run of blanks, as in Python; letters match in either case.
    """
    parts = ["(?i)^"]
    for kind, char in format_tokens(format):
        parts.append(_MATCHES[char] if kind == "directive" else "\\s+" if kind == "blank" else re.escape(char))
    parts.append("$")
    return "".join(parts)


def in_layout(nw: Any, text: Any, format: str) -> Any:
    """``text`` where it matches ``format`` as a whole (null elsewhere)."""
    return nw.when(text.str.contains(layout_pattern(format)).fill_null(False)).then(text)


def is_marked(nw: Any, stripped: Any, markers: Sequence[str]) -> Any:
    """Empty text or one of ``markers`` (false where the value is null)."""
    hit = stripped == ""
    if markers:
        hit = hit | stripped.is_in(list(markers))
    return hit.fill_null(False)


def first_value(nw: Any, frame: Any, backend: Backend, column: str, skipped: Any = None) -> str | None:
    """The first value of a text column (stripped) that pandas would guess a layout from: not null, not empty
    nor ``NaT``-like text, and not where ``skipped`` holds. A query of one row (positions: a window in DuckDB)."""
    stripped = strip(nw.col(column))
    keep = ~stripped.is_null() & ~stripped.is_in(list(_NOT_A_FIRST))
    if skipped is not None:
        keep = keep & ~skipped.fill_null(False)
    found = (
        backend.with_read_order(frame, ROW)
        .filter(keep)
        .sort(ROW)
        .head(1)
        .select(stripped.alias("v"))
        .collect()
        .to_dict(as_series=False)["v"]
    )
    return found[0] if found else None


def guessed_layout(value: str, dayfirst: bool) -> str | None:
    """The layout pandas guesses from ``value`` when the lazy engine reads it the same way (else ``None``)."""
    layout = guess_datetime_format(value, dayfirst=dayfirst)
    return layout if layout is not None and unsupported_format(layout) is None else None


def described_rows(
    nw: Any,
    frame: Any,
    backend: Backend,
    flagged: Sequence[tuple[str, Any, Any, tuple[str, str]]],
    lines: int | None,
) -> list[str | None]:
    """Per (flag column, values shown, which are present, what a flagged one is *not* in one and several): the
    pandas engine's words for the flagged rows, ``2 of 5 values are ...: 'x' (row 1), 'y' (row 4)``, or
    ``None`` where no row is flagged. One aggregation counts them all; only for a column with flagged rows,
    a query of three rows fetches the first ones (rows are named by position, or by line of a CSV file)."""
    if not flagged:
        return []
    aggregations = {}
    for i, (flag, _, present, _) in enumerate(flagged):
        aggregations[f"b{i}"] = nw.col(flag).fill_null(False).cast(nw.Int64).sum()
        aggregations[f"p{i}"] = present.cast(nw.Int64).sum()
    row = frame.select(**aggregations).collect().rows(named=True)[0]
    found: list[str | None] = []
    numbered = None
    for i, (flag, shown, _, what) in enumerate(flagged):
        bad = int(row[f"b{i}"] or 0)
        if not bad:
            found.append(None)
            continue
        if numbered is None:
            numbered = backend.with_read_order(frame, ROW)
        first = (
            numbered.filter(nw.col(flag).fill_null(False))
            .sort(ROW)
            .head(SHOWN_VALUES)
            .select(nw.col(ROW).alias("row"), shown.alias("value"))
            .collect()
            .to_dict(as_series=False)
        )
        names = [f"line {lines + int(r)}" if lines is not None else f"row {int(r)}" for r in first["row"]]
        items = [f"{_shown(value)} ({name})" for value, name in zip(first["value"], names, strict=True)]
        more = ", ..." if bad > len(items) else ""
        said = f"is {what[0]}" if bad == 1 else f"are {what[1]}"
        found.append(f"{bad:,} of {int(row[f'p{i}'] or 0):,} values {said}: {', '.join(items)}{more}")
    return found
