"""The ``svcstandards explain`` command: a handbook of one or more standards files, or their compiled plans.

Exit codes as :class:`svcstandards.cli.ExitCode` (documented in ``docs/ci.md``):
0 written, 2 a usage or input error.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from collections.abc import Sequence
from typing import Any, TextIO

from .engines.choice import explain_queries
from .errors import InvalidArgumentError
from .format.loader import load
from .handbook import handbook
from .handbook._i18n import available_languages
from .handbook.document import FORMATS as HANDBOOK_FORMATS
from .handbook.document import PAPERS
from .plan import compile_plans, compile_prepare, explain_prepare
from .plan import explain as explain_plan

__all__ = ["add_explain", "run_explain"]

OK = 0  # ExitCode.OK of svcstandards.cli, which imports this module


def add_explain(commands: Any) -> None:
    """The ``explain`` subcommand and its options."""
    explain = commands.add_parser(
        "explain",
        help="write the standards of a file in plain words (a handbook)",
        description="Write the standards of one or more files in plain sentences, as a handbook to print and "
        "hand out. Several files, or a directory (its *.yaml and *.yml files), make one handbook.",
        epilog=_EXPLAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument(
        "standards",
        metavar="FILE",
        nargs="+",
        help="a standards file, several, or a directory of them (e.g. standards/contact-centre.yaml, standards/)",
    )
    explain.add_argument(
        "--lang",
        choices=available_languages(),
        default="en",
        help="the handbook's language (default: en), e.g. --lang sl",
    )
    explain.add_argument(
        "--format",
        choices=list(HANDBOOK_FORMATS),
        help="text, markdown or html (default: from the --output file's extension .txt, .md or .html, else "
        "text), e.g. --format markdown; it must agree with that extension",
    )
    explain.add_argument(
        "--output",
        metavar="FILE",
        help="write the handbook to this file (UTF-8) instead of standard output, e.g. --output handbook.html",
    )
    explain.add_argument(
        "--paper",
        choices=list(PAPERS),
        default="a4",
        help="the paper the HTML handbook is laid out for when printed (default: a4), e.g. --paper letter",
    )
    explain.add_argument(
        "--plan",
        action="store_true",
        help="print what each standard computes, step by step (its compiled plan), instead of the handbook",
    )
    explain.add_argument(
        "--engine",
        choices=["polars", "duckdb"],
        help="with --plan: also print the queries that engine runs (DuckDB's SQL, Polars' query plan)",
    )
    explain.add_argument(
        "--data",
        metavar="PATH",
        help="with --engine: build the queries on this Parquet or CSV file's columns (default: an empty table "
        "with the columns the standards read); the file is not read",
    )


_EXPLAIN_EXAMPLES = """\
examples:
  svcstandards explain standards/contact-centre.yaml                   plain text, English
  svcstandards explain standards/contact-centre.yaml --lang sl         in Slovenian
  svcstandards explain standards/ --lang hr --output handbook.html     every file of a directory, HTML to print
  svcstandards explain a.yaml b.yaml --format markdown                 two files, one handbook in Markdown
  svcstandards explain standards/email-tickets.yaml --output h.html --paper letter
  svcstandards explain standards/contact-centre.yaml --plan            what each standard computes, step by step

The format follows --output's extension (.html, .htm, .md, .markdown, .txt); --format wins over any other
extension, and a --format that contradicts the extension is a usage error. A printed HTML handbook numbers its
pages and names the file, its git revision (when the file is in a git work tree) and the day it was made.
"""

#: The handbook format an --output file's extension asks for.
_FORMAT_OF_EXTENSION = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def _explain_format(args: argparse.Namespace) -> str:
    """The handbook's format: --format, else the --output file's extension, else text; a contradiction is an error."""
    implied = _FORMAT_OF_EXTENSION.get(os.path.splitext(args.output)[1].lower()) if args.output else None
    if args.format is not None and implied is not None and args.format != implied:
        raise InvalidArgumentError(
            f"--format {args.format} does not match --output {args.output}, which asks for {implied}. "
            f"Hint: drop --format, or write to a file ending in {_extension_for(args.format)}"
        )
    return str(args.format or implied or "text")


def _extension_for(format: str) -> str:
    return {"html": ".html", "markdown": ".md", "text": ".txt"}[format]


def _explain_files(paths: Sequence[str]) -> list[str]:
    """The standards files: each file given, and the *.yaml / *.yml files of each directory, in name order."""
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(os.path.join(path, name) for name in os.listdir(path) if name.endswith((".yaml", ".yml")))
            if not found:
                raise InvalidArgumentError(f"no standards files (*.yaml, *.yml) in the directory {path}")
            files += found
        elif os.path.isfile(path):
            files.append(path)
        else:
            raise InvalidArgumentError(f"no such file: {path}")
    return files


def _git_revision(paths: Sequence[str]) -> str | None:
    """The short git revision of the last commit that changed the files, "+" when one has changes since; else None."""
    if not paths:
        return None
    folder = os.path.dirname(os.path.abspath(paths[0]))
    names = [os.path.abspath(p) for p in paths]
    try:
        last = subprocess.run(
            ["git", "-C", folder, "log", "-1", "--format=%h", "--", *names],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if last.returncode != 0 or not last.stdout.strip():
            return None
        changed = subprocess.run(
            ["git", "-C", folder, "status", "--porcelain", "--", *names],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return last.stdout.strip() + ("+" if changed.stdout.strip() else "")


def run_explain(args: argparse.Namespace, out: TextIO) -> int:
    """Write the handbook (or, with ``--plan``, the compiled plans) of the files; returns the exit code."""
    files = _explain_files(args.standards)
    format = _explain_format(args)
    if args.plan and len(files) > 1:
        raise InvalidArgumentError("--plan explains one file at a time")
    sets = [load(path) for path in files]
    standard_set = sets[0]
    if (args.engine or args.data) and not args.plan:
        raise InvalidArgumentError("--engine and --data go with --plan (explain --plan --engine duckdb)")
    if args.data and not args.engine:
        raise InvalidArgumentError("--data needs --engine polars or duckdb")
    if args.plan:
        prepared = explain_prepare(compile_prepare(standard_set))
        plans = [explain_plan(plan) for plan in compile_plans(standard_set)]
        rendered = "\n\n".join([prepared, *plans] if prepared else plans) + "\n"
        if args.engine:
            rendered += "\n" + explain_queries(standard_set, args.engine, args.data)
    else:
        revision = _git_revision(files) if format == "html" else None
        rendered = handbook(sets, lang=args.lang, format=format, paper=args.paper, revision=revision)  # type: ignore[arg-type]
    if args.output:  # a file is always UTF-8, whatever the terminal's encoding
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(rendered)
        return OK
    out.write(rendered)
    return OK
