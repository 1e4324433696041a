"""``svcstandards at-risk STANDARDS DATA --within 1h``: the open items about to breach, for a live check.

Open items are judged *now* unless ``--as-of`` says otherwise (``evaluate``
judges them at the latest time in the data instead). Exit codes, from
:class:`svcstandards.cli.ExitCode`: 0 no item at risk, 1 some item at risk,
2 a usage or input error, 3 nothing in scope of any standard (no row
met, missed, pending, excluded or invalid; ``--allow-no-data`` accepts it).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .dataio import read_for_command
from .errors import InvalidArgumentError
from .evaluate import evaluate
from .format.loader import load
from .format.parts import is_share
from .report._breach_table import breaches_table
from .report.results import Report

__all__ = ["add_at_risk", "run_at_risk"]


def add_at_risk(commands: Any, data_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``at-risk`` command's arguments."""
    command = commands.add_parser(
        "at-risk",
        help="list the open items about to breach (time left, share of the limit used); exit 1 if any",
    )
    command.add_argument("standards", metavar="STANDARDS", help="the standards file")
    command.add_argument("data", metavar="DATA", help="the data file (CSV, JSON lines, JSON, Parquet or Excel)")
    command.add_argument("--within", metavar="DURATION", help="at risk: this much time left or less (e.g. 1h, 30m)")
    command.add_argument("--elapsed", metavar="SHARE", help="at risk: this share of the limit used or more (e.g. 75%%)")
    command.add_argument(
        "--as-of",
        metavar="TS",
        help="judge the open items at this time (ISO 8601; default: now)",
    )
    command.add_argument("--standard", action="append", metavar="ID", help="only this standard (repeatable)")
    command.add_argument("--format", choices=["table", "json"], default="table")
    command.add_argument("--output", metavar="FILE", help="write the list here instead of standard output")
    command.add_argument(
        "--allow-no-data", action="store_true", help="exit 0 (not 3) when no row is in scope of any standard"
    )
    command.add_argument(
        "--column", action="append", default=[], metavar="NAME=COLUMN", help="map a file's column name to the data's"
    )
    data_options(command)


def run_at_risk(args: argparse.Namespace, mapping: dict[str, str], out: Any, err: Any) -> int:
    """Run ``at-risk``; returns the exit code (0, 1 or 3; errors raise)."""
    standard_set = load(args.standards)
    if (
        args.within is None
        and args.elapsed is None
        and not any(s.alert_at for s in standard_set.standards if is_share(s))
    ):
        raise InvalidArgumentError(
            "at-risk needs --within DURATION (e.g. 1h) or --elapsed SHARE (e.g. 75%), "
            "or standards with alert_at: [50%, 75%]"
        )
    data = read_for_command(args.data, standard_set.data, args)
    as_of = args.as_of if args.as_of is not None else pd.Timestamp.now(tz="UTC")
    report = evaluate(standard_set, data, as_of=as_of, columns=mapping)
    for problem in report.problems:
        print(f"svcstandards: warning: {problem}", file=err)
    items = report.open_items(args.standard)
    risky = report.at_risk(within=args.within, elapsed=args.elapsed, standards=args.standard)
    rule = (
        " or ".join(
            part
            for part in (
                f"{args.within} or less left" if args.within else "",
                f"{args.elapsed} or more of the limit used" if args.elapsed else "",
            )
            if part
        )
        or "past the first share of their standard's alert_at"
    )
    when = pd.Timestamp(report.to_dict()["as_of"]).tz_convert(standard_set.timezone)
    if args.format == "json":
        rendered = json.dumps(_document(report, items, risky, when, args), indent=2, ensure_ascii=False) + "\n"
    else:
        count = len(risky)
        title = f"{count} open item{'s' if count != 1 else ''} at risk ({rule}) at {when:%Y-%m-%d %H:%M} {when.tz}:"
        rendered = title + "\n" + (breaches_table(_shown(risky)) if count else "") + f"({len(items)} open in all)\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(rendered)
    else:
        out.write(rendered)
    if _nothing_in_scope(report) and not args.allow_no_data:
        print("svcstandards: nothing in scope: no row of the data is in scope of any standard (exit code 3)", file=err)
        return 3
    return 1 if len(risky) else 0


def _shown(items: pd.DataFrame) -> pd.DataFrame:
    """The items as the table prints them: the share used as a percentage, ``paused`` as yes or blank."""
    shown = items.copy()
    shown["elapsed"] = [_percent(value) for value in items["elapsed"]]
    shown["paused"] = np.where(items["paused"].to_numpy(dtype=bool), "paused", "")
    return shown


def _percent(value: float) -> str:
    """``0.75`` as ``75%``, ``0.625`` as ``62.5%`` (one decimal at most), NaN as blank."""
    return "" if np.isnan(value) else f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _document(
    report: Report, items: pd.DataFrame, risky: pd.DataFrame, when: pd.Timestamp, args: argparse.Namespace
) -> dict[str, Any]:
    """The JSON document: when, the rule, how many are open, and the items at risk with their data columns."""
    records = json.loads(risky.to_json(orient="records", date_format="iso", date_unit="s")) if len(risky) else []
    for record, left in zip(records, risky["time_left"], strict=True):
        record["time_left"] = None if pd.isna(left) else left.total_seconds()  # seconds
    return {
        "format": "svcstandards-at-risk",
        "version": 1,
        "as_of": when.isoformat(),
        "timezone": report.standard_set.timezone,
        "within": args.within,
        "elapsed": args.elapsed,
        "open_items": len(items),
        "at_risk": records,
    }


def _nothing_in_scope(report: Report) -> bool:
    counted = ("met", "missed", "pending", "excluded", "invalid")
    return all(sum(result.outcome_counts()[name] for name in counted) == 0 for result in report.results)
