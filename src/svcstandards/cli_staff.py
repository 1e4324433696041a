"""``svcstandards staff STANDARDS FORECAST``: the agents each interval of a forecast needs.

The forecast has one row per interval with ``start``, ``calls`` and ``aht``
(seconds or durations such as ``3m``), optionally ``queue``. Exit codes,
from :class:`svcstandards.cli.ExitCode`: 0 the table was written, 2 a usage
or input error.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

import pandas as pd

from .dataio import read_for_command
from .errors import UsageError
from .format.loader import load
from .staffing import plot_staffing, staffing

#: The picture formats of ``--plot``, by extension.
_PICTURES = (".png", ".svg", ".pdf")

__all__ = ["add_staff", "run_staff", "write_output"]


def add_staff(commands: Any, data_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``staff`` command's arguments."""
    command = commands.add_parser(
        "staff",
        help="the agents each interval of a forecast needs to meet the service-level standards (Erlang C or A)",
    )
    command.add_argument("standards", metavar="STANDARDS", help="the standards file")
    command.add_argument(
        "forecast", metavar="FORECAST", help="intervals with start, calls, aht (and queue): CSV, JSON, Parquet, Excel"
    )
    command.add_argument("--standard", action="append", metavar="ID", help="only this standard (repeatable)")
    command.add_argument(
        "--interval", metavar="DURATION", help="the interval length (default: the shortest step between starts)"
    )
    command.add_argument(
        "--patience", metavar="DURATION", help="callers' mean patience: Erlang A with abandons (default: Erlang C)"
    )
    command.add_argument("--max-occupancy", metavar="SHARE", help="at most this busy (e.g. 85%%)")
    command.add_argument("--shrinkage", metavar="SHARE", help="paid time off the phones (e.g. 30%%): adds 'staff'")
    command.add_argument("--format", choices=["table", "csv"], default="table")
    command.add_argument("--output", metavar="FILE", help="write the table here instead of standard output")
    command.add_argument(
        "--plot",
        metavar="FILE",
        help="also draw the agents needed by interval into FILE: .png, .svg or .pdf "
        "(needs matplotlib: pip install 'svcstandards[plot]'; one standard: --standard ID when the file has several)",
    )
    data_options(command)


def run_staff(args: argparse.Namespace, out: Any) -> int:
    """Run ``staff``; returns the exit code (0; errors raise)."""
    standard_set = load(args.standards)
    forecast = read_for_command(args.forecast, standard_set.data, args)
    table = staffing(
        standard_set,
        forecast,
        standard=args.standard,
        interval=args.interval,
        patience=args.patience,
        max_occupancy=args.max_occupancy,
        shrinkage=args.shrinkage,
    )
    if args.plot:
        _draw(table, args.plot)
    rendered = table.to_csv(index=False) if args.format == "csv" else _text(table)
    write_output(rendered, args.output, out)
    return 0


def _draw(table: pd.DataFrame, path: str) -> None:
    """The picture of ``table`` into ``path``, its format from the extension."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in _PICTURES:
        raise UsageError(
            f"--plot {path}: the picture's format comes from its extension; expected one of "
            f"{', '.join(_PICTURES)}. Hint: --plot agents.png"
        )
    plot_staffing(table).savefig(path, dpi=150)


def _text(table: pd.DataFrame) -> str:
    """The table for a terminal: shares as percentages, seconds and Erlangs with one decimal."""
    shown = table.copy()
    shown["start"] = shown["start"].dt.strftime("%Y-%m-%d %H:%M")
    for name in ("service_level", "occupancy", "abandon_rate"):
        if name in shown:
            shown[name] = (shown[name] * 100).map("{:.1f}%".format)
    for name in ("calls", "aht", "traffic", "asa"):
        shown[name] = shown[name].map("{:.1f}".format)
    return shown.to_string(index=False) + "\n"


def write_output(rendered: str, path: str | None, out: Any) -> None:
    """``rendered`` to the file ``path`` (UTF-8), or to ``out`` without one (a command's ``--output``)."""
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(rendered)
    else:
        out.write(rendered)
