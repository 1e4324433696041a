"""A problem a check finds in a standards file, located by the path of its key.

The checks of the whole file (:mod:`svcstandards.format.checks`) and the
checks of each measure kind (:mod:`svcstandards.kinds`) yield these; the
loader turns each into a :class:`~svcstandards.errors.Problem` with the line
and column of its key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..errors import Severity
from .units import MAX_DURATION_NS, Duration

__all__ = ["MAX_DURATION", "Issue", "KeyPath", "PathPart", "dotted", "too_long"]

PathPart = str | int
KeyPath = tuple[PathPart, ...]

#: The longest duration a file may give: 100 years of 365.25 days. Time is
#: counted in int64 nanoseconds, which end after 292 years.
MAX_DURATION = Duration(MAX_DURATION_NS)


@dataclass(frozen=True)
class Issue:
    """A problem found by a check, located by its path in the file."""

    path: KeyPath
    message: str
    hint: str = ""
    code: str = "invalid"
    at_key: bool = False  # point at the key rather than its value
    severity: Severity = "error"

    @property
    def dotted_path(self) -> str:
        return dotted(self.path)


def dotted(path: Sequence[PathPart]) -> str:
    """``('standards', 2, 'within')`` -> ``standards[2].within``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "").replace("-", "").isalnum():
            out += f".{part}" if out else part
        else:
            out += f'["{part}"]'
    return out


def too_long(path: KeyPath, value: object) -> Iterator[Issue]:
    """A duration past :data:`MAX_DURATION` is surely a slip, and cannot be counted in nanoseconds."""
    if isinstance(value, Duration) and value > MAX_DURATION:
        shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:20]}..."
        yield Issue(
            path,
            f"the duration {shown} is longer than 100 years",
            f"durations go up to {MAX_DURATION} (100 years); check the number",
            "duration_range",
        )
