"""Validate many standards files at once, as CI does.

>>> result = validate_files(["standards"])  # the bundled files, from the top of the repository
>>> result.valid
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .checks import column_issues
from .errors import Problem, StandardsError
from .loader import load, locate

__all__ = ["FileResult", "ValidationResult", "find_standards_files", "validate_files"]


@dataclass(frozen=True)
class FileResult:
    """The problems found in one file (none: it is valid)."""

    path: str
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ValidationResult:
    files: tuple[FileResult, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]


def find_standards_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files given, and ``*.yaml`` / ``*.yml`` below directories, sorted per directory.

    Raises ``FileNotFoundError`` for a path that does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or directory: {raw}")
    return found


def validate_files(paths: Sequence[str | os.PathLike[str]], columns: Iterable[str] | None = None) -> ValidationResult:
    """Load every file; with ``columns``, also report columns the data lacks."""
    available = list(columns) if columns is not None else None
    results: list[FileResult] = []
    for path in find_standards_files(paths):
        try:
            standard_set = load(path)
        except StandardsError as exc:
            results.append(FileResult(str(path), exc.problems))
            continue
        problems: tuple[Problem, ...] = ()
        if available is not None:
            problems = tuple(locate(standard_set, column_issues(standard_set, available)))
        results.append(FileResult(str(path), problems))
    return ValidationResult(tuple(results))
