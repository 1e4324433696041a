"""Never green on nothing: a run that scored nothing never passes, and says why.

A standard *scored nothing* when no input row was met or missed (``n`` is 0
in every results row). ``report.unscored`` gives the reason per standard,
``report.scored_nothing`` is true when every standard scored nothing, and
then ``report.passed`` is false and ``svcstandards evaluate`` exits 3
(``--allow-no-data``: as usual). Every reason below is worked out by hand.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import Report, evaluate
from svcstandards.cli import ExitCode
from svcstandards.model import Where
from svcstandards.report._unscored import condition_text

ROOT = Path(__file__).resolve().parent.parent
T0 = pd.Timestamp("2026-03-02 09:00:00")  # a Monday; naive: wall clock in the file's timezone
NAT = pd.NaT


def at(seconds: float | None) -> Any:
    return NAT if seconds is None else T0 + pd.Timedelta(seconds=seconds)


def standards(body: str) -> svcstandards.StandardSet:
    head = "version: 1\nname: Desk\ntimezone: Europe/Ljubljana\nstandards:\n"
    return svcstandards.loads(head + textwrap.indent(textwrap.dedent(body), "  "))


def calls(**columns: list[Any]) -> pd.DataFrame:
    """Three calls by default: two on the phone (sales, support), one chat (sales)."""
    base: dict[str, list[Any]] = {
        "offered_at": [at(0), at(60), at(120)],
        "answered_at": [at(10), at(90), at(125)],
        "channel": ["phone", "phone", "chat"],
        "queue": ["support", "support", "sales"],
        "priority": [1, 2, 2],
    }
    return pd.DataFrame(base | columns)


ANSWERED = """\
- id: answered
  where: {where}
  measure: {{from: offered_at, to: answered_at}}
  within: 20s
  floor: 80%
"""


def reason(body: str, data: pd.DataFrame, **kwargs: Any) -> str:
    report = evaluate(standards(body), data, **kwargs)
    [why] = report.unscored.values()
    assert (report.scored_nothing, report.passed) == (True, False)
    return why


# -- the verdict --------------------------------------------------------------------------


def test_no_rows_scores_nothing_and_never_passes() -> None:
    body = ANSWERED.format(where="{channel: phone}") + "- {id: escalations, measure: {flag: escalated}, ceiling: 5%}\n"
    report = evaluate(standards(body), calls(escalated=[False, False, True]).iloc[:0])
    assert (report.passed, report.scored_nothing) == (False, True)
    assert report.unscored == {"answered": "no rows", "escalations": "no rows"}
    # the results table still has its row per standard, each no_data
    assert report.to_frame()["status"].tolist() == ["no_data", "no_data"]
    assert str(report).splitlines() == [
        "2 standards: 2 scored nothing -> NOTHING SCORED",
        "  NO DATA  answered: no rows",
        "  NO DATA  escalations: no rows",
    ]
    document = report.to_dict()
    assert (document["passed"], document["scored_nothing"]) == (False, True)
    assert [(s["passed"], s["scored"], s["reason"]) for s in document["standards"]] == [
        (False, False, "no rows"),
        (False, False, "no rows"),
    ]


def test_some_standards_scoring_nothing_are_listed_apart_and_never_counted_as_passed() -> None:
    # answered: the two phone calls, 10 s and 30 s: 1 of 2 met = 50% < 80%: fail
    # escalations: 1 of 3 flagged = 33.3%, within the 50% ceiling: pass
    # vip: no call is in the vip queue
    body = (
        ANSWERED.format(where="{channel: phone}")
        + "- {id: escalations, measure: {flag: escalated}, ceiling: 50%}\n"
        + ANSWERED.format(where="{queue: vip}").replace("id: answered", "id: vip")
    )
    report = evaluate(standards(body), calls(escalated=[False, False, True]))
    assert (report.passed, report.scored_nothing) == (False, False)
    assert report.unscored == {"vip": "every row out of scope (where queue = 'vip' matched 0 of 3 rows)"}
    assert str(report).splitlines() == [
        "3 standards: 1 passed, 1 failed, 1 scored nothing -> FAILED",
        "  FAIL  answered: 50% met of 2 (floor 80%), budget -1",
        "  NO DATA  vip: every row out of scope (where queue = 'vip' matched 0 of 3 rows)",
    ]
    entries = {s["id"]: (s["passed"], s["scored"], s["reason"]) for s in report.to_dict()["standards"]}
    assert entries == {
        "answered": (False, True, None),
        "escalations": (True, True, None),
        "vip": (False, False, "every row out of scope (where queue = 'vip' matched 0 of 3 rows)"),
    }
    # without the failing standard the run passes: something was scored and nothing fails
    rest = evaluate(standards(body).select("escalations", "vip"), calls(escalated=[False, False, True]))
    assert (rest.passed, rest.scored_nothing) == (True, False)
    assert str(rest).splitlines()[0] == "2 standards: 1 passed, 1 scored nothing -> PASSED"
    assert rest.to_dict()["passed"] is True


# -- why: out of scope ------------------------------------------------------------------------


def test_the_where_condition_that_matched_nothing_is_named() -> None:
    # no call is a fax ('Phone' for 'phone' would be a data error: a close match)
    why = reason(ANSWERED.format(where="{channel: fax}"), calls())
    assert why == "every row out of scope (where channel = 'fax' matched 0 of 3 rows)"


def test_the_first_condition_that_leaves_nothing_is_named() -> None:
    # channel = 'phone' matches 2 rows, queue = 'vip' none
    why = reason(ANSWERED.format(where="{channel: phone, queue: vip, priority: 9}"), calls())
    assert why == "every row out of scope (where queue = 'vip' matched 0 of 3 rows)"


def test_conditions_that_leave_nothing_only_together_are_counted_one_by_one() -> None:
    # channel = 'phone': rows 1, 2; queue = 'sales': row 3; both: none
    why = reason(ANSWERED.format(where="{channel: phone, queue: sales}"), calls())
    assert why == (
        "every row out of scope (the where conditions together matched 0 of 3 rows"
        " (channel = 'phone' matched 2, queue = 'sales' matched 1))"
    )


def test_any_of_alternatives() -> None:
    why = reason(ANSWERED.format(where="{any: [{queue: vip}, {priority: {ge: 3}}]}"), calls())
    assert why == "every row out of scope (where any of (queue = 'vip' or priority >= 3) matched 0 of 3 rows)"


def test_a_mapped_column_shows_the_data_column_too() -> None:
    data = calls().rename(columns={"channel": "medium"})
    why = reason(ANSWERED.format(where="{channel: fax}"), data, columns={"channel": "medium"})
    assert why == "every row out of scope (where channel (medium) = 'fax' matched 0 of 3 rows)"


def test_targets_that_match_no_row() -> None:
    body = """\
    - id: reply
      where: {}
      measure: {from: offered_at, to: answered_at}
      targets:
        - {where: {priority: {ge: 3}}, within: 1m}
        - {where: {queue: vip}, within: 5m}
      floor: 90%
    """
    assert reason(body, calls()) == "every row out of scope (no entry of targets matched all 3 rows)"
    scoped = body.replace("where: {}", "where: {channel: phone}")
    assert reason(scoped, calls()) == "every row out of scope (no entry of targets matched the 2 rows in scope)"


def test_a_flag_or_value_blank_everywhere() -> None:
    # a row without a flag or a value is out of scope: it has nothing to judge
    flag = "- {id: escalations, measure: {flag: escalated}, ceiling: 5%}\n"
    assert reason(flag, calls(escalated=[None, None, None])) == (
        "every row out of scope (escalated is blank in all 3 rows)"
    )
    value = "- {id: csat, where: {channel: phone}, measure: {column: csat}, at_least: 4, floor: 80%}\n"
    assert reason(value, calls(csat=[np.nan, np.nan, 5.0])) == (
        "every row out of scope (csat is blank in the 2 rows in scope)"
    )


@pytest.mark.parametrize(
    ("column", "matcher", "text"),
    [
        ("channel", "phone", "channel = 'phone'"),
        ("channel", ("phone", "chat"), "channel in ['phone', 'chat']"),
        ("vip", True, "vip = true"),
        ("priority", 3, "priority = 3"),
        ("channel", {"not": ["fax", "post"]}, "channel not in ['fax', 'post']"),
        ("channel", {"not": "fax"}, "channel != 'fax'"),
        ("priority", {"gt": 1, "le": 3}, "priority > 1 and priority <= 3"),
        (
            "offered_at",
            {"ge": "2026-03-01", "lt": "2026-04-01"},
            "offered_at >= '2026-03-01' and offered_at < '2026-04-01'",
        ),
        ("answered_at", {"present": False}, "answered_at blank"),
        ("offered_at", {"during": "office"}, "offered_at during office"),
    ],
)
def test_condition_text(column: str, matcher: Any, text: str) -> None:
    parsed = Where.model_validate({column: matcher}).columns[column]
    assert condition_text(column, parsed) == text


# -- why: pending, excluded, invalid --------------------------------------------------------------


def test_every_row_invalid_counts_each_cause() -> None:
    # rows 1 and 2 have no offered_at; row 3 was answered a second before it was offered
    data = calls(offered_at=[NAT, NAT, at(120)], answered_at=[at(10), NAT, at(119)])
    why = reason(ANSWERED.format(where="{}"), data)
    assert why == "every row invalid (3 rows: 2 without offered_at, 1 with answered_at before offered_at)"
    only = calls(offered_at=[NAT, NAT, NAT])
    assert reason(ANSWERED.format(where="{}"), only) == "every row invalid (3 rows without offered_at)"


def test_rows_without_a_time_for_the_period_are_invalid() -> None:
    # the flags are there, but no row can be placed in a day
    body = "- {id: escalations, measure: {flag: escalated}, time: offered_at, ceiling: 5%, period: day}\n"
    data = calls(offered_at=[NAT, NAT, NAT], escalated=[True, False, False])
    report = evaluate(standards(body), data)
    assert report.unscored == {"escalations": "every row invalid (3 rows without offered_at)"}
    row = report.to_frame().iloc[0]
    assert (pd.isna(row["period"]), row["n"], row["invalid"], row["status"]) == (True, 0, 3, "no_data")


def test_every_row_pending() -> None:
    # nobody answered; the default as_of is the latest timestamp, 09:01 (Ljubljana), within the hour
    data = calls(answered_at=[NAT, NAT, NAT], channel=["phone", "phone", "phone"]).iloc[:2]
    why = reason(ANSWERED.format(where="{}").replace("within: 20s", "within: 1h"), data)
    assert why == "every row pending (2 rows still open at 2026-03-02 09:01 Europe/Ljubljana)"


def test_every_row_excluded() -> None:
    # a statistic takes answered calls only: an abandoned one has no time to answer
    body = """\
    - id: asa
      measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
      mean: {at_most: 30s}
    """
    data = calls(answered_at=[NAT, NAT, NAT], abandoned_at=[at(5), at(70), at(130)])
    assert reason(body, data) == "every row excluded (3 rows abandoned)"


def test_every_row_in_scope_invalid_and_the_rest_out_of_scope() -> None:
    data = calls(offered_at=[NAT, at(60), at(120)], channel=["phone", "chat", "chat"])
    why = reason(ANSWERED.format(where="{channel: phone}"), data)
    assert why == "every row in scope invalid (1 row without offered_at; the other 2 rows out of scope)"


def test_a_mix_of_pending_invalid_and_out_of_scope() -> None:
    # row 1: open since 09:00, judged at 09:02:05 (the latest timestamp, the chat's answer): pending within 1h
    # row 2: no offered_at: invalid; row 3: a chat: out of scope
    data = calls(offered_at=[at(0), NAT, at(120)], answered_at=[NAT, at(65), at(125)])
    why = reason(ANSWERED.format(where="{channel: phone}").replace("within: 20s", "within: 1h"), data)
    assert why == (
        "no row met or missed: 1 pending (still open at 2026-03-02 09:02 Europe/Ljubljana),"
        " 1 invalid (without offered_at), 1 out of scope"
    )


def test_a_report_made_without_reasons_still_says_why() -> None:
    report = evaluate(standards(ANSWERED.format(where="{channel: fax}")), calls())
    bare = Report(
        standard_set=report.standard_set,
        results=[dataclasses.replace(result, reason=None) for result in report.results],
        as_of=None,
    )
    assert bare.unscored == {"answered": "every row out of scope"}


# -- rows in no period -------------------------------------------------------------------------


def test_rows_in_no_period_are_invalid_rows_not_a_period_without_data() -> None:
    # two calls on Monday 2 March (one escalated: 50%, at the ceiling: pass) and one without a time
    body = "- {id: escalations, measure: {flag: escalated}, time: offered_at, ceiling: 50%, period: day}\n"
    data = calls(offered_at=[at(0), at(60), NAT], escalated=[True, False, False])
    report = evaluate(standards(body), data)
    table = report.to_frame()
    # the table keeps a blank-period row for it, so every input row is still counted there
    assert table[["n", "met", "missed", "invalid", "status"]].to_dict("records") == [
        {"n": 2, "met": 1, "missed": 1, "invalid": 0, "status": "pass"},
        {"n": 0, "met": 0, "missed": 0, "invalid": 1, "status": "no_data"},
    ]
    assert pd.isna(table["period"].iloc[1])
    assert int(table[["n", "pending", "excluded", "invalid"]].to_numpy().sum()) == 3
    assert (report.passed, report.unscored) == (True, {})
    # the text view shows it as what it is: one invalid row, not a period with no data
    text = report.to_text().splitlines()
    assert [line.split()[:2] for line in text[1:3]] == [["escalations", "2026-03-02"], []]
    assert text[3:] == [
        "1 standard: 1 passed -> PASSED",
        "  INVALID  escalations: 1 row without offered_at (in no period)",
    ]
    assert "no_data" not in report.to_text()


def test_the_demo_shows_rows_without_a_time_as_invalid() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert "no_data" not in completed.stdout
    # the sample leaves 31 phone calls without offered_at: every standard of the file counts them as invalid
    assert "  INVALID  calls-answered-20s: 31 rows without offered_at (in no period)" in lines
    assert "5 standards: 3 passed, 2 failed -> FAILED" in lines


# -- the command ---------------------------------------------------------------------------------

FILE = """\
version: 1
name: Desk
standards:
  - id: answered
    where: {channel: phone}
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 50%
  - id: vip
    where: {queue: vip}
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 50%
"""
HEADER = "offered_at,answered_at,channel,queue\n"
# phone 10 s (met), phone 30 s (missed), chat 5 s: answered 1 of 2 = 50%: pass; vip: no call
ROWS = (
    "2026-03-02T09:00:00,2026-03-02T09:00:10,phone,support\n"
    "2026-03-02T09:01:00,2026-03-02T09:01:30,phone,support\n"
    "2026-03-02T09:02:00,2026-03-02T09:02:05,chat,sales\n"
)
NOTHING = (
    "svcstandards: nothing was scored: no row was met or missed for any standard"
    " (exit code 3; --allow-no-data accepts this)\n"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "svcstandards", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "standards.yaml").write_text(FILE, encoding="utf-8")
    (tmp_path / "empty.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "calls.csv").write_text(HEADER + ROWS, encoding="utf-8")
    (tmp_path / "chats.csv").write_text(HEADER + ROWS.splitlines(keepends=True)[2], encoding="utf-8")
    return tmp_path


def test_the_exit_codes_are_fixed() -> None:
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "FAILED": 1,
        "USAGE": 2,
        "NOTHING_SCORED": 3,
        "BROKEN_PIPE": 141,
    }


def test_a_header_only_csv_exits_3(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "empty.csv", cwd=desk)
    assert (result.returncode, result.stderr) == (3, NOTHING)
    assert result.stdout.splitlines()[-3:] == [
        "2 standards: 2 scored nothing -> NOTHING SCORED",
        "  NO DATA  answered: no rows",
        "  NO DATA  vip: no rows",
    ]
    assert "PASSED" not in result.stdout


def test_allow_no_data_exits_as_usual(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "empty.csv", "--allow-no-data", cwd=desk)
    assert (result.returncode, result.stderr) == (0, "")
    assert "NOTHING SCORED" in result.stdout


def test_every_row_out_of_scope_exits_3_in_every_format(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "chats.csv", "--format", "json", cwd=desk)
    # the values no row has are warned about first, on standard error
    unseen = (
        "svcstandards: warning: standard 'answered': column 'channel': 'phone' never occurs in column 'channel'; "
        "no row matches it (Hint: check the value; the most frequent values are 'chat')\n"
        "svcstandards: warning: standard 'vip': column 'queue': 'vip' never occurs in column 'queue'; "
        "no row matches it (Hint: check the value; the most frequent values are 'sales')\n"
    )
    assert (result.returncode, result.stderr) == (3, unseen + NOTHING)
    document = json.loads(result.stdout)
    assert (document["passed"], document["scored_nothing"]) == (False, True)
    assert [(s["id"], s["scored"], s["reason"]) for s in document["standards"]] == [
        ("answered", False, "every row out of scope (where channel = 'phone' matched 0 of 1 row)"),
        ("vip", False, "every row out of scope (where queue = 'vip' matched 0 of 1 row)"),
    ]


@pytest.mark.parametrize(
    ("floor", "extra", "code"),
    [
        pytest.param("50%", [], 0, id="scored-passes"),
        pytest.param("90%", [], 1, id="scored-fails"),
        pytest.param("90%", ["--allow-no-data"], 1, id="allow-no-data-keeps-the-fail"),
    ],
)
def test_a_run_that_scored_something_exits_on_its_fails(desk: Path, floor: str, extra: list[str], code: int) -> None:
    (desk / "standards.yaml").write_text(FILE.replace("floor: 50%", f"floor: {floor}", 1), encoding="utf-8")
    result = run("evaluate", "standards.yaml", "calls.csv", *extra, cwd=desk)
    vip = (
        "svcstandards: warning: standard 'vip': column 'queue': 'vip' never occurs in column 'queue'; "
        "no row matches it (Hint: check the value; the most frequent values are 'support', 'sales')\n"
    )
    assert (result.returncode, result.stderr) == (code, vip)
    assert "  NO DATA  vip: every row out of scope (where queue = 'vip' matched 0 of 3 rows)" in result.stdout
