"""``svcstandards intervals STANDARDS DATA``: the interval report of a service-level standard.

One row per interval (and group): offered, answered, abandoned, service
level, average speed of answer, and the handle time and occupancy when the
data supports them; a note names each metric left out and why. Exit codes,
from :class:`svcstandards.cli.ExitCode`: 0 the report was written, 2 a
usage or input error.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from .cli_staff import write_output
from .dataio import read_data, read_for_command, reading_options
from .format.loader import load
from .format.parts import INTERVAL_MINUTES
from .report.interval_report import interval_report

__all__ = ["add_intervals", "run_intervals"]

_EXAMPLES = """\
examples:
  svcstandards intervals calls.yaml calls.csv
  svcstandards intervals calls.yaml calls.csv --standard service-level-60s --period 15min
  svcstandards intervals calls.yaml calls.csv --by queue --format csv --output intervals.csv
  svcstandards intervals calls.yaml calls.csv --agents staffed.csv --format json
  svcstandards intervals calls.yaml calls.csv --as-of 2026-03-02T18:00 --column talk_time=talk_sec
  svcstandards intervals calls.yaml last-month.csv --final
  svcstandards intervals calls.yaml export.csv --sep ';' --encoding cp1252
  svcstandards intervals calls.yaml calls.xlsx --sheet Calls
"""


def add_intervals(commands: Any, data_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``intervals`` command's arguments."""
    command = commands.add_parser(
        "intervals",
        help="per interval: offered, answered, abandoned, service level, ASA, AHT and occupancy of a "
        "service-level standard",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("standards", metavar="STANDARDS", help="the standards file (e.g. calls.yaml)")
    command.add_argument(
        "data", metavar="DATA", help="the calls: CSV, JSON lines, JSON, Parquet or Excel (e.g. calls.csv)"
    )
    command.add_argument(
        "--standard",
        metavar="ID",
        help="the service-level standard (e.g. service-level-60s); needed when the file has several",
    )
    command.add_argument(
        "--period",
        choices=list(INTERVAL_MINUTES),
        default="30min",
        help="the interval length (default 30min), e.g. --period 15min",
    )
    command.add_argument(
        "--by", action="append", metavar="COL", help="group by this column instead of the standard's by (repeatable)"
    )
    command.add_argument(
        "--as-of", metavar="TS", help="judge calls still waiting at this time (ISO 8601), e.g. 2026-03-02T18:00"
    )
    command.add_argument(
        "--final",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the data is a final, closed extract: a call without an end is invalid, not open (default: the file's "
        "data: {final: ...}), e.g. --final",
    )
    command.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="NAME=COL",
        help="map a name to a column of the data (repeatable), e.g. --column talk_time=talk_sec",
    )
    command.add_argument(
        "--agents",
        metavar="FILE",
        help="staffed time per interval, for the occupancy: start, staffed_seconds or agents (and the by columns), "
        "read with the file's data: options, e.g. --agents staffed.csv",
    )
    command.add_argument(
        "--format", choices=["text", "json", "csv"], default="text", help="text (default), json or csv"
    )
    command.add_argument(
        "--output", metavar="FILE", help="write the report here instead of standard output, e.g. --output out.csv"
    )
    data_options(command)


def run_intervals(args: argparse.Namespace, mapping: Mapping[str, str], out: Any, err: Any) -> int:
    """Run ``intervals``; returns the exit code (0; errors raise)."""
    standard_set = load(args.standards)
    data = read_for_command(args.data, standard_set.data, args)
    agents = read_data(args.agents, **reading_options(args.agents, standard_set.data)) if args.agents else None
    table = interval_report(
        standard_set,
        data,
        standard=args.standard,
        period=args.period,
        by=args.by,
        as_of=args.as_of,
        columns=dict(mapping),
        final=args.final,
        agents=agents,
    )
    for problem in table.attrs.get("problems", ()):
        print(f"svcstandards: warning: {problem}", file=err)
    missing: dict[str, str] = table.attrs["missing"]
    if table.attrs["unplaced"]:
        count = table.attrs["unplaced"]
        print(
            f"svcstandards: note: {count} call{'s' if count != 1 else ''} in scope without {table.attrs['time']}: "
            "in no interval",
            file=err,
        )
    if args.format == "json":
        rendered = json.dumps(_document(table, standard_set.timezone), indent=2) + "\n"
    elif args.format == "csv":
        rendered = table.to_csv(index=False)
        for name, reason in missing.items():
            print(f"svcstandards: note: {name}: {reason}", file=err)
    else:
        rendered = _text(table) + "".join(f"note: {name}: {reason}\n" for name, reason in missing.items())
    write_output(rendered, args.output, out)
    return 0


def _label(stamp: pd.Timestamp) -> str:
    """``2026-10-25 02:00+01:00``: an interval's start with its offset, as the results tables show it."""
    text = stamp.isoformat()
    return f"{text[:10]} {text[11:16]}{text[19:]}"


def _text(table: pd.DataFrame) -> str:
    """The report for a terminal: shares as percentages, seconds with one decimal."""
    if table.empty:
        return "no calls in scope of the standard\n"
    shown = table.astype(object)
    shown["interval"] = [_label(stamp) for stamp in table["interval"]]
    for name in ("service_level", "occupancy"):
        if name in shown:
            shown[name] = [_percent(value) for value in table[name]]
    for name in ("asa_seconds", "aht_seconds", "staffed_seconds"):
        if name in shown:
            shown[name] = [_number(value) for value in table[name]]
    return str(shown.to_string(index=False)) + "\n"


def _percent(value: float) -> str:
    return "" if math.isnan(value) else f"{value * 100:.1f}%"


def _number(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.1f}"


def _document(table: pd.DataFrame, timezone: str) -> dict[str, Any]:
    """The JSON report: the standard, the period and time zone, one object per interval, and what is missing."""
    records = [{str(k): _plain(v) for k, v in record.items()} for record in table.astype(object).to_dict("records")]
    return {
        "standard": table.attrs["standard"],
        "period": table.attrs["period"],
        "timezone": timezone,
        "intervals": records,
        "missing": table.attrs["missing"],
        "unplaced": table.attrs["unplaced"],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value
