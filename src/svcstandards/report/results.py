"""The result of an evaluation and its views: table, failures, breaches, JSON, Markdown, HTML.

Shares are fractions from 0 to 1 everywhere in data (``share``, ``floor``, ``ceiling``, ``share_low``,
``share_high``); only the human views (Markdown, HTML, ``str``) print them as percentages. Durations are
seconds in data (``value``, ``limit``) and printed as durations (``1m30s``, ``1h 02m 08s``) in human views.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..engines._intervals import is_interval
from ..engines.outcomes import OUTCOMES, STATUSES, RowOutcomes
from ..errors import DataProblem, UnknownStandardError
from ..format.model import ShareStandard, StandardSet, StatisticStandard
from ..format.parts import default_text
from ..format.units import Duration, format_number
from ..kinds import kind_of
from ._breach_table import breaches_table, collected
from ._warnings import markdown_warnings, problem_dict
from ._wording import share_words
from .at_risk import alert_counts, at_risk, open_items
from .breaches import breach_rows
from .html_page import html_page, repr_html
from .interval_budget import INTERVAL_COLUMNS
from .plots import plot

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: What ``breaches()`` returns for data scored by Polars or DuckDB: a Polars LazyFrame or a DuckDB relation.
LazyRows = Any

__all__ = ["RESULT_COLUMNS", "Report", "StandardResult"]

AnyStandard = ShareStandard | StatisticStandard
COUNT_COLUMNS = ("n", "met", "missed", "pending", "excluded", "invalid")
RESULT_COLUMNS = (
    *COUNT_COLUMNS,
    "share",
    "value",
    "floor",
    "ceiling",
    "limit",
    "status",
    "budget",
    "share_low",
    "share_high",
)


@dataclass
class StandardResult:
    """One standard's rows of the results table and its per-row outcome codes."""

    standard: AnyStandard
    frame: pd.DataFrame
    outcome: np.ndarray
    group_columns: tuple[str, ...]
    period: str | None
    as_of: int | None
    data: pd.DataFrame  # the rows the outcomes belong to: interactions, or reply cycles
    rows: RowOutcomes  # what the engine produced per row: measured value, limits, deadlines
    reason: str | None = None  # why nothing was scored; None when something was
    time: str | None = None  # the column that placed rows in periods (None without a period)
    shown: pd.DataFrame | None = None  # the caller's rows as given, when ``data`` holds them prepared

    def lazy_rows(self, outcomes: list[str]) -> Any:
        """The rows with ``outcomes`` as a lazy filter of the engine that kept them; ``None``: rows are in ``data``."""
        return None

    def outcome_counts(self) -> dict[str, int]:
        counts = np.bincount(self.outcome.astype(np.int64), minlength=len(OUTCOMES))
        return {name: int(c) for name, c in zip(OUTCOMES, counts, strict=True)}

    @property
    def scored(self) -> bool:
        """True when at least one input row was met or missed (``n > 0`` in some results row)."""
        return bool(self.frame["n"].sum() > 0)

    def why_unscored(self) -> str | None:
        """Why nothing was scored (``None`` when something was)."""
        if self.scored:
            return None
        return self.reason or _reason_from_counts(self.outcome_counts())

    def verdict(self) -> str:
        """``passed``, ``warned``, ``failed``, ``insufficient`` (no row has enough to judge) or ``scored nothing``."""
        if not self.scored:
            return "scored nothing"
        statuses = set(self.frame["status"].unique())
        if "fail" in statuses:
            return "failed"
        if "warn" in statuses:
            return "warned"
        return "passed" if "pass" in statuses else "insufficient"

    def unplaced(self) -> int:
        """Input rows in scope that fell in no period (no time): counted as invalid, in a blank-period row."""
        if self.period is None or "period" not in self.frame.columns:
            return 0
        return int(self.frame.loc[self.frame["period"].isna(), "invalid"].sum())


def _reason_from_counts(counts: dict[str, int]) -> str:
    """A reason from the outcome counts alone, for results made without one."""
    total = sum(counts.values())
    if total == 0:
        return "no rows"
    for outcome in ("out_of_scope", "pending", "excluded", "invalid"):
        if counts[outcome] == total:
            return f"every row {outcome.replace('_', ' ')}"
    parts = [
        f"{counts[o]:,} {o.replace('_', ' ')}" for o in ("pending", "excluded", "invalid", "out_of_scope") if counts[o]
    ]
    return f"no row met or missed: {', '.join(parts)}"


class Report:
    """What :func:`svcstandards.evaluate` returns.

    ``to_frame()`` is the results table of the format (one row per standard,
    group and period); ``breaches(id)`` the input rows that count against a
    standard (its misses, or for a ceiling the rows it limits); ``to_json()`` a stable document for tools.
    """

    def __init__(
        self,
        *,
        standard_set: StandardSet,
        results: Sequence[StandardResult],
        as_of: int | None,
        problems: Sequence[DataProblem] = (),
    ) -> None:
        self.standard_set = standard_set
        self.results = tuple(results)
        self._as_of = as_of
        #: warnings about the data that did not stop the evaluation (see docs/errors.md)
        self.problems: tuple[DataProblem, ...] = tuple(problems)

    # -- the table ---------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per standard x group x period, with the format's result columns."""
        group_columns: list[str] = []
        for result in self.results:
            group_columns += [c for c in result.group_columns if c not in group_columns]
        has_period = any(result.period for result in self.results)
        columns = ["standard", *group_columns, *(["period"] if has_period else []), *RESULT_COLUMNS]
        if any(getattr(result.standard, "intervals", None) is not None for result in self.results):
            columns += INTERVAL_COLUMNS  # interval budgeting (see interval_budget.py)
        frames = [r.frame for r in self.results if len(r.frame)]
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        table = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0].copy()
        for column in columns:
            if column not in table.columns:
                table[column] = None
        table = table[columns]
        for column in COUNT_COLUMNS:
            table[column] = table[column].astype(np.int64)
        table["budget"] = table["budget"].astype("Int64")
        for column in INTERVAL_COLUMNS:
            if column in table.columns:
                table[column] = table[column].astype("Int64")
        return table

    @property
    def passed(self) -> bool:
        """True when something was scored and no row of the table fails.

        A run that scored nothing (:attr:`scored_nothing`) never passes.
        """
        return not self.scored_nothing and not any((r.frame["status"] == "fail").any() for r in self.results)

    @property
    def scored_nothing(self) -> bool:
        """True when no standard scored anything: ``n`` is 0 in every results row.

        The data had no rows, or every row was out of scope, pending,
        excluded or invalid for every standard. :attr:`unscored` says why.
        """
        return not any(result.scored for result in self.results)

    @property
    def unscored(self) -> dict[str, str]:
        """The standards that scored nothing (no input row met or missed): id -> why, in file order.

        The reasons name what removed the rows: ``"no rows"``, ``"every row
        out of scope (where channel = 'phone' matched 0 of 1,204 rows)"``,
        ``"every row invalid (12 rows without offered_at)"``, ``"every row
        pending (...)"``, ``"every row excluded (...)"``.
        """
        return {r.standard.id: reason for r in self.results if (reason := r.why_unscored()) is not None}

    def failures(self, include_warn: bool = False) -> pd.DataFrame:
        """The rows that fail (and warn, with ``include_warn=True``)."""
        table = self.to_frame()
        wanted = ["fail", "warn"] if include_warn else ["fail"]
        return table[table["status"].isin(wanted)].reset_index(drop=True)

    def counts(self) -> pd.DataFrame:
        """Per standard, how many input rows got each outcome (they add up to the rows)."""
        return pd.DataFrame(
            [{"standard": r.standard.id, **r.outcome_counts()} for r in self.results],
            columns=["standard", *OUTCOMES],
        )

    # -- the rows behind the numbers ------------------------------------------
    def outcomes(self, standard_id: str) -> pd.Series:
        """The outcome of every input row for one standard, aligned with the data."""
        result = self._result(standard_id)
        return pd.Series(np.asarray(OUTCOMES, dtype=object)[result.outcome], index=result.data.index, name="outcome")

    def breaches(self, standard_id: str, outcome: str | Sequence[str] | None = None) -> pd.DataFrame | LazyRows:
        """The input rows that count against one standard, or those with the given outcome(s).

        Without ``outcome``: the rows that count against the standard. A
        floor ("at least 80% answered within 20 s") and a statistic standard:
        the ``missed`` rows. A ceiling ("at most 5% of calls abandoned"):
        the ``met`` rows, those that have what the ceiling limits (the
        abandons). A band (floor and ceiling): the side a failing or warning
        results row crosses (``met`` above the ceiling, ``missed`` below the
        floor, both if rows cross each); both when none fails or warns.

        Adds ``outcome``, ``measured`` (the value, or the time waited so far
        for open and abandoned interactions), ``target`` (the limit that
        applied), ``over`` (how far past the target, an at_least shortfall
        as a positive amount; negative for met and pending rows, the margin
        left; missing for a missed row that is not past its target, such as
        a call abandoned before it) and, for durations, ``deadline`` (when
        the target ran out: the start plus the target, later by the paused
        time before it, in open time on a business calendar). Names already
        used by the data get the prefix ``svc_``.

        On data scored by Polars or DuckDB the rows stayed there: this
        returns a Polars LazyFrame or a DuckDB relation, the same rows and
        added columns except ``deadline``, read only when collected.
        """
        return breach_rows(self, self._result(standard_id), outcome)

    def open_items(self, standards: Sequence[str] | None = None) -> pd.DataFrame:
        """Every open (pending) item of the duration standards: ``deadline``, ``time_left``, ``elapsed``, ``paused``.

        Soonest deadline first; see :mod:`svcstandards.report.at_risk`.
        """
        return open_items(self, standards)

    def at_risk(
        self,
        within: str | None = None,
        elapsed: str | float | None = None,
        standards: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The open items with at most ``within`` left (``"1h"``) or at least ``elapsed`` used (``"75%"``).

        Judged at the report's ``as_of``: evaluate with ``as_of=`` now for a
        live list. Soonest deadline first; paused items (a pause still running,
        so no deadline yet) last.
        """
        return at_risk(self, within=within, elapsed=elapsed, standards=standards)

    def breaches_text(
        self,
        standard_id: str,
        outcome: str | Sequence[str] | None = None,
        *,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
        markdown: bool = False,
    ) -> str:
        """:meth:`breaches` as a text (or Markdown) table, furthest over first, ``over`` as ``1h 02m 08s``."""
        rows, _ = collected(self.breaches(standard_id, outcome), limit)
        return breaches_table(rows, columns=columns, limit=limit, markdown=markdown)

    def _result(self, standard_id: str) -> StandardResult:
        for result in self.results:
            if result.standard.id == standard_id:
                return result
        known = ", ".join(r.standard.id for r in self.results)
        raise UnknownStandardError(f"no standard '{standard_id}' in this report (known: {known})")

    # -- documents -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A stable, JSON-ready document: see ``docs/guide/results.md`` for its shape."""
        standards = []
        for result in self.results:
            standard = result.standard
            records = [
                {key: _plain(value) for key, value in record.items() if key != "standard"}
                for record in _records(result.frame)
            ]
            standards.append(
                {
                    "id": standard.id,
                    "title": default_text(standard.title),
                    "kind": "share" if isinstance(standard, ShareStandard) else "statistic",
                    "line": self.standard_set.line_of(standard.id),
                    "by": list(result.group_columns),
                    "period": result.period,
                    "as_of": _iso(result.as_of),
                    "passed": result.scored and not bool((result.frame["status"] == "fail").any()),
                    "scored": result.scored,
                    "reason": result.why_unscored(),
                    "outcomes": result.outcome_counts(),
                    "rows": records,
                }
            )
            if alerts := alert_counts(result):  # open items that reached each alert_at share
                standards[-1]["alerts"] = alerts
        document = {
            "format": "svcstandards-report",
            "version": 1,
            "source": self.standard_set.source,
            "name": default_text(self.standard_set.name),
            "timezone": self.standard_set.timezone,
            "as_of": _iso(self._as_of),
            "passed": self.passed,
            "scored_nothing": self.scored_nothing,
            "standards": standards,
        }
        if self.problems:
            document["problems"] = [problem_dict(p) for p in self.problems]
        return document

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_junit(self) -> str:
        """The results as JUnit XML, one test case per results row."""
        return to_junit(self)

    def to_text(self) -> str:
        """The results table as aligned plain text, with the summary (``str(report)``) after it.

        Rows of input that fell in no period (no time) are not shown as
        blank-period rows of the table: the summary counts them as invalid.
        """
        headers, body, _ = self._display_rows(placed_only=True)
        widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(headers)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body]
        return "\n".join(lines) + "\n\n" + str(self) + "\n"

    def _display_rows(self, placed_only: bool = False) -> tuple[list[str], list[list[str]], list[str]]:
        shown, statuses = self._display_frame(placed_only)
        return list(shown.columns), shown.to_numpy(dtype=object).tolist(), statuses

    def _display_frame(self, placed_only: bool = False) -> tuple[pd.DataFrame, list[str]]:
        """The results table as text, column by column: each distinct value is formatted once, then spread."""
        table = self._placed() if placed_only else self.to_frame()
        durations = {r.standard.id for r in self.results if self._is_duration(r.standard)}
        is_duration = table["standard"].isin(durations).to_numpy(dtype=bool)
        headers = [c for c in table.columns if c not in ("share_low", "share_high")]
        shown: dict[str, np.ndarray] = {}
        for column in headers:
            texts = np.empty(len(table), dtype=object)
            for flag in (False, True):
                mask = is_duration == flag
                if mask.any():
                    codes, uniques = pd.factorize(table[column][mask], use_na_sentinel=False)  # in its own dtype
                    values = np.asarray(uniques, dtype=object)
                    formatted = np.array([_show(column, value, flag) for value in values] + [""], dtype=object)
                    texts[mask] = formatted[codes]
            shown[column] = texts
        if "period" in shown:  # an interval's start keeps its time at midnight too: 00:00 is not the whole day
            sub_day = {r.standard.id for r in self.results if is_interval(r.period)}
            rows = table["standard"].isin(sub_day).to_numpy(dtype=bool) & table["period"].notna().to_numpy(dtype=bool)
            starts = [str(_scalar(value)) for value in table["period"].to_numpy(dtype=object)[rows]]
            shown["period"][rows] = [f"{t[:10]} {t[11:16]}{t[19:]}" for t in starts]  # 2026-10-25 02:00+01:00
        frame = pd.DataFrame(shown, columns=headers, dtype=object)  # as built: no conversion to another string type
        return frame, list(map(str, table["status"].to_numpy(dtype=object)))

    def _placed(self) -> pd.DataFrame:
        """The results table without the blank-period rows of rows that fell in no period."""
        table = self.to_frame()
        if "period" not in table.columns:
            return table
        unplaced = table["period"].isna() & table["standard"].isin([r.standard.id for r in self.results if r.period])
        return table[~unplaced].reset_index(drop=True)

    def _share_words(self) -> dict[str, str | None]:
        """Per standard, what the share of a standard with a ceiling counts ("abandoned"); see ``_wording``."""
        return {r.standard.id: share_words(self.standard_set, r.standard) for r in self.results}

    def _is_duration(self, standard: AnyStandard) -> bool:
        return kind_of(self.standard_set.measure_of(standard)).threshold == "duration"

    def to_markdown(self) -> str:
        """The results table as GitHub-flavoured Markdown (shares as percentages)."""
        headers, body, _ = self._display_rows()
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
        return "\n".join(lines) + "\n" + markdown_warnings(self.problems)

    def _repr_html_(self) -> str:
        """The notebook's view: the styled table with the warn levels and a status legend (see ``to_html``)."""
        return repr_html(self)

    def to_html(self, *, charts: bool = True, max_groups: int = 12) -> str:
        """One self-contained HTML page: summary, charts (inline SVG, with the ``plot`` extra) and the table."""
        return html_page(self, charts=charts, max_groups=max_groups)

    def plot(self, kind: str = "share", *, standard: str | None = None, **options: Any) -> Figure:
        """A matplotlib Figure (the ``plot`` extra): ``kind="share"`` per period and group, or ``"heatmap"``.

        See :mod:`svcstandards.report.plots` and ``docs/reports.md``; ``options`` go to the chart
        (``max_groups``, ``columns``, ``width``).
        """
        return plot(self, kind, standard=standard, **options)

    def __str__(self) -> str:
        """The summary: a verdict per standard, the results rows by status, and what needs a look.

        ``5 standards: 3 passed, 1 failed, 1 scored nothing -> FAILED``; then
        (when a standard has several results rows) ``20 results: 12 pass, 8
        fail``; then a line per failing or warning row, per standard that
        scored nothing (with why) and per standard with rows in no period.
        """
        lines = [self._headline()]
        count = len(self.results)
        table = self._placed()
        if len(table) and (len(table) != count or table["standard"].nunique() != count):
            tally = table["status"].value_counts()
            statuses = [f"{int(tally[s])} {s}" for s in STATUSES if s in tally]
            lines.append(f"{len(table)} result{'s' if len(table) != 1 else ''}: {', '.join(statuses) or 'none'}")
        durations = {r.standard.id for r in self.results if self._is_duration(r.standard)}
        words = self._share_words()
        flagged = _records(table[table["status"].isin(["fail", "warn"])])
        lines += ["  " + _describe_row(r, r["standard"] in durations, words.get(r["standard"])) for r in flagged]
        lines += [f"  NO DATA  {standard}: {reason}" for standard, reason in self.unscored.items()]
        for result in self.results:
            unplaced = result.unplaced()
            if unplaced and result.scored:
                without = f"without {result.time}" if result.time else "without a time"
                lines.append(f"  INVALID  {result.standard.id}: {_rows(unplaced)} {without} (in no period)")
        return "\n".join(lines)

    def _headline(self) -> str:
        """The first line of the summary: ``5 standards: 3 passed, 1 failed, 1 scored nothing -> FAILED``."""
        verdicts = [r.verdict() for r in self.results]
        kinds = ("passed", "warned", "failed", "insufficient", "scored nothing")
        parts = [f"{verdicts.count(k)} {k}" for k in kinds if k in verdicts]
        verdict = "NOTHING SCORED" if self.scored_nothing else ("PASSED" if self.passed else "FAILED")
        count = len(self.results)
        return f"{count} standard{'s' if count != 1 else ''}: {', '.join(parts) or 'none'} -> {verdict}"

    def __repr__(self) -> str:
        return (
            f"<Report {default_text(self.standard_set.name) or self.standard_set.source}: {str(self).splitlines()[0]}>"
        )


def _rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'}"


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in record.items()} for record in table.to_dict("records")]


def _scalar(value: Any) -> Any:
    """A value of the results table for the text views: numpy scalars as Python's, missing as ``None``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _plain(value: Any) -> Any:
    """A value of the results table as plain JSON (``null``, true/false, a number, text or a list).

    Missing, NaN and infinite values are ``null``; durations are seconds (as every
    duration of the document); dates and times are ISO 8601 text; tuples are lists;
    any other value (``pd.Period``, ``pd.Interval``...) is its text.
    """
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, np.timedelta64):  # before integers: numpy counts it as one
        return None if np.isnat(value) else float(value / np.timedelta64(1, "s"))
    if isinstance(value, datetime.timedelta):  # pd.Timedelta too
        return value.total_seconds()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):  # datetime and pd.Timestamp too
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | decimal.Decimal):
        finite = value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)
        return float(value) if finite else None
    return str(value)  # text (np.str_ too), and what JSON has no type for


def _iso(ns: int | None) -> str | None:
    return None if ns is None else pd.Timestamp(ns, tz="UTC").isoformat()


def _percent(value: float) -> str:
    return f"{format_number(round(value * 100, 1))}%"


def _seconds_text(value: float) -> str:
    return str(Duration(round(value * 1e3) * 10**6)) if value >= 0 else f"-{_seconds_text(-value)}"


def _show(column: str, value: Any, is_duration: bool) -> str:
    value = _scalar(value)
    if value is None:
        return ""
    if column in ("share", "floor", "ceiling"):
        return _percent(value)
    if column in ("value", "limit"):
        return _seconds_text(value) if is_duration else format_number(round(value, 2))
    if isinstance(value, str) and column == "period":  # a day, or an interval's start with its offset
        return value[:10] if value[11:19] in ("", "00:00:00") else f"{value[:10]} {value[11:16]}{value[19:]}"
    return str(value)


def _row_name(record: dict[str, Any]) -> str:
    """``standard [group=value, period=date]``: a results row named from its record, not from printed text."""
    skip = {"standard", *RESULT_COLUMNS}
    where = ", ".join(f"{k}={_show(k, v, False)}" for k, v in record.items() if k not in skip and not _is_missing(v))
    return f"{record['standard']}" + (f" [{where}]" if where else "")


def _describe_row(record: dict[str, Any], is_duration: bool, counts: str | None = None) -> str:
    """One results row in words; ``counts`` says what the share of a standard with a ceiling counts."""
    label = f"{record['status'].upper():5} {_row_name(record)}"
    if not _is_missing(record["value"]):
        limit = _show("limit", record["limit"], is_duration)
        return f"{label}: {_show('value', record['value'], is_duration)} (limit {limit}), n={record['n']}"
    levels = ", ".join(f"{k} {_percent(record[k])}" for k in ("floor", "ceiling") if not _is_missing(record[k]))
    share = _percent(record["share"])
    if counts is None:
        return f"{label}: {share} met of {record['n']} ({levels}), budget {record['budget']}"
    return f"{label}: {share} {counts} ({levels}), n={record['n']}, budget {record['budget']}"


def _is_missing(value: Any) -> bool:
    return _scalar(value) is None


def to_junit(report: Report) -> str:
    """JUnit XML: a test case per results row; fail -> failure, warn -> passed with its line in
    system-out, insufficient / no_data -> skipped. CI systems show it as a test report."""
    from xml.sax.saxutils import escape, quoteattr

    table = report.to_frame()
    durations = {r.standard.id for r in report.results if report._is_duration(r.standard)}
    words = report._share_words()
    cases: list[str] = []
    failures = skipped = 0
    for record in _records(table):
        line = _describe_row(record, record["standard"] in durations, words.get(record["standard"]))
        name = _row_name(record)
        status = record["status"]
        body = ""
        if status == "fail":
            failures += 1
            body = f"<failure type={quoteattr(status)} message={quoteattr(line)}/>"
        elif status == "warn":  # a warning passes; its line is kept for the reader
            body = f"<system-out>{escape(line)}</system-out>"
        elif status in ("insufficient", "no_data"):
            skipped += 1
            body = f"<skipped message={quoteattr(line)}/>"
        cases.append(f"  <testcase classname={quoteattr(record['standard'])} name={quoteattr(name)}>{body}</testcase>")
    suite = quoteattr(default_text(report.standard_set.name) or report.standard_set.source)
    # warnings about the data go to the suite's system-err, one line each
    warnings = ""
    if report.problems:
        lines = "\n".join(f"warning: {p} [{p.code}]" for p in report.problems)
        warnings = f"\n  <system-err>{escape(lines)}</system-err>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name={suite} tests="{len(cases)}" failures="{failures}" skipped="{skipped}">\n'
        + "\n".join(cases)
        + warnings
        + "\n</testsuite>\n"
    )
