"""Repeat contacts on every engine: the same counts as the pandas engine's, computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from engine_cases import ENGINES, counts, expect, load, on, table
from svcstandards import evaluate
from svcstandards.errors import DataError

STANDARDS = """
    version: 1
    timezone: Europe/Ljubljana
    standards:
      - id: repeat
        measure: {repeat_contact: {customer: customer, within: 7d, topic: topic, time: created_at}}
        where: {channel: phone}
        ceiling: 20%
        period: day
    """


def _contacts() -> pd.DataFrame:
    # wall clocks in Ljubljana; the clocks go forward on 2026-03-29 at 02:00 (a 23-hour day)
    rows = [
        ("2026-03-28 10:00", "a", "x", "phone"),  # 0: then 1: 7 d 0.5 h on the clock, 6 d 23.5 h elapsed -> met
        ("2026-04-04 10:30", "a", "x", "phone"),  # 1: at the same instant as 2 -> a gap of 0: met
        ("2026-04-04 10:30", "a", "x", "phone"),  # 2: then 3, a day later -> met
        ("2026-04-05 10:30", "a", "x", "phone"),  # 3: nothing after; 25.5 h before as_of -> pending
        ("2026-03-28 11:00", None, "x", "phone"),  # 4: no customer -> invalid
        ("2026-03-30 09:00", "b", None, "phone"),  # 5: b without topic; 7 is out of scope -> missed (7 d 3 h)
        ("2026-03-30 09:00", "b", "y", "phone"),  # 6: another topic than 5 -> missed
        ("2026-03-30 12:00", "b", None, "email"),  # 7: out of scope, and no next contact of 5
        ("2026-03-31 09:00", "a", "y", "phone"),  # 8: a/y: nothing after; 6 d 3 h before as_of -> pending
        (None, "c", "x", "phone"),  # 9: no time -> invalid, in no period
    ]
    frame = pd.DataFrame(rows, columns=["created_at", "customer", "topic", "channel"])
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    return frame


@pytest.mark.parametrize("engine", ENGINES)
def test_repeat_contacts_within_7_days_by_day_across_the_clock_change(engine: str) -> None:
    found = table(engine, load(STANDARDS), _contacts(), as_of=pd.Timestamp("2026-04-06 12:00", tz="Europe/Ljubljana"))
    assert [str(p)[:10] for p in found["period"]] == [
        "2026-03-28",
        "2026-03-30",
        "2026-03-31",
        "2026-04-04",
        "2026-04-05",
        "NaT",
    ]
    assert counts(found, "repeat") == [
        expect(1, 1, 0, invalid=1),  # 0 met, 4 invalid
        expect(2, 0, 2),  # 5 and 6 (7 out of scope)
        expect(0, 0, 0, pending=1),  # 8
        expect(2, 2, 0),  # 1 and 2
        expect(0, 0, 0, pending=1),  # 3
        expect(0, 0, 0, invalid=1),  # 9
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_without_as_of_the_latest_contact_judges_and_open_windows_are_missed_without_any(engine: str) -> None:
    data = _contacts()
    # the default as_of is the latest created_at, 2026-04-05 10:30: 8 (5 d 1.5 h before) is still pending,
    # 5 and 6 (6 d 1.5 h) too, 3 (0 h) too
    found = table(engine, load(STANDARDS), data)
    assert counts(found, "repeat") == [
        expect(1, 1, 0, invalid=1),
        expect(0, 0, 0, pending=2),
        expect(0, 0, 0, pending=1),
        expect(2, 2, 0),
        expect(0, 0, 0, pending=1),
        expect(0, 0, 0, invalid=1),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_without_a_topic_any_next_contact_of_the_customer_counts(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: repeat, measure: {repeat_contact: {customer: customer, within: 1d, time: created_at}}, ceiling: 20%}
        """
    )
    # a: 10:00, 10:00 (a tie: the first has a gap of 0), the next day 09:59 (23 h 59 m after the second: met),
    # then 4 days later; b: a single contact
    data = pd.DataFrame(
        {
            "created_at": pd.to_datetime(
                ["2026-03-02 10:00", "2026-03-02 10:00", "2026-03-03 09:59", "2026-03-07 10:00", "2026-03-03 10:00"]
            ),
            "customer": ["a", "a", "a", "a", "b"],
        }
    )
    found = table(engine, standards, data, as_of=pd.Timestamp("2026-03-20"))
    # a: met, met, missed (4 days to the next), missed (none, its window closed at as_of); b: missed
    # -> 2 of 5 met
    assert counts(found, "repeat") == [expect(5, 2, 3)]
    assert found["status"].tolist() == ["fail"]  # 2 / 5 = 40% met, over the 20% ceiling


@pytest.mark.parametrize("engine", ENGINES)
def test_a_repeat_contact_without_a_time_column_is_named(engine: str) -> None:
    standards = load(
        """
        version: 1
        standards:
          - {id: repeat, measure: {repeat_contact: {customer: customer, within: 1d}}, ceiling: 20%}
        """
    )
    data = pd.DataFrame({"created_at": pd.to_datetime(["2026-03-02 10:00"]), "customer": ["a"]})
    with pytest.raises(DataError) as caught:
        evaluate(standards, on(engine, data))
    assert [(p.standard, p.column, p.code) for p in caught.value.problems] == [("repeat", "", "repeat_time")]
