"""Read standards files: safe YAML in, a validated :class:`StandardSet` out.

The only module that reads files. Every problem is collected with the line
and column of the offending key or value, then raised together as one
:class:`~svcstandards.errors.StandardsError`.

Nothing in a file is executed: YAML is composed with PyYAML's safe loader
and only plain scalars, mappings and sequences are accepted; any other tag
(``!!python/object/apply`` and the like) is reported, never constructed.
Hostile input is cut short: files over 5 MB, nesting deeper than 64 levels
and aliases that expand past 100,000 nodes (the "billion laughs") are
problems, found in well under a second.

>>> s = loads("version: 1\\nstandards:\\n  - {id: fcr, measure: {flag: resolved_first_contact}, floor: 70%}")
>>> s.standards[0].id
'fcr'
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .checks import Issue, dotted, file_issues, issues_of_parts
from .errors import Problem, StandardsError, did_you_mean
from .model import Calendar, Measure, Standard, StandardSet, StatisticStandard

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "dumps", "load", "loads", "locate"]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_YAML11_WORDS = re.compile(r"(?i)yes|no|on|off|y|n")
Path_ = tuple[str | int, ...]
Mark = tuple[int, int]


class _Located:
    """Where each key and value of the parsed document stands."""

    def __init__(self) -> None:
        self.values: dict[Path_, Mark] = {}
        self.keys: dict[Path_, Mark] = {}

    def at(self, path: Sequence[str | int], key: bool = False) -> Mark:
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = False


class _StopError(Exception):
    """Parsing cannot go on; carries the problem."""

    def __init__(self, mark: Mark, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint, self.code = mark, message, hint, code


def load(path: str | os.PathLike[str]) -> StandardSet:
    """Load and validate a standards file.

    Raises :class:`~svcstandards.errors.StandardsError` listing every problem,
    or ``OSError`` when the file cannot be read.
    """
    file = Path(path)
    source = os.fspath(path)
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise StandardsError([_too_large(source, size)])
    return loads(file.read_bytes(), source=source)


def loads(text: str | bytes, source: str = "<string>") -> StandardSet:
    """Validate standards given as YAML (or JSON) text.

    ``source`` names the text in messages, e.g. the file it came from.
    """
    try:
        data, located = _parse(text, source)
    except _StopError as stop:
        line, column = stop.mark
        raise StandardsError([Problem(source, line, column, "", stop.message, stop.hint, stop.code)]) from None

    problems: list[Problem] = []
    model: StandardSet | None = None
    try:
        model = StandardSet.model_validate(data, context={"skip_checks": True})
    except ValidationError as exc:
        problems.extend(
            _problem_of_error(error, data, located, source) for error in exc.errors() if not _only_failed_items(error)
        )
        issues = _issues_of_valid_parts(data)
    else:
        issues = file_issues(model)
    problems.extend(_problem_of_issue(issue, located, source) for issue in issues)
    if problems:
        unique = sorted(set(problems), key=lambda p: (p.line, p.column, p.path, p.message))
        raise StandardsError(unique)
    assert model is not None
    model._source = source
    model._lines = tuple(located.at(("standards", i))[0] for i in range(len(model.standards)))
    model._located = located
    return model


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
    if not isinstance(located, _Located):
        located = _Located()
    return [_problem_of_issue(issue, located, standard_set.source) for issue in issues]


# -- YAML to plain data with locations ---------------------------------------------


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


def _mark(node_mark: Any) -> Mark:
    return (node_mark.line + 1, node_mark.column + 1)


def _decode(text: str | bytes) -> str:
    if isinstance(text, str):
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise _StopError(
                (1, 1),
                f"the text is over the {MAX_BYTES:,}-byte limit",
                "a standards file is small",
                "file_too_large",
            )
        return text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES:
        raise _StopError(
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
        raise _StopError(
            (line, column),
            f"invalid UTF-8 (byte 0x{text[exc.start]:02x})",
            "save the file as UTF-8",
            "encoding",
        ) from None


def _position(text: str, index: int) -> Mark:
    before = text[:index]
    return (before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)


def _parse(raw: str | bytes, source: str) -> tuple[Any, _Located]:
    text = _decode(raw)
    try:
        _check_events(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = _mark(exc.problem_mark) if exc.problem_mark else (1, 1)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise _StopError(
            mark,
            f"not valid YAML: {message}",
            "check the indentation and quoting near here",
            "yaml_syntax",
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _StopError(
            _position(text, exc.position),
            "the file contains a character YAML does not allow",
            f"remove the character U+{_code_point(exc.character):04X}",
            "yaml_character",
        ) from None
    if root is None:
        raise _StopError(
            (1, 1),
            "the file is empty",
            "start it with version: 1 and a standards: list",
            "empty_file",
        )
    if not isinstance(root, MappingNode):
        raise _StopError(
            _mark(root.start_mark),
            "the file must be a mapping of keys to values",
            "start it with version: 1 and a standards: list",
            "not_mapping",
        )
    located = _Located()
    builder = _Builder(located)
    data = builder.build(root, (), 0)
    return data, located


def _code_point(character: int | str) -> int:
    """PyYAML reports the offending character as its code point."""
    return character if isinstance(character, int) else ord(character)


def _check_events(text: str) -> None:
    """Refuse deep nesting and several documents before composing (which recurses)."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _StopError(
                    _mark(event.start_mark),
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "a standards file is shallow; this looks like generated or hostile input",
                    "too_deep",
                )
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _StopError(
                    _mark(event.start_mark),
                    "more than one YAML document in the file",
                    "keep one document per file (remove the second ---)",
                    "many_documents",
                )


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording marks."""

    def __init__(self, located: _Located) -> None:
        self.located = located
        self.count = 0
        self.constructor = SafeConstructor()

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            what = "expand past" if self.count > MAX_NODES else "nest deeper than"
            limit = f"{MAX_NODES:,} values" if self.count > MAX_NODES else f"{MAX_DEPTH} levels"
            raise _StopError(
                _mark(node.start_mark),
                f"aliases {what} {limit}",
                "a standards file needs no such expansion; this looks like an alias bomb",
                "alias_bomb",
            )
        self.located.values.setdefault(path, _mark(node.start_mark))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._require_tag(node, "seq")
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        self._require_tag(node, "map")
        return self._mapping(node, path, depth)

    def _require_tag(self, node: Node, kind: str) -> None:
        if node.tag != f"{_TAG}{kind}":
            self._bad_tag(node)

    def _bad_tag(self, node: Node) -> None:
        raise _StopError(
            _mark(node.start_mark),
            f"the tag {node.tag} is not allowed",
            "standards files are plain data: remove the tag",
            "yaml_tag",
        )

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node)
        plain = node.style is None
        # YAML 1.1 reads yes/no/on/off as booleans and 1:30 as a number;
        # people mean text (country NO, a label 'on'), so keep them as text.
        if plain and node.tag == f"{_TAG}bool" and _YAML11_WORDS.fullmatch(node.value):
            return node.value
        if plain and node.tag in (f"{_TAG}int", f"{_TAG}float") and ":" in node.value:
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            raise _StopError(
                _mark(node.start_mark),
                f"'{node.value}' cannot be read as {node.tag.rsplit(':', 1)[-1]}",
                "quote it to keep it as text",
                "yaml_value",
            ) from None

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merges = [v for k, v in node.value if k.tag == f"{_TAG}merge"]
        for source in merges:
            sources = source.value if isinstance(source, SequenceNode) else [source]
            for item in sources:
                if not isinstance(item, MappingNode):
                    raise _StopError(
                        _mark(item.start_mark),
                        "<< merges only mappings",
                        "merge an anchored mapping: <<: *defaults",
                        "yaml_merge",
                    )
                out.update(self._mapping(item, path, depth + 1))
        seen: dict[Any, Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                continue
            if not isinstance(key_node, ScalarNode):
                raise _StopError(
                    _mark(key_node.start_mark),
                    "a key must be text",
                    "use a plain word as the key",
                    "yaml_key",
                )
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            key_mark = _mark(key_node.start_mark)
            if key in seen:
                line = seen[key][0]
                raise _StopError(
                    key_mark,
                    f"the key '{key}' appears twice in this mapping (first at line {line})",
                    "keep one of them",
                    "duplicate_key",
                )
            seen[key] = key_mark
            child = (*path, key)
            self.located.keys[child] = key_mark
            self.located.values[child] = _mark(value_node.start_mark)
            out[key] = self.build(value_node, child, depth + 1)
        return out


# -- pydantic errors to problems -----------------------------------------------------


def _path_of(data: Any, loc: Sequence[str | int]) -> tuple[Path_, bool]:
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


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _problem_of_error(error: Any, data: Any, located: _Located, source: str) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    path, at_key = _path_of(data, loc)
    hint = ""
    if "message" in ctx:
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
        message = "a measure needs from and to (a duration), column (a value) or flag"
        hint = "e.g. {from: offered_at, to: answered_at}"
    elif kind in _MESSAGES:
        message = f"{_MESSAGES[kind]}, got {_describe(error.get('input'))}"
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


def _problem_of_issue(issue: Issue, located: _Located, source: str) -> Problem:
    line, column = located.at(issue.path, key=issue.at_key)
    return Problem(source, line, column, issue.dotted_path, issue.message, issue.hint, issue.code)


@functools.cache
def _adapters() -> tuple[TypeAdapter[Any], TypeAdapter[Any], TypeAdapter[Any]]:
    return TypeAdapter(Measure), TypeAdapter(Calendar), TypeAdapter(Standard)


def _valid(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _issues_of_valid_parts(data: dict[str, Any]) -> list[Issue]:
    """Run the whole-file checks on whatever validated, so one run reports all."""
    measure_adapter, calendar_adapter, standard_adapter = _adapters()
    raw_measures = _mapping(data.get("measures"))
    raw_calendars = _mapping(data.get("calendars"))
    raw_standards = data.get("standards")
    if not isinstance(raw_standards, list):
        raw_standards = []
    measures = {k: m for k, v in raw_measures.items() if (m := _valid(measure_adapter, v)) is not None}
    calendars = {k: c for k, v in raw_calendars.items() if (c := _valid(calendar_adapter, v)) is not None}
    standards = [(i, s) for i, v in enumerate(raw_standards) if (s := _valid(standard_adapter, v)) is not None]
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
    )
