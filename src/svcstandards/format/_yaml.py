"""Safe YAML to plain data, with the line and column of every key and value.

One pass over PyYAML's event stream (libyaml's when it is installed, the
pure-Python parser otherwise) builds dicts, lists and scalars directly; no
node tree is composed, nothing is constructed from a tag, and nothing is
ever executed. Hostile input is cut short as it is read:

- nesting deeper than :data:`MAX_DEPTH` levels stops at the bracket that
  goes too deep, before anything recurses;
- aliases stop once the values they *add* (every value reached through an
  alias, counted once per use) pass :data:`MAX_ALIAS_VALUES`: the "billion
  laughs" is refused after at most that much work, while a large file
  written out in full is never counted against it.

A date-like value that is not a real date (``2026-13-45``) does not stop the
reading: it is kept as its text and noted in :attr:`Document.bad_dates`, so
the loader can say why it is wrong in the terms of the key that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ._yaml_text import (
    MAX_BYTES,
    MAX_DEPTH,
    Mark,
    PathKey,
    StopError,
    _code_point,
    _mark,
    _position,
    _syntax_error,
    decode,
    why_not_a_date,
)

__all__ = [
    "MAX_ALIAS_VALUES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "Document",
    "Located",
    "Mark",
    "PathKey",
    "StopError",
    "parse",
]

MAX_ALIAS_VALUES = 100_000

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq", f"{_TAG}merge"
_BOOL, _INT, _FLOAT, _TIMESTAMP = f"{_TAG}bool", f"{_TAG}int", f"{_TAG}float", f"{_TAG}timestamp"
_SCALAR_TAGS = {_STR, _BOOL, _INT, _FLOAT, _TIMESTAMP, f"{_TAG}null"}
_YAML11_WORDS = re.compile(r"(?i)yes|no|on|off|y|n")
_LIBYAML: Any = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None


class Located:
    """Where each key and value of the parsed document stands (1-based line, column)."""

    def __init__(self, default: Mark = (1, 1)) -> None:
        self.values: dict[PathKey, Mark] = {}
        self.keys: dict[PathKey, Mark] = {}
        self.default = default

    def at(self, path: Sequence[str | int], key: bool = False) -> Mark:
        """The mark of the key (``key=True``) or value at ``path``, or of its nearest parent."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return self.default
            path = path[:-1]
            key = False


@dataclass
class Document:
    """The data of a file, where its parts stand, and its date-like values that are not dates."""

    data: dict[str, Any]
    located: Located
    bad_dates: dict[PathKey, str] = field(default_factory=dict)  # path -> why it is not a date


def parse(raw: str | bytes) -> Document:
    """Read YAML (or JSON) text into plain data; raises :class:`StopError`."""
    text = decode(raw)
    builder = _Builder()
    loader: Any = None
    try:
        loader = (_LIBYAML or yaml.SafeLoader)(text)  # PyYAML's reader checks the characters here
        root, root_mark = builder.run(loader.get_event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.reader.ReaderError as exc:
        index = exc.position
        if _LIBYAML is not None:  # libyaml counts bytes of UTF-8
            index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        raise StopError(
            _position(text, index),
            "the file contains a character YAML does not allow",
            f"remove the character U+{_code_point(exc.character):04X}",
            "yaml_character",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root_mark is None:
        raise StopError((1, 1), "the file is empty", "start it with version: 1 and a standards: list", "empty_file")
    if not isinstance(root, dict):
        raise StopError(
            root_mark,
            "the file must be a mapping of keys to values",
            "start it with version: 1 and a standards: list",
            "not_mapping",
        )
    return Document(root, builder.located, builder.bad_dates)


# -- events to data --------------------------------------------------------------------------


_NO_KEY = object()
_MERGE_KEY = object()
_NOT_TEXT = ("", None)


class _Anchor:
    """An anchored value, what it adds when aliased, and how deep it nests."""

    __slots__ = ("base", "done", "height", "ops", "size", "value")

    def __init__(self, value: Any, base: PathKey) -> None:
        self.value = value
        self.base = base
        self.ops: list[tuple[PathKey, int, Mark]] = []
        self.size = 1
        self.height = 0
        self.done = False


class _Frame:
    """A mapping or sequence being read."""

    __slots__ = (
        "anchor",
        "is_map",
        "key",
        "key_mark",
        "level",
        "log_start",
        "mark",
        "max_level",
        "merge_into",
        "merged",
        "nodes_start",
        "out",
        "path",
        "records",
        "seen",
        "sources",
    )

    def __init__(self, is_map: bool, path: PathKey, level: int, mark: Mark) -> None:
        self.is_map = is_map
        self.path = path
        self.level = level
        self.max_level = level
        self.mark = mark
        self.out: Any = {} if is_map else []
        self.key: Any = _NO_KEY  # the key whose value comes next (mappings)
        self.key_mark: Mark = mark
        self.seen: dict[str, Mark] = {}
        self.merged: dict[str, Any] = {}
        self.anchor: _Anchor | None = None
        self.log_start = 0
        self.nodes_start = 0
        self.records = False  # its locations are logged (anchored or merged)
        self.merge_into: _Frame | None = None  # a merge source: the mapping it merges into
        self.sources: list[_Anchor] | None = None  # a merge list: the mappings it merges


# Kinds of location records: a key, a value (replacing), a value (if none yet).
_KEY, _VALUE, _DEFAULT = 0, 1, 2


class _Builder:
    """Turns the event stream into dicts, lists and scalars, recording marks."""

    def __init__(self) -> None:
        self.located = Located()
        self.bad_dates: dict[PathKey, str] = {}
        self.resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = Resolver().resolve
        self.plain: dict[str, tuple[str, Any]] = {}
        self.constructor = SafeConstructor()
        self.anchors: dict[str, _Anchor] = {}
        self.stack: list[_Frame] = []
        self.log: list[tuple[PathKey, int, Mark]] = []
        self.recording = 0
        self.nodes = 0  # values in the document, with those reached through aliases
        self.expanded = 0  # values reached through aliases
        self.documents = 0

    # -- the loop ----------------------------------------------------------
    def run(self, next_event: Callable[[], Event | None]) -> tuple[Any, Mark | None]:
        root: Any = None
        root_mark: Mark | None = None
        stack, plain, keys, values = self.stack, self.plain, self.located.keys, self.located.values
        while True:
            event: Any = next_event()  # told apart by exact type below, the fastest test
            kind = type(event)
            if kind is ScalarEvent:
                # The common case, inline: an untagged, unanchored key or value of a mapping.
                top = stack[-1] if stack else None
                if top is not None and top.is_map and event.anchor is None and event.tag is None and not self.recording:
                    start = event.start_mark
                    mark = (start.line + 1, start.column + 1)
                    text = event.value
                    key = top.key
                    quoted = bool(event.style) or not event.implicit[0]
                    if key is _NO_KEY:
                        if (quoted or plain.get(text, _NOT_TEXT)[0] == _STR) and text not in top.seen:
                            top.seen[text] = mark
                            top.key = text
                            keys[(*top.path, text)] = mark
                            continue
                    elif key is not _MERGE_KEY:
                        path = (*top.path, key)
                        values[path] = mark
                        tag, value = (_STR, text) if quoted else (plain.get(text) or self._scalar(event, mark, path))
                        if tag not in _SCALAR_TAGS:
                            _bad_tag(tag, mark)
                        self.nodes += 1
                        top.out[key] = value
                        top.key = _NO_KEY
                        continue
                done = self._scalar_event(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._start(event, kind is MappingStartEvent)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = self._end()
            elif kind is AliasEvent:
                done = self._alias(event)
            elif kind is DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise StopError(
                        _mark(event.start_mark),
                        "more than one YAML document in the file",
                        "keep one document per file: move the part from this --- on to a file of its own",
                        "many_documents",
                    )
                continue
            elif kind is StreamEndEvent or event is None:
                break
            else:
                continue
            if done is not None and not self.stack:
                root, root_mark = done
        return root, root_mark

    # -- where the next value goes --------------------------------------------
    def _place(self, mark: Mark) -> tuple[PathKey, _Frame | None]:
        """The path of the value that starts at ``mark``, and its parent; records its mark."""
        if not self.stack:
            self._record(_DEFAULT, (), mark)
            return (), None
        parent = self.stack[-1]
        if not parent.is_map:
            path = (*parent.path, len(parent.out))
            self._record(_DEFAULT, path, mark)
            return path, parent
        if parent.key is _NO_KEY:
            raise StopError(mark, "a key must be text", "use a plain word as the key", "yaml_key")
        if parent.key is _MERGE_KEY:
            return (*parent.path, "<<"), parent
        path = (*parent.path, parent.key)
        self._record(_VALUE, path, mark)
        return path, parent

    def _record(self, kind: int, path: PathKey, mark: Mark) -> None:
        if kind == _KEY:
            self.located.keys[path] = mark
        elif kind == _VALUE:
            self.located.values[path] = mark
        else:
            self.located.values.setdefault(path, mark)
        if self.recording:
            self.log.append((path, kind, mark))

    def _attach(self, value: Any, mark: Mark, parent: _Frame | None) -> tuple[Any, Mark] | None:
        """Put a finished value into its parent; the root comes back."""
        if parent is None:
            return value, mark
        if not parent.is_map:
            if parent.sources is not None:
                raise StopError(
                    mark, "<< merges only mappings", "merge an anchored mapping: <<: *defaults", "yaml_merge"
                )
            parent.out.append(value)
        elif parent.key is _MERGE_KEY:
            raise StopError(mark, "<< merges only mappings", "merge an anchored mapping: <<: *defaults", "yaml_merge")
        else:
            parent.out[parent.key] = value
            parent.key = _NO_KEY
        return None

    # -- scalars --------------------------------------------------------------
    def _scalar_event(self, event: ScalarEvent) -> tuple[Any, Mark] | None:
        mark = _mark(event.start_mark)
        stack = self.stack
        if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
            self._key(stack[-1], event, mark)
            return None
        path, parent = self._place(mark)
        tag, value = self._scalar(event, mark, path)
        if tag not in _SCALAR_TAGS:
            _bad_tag(tag, mark)
        self.nodes += 1
        if event.anchor is not None:
            anchor = _Anchor(value, path)
            anchor.ops = [(path, _DEFAULT, mark)]
            anchor.done = True
            self.anchors[event.anchor] = anchor
        return self._attach(value, mark, parent)

    def _scalar(self, event: ScalarEvent, mark: Mark, path: PathKey | None) -> tuple[str, Any]:
        """The tag and value of a scalar; plain ones are read once per distinct text."""
        text: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if event.style or not event.implicit[0]:  # quoted, a block, or tagged "!": text
                return _STR, text
            cached = self.plain.get(text)
            if cached is None:
                tag = self.resolve(ScalarNode, text, event.implicit)
                cached = (tag, self._construct(tag, text, event, mark, path, plain=True))
                if tag != _TIMESTAMP or not isinstance(cached[1], str):  # a date that is not one is noted each time
                    self.plain[text] = cached
            return cached
        if tag not in _SCALAR_TAGS:
            _bad_tag(tag, mark)
        return tag, self._construct(tag, text, event, mark, path, plain=not event.style)

    def _construct(self, tag: str, text: str, event: ScalarEvent, mark: Mark, path: PathKey | None, plain: bool) -> Any:
        if tag == _STR or tag not in _SCALAR_TAGS:
            return text
        # YAML 1.1 reads yes/no/on/off as booleans and 1:30 as a number;
        # people mean text (country NO, a label 'on'), so keep them as text.
        if plain and tag == _BOOL and _YAML11_WORDS.fullmatch(text):
            return text
        if plain and tag in (_INT, _FLOAT) and ":" in text:
            return text
        node = ScalarNode(tag, text, None, None, event.style)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        # a value that does not fit its explicit tag: PyYAML fails with whatever it meets first
        # (!!bool abc: KeyError, !!int '': IndexError, !!timestamp abc: AttributeError)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError, LookupError, AttributeError):
            if tag == _TIMESTAMP:
                # kept as text; the loader says why it is not a date, where it matters
                if path is not None:
                    self.bad_dates[path] = why_not_a_date(text) or "it is not written YYYY-MM-DD"
                return text
            short = tag.rsplit(":", 1)[-1]
            raise StopError(
                mark, f"'{text}' cannot be read as {short}", f"remove the tag !!{short}", "yaml_value"
            ) from None

    def _key(self, frame: _Frame, event: ScalarEvent, mark: Mark) -> None:
        tag, key = self._scalar(event, mark, None)
        if tag == _MERGE:
            frame.key = _MERGE_KEY
            return
        if tag not in _SCALAR_TAGS:
            _bad_tag(tag, mark)
        text = _key_text(key)
        if event.anchor is not None:  # an anchored key: its alias may stand as a key elsewhere
            anchor = _Anchor(text, frame.path)
            anchor.done = True
            self.anchors[event.anchor] = anchor
        self._set_key(frame, text, mark)

    def _set_key(self, frame: _Frame, key: str, mark: Mark) -> None:
        if key in frame.seen:
            line = frame.seen[key][0]
            raise StopError(
                mark,
                f"the key '{key}' appears twice in this mapping (first at line {line})",
                "keep one of them",
                "duplicate_key",
            )
        frame.seen[key] = mark
        frame.key = key
        self._record(_KEY, (*frame.path, key), mark)

    # -- collections -------------------------------------------------------------
    def _start(self, event: MappingStartEvent | SequenceStartEvent, is_map: bool) -> None:
        mark = _mark(event.start_mark)
        level = len(self.stack) + 1
        if level > MAX_DEPTH:
            raise StopError(
                mark,
                f"nesting deeper than {MAX_DEPTH} levels",
                "a standards file is shallow; this looks like generated or hostile input",
                "too_deep",
            )
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            _bad_tag(tag, mark)
        parent = self.stack[-1] if self.stack else None
        merge_list = parent is not None and not parent.is_map and parent.sources is not None
        if merge_list and not is_map:
            raise StopError(mark, "<< merges only mappings", "merge an anchored mapping: <<: *defaults", "yaml_merge")
        path, _ = self._place(mark)
        frame = _Frame(is_map, path, level, mark)
        frame.nodes_start = self.nodes
        self.nodes += 1
        if parent is not None and parent.is_map and parent.key is _MERGE_KEY:
            if is_map:
                frame.merge_into = parent
            else:
                frame.sources = []
        elif merge_list:
            frame.merge_into = parent
        if event.anchor is not None or frame.merge_into is not None:
            frame.records = True
            frame.log_start = len(self.log)
            self.recording += 1
            if event.anchor is not None:
                frame.anchor = _Anchor(frame.out, path)
                self.anchors[event.anchor] = frame.anchor
        self.stack.append(frame)

    def _end(self) -> tuple[Any, Mark] | None:
        frame = self.stack.pop()
        if self.stack:
            self.stack[-1].max_level = max(self.stack[-1].max_level, frame.max_level)
        if frame.sources is not None:  # the list of << [*a, *b]: earlier sources win
            parent = self.stack[-1]
            for item in frame.sources:
                self._merge(parent, item)
            parent.key = _NO_KEY
            return None
        value = frame.out
        if frame.is_map and frame.merged:
            value = {**frame.merged, **frame.out}
        if not frame.records:
            return self._attach(value, frame.mark, self.stack[-1] if self.stack else None)
        ops = self.log[frame.log_start :]
        self.recording -= 1
        if not self.recording:
            del self.log[:]
        source = frame.anchor or _Anchor(value, frame.path)
        source.value, source.ops, source.size, source.done = value, ops, self.nodes - frame.nodes_start, True
        source.height = frame.max_level - frame.level + 1
        if frame.merge_into is not None:
            target = frame.merge_into
            if target.is_map:
                self._merge(target, source)
                target.key = _NO_KEY
            else:
                assert target.sources is not None
                target.sources.append(source)
            return None
        return self._attach(value, frame.mark, self.stack[-1] if self.stack else None)

    # -- aliases and merges ---------------------------------------------------------
    def _alias(self, event: AliasEvent) -> tuple[Any, Mark] | None:
        mark = _mark(event.start_mark)
        anchor = self.anchors.get(event.anchor or "")
        if anchor is None:
            raise StopError(
                mark,
                f"the alias *{event.anchor} is not defined",
                f"define the anchor &{event.anchor} before the alias",
                "yaml_syntax",
            )
        if not anchor.done:
            raise StopError(
                mark,
                f"the alias *{event.anchor} is inside the value it refers to",
                "an alias repeats a value defined before it, never one that contains it",
                "alias_bomb",
            )
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.key is _NO_KEY:
            if isinstance(anchor.value, dict | list):
                raise StopError(mark, "a key must be text", "use a plain word as the key", "yaml_key")
            self._set_key(parent, _key_text(anchor.value), mark)
            return None
        self._expand(anchor, mark)
        if parent is not None and parent.sources is not None:  # an item of << [*a, *b]
            if not isinstance(anchor.value, dict):
                raise StopError(
                    mark, "<< merges only mappings", "merge an anchored mapping: <<: *defaults", "yaml_merge"
                )
            parent.sources.append(anchor)
            return None
        if parent is not None and parent.is_map and parent.key is _MERGE_KEY:
            if not isinstance(anchor.value, dict):
                raise StopError(
                    mark, "<< merges only mappings", "merge an anchored mapping: <<: *defaults", "yaml_merge"
                )
            self._merge(parent, anchor)
            parent.key = _NO_KEY
            return None
        path, parent = self._place(mark)
        self._replay(anchor, path, skip=())
        return self._attach(anchor.value, mark, parent)

    def _expand(self, anchor: _Anchor, mark: Mark) -> None:
        """Count what an alias adds; stop an alias bomb before doing the work."""
        if self.expanded + anchor.size > MAX_ALIAS_VALUES:
            raise StopError(
                mark,
                f"aliases expand past {MAX_ALIAS_VALUES:,} values",
                "a standards file needs no such expansion; this looks like an alias bomb",
                "alias_bomb",
            )
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise StopError(
                mark,
                f"aliases nest deeper than {MAX_DEPTH} levels",
                "a standards file needs no such expansion; this looks like an alias bomb",
                "alias_bomb",
            )
        self.expanded += anchor.size
        self.nodes += anchor.size
        if self.stack:
            top = self.stack[-1]
            top.max_level = max(top.max_level, top.level + anchor.height)

    def _merge(self, frame: _Frame, source: _Anchor) -> None:
        """``<<``: keys of the mapping not given yet; keys given explicitly win, and earlier sources."""
        taken = frame.seen.keys() | frame.merged.keys()
        for key, value in source.value.items():
            if key not in taken:
                frame.merged[key] = value
        self._replay(source, frame.path, skip=taken)

    def _replay(self, anchor: _Anchor, path: PathKey, skip: Any) -> None:
        """Record the marks of the parts of an anchored value under ``path`` (not its own mark)."""
        cut = len(anchor.base)
        for where, kind, mark in anchor.ops:
            rest = where[cut:]
            if not rest or rest[0] in skip:
                continue
            self._record(kind, path + rest, mark)


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return str(key).lower()
    return key if isinstance(key, str) else str(key)


def _bad_tag(tag: str, mark: Mark) -> None:
    raise StopError(mark, f"the tag {tag} is not allowed", "standards files are plain data: remove the tag", "yaml_tag")
