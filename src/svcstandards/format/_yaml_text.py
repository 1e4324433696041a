"""The text of a YAML file: decoding, positions, readable syntax errors, tabs, and dates that are not dates."""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

#: Files larger than this are refused before they are parsed.
MAX_BYTES = 5 * 1024 * 1024
#: Nesting deeper than this stops the reading at the bracket that goes too deep.
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]
Mark = tuple[int, int]


class StopError(Exception):
    """Reading cannot go on; carries the one problem that stopped it."""

    def __init__(self, mark: Mark, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint, self.code = mark, message, hint, code


# -- the text ------------------------------------------------------------------------


def decode(text: str | bytes) -> str:
    """The text of a file: UTF-8 without a byte order mark, at most :data:`MAX_BYTES`."""
    if isinstance(text, str):
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:  # a lone surrogate: no file can hold it
            raise StopError(
                _position(text, exc.start),
                "the file contains a character YAML does not allow",
                f"remove the character U+{ord(text[exc.start]):04X}",
                "yaml_character",
            ) from None
        if size > MAX_BYTES:
            raise StopError(
                (1, 1), f"the text is over the {MAX_BYTES:,}-byte limit", "a standards file is small", "file_too_large"
            )
        return text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES:
        raise StopError(
            (1, 1),
            f"the file is {len(text):,} bytes, over the {MAX_BYTES:,}-byte limit",
            "a standards file is small; split it or remove embedded data",
            "file_too_large",
        )
    try:
        return text.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        before = text[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise StopError(
            (line, column), f"invalid UTF-8 (byte 0x{text[exc.start]:02x})", "save the file as UTF-8", "encoding"
        ) from None


def _position(text: str, index: int) -> Mark:
    before = text[:index]
    return (before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)


def _code_point(character: int | str) -> int:
    """PyYAML reports the offending character as its code point, libyaml as text."""
    return character if isinstance(character, int) else ord(character)


def _mark(event_mark: Any) -> Mark:
    return (event_mark.line + 1, event_mark.column + 1)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> StopError:
    """A parser error as a problem; a tab that YAML refuses is named as such."""
    mark = exc.problem_mark
    tab = _tab_near(text, [m for m in (mark, exc.context_mark) if m is not None])
    if tab is not None:
        line, column, indenting = tab
        return StopError(
            (line, column),
            "a tab character in the indentation" if indenting else "a tab character where YAML takes only spaces",
            "use spaces, not tabs, to indent YAML" if indenting else "use spaces, not tabs",
            "yaml_tab",
        )
    message = " ".join(p for p in (exc.context, exc.problem) if p) or "not valid YAML"
    if "maximum nesting depth" in message:  # libyaml's own limit, met while it reads ahead
        return StopError(
            _mark(mark) if mark else (1, 1),
            f"nesting deeper than {MAX_DEPTH} levels",
            "a standards file is shallow; this looks like generated or hostile input",
            "too_deep",
        )
    hint = "check the indentation and quoting near here"
    if "mapping values are not allowed" in message:
        hint = 'text with ": " in it needs quotes, e.g. title: "Calls: answered"; else check the indentation'
    return StopError(_mark(mark) if mark else (1, 1), f"not valid YAML: {message}", hint, "yaml_syntax")


def _tab_near(text: str, marks: Sequence[Any]) -> tuple[int, int, bool] | None:
    """A tab in the indentation of an error's line (or its context's), or right at the error.

    Returns its line, column and whether it indents the line. Tabs never
    indent block YAML, so a file that fails with one there fails because of it.
    """
    lines = text.splitlines()
    for mark in marks:
        if mark.line < len(lines):
            line = lines[mark.line]
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent and line.strip():
                return (mark.line + 1, indent.index("\t") + 1, True)
    first = marks[0] if marks else None
    if first is not None and first.line < len(lines):
        line = lines[first.line]
        if first.column < len(line) and line[first.column] == "\t":
            return (first.line + 1, first.column + 1, False)
    return None


# -- dates that are not dates ------------------------------------------------------------


def why_not_a_date(text: str) -> str | None:
    """Why text written like a YAML timestamp is not a real date or time (None: not written like one)."""
    match = SafeConstructor.timestamp_regexp.match(text)
    if match is None:
        return None
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{_calendar.month_name[month]} {year} has {days} days"
    for unit, limit in (("hour", 23), ("minute", 59), ("second", 59)):
        if parts[unit] is not None and int(parts[unit]) > limit:
            return f"there is no {unit} {int(parts[unit])}"
    return "a time zone offset must be less than 24 hours"
