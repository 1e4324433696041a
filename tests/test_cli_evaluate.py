"""``svcstandards evaluate``: data files in, results out, exit codes as CI sees them.

Exit codes: 0 all pass, 1 a standard fails, 2 a usage or input error (an
invalid standards file too), 3 nothing scored (tests/test_no_data.py). Every
expectation below is worked out by hand from four calls:

=====================  ===================  =========  ====  =======  =====================
offered_at (naive)     answered_at          escalated  team  channel  answered-1m
=====================  ===================  =========  ====  =======  =====================
Mon 2026-03-02 09:00   09:00:30             False      a     phone    met (30s)
Mon 2026-03-02 09:10   09:12:00             False      b     phone    missed (2m)
Mon 2026-03-02 23:30   23:30:20             True       a     chat     met (20s)
Mon 2026-03-09 10:00   (open)               False      b     chat     pending
=====================  ===================  =========  ====  =======  =====================

The file's timezone is Europe/Ljubljana (UTC+1 in March): the call at 23:30
is still on Monday there, but would be on Tuesday if naive times were UTC.
The open call is pending at the default as_of (the latest timestamp, its own
start) and missed once more than a minute has passed.
"""

from __future__ import annotations

import errno
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from svcstandards import dataio, evaluate
from svcstandards.cli import ExitCode, _column_mapping, main

# line numbers matter: `line` in the JSON document points at each standard's `- id:`
STANDARDS = """\
version: 1
name: Test desk
timezone: Europe/Ljubljana
standards:
  - id: answered-1m
    title: Half of the calls answered within a minute
    measure: {from: offered_at, to: answered_at}
    within: 1m
    floor: 50%
  - id: escalations
    measure: {flag: escalated}
    time: offered_at
    ceiling: {fail: 50%, warn: 30%}
"""

# the same with a floor of 90%: answered-1m (2 of 3 met) fails
STRICT = STANDARDS.replace("floor: 50%", "floor: 90%")

# the data has answered_at; the file says answerd_at
TYPO = STANDARDS.replace("to: answered_at", "to: answerd_at")

# two problems: line 8, column 13 and line 9, column 12
INVALID = STANDARDS.replace("within: 1m", "within: 60").replace("floor: 50%", "floor: 50")

CALLS: list[dict[str, Any]] = [
    {
        "offered_at": "2026-03-02T09:00:00",
        "answered_at": "2026-03-02T09:00:30",
        "escalated": False,
        "team": "a",
        "channel": "phone",
    },
    {
        "offered_at": "2026-03-02T09:10:00",
        "answered_at": "2026-03-02T09:12:00",
        "escalated": False,
        "team": "b",
        "channel": "phone",
    },
    {
        "offered_at": "2026-03-02T23:30:00",
        "answered_at": "2026-03-02T23:30:20",
        "escalated": True,
        "team": "a",
        "channel": "chat",
    },
    {"offered_at": "2026-03-09T10:00:00", "answered_at": None, "escalated": False, "team": "b", "channel": "chat"},
]
HEADER = list(CALLS[0])

# the same calls with explicit offsets, mixed in one column; the third one is
# 23:30 UTC, which is 00:30 on Tuesday 3 March in Ljubljana
AWARE_CALLS: list[dict[str, Any]] = [
    {**CALLS[0], "offered_at": "2026-03-02T09:00:00+01:00", "answered_at": "2026-03-02T09:00:30+01:00"},
    {**CALLS[1], "offered_at": "2026-03-02T08:10:00Z", "answered_at": "2026-03-02T08:12:00Z"},
    {**CALLS[2], "offered_at": "2026-03-02T23:30:00Z", "answered_at": "2026-03-02T23:30:20Z"},
    {**CALLS[3], "offered_at": "2026-03-09T10:00:00+01:00"},
]

RESULT_COLUMNS = [
    "n",
    "met",
    "missed",
    "pending",
    "excluded",
    "invalid",
    "share",
    "value",
    "floor",
    "ceiling",
    "limit",
    "status",
    "budget",
    "share_low",
    "share_high",
]
COUNTS = ["n", "met", "missed", "pending", "excluded", "invalid"]

# the table for the data as it is: both standards pass
TABLE = [
    "standard     n  met  missed  pending  excluded  invalid  share  value  floor  ceiling  limit  status  budget",
    "answered-1m  3  2    1       1        0         0        66.7%         50%                    pass    0",
    "escalations  4  1    3       0        0         0        25%                  50%             pass    1",
    "",
    "2 standards: 2 passed -> PASSED",
]


# -- helpers -------------------------------------------------------------------
def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "svcstandards", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def csv_text(rows: list[dict[str, Any]]) -> str:
    lines = [",".join(rows[0])]
    lines += [",".join("" if value is None else str(value) for value in row.values()) for row in rows]
    return "\n".join(lines) + "\n"


def jsonl_text(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def write_data(path: Path, rows: list[dict[str, Any]] = CALLS) -> Path:
    """The rows as CSV, JSON lines or Parquet (naive datetime64 columns), by the file's ending."""
    if path.suffix == ".parquet":
        frame = pd.DataFrame(rows)
        for column in ("offered_at", "answered_at"):
            frame[column] = pd.to_datetime(frame[column])
        frame.to_parquet(path, index=False)
        return path
    return write(path, jsonl_text(rows) if path.suffix in (".jsonl", ".ndjson") else csv_text(rows))


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A directory with standards.yaml and calls.csv."""
    write(tmp_path / "standards.yaml", STANDARDS)
    write_data(tmp_path / "calls.csv")
    return tmp_path


def parse_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


def counts(table: pd.DataFrame, *keys: str) -> list[list[Any]]:
    """The key columns, counts, status and budget of each row, as plain Python values."""
    return [
        [*(row[k] for k in keys), *(int(row[c]) for c in COUNTS), row["status"], int(row["budget"])]
        for row in table.to_dict("records")
    ]


# -- exit codes and the table --------------------------------------------------
def test_all_pass_exits_0_with_the_table(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", cwd=desk)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == TABLE


def test_a_failing_standard_exits_1(desk: Path) -> None:
    write(desk / "strict.yaml", STRICT)
    result = run("evaluate", "strict.yaml", "calls.csv", cwd=desk)
    assert (result.returncode, result.stderr) == (1, "")
    # budget: floor(3 * 10%) - 1 missed = -1
    assert result.stdout.splitlines() == [
        TABLE[0],
        "answered-1m  3  2    1       1        0         0        66.7%         90%                    fail    -1",
        TABLE[2],
        "",
        "2 standards: 1 passed, 1 failed -> FAILED",
        "  FAIL  answered-1m: 66.7% met of 3 (floor 90%), budget -1",
    ]


@pytest.mark.parametrize(
    ("fail_on", "standards", "args", "code"),
    [
        # by day, escalations on Monday 2 March is 1 of 3 = 33.3%: over the warn level (30%), under the fail
        # level (50%); the default --fail-on fail exits 0 on it (test_naive_timestamps_are_wall_clock...)
        pytest.param("warn", "standards.yaml", ["--period", "day"], 1, id="warn-on-a-warn"),
        pytest.param("never", "strict.yaml", [], 0, id="never-on-a-fail"),
    ],
)
def test_fail_on(desk: Path, fail_on: str, standards: str, args: list[str], code: int) -> None:
    write(desk / "strict.yaml", STRICT)
    result = run("evaluate", standards, "calls.csv", *args, "--fail-on", fail_on, "--format", "csv", cwd=desk)
    assert (result.returncode, result.stderr) == (code, "")
    statuses = sorted(parse_csv(result.stdout)["status"])
    assert statuses == (["no_data", "pass", "pass", "warn"] if args else ["fail", "pass"])


# -- output formats ----------------------------------------------------------------
def test_json(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", "--format", "json", cwd=desk)
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert {k: v for k, v in document.items() if k != "standards"} == {
        "format": "svcstandards-report",
        "version": 1,
        "source": "standards.yaml",
        "name": "Test desk",
        "timezone": "Europe/Ljubljana",
        "as_of": None,
        "passed": True,
        "scored_nothing": False,
    }
    answered, escalations = document["standards"]
    assert {k: v for k, v in answered.items() if k != "rows"} == {
        "id": "answered-1m",
        "title": "Half of the calls answered within a minute",
        "kind": "share",
        "line": 5,
        "by": [],
        "period": None,
        "as_of": "2026-03-09T09:00:00+00:00",  # the latest timestamp: 10:00 in Ljubljana
        "passed": True,
        "scored": True,
        "reason": None,
        "outcomes": {"met": 2, "missed": 1, "pending": 1, "excluded": 0, "invalid": 0, "out_of_scope": 0},
    }
    assert answered["rows"] == [
        {
            "n": 3,
            "met": 2,
            "missed": 1,
            "pending": 1,
            "excluded": 0,
            "invalid": 0,
            "share": pytest.approx(2 / 3),
            "value": None,
            "floor": 0.5,
            "ceiling": None,
            "limit": None,
            "status": "pass",
            "budget": 0,
            "share_low": pytest.approx(0.2076596, abs=1e-6),
            "share_high": pytest.approx(0.9385081, abs=1e-6),
        }
    ]
    assert {k: v for k, v in escalations.items() if k != "rows"} == {
        "id": "escalations",
        "title": None,
        "kind": "share",
        "line": 10,
        "by": [],
        "period": None,
        "as_of": None,  # flags have no open interactions
        "passed": True,
        "scored": True,
        "reason": None,
        "outcomes": {"met": 1, "missed": 3, "pending": 0, "excluded": 0, "invalid": 0, "out_of_scope": 0},
    }
    assert escalations["rows"] == [
        {
            "n": 4,
            "met": 1,
            "missed": 3,
            "pending": 0,
            "excluded": 0,
            "invalid": 0,
            "share": 0.25,
            "value": None,
            "floor": None,
            "ceiling": 0.5,
            "limit": None,
            "status": "pass",
            "budget": 1,
            "share_low": pytest.approx(0.0455873, abs=1e-6),
            "share_high": pytest.approx(0.6993582, abs=1e-6),
        }
    ]


def test_as_of_turns_a_pending_call_into_a_missed_one(desk: Path) -> None:
    # naive, so 10:05 in Ljubljana: the open call has waited 5 minutes, more than 1m
    result = run(
        "evaluate", "standards.yaml", "calls.csv", "--as-of", "2026-03-09T10:05:00", "--format", "json", cwd=desk
    )
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-03-09T09:05:00+00:00"
    answered = document["standards"][0]
    assert answered["as_of"] == "2026-03-09T09:05:00+00:00"
    assert answered["outcomes"] == {"met": 2, "missed": 2, "pending": 0, "excluded": 0, "invalid": 0, "out_of_scope": 0}
    row = answered["rows"][0]
    # 2 of 4 is exactly the floor: a pass with no budget left
    assert [row[k] for k in (*COUNTS, "share", "status", "budget")] == [4, 2, 2, 0, 0, 0, 0.5, "pass", 0]


def test_csv(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", "--format", "csv", cwd=desk)
    assert (result.returncode, result.stderr) == (0, "")
    table = parse_csv(result.stdout)
    assert list(table.columns) == ["standard", *RESULT_COLUMNS]
    assert counts(table, "standard") == [
        ["answered-1m", 3, 2, 1, 1, 0, 0, "pass", 0],
        ["escalations", 4, 1, 3, 0, 0, 0, "pass", 1],
    ]
    assert table["share"].tolist() == pytest.approx([2 / 3, 0.25])
    assert table["floor"].tolist()[0] == 0.5
    assert table["ceiling"].tolist()[1] == 0.5
    assert table[["value", "limit"]].isna().all().all()
    assert table.loc[[0], "ceiling"].isna().all()
    assert table.loc[[1], "floor"].isna().all()
    assert table["share_low"].tolist() == pytest.approx([0.2076596, 0.0455873], abs=1e-6)
    assert table["share_high"].tolist() == pytest.approx([0.9385081, 0.6993582], abs=1e-6)


def test_by_repeated_and_period_week(desk: Path) -> None:
    args = ("--by", "team", "--by", "channel", "--period", "week", "--format", "csv")
    result = run("evaluate", "standards.yaml", "calls.csv", *args, cwd=desk)
    assert (result.returncode, result.stderr) == (1, "")  # team b on the phone misses its only call
    table = parse_csv(result.stdout)
    assert list(table.columns) == ["standard", "team", "channel", "period", *RESULT_COLUMNS]
    week1, week2 = "2026-03-02 00:00:00+01:00", "2026-03-09 00:00:00+01:00"  # weeks start on Monday
    assert counts(table, "standard", "team", "channel", "period") == [
        ["answered-1m", "a", "chat", week1, 1, 1, 0, 0, 0, 0, "pass", 0],
        ["answered-1m", "a", "phone", week1, 1, 1, 0, 0, 0, 0, "pass", 0],
        ["answered-1m", "b", "chat", week2, 0, 0, 0, 1, 0, 0, "no_data", 0],
        ["answered-1m", "b", "phone", week1, 1, 0, 1, 0, 0, 0, "fail", -1],
        ["escalations", "a", "chat", week1, 1, 1, 0, 0, 0, 0, "fail", -1],
        ["escalations", "a", "phone", week1, 1, 0, 1, 0, 0, 0, "pass", 0],
        ["escalations", "b", "chat", week2, 1, 0, 1, 0, 0, 0, "pass", 0],
        ["escalations", "b", "phone", week1, 1, 0, 1, 0, 0, 0, "pass", 0],
    ]


def test_markdown(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", "--period", "week", "--format", "markdown", cwd=desk)
    assert (result.returncode, result.stderr) == (0, "")
    head = "| standard | period | n | met | missed | pending | excluded | invalid | share | value | floor | ceiling"
    assert result.stdout.splitlines() == [
        head + " | limit | status | budget |",
        "|" + "|".join(["---"] * 15) + "|",
        "| answered-1m | 2026-03-02 | 3 | 2 | 1 | 0 | 0 | 0 | 66.7% |  | 50% |  |  | pass | 0 |",
        "| answered-1m | 2026-03-09 | 0 | 0 | 0 | 1 | 0 | 0 |  |  | 50% |  |  | no_data | 0 |",
        "| escalations | 2026-03-02 | 3 | 1 | 2 | 0 | 0 | 0 | 33.3% |  |  | 50% |  | warn | 0 |",
        "| escalations | 2026-03-09 | 1 | 0 | 1 | 0 | 0 | 0 | 0% |  |  | 50% |  | pass | 0 |",
    ]


def test_junit(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", "--by", "team", "--format", "junit", cwd=desk)
    assert (result.returncode, result.stderr) == (1, "")
    suite = ET.fromstring(result.stdout)
    assert suite.tag == "testsuite"
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("skipped")) == (
        "Test desk",
        "4",
        "1",  # fail rows only: a warn passes, with its line in <system-out>
        "0",
    )
    cases = [(case.get("classname"), case.get("name")) for case in suite.iter("testcase")]
    assert cases == [
        ("answered-1m", "answered-1m [team=a]"),
        ("answered-1m", "answered-1m [team=b]"),
        ("escalations", "escalations [team=a]"),
        ("escalations", "escalations [team=b]"),
    ]
    failures = [(failure.get("type"), failure.get("message")) for failure in suite.iter("failure")]
    assert failures == [("fail", "FAIL  answered-1m [team=b]: 0% met of 1 (floor 50%), budget -1")]
    outputs = [out.text for out in suite.iter("system-out")]
    assert outputs == ["WARN  escalations [team=a]: 50% escalated (ceiling 50%), n=2, budget 0"]


def test_output_writes_the_file_and_nothing_on_stdout(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", "--format", "json", "--output", "report.json", cwd=desk)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    document = json.loads((desk / "report.json").read_text(encoding="utf-8"))
    assert document["passed"] is True
    assert [s["outcomes"]["met"] for s in document["standards"]] == [2, 1]


# -- data files: formats, timestamps, flags -------------------------------------------
@pytest.mark.parametrize("data", ["calls.csv", "calls.jsonl", "calls.parquet"])
def test_naive_timestamps_are_wall_clock_in_the_files_timezone(tmp_path: Path, data: str) -> None:
    # the call at 23:30 is on Monday 2 March in Ljubljana; read as UTC it would be on Tuesday
    write(tmp_path / "standards.yaml", STANDARDS)
    write_data(tmp_path / data)
    result = run("evaluate", "standards.yaml", data, "--period", "day", "--format", "csv", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    monday, next_monday = "2026-03-02 00:00:00+01:00", "2026-03-09 00:00:00+01:00"
    assert counts(parse_csv(result.stdout), "standard", "period") == [
        ["answered-1m", monday, 3, 2, 1, 0, 0, 0, "pass", 0],
        ["answered-1m", next_monday, 0, 0, 0, 1, 0, 0, "no_data", 0],
        ["escalations", monday, 3, 1, 2, 0, 0, 0, "warn", 0],
        ["escalations", next_monday, 1, 0, 1, 0, 0, 0, "pass", 0],
    ]


def test_aware_timestamps_with_mixed_offsets_in_json_lines(tmp_path: Path) -> None:
    write(tmp_path / "standards.yaml", STANDARDS)
    write(tmp_path / "calls.jsonl", jsonl_text(AWARE_CALLS))
    result = run("evaluate", "standards.yaml", "calls.jsonl", "--period", "day", "--format", "csv", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    monday, tuesday, next_monday = (f"2026-03-{d} 00:00:00+01:00" for d in ("02", "03", "09"))
    assert counts(parse_csv(result.stdout), "standard", "period") == [
        ["answered-1m", monday, 2, 1, 1, 0, 0, 0, "pass", 0],
        ["answered-1m", tuesday, 1, 1, 0, 0, 0, 0, "pass", 0],
        ["answered-1m", next_monday, 0, 0, 0, 1, 0, 0, "no_data", 0],
        ["escalations", monday, 2, 0, 2, 0, 0, 0, "pass", 1],
        ["escalations", tuesday, 1, 1, 0, 0, 0, 0, "fail", -1],
        ["escalations", next_monday, 1, 0, 1, 0, 0, 0, "pass", 0],
    ]


def test_naive_strings_next_to_aware_ones_are_still_in_the_files_timezone(tmp_path: Path) -> None:
    rows = [CALLS[2], {**CALLS[2], "offered_at": "2026-03-02T23:30:00Z", "answered_at": "2026-03-02T23:30:20Z"}]
    data = dataio.read_data(write_data(tmp_path / "calls.csv", rows))
    table = evaluate(write(tmp_path / "standards.yaml", STANDARDS), data, period="day").to_frame()
    periods = table.loc[table["standard"] == "answered-1m", "period"].astype(str).tolist()
    assert periods == ["2026-03-02 00:00:00+01:00", "2026-03-03 00:00:00+01:00"]


def test_flags_written_as_true_and_false_in_csv(tmp_path: Path) -> None:
    # pandas reads True/TRUE/true (and False...) as booleans; 1 of 4 escalated
    text = "offered_at,escalated\n" + "".join(
        f"2026-03-02T0{i}:00:00,{flag}\n" for i, flag in enumerate(["True", "false", "FALSE", "False"])
    )
    data = dataio.read_data(write(tmp_path / "calls.csv", text))
    assert data["escalated"].tolist() == [True, False, False, False]
    standards = write(
        tmp_path / "standards.yaml",
        "version: 1\nstandards:\n  - id: escalations\n    measure: {flag: escalated}\n    ceiling: 50%\n",
    )
    table = evaluate(standards, data).to_frame()
    assert counts(table, "standard") == [["escalations", 4, 1, 3, 0, 0, 0, "pass", 1]]


# -- --column -----------------------------------------------------------------------
def test_column_maps_a_name_of_the_file_to_a_column_of_the_data(tmp_path: Path) -> None:
    write(tmp_path / "standards.yaml", STANDARDS)
    renamed = [{("call_start" if k == "offered_at" else k): v for k, v in row.items()} for row in CALLS]
    write_data(tmp_path / "calls.csv", renamed)
    args = ("--column", "offered_at=call_start", "--format", "csv")
    result = run("evaluate", "standards.yaml", "calls.csv", *args, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert counts(parse_csv(result.stdout), "standard") == [
        ["answered-1m", 3, 2, 1, 1, 0, 0, "pass", 0],
        ["escalations", 4, 1, 3, 0, 0, 0, "pass", 1],
    ]


def test_a_malformed_column_is_a_usage_error(desk: Path) -> None:
    result = run("evaluate", "standards.yaml", "calls.csv", "--column", "x", cwd=desk)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "svcstandards: error: --column takes NAME=COL, got 'x'\n"


@pytest.mark.parametrize("pair", ["x", "=col", "name=", " = ", "name= ", ""])
def test_malformed_column_pairs(desk: Path, pair: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(desk / "standards.yaml"), str(desk / "calls.csv"), "--column", pair]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"svcstandards: error: --column takes NAME=COL, got {pair!r}\n")


def test_column_pairs_are_trimmed_and_the_column_may_hold_an_equals_sign() -> None:
    pairs = [" offered_at = call start ", "answered_at=a=b", "offered_at=call_start"]
    assert _column_mapping(pairs) == {"offered_at": "call_start", "answered_at": "a=b"}


# -- errors ---------------------------------------------------------------------------
def test_a_column_missing_from_the_data(desk: Path) -> None:
    write(desk / "typo.yaml", TYPO)
    result = run("evaluate", "typo.yaml", "calls.csv", cwd=desk)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "svcstandards: error: 1 problem with the data:\n"
        "  standard 'answered-1m': column 'answerd_at': not found in the data (Hint: did you mean 'answered_at'?)\n"
    )


def test_an_invalid_standards_file_exits_2_with_its_problems(desk: Path) -> None:
    # an input error like a missing file: 1 is kept for standards that fail
    write(desk / "bad.yaml", INVALID)
    result = run("evaluate", "bad.yaml", "calls.csv", cwd=desk)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "2 problems in the standards:",
        "  bad.yaml:8:13: standards[0].within: a bare number (60) is not a duration: it needs a unit (write 60s or 1m)",
        "  bad.yaml:9:12: standards[0].floor: a bare number above 1 (50) is not a share (write 50% or 0.5)",
    ]


@pytest.mark.parametrize("missing", ["nothere.csv", "nothere.jsonl", "nothere.parquet"])
def test_a_missing_data_file_is_a_usage_error(desk: Path, missing: str) -> None:
    result = run("evaluate", "standards.yaml", missing, cwd=desk)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"svcstandards: error: [Errno 2] No such file or directory: '{missing}'\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothere.yaml", "calls.csv"], "[Errno 2] No such file or directory: 'nothere.yaml'"),
        (["standards.yaml", "calls.csv", "--as-of", "soon"], "as_of must be a timestamp, got 'soon'"),
        (
            ["standards.yaml", "calls.csv", "--by", "tema"],
            "2 problems with the data:\n"
            "  standard 'answered-1m': column 'tema': not found in the data (Hint: did you mean 'team'?)\n"
            "  standard 'escalations': column 'tema': not found in the data (Hint: did you mean 'team'?)",
        ),
        (
            ["standards.yaml", "calls.csv", "--output", "no/such/dir/out.txt"],
            "[Errno 2] No such file or directory: 'no/such/dir/out.txt'",
        ),
    ],
)
def test_other_input_errors(
    desk: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(desk)
    assert main(["evaluate", *args]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"svcstandards: error: {message}\n")


def test_an_empty_as_of_is_a_usage_error(desk: Path) -> None:
    args = ["evaluate", str(desk / "standards.yaml"), str(desk / "calls.csv"), "--as-of", ""]
    assert main(args) == 2


# -- dataio ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("calls.csv", "csv"),
        ("calls.csv.gz", "csv"),
        ("CALLS.CSV", "csv"),
        ("calls.txt", "csv"),
        ("calls.jsonl", "jsonl"),
        ("calls.jsonl.gz", "jsonl"),
        ("calls.ndjson", "jsonl"),
        ("calls.json", "jsonl"),
        ("calls.parquet", "parquet"),
        ("calls.pq", "parquet"),
        ("exports/2026.03/calls.Parquet", "parquet"),
    ],
)
def test_data_format_by_file_ending(name: str, kind: str) -> None:
    assert dataio.data_format(name) == kind
    assert dataio.data_format(Path(name)) == kind


def _write_any(path: Path, rows: list[dict[str, Any]] = CALLS) -> Path:
    """Like write_data, and gzipped when the name ends in .gz."""
    if path.suffix == ".gz":
        import gzip

        inner = path.with_suffix("")
        text = jsonl_text(rows) if inner.suffix in (".jsonl", ".ndjson") else csv_text(rows)
        path.write_bytes(gzip.compress(text.encode("utf-8")))
        return path
    return write_data(path, rows)


FORMATS = ["calls.csv", "calls.csv.gz", "calls.jsonl", "calls.jsonl.gz", "calls.ndjson", "calls.parquet"]


@pytest.mark.parametrize("name", FORMATS)
def test_read_column_names(tmp_path: Path, name: str) -> None:
    assert dataio.read_column_names(_write_any(tmp_path / name)) == HEADER


@pytest.mark.parametrize("name", FORMATS)
def test_read_data(tmp_path: Path, name: str) -> None:
    data = dataio.read_data(_write_any(tmp_path / name))
    assert list(data.columns) == HEADER
    assert data["escalated"].tolist() == [False, False, True, False]
    assert data["team"].tolist() == ["a", "b", "a", "b"]
    offered = pd.to_datetime(data["offered_at"])  # strings stay strings, Parquet keeps datetime64
    assert offered.tolist() == [pd.Timestamp(row["offered_at"]) for row in CALLS]
    assert data["answered_at"].isna().tolist() == [False, False, False, True]


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(CALLS).encode("utf-8"))
    assert dataio.read_column_names(path) == HEADER
    assert list(dataio.read_data(path).columns) == HEADER


def test_a_header_only_csv_has_columns_and_no_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "calls.csv", ",".join(HEADER) + "\n")
    assert dataio.read_column_names(path) == HEADER
    data = dataio.read_data(path)
    assert (list(data.columns), len(data)) == (HEADER, 0)


def test_progress_is_reported_per_chunk_once_reading_takes_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_data(tmp_path / "calls.csv")
    lines: list[str] = []
    monkeypatch.setattr(dataio, "CHUNK_ROWS", 3)
    data = dataio.read_data(path, progress=lines.append, after_seconds=0)
    assert lines == ["read 3 rows of calls.csv (0 MB)", "read 4 rows of calls.csv (0 MB)", "read 4 rows from calls.csv"]
    # the chunks are put back together: the flag column is boolean in both
    assert (len(data), data.index.tolist()) == (4, [0, 1, 2, 3])
    assert data["escalated"].tolist() == [False, False, True, False]


@pytest.mark.parametrize("name", ["calls.csv", "calls.jsonl"])
def test_progress_mentions_the_row_count(tmp_path: Path, name: str) -> None:
    lines: list[str] = []
    dataio.read_data(write_data(tmp_path / name), progress=lines.append, after_seconds=0)
    assert lines == [f"read 4 rows of {name} (0 MB)", f"read 4 rows from {name}"]


def test_no_progress_for_a_quick_read(tmp_path: Path) -> None:
    lines: list[str] = []
    dataio.read_data(write_data(tmp_path / "calls.csv"), progress=lines.append)
    assert lines == []


@pytest.mark.parametrize("read", [dataio.read_data, dataio.read_column_names])
@pytest.mark.parametrize("name", ["nothere.csv", "nothere.jsonl", "nothere.parquet"])
def test_a_missing_file_raises_file_not_found(tmp_path: Path, read: Any, name: str) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        read(tmp_path / name)
    assert caught.value.errno == errno.ENOENT
    assert str(caught.value.filename) == str(tmp_path / name)


@pytest.mark.parametrize("index", [["x", "y"], [7, 8]], ids=["stored", "range"])
def test_a_named_parquet_index_is_a_column(tmp_path: Path, index: list[Any]) -> None:
    # pandas keeps a named index in the file (a RangeIndex only in its metadata)
    path = tmp_path / "calls.parquet"
    frame = pd.DataFrame({"call_id": index, "escalated": [True, False]}).set_index("call_id")
    frame.to_parquet(path)
    assert sorted(dataio.read_column_names(path)) == ["call_id", "escalated"]
    data = dataio.read_data(path)
    assert (list(data.columns), data["call_id"].tolist()) == (["call_id", "escalated"], index)


# -- files as platforms export them (tests/test_dataio.py has the details) ----------------
@pytest.mark.parametrize("sep", [";", "\t", "|"], ids=["semicolon", "tab", "pipe"])
def test_any_separator_scores_like_the_comma(desk: Path, sep: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(desk / "standards.yaml"), str(desk / "calls.csv"), "--format", "csv"]) == 0
    by_comma = capsys.readouterr().out
    write(desk / "export.csv", csv_text(CALLS).replace(",", sep))
    assert main(["evaluate", str(desk / "standards.yaml"), str(desk / "export.csv"), "--format", "csv"]) == 0
    assert capsys.readouterr() == (by_comma, "")


def test_an_export_that_is_not_utf8_is_a_data_error(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the same calls, with team "a" written "ä" in cp1252 (byte 0xE4): header 46 bytes, then 46 before it on line 2
    path = desk / "calls.csv"
    path.write_bytes(csv_text(CALLS).replace(",a,", ",ä,").encode("cp1252"))
    standards = str(desk / "standards.yaml")
    assert main(["evaluate", standards, str(path)]) == ExitCode.USAGE
    assert capsys.readouterr().err == (
        "svcstandards: error: 1 problem with the data:\n"
        f"  {path}: is not valid UTF-8: byte 0xE4 at offset 92 (line 2) cannot be decoded"
        " (Hint: a file saved by Excel or another Windows program is often in cp1252: pass its encoding,"
        " e.g. --encoding cp1252 (or --encoding latin-1))\n"
    )
    assert main(["evaluate", standards, str(path), "--encoding", "cp1252", "--by", "team", "--format", "csv"]) == 1
    # team "ä" (was "a") read as written; team b's only answerable call is missed, so answered-1m fails for it
    assert counts(parse_csv(capsys.readouterr().out), "standard", "team") == [
        ["answered-1m", "b", 1, 0, 1, 1, 0, 0, "fail", -1],
        ["answered-1m", "ä", 2, 2, 0, 0, 0, 0, "pass", 1],
        ["escalations", "b", 2, 0, 2, 0, 0, 0, "pass", 1],
        ["escalations", "ä", 2, 1, 1, 0, 0, 0, "warn", 0],
    ]


def test_a_ragged_export_is_a_data_error(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(desk / "calls.csv", csv_text(CALLS) + "2026-03-10T09:00:00,,False,a,phone,extra\n")
    assert main(["evaluate", str(desk / "standards.yaml"), str(path)]) == ExitCode.USAGE
    assert capsys.readouterr().err == (
        "svcstandards: error: 1 problem with the data:\n"
        f"  {path}: line 6 has 6 fields, but the header has 5 (separator ',')"
        " (Hint: quote the values that contain ',', or pass the separator the file uses with --sep)\n"
    )


def test_validate_columns_takes_sep(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # read with ';' the comma-separated header is one column: every column the file names is missing
    args = ["validate", str(desk / "standards.yaml"), "--columns", str(desk / "calls.csv")]
    assert main([*args, "--sep", ";"]) == 1
    missing = [line.split(": column ")[1].split(" ")[0] for line in capsys.readouterr().out.splitlines()]
    assert missing == ["'offered_at'", "'answered_at'", "'escalated'", "'offered_at'"]  # from, to, flag, time
    assert main(args) == 0


def test_a_sheet_for_a_csv_is_a_usage_error(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(desk / "standards.yaml"), str(desk / "calls.csv"), "--sheet", "Calls"]) == 2
    assert capsys.readouterr().err == (
        "svcstandards: error: a sheet (--sheet) applies to excel files only, not to csv files\n"
    )


def test_evaluate_an_excel_workbook(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("python_calamine", reason="needs the excel extra: pip install 'svcstandards[excel]'")
    # tests/fixtures/calls.xlsx, sheet Calls: 3 calls, answered after 12 s, not yet, after 60 s
    standards = write(
        desk / "sheet.yaml",
        "version: 1\nstandards:\n  - id: answered-30s\n    measure: {from: offered_at, to: answered_at}\n"
        "    within: 30s\n    floor: 50%\n",
    )
    workbook = Path(__file__).parent / "fixtures" / "calls.xlsx"
    assert main(["evaluate", str(standards), str(workbook), "--format", "csv"]) == 1  # 1 of 3 met: fails
    # as_of is the latest timestamp (09:08): the open call (09:05) is missed, being over 30 s old
    assert counts(parse_csv(capsys.readouterr().out), "standard") == [["answered-30s", 3, 1, 2, 0, 0, 0, "fail", -1]]
