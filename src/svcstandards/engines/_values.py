"""Do the values a ``where`` names occur in the data?

A value that never occurs in its column is often a mistake the data cannot
show: another case (``Phone`` for ``phone``), another type (the text ``"2"``
where the column holds the number 2) or a near spelling. With such a close
match it is an error; without one it is only a warning (the value may simply
not have happened yet).

The checks run on the distinct values of a column, computed once per column
and evaluation (one ``pd.factorize``), never row by row. Equality, list and
``not:`` values are checked; comparisons (``gt``, ``lt``, ...) are not.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..errors import DataProblem
from ..format.model import Match
from ._columns import as_scalar_ns

__all__ = ["SPELLING_CUTOFF", "SPELLING_POOL", "Finding", "SeenStamps", "SeenValues", "unknown_values"]

SPELLING_CUTOFF = 0.8  # difflib ratio for a near spelling
SPELLING_POOL = 10_000  # the most frequent distinct texts compared for near spellings
SHOWN = 5  # values named in a hint

PathPart = str | int


@dataclass(frozen=True)
class Finding:
    """A value of a matcher that never occurs in its column."""

    path: tuple[PathPart, ...]  # inside the where: (column,), (column, 1), (column, "not"), (column, "not", 0)
    problem: DataProblem  # ``standard`` left empty: the caller knows it
    error: bool  # a close match exists: surely a mistake, not merely absent


class SeenValues:
    """The distinct non-missing values of a column, most frequent first."""

    def __init__(self, values: Sequence[Any]) -> None:
        self.values = list(values)
        self._set = set(self.values)

    @classmethod
    def of(cls, series: pd.Series) -> SeenValues:
        """Raises ``TypeError`` for values that cannot be compared as wholes (lists, dicts)."""
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        codes = np.asarray(codes)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        order = np.argsort(-counts, kind="stable")
        values = pd.Series(np.asarray(uniques, dtype=object)[order], dtype=object).tolist()
        return cls([v.item() if isinstance(v, np.generic) else v for v in values])

    def __len__(self) -> int:
        return len(self.values)

    def occurs(self, value: Any) -> bool:
        """Would ``column == value`` hold for some row? (2 and 2.0 are equal, '2' and 2 are not.)"""
        return value in self._set

    @cached_property
    def texts(self) -> list[str]:
        return [v for v in self.values if isinstance(v, str)]

    @cached_property
    def _folded(self) -> dict[str, str]:
        folded: dict[str, str] = {}
        for text in self.texts:
            folded.setdefault(text.casefold(), text)
        return folded

    @cached_property
    def _numbers(self) -> dict[float, Any]:
        numbers: dict[float, Any] = {}
        for value in self.values:
            if isinstance(value, int | float) and not isinstance(value, bool):
                numbers.setdefault(float(value), value)
        return numbers

    @cached_property
    def _bools(self) -> set[bool]:
        return {bool(v) for v in self.values if isinstance(v, bool)}

    @cached_property
    def _numeric_texts(self) -> dict[float, str]:
        parsed = pd.to_numeric(pd.Series(self.texts, dtype=object), errors="coerce").to_numpy(dtype=np.float64)
        numbers: dict[float, str] = {}
        for number, text in zip(parsed.tolist(), self.texts, strict=True):
            if not math.isnan(number):
                numbers.setdefault(number, text)
        return numbers

    def close(self, value: Any) -> tuple[Any, str] | None:
        """The occurring value ``value`` was probably meant to be, and how it differs: type, case or spelling."""
        typed = self._other_type(value)
        if typed is not None:
            return typed, "type"
        if not isinstance(value, str):
            return None
        folded = self._folded.get(value.casefold())
        if folded is not None:
            return folded, "case"
        near = difflib.get_close_matches(value, self.texts[:SPELLING_POOL], n=1, cutoff=SPELLING_CUTOFF)
        return (near[0], "spelling") if near else None

    def _other_type(self, value: Any) -> Any:
        if isinstance(value, bool):
            word = "true" if value else "false"
            return next((t for t in self.texts if t.strip().lower() == word), None)
        if isinstance(value, int | float):
            return self._numeric_texts.get(float(value))
        if isinstance(value, date):
            forms = {value.isoformat(), str(value)}
            return next((t for t in self.texts if t.strip() in forms), None)
        if isinstance(value, str):
            word = value.strip().lower()
            if word in ("true", "false") and (word == "true") in self._bools:
                return word == "true"
            try:
                number = float(value)
            except ValueError:
                return None
            return self._numbers.get(number) if math.isfinite(number) else None
        return None


class SeenStamps(SeenValues):
    """The distinct instants of a timestamp column (ns UTC); a value is compared as the instant it names."""

    def __init__(self, ns: np.ndarray, timezone: str) -> None:
        super().__init__(pd.unique(ns).tolist())
        self.timezone = timezone

    def occurs(self, value: Any) -> bool:
        ns = as_scalar_ns(value, self.timezone)
        return ns is None or ns in self._set  # a value that is no time is reported elsewhere

    def close(self, value: Any) -> tuple[Any, str] | None:
        return None


def unknown_values(matcher: Any, seen: SeenValues, key: str, name: str) -> list[Finding]:
    """Findings for the values of one column matcher that never occur.

    ``key`` is the column as the file names it (for the fix), ``name`` the
    data column (for the message).
    """
    findings = []
    for path, value, kind in _named_values(matcher):
        if seen.occurs(value):
            continue
        close = seen.close(value)
        if close is None:
            findings.append(Finding((key, *path), _unseen(value, kind, seen, key, name), False))
        else:
            findings.append(Finding((key, *path), _unknown(value, kind, close, key, name), True))
    return findings


def _named_values(matcher: Any) -> list[tuple[tuple[PathPart, ...], Any, str]]:
    """(path inside the matcher, value, kind) of each equality, list and not: value."""
    if isinstance(matcher, Match):
        if matcher.not_ is None:
            return []
        if isinstance(matcher.not_, tuple):
            return [(("not", i), value, "not-list") for i, value in enumerate(matcher.not_)]
        return [(("not",), matcher.not_, "not")]
    if isinstance(matcher, tuple):
        return [((i,), value, "list") for i, value in enumerate(matcher)]
    return [((), matcher, "equals")]


def _unknown(value: Any, kind: str, close: tuple[Any, str], key: str, name: str) -> DataProblem:
    suggestion, how = close
    words = f" ({_type_words(suggestion)})" if how == "type" else ""
    message = f"{_shown(value)} never occurs in column '{name}'; did you mean {_shown(suggestion)}{words}?"
    written = _written(kind, key, _literal(suggestion))
    if how == "type":
        hint = f"write {written}{words}, not {_literal(value)}"
    else:
        hint = f"values are compared exactly ({'case' if how == 'case' else 'spelling'} matters): write {written}"
    return DataProblem("", name, message, hint, "where_value_unknown")


def _unseen(value: Any, kind: str, seen: SeenValues, key: str, name: str) -> DataProblem:
    effect = "not: excludes no row" if kind.startswith("not") else "no row matches it"
    message = f"{_shown(value)} never occurs in column '{name}'; {effect}"
    if isinstance(seen, SeenStamps):
        hint = f"no row has exactly this time; for a range write {key}: {{ge: ..., lt: ...}}"
    else:
        common = ", ".join(_shown(v) for v in seen.values[:SHOWN]) + (", ..." if len(seen) > SHOWN else "")
        hint = f"check the value; the most frequent values are {common}"
    return DataProblem("", name, message, hint, "where_value_unseen")


def _written(kind: str, key: str, literal: str) -> str:
    return {
        "equals": f"{key}: {literal}",
        "list": f"{literal} in the list of {key}",
        "not": f"{key}: {{not: {literal}}}",
        "not-list": f"{literal} in the not: list of {key}",
    }[kind]


def _type_words(value: Any) -> str:
    if isinstance(value, bool | np.bool_):
        return "true/false"
    if isinstance(value, int | float | np.number):
        return "a number"
    return "text, in quotes" if _literal(value).startswith('"') else "text"


def _shown(value: Any) -> str:
    """A value in a message: text in single quotes, the rest as YAML writes it."""
    if isinstance(value, str):
        return repr(value)
    return _literal(value)


def _literal(value: Any) -> str:
    """The value as it is written in the standards file (YAML)."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if _plain(value) else json.dumps(value, ensure_ascii=False)
    return str(value)


def _plain(text: str) -> bool:
    """Does YAML read ``text`` unquoted, in a flow mapping, as this very text?"""
    if not text or text != text.strip() or any(c in text for c in ",[]{}#&*!|>'\"%@`:"):
        return False
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False
