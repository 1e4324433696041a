"""Event logs on Spark: the events' order as read is the order of the DataFrame's partitions.

Events of one interaction with the same time keep the order they are read
in: on Spark the order of the partitions, and of the rows within each
(``monotonically_increasing_id``). Each log here is two Spark DataFrames
put one after the other (``union`` keeps the partitions of the first, then
those of the second), so the ties straddle partitions; each result equals
the pandas engine's on the same rows in the same order. The other event-log
cases run on Spark with the other engines (tests/test_engines_events*.py).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from engine_cases import SPARK, counts, expect, load, on
from svcstandards import DataError, evaluate
from test_engines_events import REPLIES

pytestmark = list(SPARK.marks)

T0 = pd.Timestamp("2026-03-02 09:00")  # a Monday


def log(rows: list[tuple[str, float, str]]) -> pd.DataFrame:
    """Events as (ticket, minutes after T0, event)."""
    frame = pd.DataFrame(rows, columns=["ticket", "minutes", "event"])
    frame.insert(1, "at", T0 + pd.to_timedelta(frame.pop("minutes"), unit="min"))
    return frame


# two parts of a log (two files, say), each in two partitions of the local session (local[2])
FIRST = log([("G", 0, "created"), ("G", 10, "customer_reply")])
SECOND = log([("G", 10, "agent_reply"), ("H", 10, "agent_reply"), ("H", 10, "customer_reply"), ("H", 0, "created")])


def in_order(*parts: pd.DataFrame) -> tuple[Any, pd.DataFrame]:
    """The parts as one Spark DataFrame (their partitions in order) and as one pandas DataFrame."""
    frames = [on("spark", part) for part in parts]
    union = frames[0]
    for frame in frames[1:]:
        union = union.union(frame)
    return union, pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("first_part_first", [True, False])
def test_events_at_the_same_time_keep_the_order_of_the_partitions(first_part_first: bool) -> None:
    parts = (FIRST, SECOND) if first_part_first else (SECOND, FIRST)
    spark, pandas = in_order(*parts)
    assert spark.rdd.getNumPartitions() == 4  # two per part: G's tie and H's each straddle two partitions
    as_of = T0 + pd.Timedelta(minutes=40)
    report = evaluate(load(REPLIES), spark, as_of=as_of)
    found = report.to_frame()
    pd.testing.assert_frame_equal(found, evaluate(load(REPLIES), pandas, as_of=as_of).to_frame())
    if first_part_first:
        # G: the message (last of the first part) before the reply (first of the second) at 09:10: answered
        # in 0 s, met; H: the reply before the message at 09:10: the message waits, 30 min old at 09:40: pending
        assert counts(found, "next-reply-1h") == [expect(1, 1, 0, pending=1)]
    else:
        # G's reply is read before its message now: both messages wait, pending
        assert counts(found, "next-reply-1h") == [expect(0, 0, 0, pending=2)]


def test_an_event_without_a_time_names_its_row_counted_across_the_partitions() -> None:
    second = SECOND.copy()
    second.loc[1, "at"] = pd.NaT
    spark, _ = in_order(FIRST, second)
    with pytest.raises(DataError) as caught:
        evaluate(load(REPLIES), spark).counts()
    (problem,) = caught.value.problems
    # the first part's two rows are 0 and 1, the second part's 2 to 5: its second row is row 3 (the
    # numbers that tell events apart on Spark have gaps between partitions; the message's do not)
    assert (problem.column, problem.code, problem.message) == (
        "at",
        "event_incomplete",
        "1 events without a time (rows 3)",
    )
