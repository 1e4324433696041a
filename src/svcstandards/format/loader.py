"""Read standards files: safe YAML in, a validated :class:`StandardSet` out.

The only module that reads files. Every problem is collected with the line
and column of the offending key or value, then raised together as one
:class:`~svcstandards.errors.StandardsError`. Warnings (a standard that can
never fail) do not stop a file loading: the loaded set keeps them as
:attr:`StandardSet.warnings <svcstandards.model.StandardSet.warnings>`.

Nothing in a file is executed: YAML is read as a stream of events (see
:mod:`svcstandards._yaml`) and only plain scalars, mappings and sequences are
accepted; any other tag (``!!python/object/apply`` and the like) is
reported, never constructed. Hostile input is cut short: files over 5 MB,
nesting deeper than 64 levels and aliases that add more than 100,000 values
(the "billion laughs") are problems, found in well under a second, while a
file of 5 MB written out in full loads in seconds.

>>> s = loads("version: 1\\nstandards:\\n  - {id: fcr, measure: {flag: resolved_first_contact}, floor: 70%}")
>>> s.standards[0].id
'fcr'
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from ..errors import Problem, StandardsError, UsageError, did_you_mean
from ._yaml import MAX_ALIAS_VALUES, MAX_BYTES, MAX_DEPTH, Located, PathKey, StopError, parse
from ._yaml_text import why_not_a_date
from .checks import Issue, dotted, file_issues, issues_of_parts
from .data import ColumnEntry
from .model import Calendar, EventLog, Measure, Standard, StandardSet, StatisticStandard
from .presets import apply_preset, preset_text

__all__ = [
    "MAX_ALIAS_VALUES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "dumps",
    "from_data",
    "load",
    "load_preset",
    "loads",
    "locate",
]

_TAG = "tag:yaml.org,2002:"


def load(path: str | os.PathLike[str], preset: str | None = None) -> StandardSet:
    """Load and validate a standards file.

    ``preset`` applies a bundled preset as if the file said ``preset: NAME``
    (see :func:`load_preset`); a file that names another preset is an
    :class:`~svcstandards.errors.InvalidArgumentError`.
    Raises :class:`~svcstandards.errors.StandardsError` listing every problem,
    or ``OSError`` when the file cannot be read.
    """
    if not isinstance(path, str | os.PathLike):
        raise UsageError(f"load takes the path of a file, got {type(path).__name__}; for YAML text use loads")
    file = Path(path)
    source = os.fspath(path)
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise StandardsError([_too_large(source, size)])
    return loads(file.read_bytes(), source=source, preset=preset)


def loads(text: str | bytes, source: str = "<string>", preset: str | None = None) -> StandardSet:
    """Validate standards given as YAML (or JSON) text.

    ``source`` names the text in messages, e.g. the file it came from;
    ``preset`` is as for :func:`load`.
    Raises :class:`~svcstandards.errors.StandardsError` listing every problem.
    """
    if not isinstance(text, str | bytes):
        raise UsageError(f"loads takes YAML text (str or bytes), got {type(text).__name__}; for a path use load")
    try:
        document = parse(text)
    except StopError as stop:
        line, column = stop.mark
        raise StandardsError([Problem(source, line, column, "", stop.message, stop.hint, stop.code)]) from None
    data, located = apply_preset(document.data, document.located, source, preset)
    return _validated(data, located, source, document.bad_dates)


def load_preset(name: str) -> StandardSet:
    """A bundled preset, with its own standards: ``load_preset("servicenow-events")``.

    :func:`~svcstandards.format.presets.preset_names` lists the names; an
    unknown one is an :class:`~svcstandards.errors.InvalidArgumentError`
    with the closest name and the list. See ``docs/presets.md``.

    >>> [s.id for s in load_preset("call-log")]
    ['service-level-20s', 'service-level-60s', 'abandon-rate', 'average-speed-of-answer']
    """
    return loads(preset_text(name), source=f"<preset {name}>")


def from_data(data: Mapping[str, Any], source: str = "<data>") -> StandardSet:
    """Validate standards given as Python data: the dicts and lists a file holds, or models.

    Like :func:`loads` without the YAML: every problem is collected into one
    :class:`~svcstandards.errors.StandardsError` (never a pydantic
    ``ValidationError``), with line and column 0.

    >>> s = from_data({"version": 1, "standards": [{"id": "a", "measure": {"flag": "x"}, "floor": "90%"}]})
    >>> s.get("a").floor
    Percent('90%')
    """
    if not isinstance(data, Mapping):
        raise UsageError(
            f"from_data takes a mapping such as {{'version': 1, 'standards': [...]}}, got {type(data).__name__}"
        )
    merged, located = apply_preset(dict(data), Located(default=(0, 0)), source)
    return _validated(merged, located, source, {})


def _validated(data: dict[str, Any], located: Located, source: str, bad_dates: Mapping[PathKey, str]) -> StandardSet:
    """The set, with its warnings; or every problem, raised together."""
    problems: list[Problem] = []
    model: StandardSet | None = None
    try:
        model = StandardSet.model_validate(data, context={"skip_checks": True})
    except ValidationError as exc:
        errors = [e for e in exc.errors() if not _only_failed_items(e)]
        problems.extend(_problem_of_error(error, data, located, source, bad_dates) for error in errors)
        problems.extend(_bad_dates_accepted(errors, data, located, source, bad_dates))
        issues = _issues_of_valid_parts(data)
    else:
        problems.extend(_bad_dates_accepted([], data, located, source, bad_dates))
        issues = file_issues(model)
    problems.extend(_problem_of_issue(issue, located, source) for issue in issues if issue.severity == "error")
    warnings = _sorted(_problem_of_issue(issue, located, source) for issue in issues if issue.severity == "warning")
    if problems:
        raise StandardsError(_sorted(problems), warnings)
    assert model is not None
    model._source = source
    model._lines = tuple(located.at(("standards", i))[0] for i in range(len(model.standards)))
    model._located = located
    model._warnings = tuple(warnings)
    return model


def _sorted(problems: typing.Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.path, p.message))


def dumps(standard_set: StandardSet) -> str:
    """The set as YAML text that :func:`loads` reads back to an equal set."""
    python = standard_set.model_dump(by_alias=True, exclude_defaults=True)
    data = _with_dates(standard_set.to_dict(), python)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


class _Dumper(yaml.SafeDumper):
    """Safe YAML out, with text that holds a NEL (U+0085) double-quoted.

    PyYAML would write it single-quoted, where YAML folds it into a space.
    """


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if "\x85" in value else None
    return dumper.represent_scalar(f"{_TAG}str", value, style=style)


_Dumper.add_representer(str, _represent_text)
# a where value built in Python may be a pandas.Timestamp: a date-time like any other in YAML
_Dumper.add_multi_representer(_dt.datetime, yaml.SafeDumper.represent_datetime)


def _with_dates(plain: Any, python: Any) -> Any:
    """Put back the dates that JSON-compatible data holds as text.

    A date in a ``where`` matcher is text there, and text it would stay
    when read back; YAML writes a date as a date.
    """
    if isinstance(python, _dt.date):
        return python
    if isinstance(plain, dict) and isinstance(python, dict):
        return {key: _with_dates(value, python.get(key)) for key, value in plain.items()}
    if isinstance(plain, list) and isinstance(python, list | tuple) and len(plain) == len(python):
        return [_with_dates(a, b) for a, b in zip(plain, python, strict=True)]
    return plain


def locate(standard_set: StandardSet, issues: Sequence[Issue]) -> list[Problem]:
    """Problems, with file positions, for issues found on a loaded set."""
    located = standard_set._located
    if not isinstance(located, Located):
        located = Located(default=(0, 0))
    return [_problem_of_issue(issue, located, standard_set.source) for issue in issues]


def _too_large(source: str, size: int) -> Problem:
    return Problem(
        source,
        1,
        1,
        "",
        f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit",
        "a standards file is small; split it or remove embedded data",
        "file_too_large",
    )


# -- pydantic errors to problems -----------------------------------------------------


def _path_of(data: Any, loc: Sequence[str | int]) -> tuple[PathKey, bool]:
    """The path in the data an error location names, skipping union tags."""
    path: list[str | int] = []
    current = data
    at_key = False
    for item in loc:
        if item == "[key]":
            at_key = True
        elif isinstance(current, dict) and item in current:
            path.append(item)
            current = current[item]
        elif isinstance(current, list) and isinstance(item, int) and 0 <= item < len(current):
            path.append(item)
            current = current[item]
    return tuple(path), at_key


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional; keep unions of several models."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _step(tp: Any, item: str | int) -> Any:
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            meta = getattr(arg, "__metadata__", ())
            if any(getattr(m, "tag", None) == item for m in meta):
                return arg
        return None
    if origin is dict:
        return typing.get_args(tp)[1]
    if origin in (tuple, list):
        return typing.get_args(tp)[0] if isinstance(item, int) else None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if item in (name, info.alias):
                return _field_type(info)
        if tp.model_config.get("extra") == "allow":
            extra = typing.get_type_hints(tp, include_extras=True).get("__pydantic_extra__")
            return typing.get_args(extra)[1] if extra is not None else None
    return None


def _field_type(info: FieldInfo) -> Any:
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    tp: Any = StandardSet
    for item in loc:
        tp = _step(tp, item)
        if tp is None:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    keys = [info.alias or name for name, info in model.model_fields.items() if not (info.alias or "").startswith("__")]
    if model is StatisticStandard:
        keys.append("p90")
    return keys


_MESSAGES = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "date_type": "expected a date such as 2026-12-24",
    "date_parsing": "expected a date such as 2026-12-24",
    "date_from_datetime_inexact": "expected a date without a time of day",
    "date_from_datetime_parsing": "expected a date such as 2026-12-24",
}


_HINTS = {
    "date_type": "write a date as YYYY-MM-DD, e.g. 2026-12-24",
    "date_parsing": "write a date as YYYY-MM-DD, e.g. 2026-12-24",
    "date_from_datetime_inexact": "write the date alone, e.g. 2026-12-24",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD, e.g. 2026-12-24",
}


def _bad_dates_accepted(
    errors: Sequence[Any], data: Any, located: Located, source: str, bad_dates: Mapping[PathKey, str]
) -> list[Problem]:
    """Date-like values that are not dates and were taken as text: surely a slip.

    Where a date is needed, pydantic reports them (see :func:`_problem_of_error`).
    """
    failed = {_path_of(data, tuple(e["loc"]))[0] for e in errors}
    problems = []
    for path, why in bad_dates.items():
        if path in failed:
            continue
        try:
            value = _value_at(data, path)
        except (KeyError, IndexError, TypeError):  # a part merged from elsewhere with <<
            continue
        line, column = located.at(path)
        problems.append(
            Problem(
                source,
                line,
                column,
                dotted(path),
                f"'{value}' looks like a date but is not one: {why}",
                "correct the date, or quote it to keep it as text",
                "yaml_value",
            )
        )
    return problems


def _value_at(data: Any, path: PathKey) -> Any:
    for item in path:
        data = data[item]
    return data


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _dt.date):
        return str(value)
    return repr(value)


def _problem_of_error(
    error: Any, data: Any, located: Located, source: str, bad_dates: Mapping[PathKey, str]
) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    path, at_key = _path_of(data, loc)
    hint = ""
    text = error.get("input")
    why = bad_dates.get(path) or (why_not_a_date(text) if isinstance(text, str) else None)
    if why and kind.startswith("date_"):
        message = f"'{text}' is not a date: {why}"
        hint = "write a real date as YYYY-MM-DD, e.g. 2026-12-24"
        kind = "date_invalid"
    elif "message" in ctx:
        message, hint = ctx["message"], ctx.get("hint", "")
    elif kind == "missing":
        key = loc[-1]
        message = f"missing required key '{key}'"
        hint = {
            "version": "start the file with version: 1",
            "standards": "add a standards: list",
            "measure": "add measure: <name> or an inline measure",
        }.get(str(key), f"add {key}: ...")
    elif kind == "extra_forbidden":
        key = str(loc[-1])
        at_key = True
        model = _model_at(loc[:-1])
        allowed = _allowed_keys(model) if model else []
        message = f"unknown key '{key}'"
        hint = did_you_mean(key, allowed)
        if model is StatisticStandard and key in (
            "floor",
            "ceiling",
            "within",
            "at_most",
            "at_least",
        ):
            hint = "a statistic standard puts its limit inside the statistic, e.g. mean: {at_most: 30s}"
        elif not hint and allowed:
            hint = f"known keys here: {', '.join(allowed)}"
    elif kind == "literal_error":
        message = f"expected {ctx.get('expected')}, got {_describe(error.get('input'))}"
        if loc == ("version",):
            hint = "this library reads format version 1: write version: 1"
    elif kind == "too_short":
        message = "needs at least one entry"
    elif kind == "greater_than_equal":
        message = f"must be at least {ctx.get('ge')}"
    elif kind == "measure_kind":
        message = "a measure needs from and to (a duration), column (a value), flag, present or repeat_contact"
        hint = "e.g. {from: offered_at, to: answered_at}"
    elif kind in _MESSAGES:
        message = f"{_MESSAGES[kind]}, got {_describe(error.get('input'))}"
        hint = _HINTS.get(kind, "")
    else:
        message = str(error.get("msg", "invalid value"))
    line, column = located.at(path, key=at_key)
    return Problem(source, line, column, dotted(path), message, hint, kind)


def _only_failed_items(error: Any) -> bool:
    """A ``too_short`` that only counts items that failed (and were reported already).

    pydantic checks a tuple's ``min_length`` after dropping the items that did
    not validate, so one bad standard would also read "needs at least one entry".
    """
    if error["type"] != "too_short" or not isinstance(error.get("input"), list):
        return False
    min_length: int = (error.get("ctx") or {}).get("min_length", 0)
    return len(error["input"]) >= min_length


def _problem_of_issue(issue: Issue, located: Located, source: str) -> Problem:
    line, column = located.at(issue.path, key=issue.at_key)
    return Problem(source, line, column, issue.dotted_path, issue.message, issue.hint, issue.code, issue.severity)


_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _adapter(tp: Any) -> TypeAdapter[Any]:
    """One adapter per type (held with the type, so its id stays its own)."""
    cached = _ADAPTERS.get(id(tp))
    if cached is None or cached[0] is not tp:
        cached = _ADAPTERS[id(tp)] = (tp, TypeAdapter(tp))
    return cached[1]


_INVALID = object()
_TEXTS = dict[str, str]


def _valid(tp: Any, value: Any) -> Any:
    """``value`` validated as ``tp``, or ``_INVALID``."""
    try:
        return _adapter(tp).validate_python(value)
    except ValidationError:
        return _INVALID


def _partial(model: type[BaseModel], value: Any) -> Any:
    """The model from the keys of ``value`` that are valid on their own; ``_INVALID`` without them."""
    whole = _valid(model, value)
    if whole is not _INVALID or not isinstance(value, dict):
        return whole
    good = {
        key: value[key]
        for key, tp in _field_types(model).items()
        if key in value and _valid(tp, value[key]) is not _INVALID
    }
    return _valid(model, good)


@functools.cache
def _field_types(model: type[BaseModel]) -> dict[str, Any]:
    """The type of each field of a model, by the key a file writes."""
    return {info.alias or name: _field_type(info) for name, info in model.model_fields.items()}


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _issues_of_valid_parts(data: dict[str, Any]) -> list[Issue]:
    """Run the whole-file checks on whatever validated, so one run reports all.

    A calendar or event log that is invalid is checked on its valid keys: a
    mistyped holiday date does not hide overlapping hours.
    """
    raw_measures = _mapping(data.get("measures"))
    raw_calendars = _mapping(data.get("calendars"))
    raw_standards = data.get("standards")
    if not isinstance(raw_standards, list):
        raw_standards = []
    measures = {k: m for k, v in raw_measures.items() if (m := _valid(Measure, v)) is not _INVALID}
    calendars = {k: c for k, v in raw_calendars.items() if (c := _partial(Calendar, v)) is not _INVALID}
    standards = [(i, s) for i, v in enumerate(raw_standards) if (s := _valid(Standard, v)) is not _INVALID]
    events = _partial(EventLog, data.get("events"))
    labels = {k: v for k, v in _mapping(data.get("labels")).items() if _valid(_TEXTS, v) is not _INVALID}
    file_time = data.get("time") if isinstance(data.get("time"), str) else None
    raw = [(i, v) for i, v in enumerate(raw_standards) if isinstance(v, dict)]
    return issues_of_parts(
        measures=measures,
        measure_names=raw_measures.keys(),
        calendars=calendars,
        calendar_names=raw_calendars.keys(),
        standards=standards,
        file_time=file_time,
        ids=[(i, v["id"]) for i, v in raw if isinstance(v.get("id"), str)],
        measure_refs=[(i, v["measure"]) for i, v in raw if isinstance(v.get("measure"), str)],
        events=events if isinstance(events, EventLog) else None,
        has_events=data.get("events") is not None,
        labels=labels,
        columns={
            k: c for k, v in _mapping(data.get("columns")).items() if (c := _valid(ColumnEntry, v)) is not _INVALID
        },
    )
