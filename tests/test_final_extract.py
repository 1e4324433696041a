"""A final extract (``data: {final: true}``): an interaction whose measure has no end is invalid, ``no_end``.

The same five calls are scored as an open extract and as a final one; times
are naive wall-clock times in UTC, and ``as_of`` is 09:05:00.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate
from svcstandards.cli import main

AS_OF = "2026-03-02 09:05:00"

FILE = """\
version: 1
standards:
  - id: answered-20s
    measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
    within: 20s
    floor: 80%
  - id: mean-answer
    measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
    mean: {at_most: 30s}
"""


def calls() -> pd.DataFrame:
    times = {
        "offered_at": ["09:00:00", "09:01:00", "09:02:00", "09:04:50", "09:03:00"],
        "answered_at": ["09:00:10", "09:01:40", None, None, None],
        "abandoned_at": [None, None, "09:02:05", None, None],
    }
    return pd.DataFrame({k: pd.to_datetime([f"2026-03-02 {t}" if t else None for t in v]) for k, v in times.items()})


# row 1: answered in 10 s -> met
# row 2: answered in 40 s -> missed
# row 3: abandoned after 5 s -> missed (every abandon counts as missed), in both extracts
# row 4: open, 10 s at as_of -> pending; in a final extract invalid
# row 5: open, 120 s at as_of -> missed (over the target); in a final extract invalid
OPEN_OUTCOMES = ["met", "missed", "missed", "pending", "missed"]
FINAL_OUTCOMES = ["met", "missed", "missed", "invalid", "invalid"]


def test_an_open_extract_keeps_open_calls_pending_or_missed() -> None:
    report = evaluate(svcstandards.loads(FILE), calls(), as_of=AS_OF)
    assert list(report.outcomes("answered-20s")) == OPEN_OUTCOMES
    row = report.to_frame().iloc[0]
    assert (row["n"], row["met"], row["missed"], row["pending"], row["invalid"]) == (4, 1, 3, 1, 0)
    assert report.problems == ()


def test_a_final_extract_makes_calls_without_an_end_invalid() -> None:
    report = evaluate(svcstandards.loads(FILE + "data: {final: true}\n"), calls(), as_of=AS_OF)
    assert list(report.outcomes("answered-20s")) == FINAL_OUTCOMES
    row = report.to_frame().iloc[0]
    # 1 met of 3 decided (the abandon stays missed): 33.3%
    assert (row["n"], row["met"], row["missed"], row["pending"], row["invalid"]) == (3, 1, 2, 0, 2)
    assert row["share"] == pytest.approx(1 / 3)


def test_final_true_as_an_argument_is_the_same_as_in_the_file() -> None:
    report = evaluate(svcstandards.loads(FILE), calls(), as_of=AS_OF, final=True)
    assert list(report.outcomes("answered-20s")) == FINAL_OUTCOMES


def test_final_false_as_an_argument_overrides_the_file() -> None:
    report = evaluate(svcstandards.loads(FILE + "data: {final: true}\n"), calls(), as_of=AS_OF, final=False)
    assert list(report.outcomes("answered-20s")) == OPEN_OUTCOMES


def test_final_must_be_a_boolean() -> None:
    with pytest.raises(svcstandards.UsageError, match=r"final must be True, False or None .* got 'yes'"):
        evaluate(svcstandards.loads(FILE), calls(), final="yes")  # type: ignore[arg-type]


def test_a_statistic_leaves_open_calls_pending_or_invalid() -> None:
    # the abandon is excluded (no value to average); the two open calls are pending, or invalid when final
    open_ = evaluate(svcstandards.loads(FILE), calls(), as_of=AS_OF)
    assert list(open_.outcomes("mean-answer")) == ["met", "missed", "excluded", "pending", "pending"]
    final = evaluate(svcstandards.loads(FILE), calls(), as_of=AS_OF, final=True)
    assert list(final.outcomes("mean-answer")) == ["met", "missed", "excluded", "invalid", "invalid"]
    row = final.to_frame().iloc[1]
    assert (row["n"], row["invalid"], row["value"]) == (2, 2, 25.0)  # (10 s + 40 s) / 2


def test_each_standard_with_rows_without_an_end_gets_one_no_end_warning() -> None:
    report = evaluate(svcstandards.loads(FILE), calls(), as_of=AS_OF, final=True)
    assert [(p.standard, p.column, p.code) for p in report.problems] == [
        ("answered-20s", "answered_at", "no_end"),
        ("mean-answer", "answered_at", "no_end"),
    ]
    assert report.problems[0].message == (
        "2 rows have no answered_at and no abandoned_at in a final extract and count as invalid (no_end)"
    )


def test_a_standard_with_only_rows_without_an_end_names_the_reason() -> None:
    only_open = calls().iloc[3:]
    report = evaluate(svcstandards.loads(FILE), only_open, as_of=AS_OF, final=True)
    assert (
        report.unscored["answered-20s"] == "every row invalid (2 rows without answered_at in a final extract (no_end))"
    )


def test_the_plan_names_the_rule() -> None:
    (plan, _) = svcstandards.plan.compile_plans(svcstandards.loads(FILE), final=True)
    assert plan.final is True
    assert plan.rules[-1].outcome == "invalid"
    assert plan.rules[-1].why == "no_end: no answered_at in a final extract"


# -- event logs -----------------------------------------------------------------------

EVENTS = """\
version: 1
events: {id: ticket_id, time: at, type: event}
standards:
  - id: first-reply-1h
    measure: {from: created_first_at, to: agent_reply_first_at}
    within: 1h
    floor: 80%
"""


def tickets() -> pd.DataFrame:
    rows = [
        (1, "2026-03-02 09:00", "created"),
        (1, "2026-03-02 09:30", "agent_reply"),  # replied in 30 min: met
        (2, "2026-03-02 09:00", "created"),
        (2, "2026-03-02 11:00", "agent_reply"),  # replied in 2 h: missed
        (3, "2026-03-02 11:30", "created"),  # no reply, 30 min at as_of 12:00: pending
        (4, "2026-03-02 10:00", "created"),  # no reply, 2 h at as_of: missed
    ]
    log = pd.DataFrame(rows, columns=["ticket_id", "at", "event"])
    log["at"] = pd.to_datetime(log["at"])
    return log


def test_an_event_log_without_a_reply_is_invalid_in_a_final_extract() -> None:
    standards = svcstandards.loads(EVENTS)
    open_ = evaluate(standards, tickets(), as_of="2026-03-02 12:00")
    assert list(open_.outcomes("first-reply-1h")) == ["met", "missed", "pending", "missed"]
    final = evaluate(standards, tickets(), as_of="2026-03-02 12:00", final=True)
    assert list(final.outcomes("first-reply-1h")) == ["met", "missed", "invalid", "invalid"]
    row = final.to_frame().iloc[0]
    assert (row["n"], row["met"], row["missed"], row["invalid"]) == (2, 1, 1, 2)
    assert [p.message for p in final.problems] == [
        "2 rows have no agent_reply_first_at in a final extract and count as invalid (no_end)"
    ]


# -- the command line -------------------------------------------------------------------


def test_evaluate_final_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "standards.yaml").write_text(FILE, encoding="utf-8")
    calls().to_csv(tmp_path / "calls.csv", index=False)
    args = [str(tmp_path / "standards.yaml"), str(tmp_path / "calls.csv"), "--as-of", AS_OF, "--format", "csv"]
    main(["evaluate", *args])
    open_ = pd.read_csv(io.StringIO(capsys.readouterr().out))
    main(["evaluate", *args, "--final"])
    out, err = capsys.readouterr()
    final = pd.read_csv(io.StringIO(out))
    assert open_[["n", "pending", "invalid"]].iloc[0].tolist() == [4, 1, 0]
    assert final[["n", "pending", "invalid"]].iloc[0].tolist() == [3, 0, 2]
    assert "svcstandards: warning: standard 'answered-20s': column 'answered_at': 2 rows have no answered_at" in err


def test_no_final_on_the_command_line_overrides_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "standards.yaml").write_text(FILE + "data: {final: true}\n", encoding="utf-8")
    calls().to_csv(tmp_path / "calls.csv", index=False)
    args = [str(tmp_path / "standards.yaml"), str(tmp_path / "calls.csv"), "--as-of", AS_OF, "--format", "csv"]
    main(["evaluate", *args, "--no-final"])
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table[["n", "pending", "invalid"]].iloc[0].tolist() == [4, 1, 0]
