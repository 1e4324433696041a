"""The table of bad inputs in ``docs/bad-inputs.md`` is true: each row is tried here.

The page's table has an ``id`` per row and says what that input gets; this
test runs every row's input and compares what it actually gets with the
cell, so the page cannot go stale. A row without a case here (or a case
without a row) fails too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards.cli import main

PAGE = Path(__file__).resolve().parent.parent / "docs" / "bad-inputs.md"
ROW = re.compile(r"^\| `(?P<id>[a-z0-9-]+)` \|.*\| (?P<gets>[^|]+) \|$")

CALL = """\
version: 1
standards:
  - id: answered-20s
    where: {channel: phone}
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 80%
"""


def calls(**columns: object) -> pd.DataFrame:
    """Two phone calls, one answered in 10 s, one in 30 s."""
    base: dict[str, object] = {
        "channel": ["phone", "phone"],
        "priority": [1, 2],
        "offered_at": pd.to_datetime(["2026-03-02 09:00:00", "2026-03-02 09:05:00"]),
        "answered_at": pd.to_datetime(["2026-03-02 09:00:10", "2026-03-02 09:05:30"]),
    }
    return pd.DataFrame(base | columns)


def standards(text: str) -> str:
    """What loading a file gets: the first problem's code, a warning's code, or 'loads'."""
    try:
        loaded = svcstandards.loads(text)
    except svcstandards.StandardsError as exc:
        return f"StandardsError `{exc.problems[0].code}`"
    if loaded.warnings:
        return f"warning `{loaded.warnings[0].code}`"
    return "loads"


def scored(text: str, data: pd.DataFrame, **options: object) -> str:
    """What evaluating gets: a DataError's first code, a warning's code, or the verdict."""
    before = data.copy()
    try:
        report = svcstandards.evaluate(svcstandards.loads(text), data, **options)  # type: ignore[arg-type]
    except svcstandards.DataError as exc:
        got = f"DataError `{exc.problems[0].code}`"
    else:
        parts = [f"warning `{report.problems[0].code}`"] if report.problems else []
        parts.append("nothing scored: `passed` is false" if report.scored_nothing else "scored")
        got = "; ".join(parts)
    pd.testing.assert_frame_equal(data, before)  # never modified
    return got


def exit_code(tmp_path: Path, standards_text: str, csv_text: str, *extra: str) -> str:
    (tmp_path / "s.yaml").write_text(standards_text, encoding="utf-8")
    (tmp_path / "d.csv").write_text(csv_text, encoding="utf-8")
    return f"exit {main(['evaluate', str(tmp_path / 's.yaml'), str(tmp_path / 'd.csv'), *extra])}"


CASES: dict[str, Callable[[Path], str]] = {
    # -- standards files
    "bare-number": lambda _: standards(CALL.replace("within: 20s", "within: 20")),
    "unknown-key": lambda _: standards(CALL.replace("floor:", "flor:")),
    "tab": lambda _: standards(CALL.replace("    within", "\twithin")),
    "python-tag": lambda _: standards(CALL + "name: !!python/object/apply:os.system [echo]\n"),
    "alias-bomb": lambda _: standards(
        'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6))
    ),
    "bad-date": lambda _: standards(
        CALL.replace(
            "standards:",
            "calendars:\n  office:\n    hours: {mon-fri: '08:00-16:00'}\n"
            "    holidays: {dates: [2026-02-30]}\nstandards:",
        )
    ),
    "absurd-limit": lambda _: standards(CALL.replace("within: 20s", "within: 99999999999999999999w")),
    "never-fails": lambda _: standards(CALL.replace("floor: 80%", "ceiling: 1")),
    "floor-zero": lambda _: standards(CALL.replace("floor: 80%", "floor: 0%")),
    # -- data
    "where-case": lambda _: scored(CALL.replace("channel: phone", "channel: Phone"), calls()),
    "where-type": lambda _: scored(CALL.replace("channel: phone", 'priority: "2"'), calls()),
    "where-unseen": lambda _: scored(CALL.replace("{channel: phone}", "{channel: [phone, fax]}"), calls()),
    "no-rows": lambda _: scored(CALL, calls().iloc[:0]),
    "out-of-scope": lambda _: scored(CALL.replace("channel: phone", "channel: [chat]"), calls(channel=["email"] * 2)),
    "column-missing": lambda _: scored(CALL, calls().drop(columns="answered_at")),
    "duplicate-column": lambda _: scored(CALL, pd.concat([calls(), calls()[["answered_at"]]], axis=1)),
    "bad-timestamps": lambda _: scored(CALL, calls(answered_at=["2026-03-02 09:00:10", "yesterday"])),
    "year-2300": lambda _: scored(CALL, calls(answered_at=["2026-03-02 09:00:10", "2300-01-01 00:00:00"])),
    "datetime-us": lambda _: scored(
        CALL, calls(answered_at=np.array(["2026-03-02T09:00:10", "2300-01-01"], dtype="datetime64[us]"))
    ),
    "as-of-range": lambda _: scored(CALL, calls(), as_of="2300-01-01"),
    "unhashable-group": lambda _: scored(
        CALL.replace("floor: 80%", "floor: 80%\n    by: [tags]"), calls(tags=[["a"], ["b"]])
    ),
    "mixed-zones": lambda _: scored(
        CALL, calls(answered_at=pd.to_datetime(["2026-03-02 09:00:10", "2026-03-02 09:05:30"]).tz_localize("UTC"))
    ),
    # -- the command line
    "cli-header-only": lambda tmp: exit_code(tmp, CALL, "channel,offered_at,answered_at\n"),
    "cli-header-only-allowed": lambda tmp: exit_code(tmp, CALL, "channel,offered_at,answered_at\n", "--allow-no-data"),
    "cli-invalid-file": lambda tmp: exit_code(tmp, CALL.replace("20s", "20"), "channel\nphone\n"),
}


def table() -> dict[str, str]:
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match["id"]] = match["gets"].strip()
    return rows


def test_every_row_has_a_case_and_every_case_a_row() -> None:
    assert sorted(table()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_page_says_what_the_input_gets(case: str, tmp_path: Path) -> None:
    assert CASES[case](tmp_path) == table()[case]
