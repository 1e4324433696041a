"""The ``svcstandards`` command: argument parsing and printing only.

Exit codes never change meaning (:class:`ExitCode`, the one place they are
defined; documented in ``docs/ci.md``):

- 0: ``evaluate`` scored something and nothing fails (per ``--fail-on``);
  ``validate`` found every file valid; ``explain``, ``schema``,
  ``staff``, ``intervals`` and ``sql`` wrote; ``at-risk`` found no open item at risk.
- 1: a standard fails (or warns, with ``--fail-on warn``); ``validate``
  found a problem in a file; ``at-risk`` found an open item at risk.
- 2: a usage or input error: a bad argument, a file that does not exist,
  a standards file or data that ``evaluate`` or ``explain`` cannot use.
- 3: ``evaluate`` scored nothing: no input row was met or missed for any
  standard; ``at-risk``: no row is in scope of any standard
  (``--allow-no-data`` accepts that and exits as usual).
- 141: standard output was closed early (``svcstandards ... | head -1``):
  the status a shell shows for a command stopped by SIGPIPE (128 + 13),
  with nothing printed on standard error.

Output that the terminal's encoding cannot hold is written with backslash
escapes (``\\u0418``), never an error.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import __version__
from .cli_at_risk import add_at_risk, run_at_risk
from .cli_explain import add_explain, run_explain
from .cli_intervals import add_intervals, run_intervals
from .cli_sql import add_sql, run_sql
from .cli_staff import add_staff, run_staff
from .dataio import command_reading, read_column_names, read_data, read_sample
from .engines.choice import AUTO_SHARE, ENGINES, pick_engine
from .errors import (
    DataError,
    InvalidArgumentError,
    MissingDependencyError,
    Problem,
    StandardsError,
    SvcStandardsError,
)
from .evaluate import evaluate
from .format.data import DataSection
from .format.loader import load, load_preset
from .format.model import PERIODS, StandardSet
from .format.parts import default_text
from .format.presets import preset_names, preset_text
from .report._breach_table import breaches_table, collected
from .report.results import Report
from .validation import ValidationResult, validate_files


class ExitCode(enum.IntEnum):
    """The exit codes of every command; their meanings never change."""

    OK = 0  # scored, nothing fails / every file valid / written
    FAILED = 1  # a standard fails (or warns with --fail-on warn); validate found a problem
    USAGE = 2  # a usage or input error, including a standards file or data evaluate cannot use
    NOTHING_SCORED = 3  # evaluate: no row met or missed for any standard (see --allow-no-data)
    BROKEN_PIPE = 141  # standard output closed early: 128 + SIGPIPE, as a shell reports it


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"svcstandards: error: {message}", file=sys.stderr)
        raise SystemExit(ExitCode.USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="svcstandards", description="Service standards as code.")
    parser.add_argument("--version", action="version", version=f"svcstandards {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="check standards files and report every problem")
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, or directories to search for *.yaml / *.yml",
    )
    validate.add_argument("--format", choices=["text", "json", "github"], default="text")
    validate.add_argument(
        "--columns",
        metavar="SAMPLE",
        help="data (CSV, JSON, JSON lines, Parquet or Excel): report columns it lacks and where values that "
        "never occur in its first 100,000 rows",
    )
    _data_options(validate)
    validate.add_argument(
        "--preset", metavar="NAME", help="check every file as if it said preset: NAME (see svcstandards presets)"
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on warnings too (a standard that can never fail); by default only errors do",
    )

    commands.add_parser("schema", help="print the JSON Schema of the standards file")

    run = commands.add_parser(
        "evaluate",
        help="score a data file against a standards file (or a preset's standards)",
        usage="svcstandards evaluate [-h] [options] STANDARDS DATA\n"
        "       svcstandards evaluate --preset NAME [options] DATA",
    )
    run.add_argument("standards", metavar="STANDARDS", help="the standards file (omit it with --preset)")
    run.add_argument(
        "data",
        metavar="DATA",
        nargs="?",
        help="interactions: CSV, JSON lines (.jsonl), JSON (.json), Parquet or Excel (.xlsx)",
    )
    run.add_argument(
        "--preset",
        metavar="NAME",
        help="a bundled preset (svcstandards presets lists them): without STANDARDS, score its own standards; "
        "with STANDARDS, as if the file said preset: NAME",
    )
    _data_options(run)
    run.add_argument("--by", action="append", metavar="COL", help="group by this column (repeatable)")
    run.add_argument("--period", choices=PERIODS)
    run.add_argument("--as-of", metavar="TS", help="judge open interactions at this time (ISO 8601)")
    run.add_argument(
        "--final",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the data is a final, closed extract: an interaction without an end is invalid (no_end), "
        "not pending; --no-final: it is not (default: the file's data: {final: ...})",
    )
    run.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="NAME=COL",
        help="map a name used in the file to a column of the data (repeatable)",
    )
    run.add_argument(
        "--format",
        choices=["table", "json", "markdown", "csv", "junit", "html"],
        default="table",
        help="html: one self-contained page (summary, charts with the plot extra, the table); use with --output",
    )
    run.add_argument(
        "--fail-on",
        choices=["fail", "warn", "never"],
        default="fail",
        help="which status makes the exit code 1 (default: fail)",
    )
    run.add_argument(
        "--allow-no-data",
        action="store_true",
        help="exit as usual when nothing was scored (default: exit code 3)",
    )
    run.add_argument(
        "--breaches",
        action="append",
        default=[],
        metavar="ID",
        help="after the results, list the rows that count against this standard, furthest over first "
        "(repeatable; --format table or markdown)",
    )
    run.add_argument(
        "--breaches-limit",
        type=int,
        default=20,
        metavar="N",
        help="list at most N rows per standard with --breaches (default 20; 0: all)",
    )
    run.add_argument("--output", metavar="FILE", help="write the result here instead of standard output")
    run.add_argument(
        "--engine",
        choices=["auto", *ENGINES],
        default="auto",
        help="what reads and counts the data: pandas (the whole file in memory), or Polars, DuckDB or Spark (a "
        "local session, or the one configured) scanning Parquet or CSV files where they are (a glob too); auto: "
        "DuckDB for a Parquet or CSV file larger than "
        f"{AUTO_SHARE:.0%} of the machine's memory when DuckDB is installed, else pandas",
    )

    presets = commands.add_parser("presets", help="list the bundled presets, or print one as YAML")
    presets.add_argument("name", metavar="NAME", nargs="?", help="the preset to print")

    add_explain(commands)
    add_at_risk(commands, _data_options)
    add_staff(commands, _data_options)
    add_intervals(commands, _data_options)
    add_sql(commands)
    return parser


def _data_options(command: argparse.ArgumentParser) -> None:
    """How to read the data file, where detection is not enough."""
    command.add_argument(
        "--sep", metavar="CHAR", help="the CSV separator (default: detected among , ; tab |; 'tab' for a tab)"
    )
    command.add_argument(
        "--encoding", metavar="NAME", help="the encoding of a CSV or JSON file (default: UTF-8), e.g. cp1252"
    )
    command.add_argument("--sheet", metavar="NAME", help="the sheet of an Excel workbook (default: the first)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns its :class:`ExitCode`."""
    _tolerate_unencodable_output()
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`| head -1`): stop quietly, as SIGPIPE would (Python docs, "Note on SIGPIPE")
        _stdout_to_devnull()
        return ExitCode.BROKEN_PIPE


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args, sys.stdout)
        if args.command == "schema":
            print(json.dumps(json_schema(), indent=2))
            return ExitCode.OK
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "explain":
            return run_explain(args, sys.stdout)
        if args.command == "presets":
            return _presets(args, sys.stdout)
        if args.command == "at-risk":
            return run_at_risk(args, _column_mapping(args.column), sys.stdout, sys.stderr)
        if args.command == "staff":
            return run_staff(args, sys.stdout)
        if args.command == "intervals":
            return run_intervals(args, _column_mapping(args.column), sys.stdout, sys.stderr)
        if args.command == "sql":
            return run_sql(args, _column_mapping(args.column), sys.stdout)
    except BrokenPipeError:
        raise
    except StandardsError as exc:
        print(exc, file=sys.stderr)
        return ExitCode.USAGE
    except (OSError, MissingDependencyError, DataError, ValueError, SvcStandardsError) as exc:
        print(f"svcstandards: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    return ExitCode.USAGE  # pragma: no cover - argparse requires a command


def _tolerate_unencodable_output() -> None:
    """Write what the streams' encoding cannot hold as backslash escapes instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _stdout_to_devnull() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a stream replaced in tests): nothing to redirect
        pass


def json_schema() -> dict[str, object]:
    """The JSON Schema of the standards file, as editors and ``docs/`` use it."""
    schema = StandardSet.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "svcstandards standards file, version 1",
    }


def _data_section(paths: Sequence[str], preset: str | None = None) -> DataSection | None:
    """The ``data:`` section of the one standards file given (None for several, or one that does not load)."""
    if len(paths) != 1 or not os.path.isfile(paths[0]):
        return None
    try:
        return load(paths[0], preset=preset).data
    except SvcStandardsError:
        return None  # validate reports it


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    how = command_reading(args.columns, _data_section(args.paths, args.preset), args) if args.columns else {}
    columns = read_column_names(args.columns, **how) if args.columns else None
    sample, whole = read_sample(args.columns, **how) if args.columns else (None, True)
    result = validate_files(args.paths, columns, sample, preset=args.preset)
    if not result.files:
        print("svcstandards: error: no standards files (*.yaml, *.yml) found", file=sys.stderr)
        return ExitCode.USAGE
    checked = _values_checked(args.columns, sample, whole)
    if args.format == "json":
        document = _result_json(result)
        if checked is not None:
            document["values_checked"] = checked
        out.write(json.dumps(document, indent=2) + "\n")
    elif args.format == "github":
        for problem in result.problems:
            out.write(_github(problem) + "\n")
    else:
        for problem in result.problems:
            out.write(f"{problem}\n")
        if checked is not None:
            print(checked["note"], file=sys.stderr)
        print(_summary(result), file=sys.stderr)
    failed = not result.valid or (args.strict and bool(result.warnings))
    return ExitCode.FAILED if failed else ExitCode.OK


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


def _summary(result: ValidationResult) -> str:
    """``2 files checked: 1 problem in 1, 1 warning``."""
    errors, warnings = len(result.errors), len(result.warnings)
    bad = sum(not f.valid for f in result.files)
    found = "all valid" if not errors else f"{_count(errors, 'problem')} in {bad}"
    if warnings:
        found += f", {_count(warnings, 'warning')}"
    return f"{_count(len(result.files), 'file')} checked: {found}"


def _values_checked(path: str | None, sample: object, whole: bool) -> dict[str, object] | None:
    """Which rows ``where`` values were checked against: "the first 100,000 rows of calls.csv"."""
    if path is None or not hasattr(sample, "__len__"):
        return None
    rows = len(sample)
    name = os.path.basename(path)
    which = f"all {rows:,} row{'s' if rows != 1 else ''}" if whole else f"the first {rows:,} rows"
    return {"file": path, "rows": rows, "all_rows": whole, "note": f"values checked against {which} of {name}"}


def _problem_json(problem: Problem) -> dict[str, object]:
    return {
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "severity": problem.severity,
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }


def _result_json(result: ValidationResult) -> dict[str, object]:
    return {
        "valid": result.valid,
        "files": [
            {"file": f.path, "valid": f.valid, "problems": [_problem_json(p) for p in f.problems]} for f in result.files
        ],
    }


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(problem: Problem) -> str:
    hint = f" ({problem.hint})" if problem.hint else ""
    path = f"{problem.path}: " if problem.path else ""
    return (
        f"::{problem.severity} file={_escape(problem.source, property_value=True)},line={problem.line},"
        f"col={problem.column},title={_escape('svcstandards ' + problem.code, property_value=True)}"
        f"::{_escape(path + problem.message + hint)}"
    )


def _column_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = (part.strip() for part in pair.partition("="))
        if not sep or not name or not column:
            raise ValueError(f"--column takes NAME=COL, got {pair!r}")
        mapping[name] = column
    return mapping


def _presets(args: argparse.Namespace, out: TextIO) -> int:
    """``svcstandards presets``: one line per preset; ``svcstandards presets NAME``: its YAML."""
    if args.name is not None:
        out.write(preset_text(args.name))
        return ExitCode.OK
    width = max(len(name) for name in preset_names())
    for name in preset_names():
        out.write(f"{name:<{width}}  {default_text(load_preset(name).name) or ''}\n")
    return ExitCode.OK


def _standards_and_data(args: argparse.Namespace) -> tuple[StandardSet, str]:
    """The standards to score and the data file: ``STANDARDS DATA`` or ``--preset NAME DATA``."""
    if args.data is None:
        if args.preset is None:
            raise InvalidArgumentError(
                "evaluate needs a standards file and a data file (or --preset NAME and a data file)"
            )
        return load_preset(args.preset), args.standards
    return load(args.standards, preset=args.preset), args.data


def _evaluate(args: argparse.Namespace) -> int:
    if args.breaches and args.format not in ("table", "markdown"):
        raise ValueError(f"--breaches lists rows with --format table or markdown, not --format {args.format}")
    if args.breaches_limit < 0:
        raise ValueError(f"--breaches-limit takes 0 (all rows) or more, got {args.breaches_limit}")
    standard_set, data_path = _standards_and_data(args)
    ids = [standard.id for standard in standard_set.standards]
    for standard_id in args.breaches:
        if standard_id not in ids:
            close = difflib.get_close_matches(standard_id, ids, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the file has {', '.join(ids)}"
            raise ValueError(f"--breaches {standard_id}: no standard with that id in {standard_set.source}{hint}")
    mapping = _column_mapping(args.column)
    engine = pick_engine(args.engine, data_path)
    data: Any = data_path
    if engine == "pandas":
        data = read_data(
            data_path,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
            **command_reading(data_path, standard_set.data, args),
        )
    elif args.sep is not None or args.encoding is not None or args.sheet is not None:
        raise ValueError(f"--sep, --encoding and --sheet apply to --engine pandas; for {engine} use the data: section")
    report = evaluate(
        standard_set,
        data,
        by=args.by,
        period=args.period,
        as_of=args.as_of,
        columns=mapping,
        final=args.final,
        engine=engine,
    )
    _print_warnings(report)
    rendered = {
        "table": report.to_text,
        "json": lambda: report.to_json() + "\n",
        "markdown": report.to_markdown,
        "csv": lambda: report.to_frame().to_csv(index=False),
        "junit": report.to_junit,
        "html": report.to_html,
    }[args.format]()
    rendered += "".join(_breaches(report, standard_id, args) for standard_id in args.breaches)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(rendered)
    else:
        sys.stdout.write(rendered)
    if report.scored_nothing and not args.allow_no_data:
        print(
            "svcstandards: nothing was scored: no row was met or missed for any standard"
            " (exit code 3; --allow-no-data accepts this)",
            file=sys.stderr,
        )
        return ExitCode.NOTHING_SCORED
    failing = {"fail": ("fail",), "warn": ("fail", "warn"), "never": ()}[args.fail_on]
    statuses = set(report.to_frame()["status"])
    return ExitCode.FAILED if statuses & set(failing) else ExitCode.OK


def _breaches(report: Report, standard_id: str, args: argparse.Namespace) -> str:
    """The rows that count against one standard, as a table after the results (durations read as ``1h 02m 08s``)."""
    limit = args.breaches_limit or None
    rows, count = collected(report.breaches(standard_id), limit)  # rows kept in DuckDB or Polars: the top only
    shown = count if limit is None else min(count, limit)
    more = f", the {shown:,} furthest over" if shown < count else ""
    title = f"Breaches of {standard_id}: {count:,} row{'s' if count != 1 else ''}{more}"
    markdown = args.format == "markdown"
    table = breaches_table(rows, limit=limit, markdown=markdown) if count else ""
    return f"\n### {title}\n\n{table}" if markdown else f"\n{title}\n{table}"


def _print_warnings(report: Report) -> None:
    """Each warning about the data on standard error: ``svcstandards: warning: ...``."""
    for problem in report.problems:
        print(f"svcstandards: warning: {problem}", file=sys.stderr)
