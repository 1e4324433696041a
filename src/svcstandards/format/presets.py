"""Presets: bundled standards files for platforms' exports, and ``preset:`` in a file.

A preset is a standards file shipped in ``svcstandards/presets/<name>.yaml``
that knows how a platform exports its data (ServiceNow's incident event log,
a contact centre's call log, Zendesk's ticket metrics): its time zone, the
``data:`` and ``columns:`` that read the export as it is, the ``events:``
section, named measures, calendars and labels, and standards of its own.

A file that says ``preset: NAME`` takes from the preset, before it is
validated, every key of :data:`MERGED_KEYS` it lacks; where both have a
mapping (``columns``, ``measures``, ``events``...) they are merged entry by
entry, the file's entries over the preset's. The preset's ``standards`` are
never taken: the file writes its own, with the preset's names and measures.
Problems in what was taken from the preset are placed at the ``preset:`` key.

>>> "servicenow-events" in preset_names()
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

from ..errors import InvalidArgumentError, Problem, StandardsError, did_you_mean
from ._yaml import Located, Mark, parse

__all__ = ["MERGED_KEYS", "apply_preset", "preset_names", "preset_text"]

#: The top-level keys a file takes from its preset, in the order of the format.
MERGED_KEYS = ("timezone", "time", "data", "columns", "events", "measures", "calendars", "labels")
_SUFFIX = ".yaml"


@functools.cache
def preset_names() -> tuple[str, ...]:
    """The names of the bundled presets, sorted.

    >>> preset_names()
    ('call-log', 'servicenow-events', 'zendesk')
    """
    folder = resources.files("svcstandards") / "presets"
    return tuple(sorted(p.name[: -len(_SUFFIX)] for p in folder.iterdir() if p.name.endswith(_SUFFIX)))


def preset_text(name: str) -> str:
    """The YAML text of a bundled preset; :class:`~svcstandards.errors.InvalidArgumentError` for an unknown name."""
    if not isinstance(name, str) or name not in preset_names():
        raise InvalidArgumentError(f"no preset {name!r}. Hint: {_known(name)}")
    return (resources.files("svcstandards") / "presets" / f"{name}{_SUFFIX}").read_text(encoding="utf-8")


def _known(name: object) -> str:
    hint = did_you_mean(name, preset_names()) if isinstance(name, str) else ""
    known = f"the presets are {', '.join(preset_names())}"
    return f"{hint} {known[0].upper()}{known[1:]}" if hint else known


@functools.cache
def _preset_data(name: str) -> dict[str, Any]:
    return parse(preset_text(name)).data


def apply_preset(
    data: dict[str, Any], located: Located, source: str, preset: str | None = None
) -> tuple[dict[str, Any], Located]:
    """The file's data with its preset's parts merged in, and where each part stands.

    ``preset`` (the command line's ``--preset``) applies as if the file said
    ``preset: NAME``; a file that names another preset is a
    :class:`~svcstandards.errors.InvalidArgumentError`. An unknown name is a
    :class:`~svcstandards.errors.StandardsError` at the ``preset:`` value. The
    data and ``located`` given are not changed.
    """
    written = data.get("preset")
    if preset is not None:
        if written is not None and written != preset:
            raise InvalidArgumentError(
                f"{source} names preset {written!r} but --preset says {preset!r}; "
                "remove one of them, or make them the same"
            )
        if preset not in preset_names():
            raise InvalidArgumentError(f"no preset {preset!r}. Hint: {_known(preset)}")
        data = {**data, "preset": preset}
    name = data.get("preset")
    if not isinstance(name, str):  # absent, or not text: the model reports the latter
        return data, located
    mark = _mark_of_preset(located)
    if name not in preset_names():
        line, column = located.at(("preset",))
        message = f"unknown preset '{name}'"
        raise StandardsError([Problem(source, line, column, "preset", message, _known(name), "preset_unknown")])
    return _merged(data, _preset_data(name), located, mark)


def _mark_of_preset(located: Located) -> Mark:
    if ("preset",) in located.keys:
        return located.keys[("preset",)]
    return located.at(("preset",))


def _merged(
    data: dict[str, Any], preset: Mapping[str, Any], located: Located, mark: Mark
) -> tuple[dict[str, Any], Located]:
    merged = dict(data)
    where = Located(default=located.default)
    where.values = dict(located.values)
    where.keys = dict(located.keys)
    for key in MERGED_KEYS:
        if key not in preset:
            continue
        theirs = preset[key]
        if key not in data:
            merged[key] = theirs
            where.values[(key,)] = where.keys[(key,)] = mark
        elif isinstance(theirs, dict) and isinstance(data[key], dict):
            merged[key] = {**theirs, **data[key]}
            for entry in theirs.keys() - data[key].keys():
                where.values[(key, entry)] = where.keys[(key, entry)] = mark
    return merged, where
