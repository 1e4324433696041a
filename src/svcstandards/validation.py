"""Validate many standards files at once, as CI does.

Each file's errors and warnings are kept together, in the order of their
lines; a file is valid when it has no errors (warnings alone do not make
it invalid).

>>> result = validate_files(["standards"])  # the bundled files, from the top of the repository
>>> result.valid
True
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .engines._columns import Columns
from .engines.scope import where_findings
from .errors import Problem, Severity, StandardsError
from .format.checks import Issue, PathPart, column_issues
from .format.loader import load, locate
from .format.model import ShareStandard, StandardSet, Where

__all__ = ["FileResult", "ValidationResult", "find_standards_files", "validate_files", "value_problems"]


@dataclass(frozen=True)
class FileResult:
    """The errors and warnings found in one file, by line (no errors: it is valid)."""

    path: str
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def valid(self) -> bool:
        """No problem of severity ``error`` (warnings allowed)."""
        return not self.errors


@dataclass(frozen=True)
class ValidationResult:
    files: tuple[FileResult, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        """No file has an error (warnings allowed)."""
        return all(f.valid for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        """Every error and warning, file by file."""
        return [p for f in self.files for p in f.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for f in self.files for p in f.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [p for f in self.files for p in f.warnings]


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


def validate_files(
    paths: Sequence[str | os.PathLike[str]],
    columns: Iterable[str] | None = None,
    sample: pd.DataFrame | None = None,
    preset: str | None = None,
) -> ValidationResult:
    """Load every file; with ``columns``, also report columns the data lacks.

    With ``sample`` (rows of the data), also report ``where`` values that
    never occur in it: see :func:`value_problems`. ``preset`` applies to
    every file as if it said ``preset: NAME`` (see :func:`~svcstandards.load`).
    """
    available = list(columns) if columns is not None else None
    results: list[FileResult] = []
    for path in find_standards_files(paths):
        try:
            standard_set = load(path, preset=preset)
        except StandardsError as exc:
            problems = [*exc.problems, *exc.warnings]
        else:
            problems = list(standard_set.warnings)
            if available is not None:
                problems += locate(standard_set, column_issues(standard_set, available))
            if sample is not None:
                problems += value_problems(standard_set, sample)
        problems.sort(key=lambda p: (p.line, p.column, p.severity != "error", p.path))
        results.append(FileResult(str(path), tuple(problems)))
    return ValidationResult(tuple(results))


def value_problems(standard_set: StandardSet, sample: pd.DataFrame) -> list[Problem]:
    """``where`` and ``targets[].where`` values that never occur in ``sample``, located in the file.

    A value with a close match in the column (another case, type or a near
    spelling) is an error; a value never seen at all is a warning. Files with
    an ``events:`` section are skipped: their sample is an event log, not
    interactions.
    """
    if standard_set.events is not None:
        return []
    columns = Columns(sample, standard_set.column_map, standard_set.timezone)
    issues: list[Issue] = []
    severities: list[Severity] = []
    for path, standard_id, where in _wheres(standard_set):
        for finding in where_findings(where, columns, standard_id):
            problem = finding.problem
            issues.append(Issue((*path, *finding.path), problem.message, problem.hint, problem.code))
            severities.append("error" if finding.error else "warning")
    located = locate(standard_set, issues)
    return [dataclasses.replace(p, severity=s) for p, s in zip(located, severities, strict=True)]


def _wheres(standard_set: StandardSet) -> Iterator[tuple[tuple[PathPart, ...], str, Where]]:
    """Every ``where`` of the file: the standards' and their targets'."""
    for index, standard in enumerate(standard_set.standards):
        if standard.where is not None:
            yield ("standards", index, "where"), standard.id, standard.where
        if isinstance(standard, ShareStandard):
            for t, target in enumerate(standard.targets or ()):
                if target.where is not None:
                    yield ("standards", index, "targets", t, "where"), standard.id, target.where
