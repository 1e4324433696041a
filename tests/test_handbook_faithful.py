"""The handbook says what is scored: each sentence checked against an evaluation of rows at its boundaries.

Every test reads a claim from the English description of a standard and
evaluates rows exactly at the limit, just under it and just over it, so that a
sentence that drifts from the scoring fails here.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate

T0 = pd.Timestamp("2026-03-02 09:00")  # a Monday
MS = pd.Timedelta(milliseconds=1)


def _calls(answered: list[pd.Timedelta | None], abandoned: list[pd.Timedelta | None]) -> pd.DataFrame:
    """Phone calls offered at T0, answered or abandoned after the given waits."""
    return pd.DataFrame(
        {
            "channel": "phone",
            "offered_at": T0,
            "answered_at": [None if a is None else T0 + a for a in answered],
            "abandoned_at": [None if a is None else T0 + a for a in abandoned],
            "abandoned": [a is not None for a in abandoned],
            "hold_seconds": 0.0,
        }
    ).astype({"answered_at": "datetime64[ns]", "abandoned_at": "datetime64[ns]"})


def _one(standard: str, head: str = "") -> svcstandards.StandardSet:
    return svcstandards.loads(f"version: 1\n{head}standards:\n" + textwrap.indent(textwrap.dedent(standard), "  "))


S = pd.Timedelta(seconds=1)


# -- the bundled contact-centre standard: within 20 s, abandons shorter than 5 s -------------------


def test_calls_answered_20s_says_within_20_seconds_and_an_answer_at_20_seconds_is_met() -> None:
    standards = svcstandards.load("standards/contact-centre.yaml")
    text = standards.describe("calls-answered-20s")
    assert "go from offered to answered within 20 seconds" in text
    data = _calls([20 * S - MS, 20 * S, 20 * S + MS], [None, None, None])
    report = evaluate(standards, data, as_of=T0 + pd.Timedelta(hours=1))
    assert report.outcomes("calls-answered-20s").tolist() == ["met", "met", "missed"]


def test_calls_answered_20s_says_abandons_shorter_than_5_seconds_and_one_at_5_seconds_counts() -> None:
    standards = svcstandards.load("standards/contact-centre.yaml")
    text = standards.describe("calls-answered-20s")
    assert "Every abandon counts as missed. Abandons shorter than 5 seconds are not counted at all." in text
    data = _calls([None, None, None], [5 * S - MS, 5 * S, 5 * S + MS])
    report = evaluate(standards, data, as_of=T0 + pd.Timedelta(hours=1))
    # under 5 s: left out; exactly 5 s and later: an abandon, missed
    assert report.outcomes("calls-answered-20s").tolist() == ["excluded", "missed", "missed"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("hr", "Odustajanja kraća od 5 sekundi"),
        ("pl", "Porzucenia krótsze niż 5 sekund"),
        ("ru", "быстрее чем за 5 секунд"),
        ("sl", "Prekinitve, krajše od 5 sekund"),
    ],
)
def test_short_abandons_are_shorter_than_the_threshold_in_every_language(lang: str, words: str) -> None:
    pytest.importorskip("babel")
    assert words in svcstandards.load("standards/contact-centre.yaml").describe("calls-answered-20s", lang=lang)


# -- count_as on a standard without an upper limit ----------------------------------------------------


@pytest.mark.parametrize("count_as", ["met_if_within", "excluded_if_within"])
def test_an_abandon_with_no_upper_limit_is_said_and_scored_missed(count_as: str) -> None:
    standards = _one(
        f"""\
        - id: long-enough
          measure: {{from: offered_at, to: answered_at, abandoned: abandoned_at}}
          at_least: 10s
          floor: 50%
          abandons: {{count_as: {count_as}}}
        """
    )
    text = standards.describe("long-enough")
    assert "take at least 10 seconds from offered to answered" in text
    assert "Every abandon counts as missed: the standard sets no time limit to be within." in text
    data = _calls([10 * S - MS, 10 * S, None, None], [None, None, 1 * S, 100 * S])
    report = evaluate(standards, data, as_of=T0 + pd.Timedelta(hours=1))
    # at least 10 s: 9.999 s missed, 10 s met; both abandons (1 s and 100 s) missed
    assert report.outcomes("long-enough").tolist() == ["missed", "met", "missed", "missed"]


def test_met_if_within_with_an_upper_limit_keeps_its_sentence_and_scoring() -> None:
    standards = _one(
        """\
        - id: answered
          measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
          within: 10s
          floor: 50%
          abandons: {count_as: met_if_within}
        """
    )
    assert "An abandon within 10 seconds counts as met, a later one as missed." in standards.describe("answered")
    data = _calls([None, None], [10 * S, 10 * S + MS])
    report = evaluate(standards, data, as_of=T0 + pd.Timedelta(hours=1))
    assert report.outcomes("answered").tolist() == ["met", "missed"]


# -- clock time and the period --------------------------------------------------------------------


def test_delivery_counts_round_the_clock_three_days_are_72_hours_over_a_weekend() -> None:
    standards = svcstandards.load("standards/delivery.yaml")
    text = standards.describe("delivered-3d")
    assert "within 3 days. Time counts round the clock, weekends and holidays included." in text
    shipped = pd.Timestamp("2026-12-24 12:00")  # Thursday before Christmas: holidays and a weekend follow
    data = pd.DataFrame(
        {
            "shipped_at": shipped,
            "delivered_at": [shipped + pd.Timedelta(hours=72), shipped + pd.Timedelta(hours=72) + MS],
        }
    )
    report = evaluate(standards, data, as_of=shipped + pd.Timedelta(days=10))
    assert report.outcomes("delivered-3d").tolist() == ["met", "missed"]


def test_the_period_is_placed_by_the_start_and_rows_without_it_are_not_counted() -> None:
    standards = _one(
        """\
        - id: daily
          measure: {from: offered_at, to: answered_at}
          within: 20s
          floor: 50%
          period: day
        """
    )
    text = standards.describe("daily")
    assert "An interaction belongs to the period of its offered time; one without it is not counted." in text
    late = pd.Timestamp("2026-03-02 23:59:50")  # offered on Monday, answered on Tuesday
    data = pd.DataFrame(
        {
            "offered_at": [late, pd.NaT],
            "answered_at": [late + pd.Timedelta(seconds=15), late + pd.Timedelta(seconds=15)],
        }
    )
    report = evaluate(standards, data, as_of=late + pd.Timedelta(hours=1))
    assert report.outcomes("daily").tolist() == ["met", "invalid"]
    # Monday holds the call answered on Tuesday; the row without offered_at is in no period's count
    results = report.to_frame()
    assert results["period"].tolist()[0] == pd.Timestamp("2026-03-02", tz="UTC")
    assert pd.isna(results["period"].tolist()[1])
    assert results[["n", "met", "invalid"]].values.tolist() == [[1, 1, 0], [0, 0, 1]]


# -- calendars ----------------------------------------------------------------------------------------

CALENDAR = """\
calendars:
  office:
    hours: {mon-fri: "08:00-16:00", sat: "09:00-12:00"}
    open: [2026-03-08]
"""


def test_a_calendar_without_holidays_works_them_and_an_open_date_has_the_normal_hours() -> None:
    standards = _one(
        """\
        - id: replies
          measure: {from: created_at, to: first_reply_at, calendar: office}
          within: 1h
          floor: 50%
        """,
        CALENDAR,
    )
    text = standards.describe("replies")
    assert "Public holidays are working days." in text
    assert "Also open on 8 March 2026, 08:00–16:00." in text
    sunday = pd.Timestamp("2026-03-08 15:00")  # the extra open date, a Sunday: open until 16:00
    data = pd.DataFrame(
        {
            "created_at": [sunday, sunday],
            # 1 h of open time: 15:00-16:00 on Sunday; just over it: Monday 08:00 and a millisecond
            "first_reply_at": [pd.Timestamp("2026-03-08 16:00"), pd.Timestamp("2026-03-09 08:00") + MS],
        }
    )
    report = evaluate(standards, data, as_of=pd.Timestamp("2026-03-10"))
    assert report.outcomes("replies").tolist() == ["met", "missed"]


# -- event logs: reply cycles, the last time solved, paused statuses -------------------------------------

EVENTS = """\
events:
  id: ticket
  time: at
  type: event
  status: status
  paused_statuses: [pending]
  statuses: [new, open, pending, solved]
"""


def _log(rows: list[tuple[int, str, str, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["ticket", "at", "event", "status"])
    frame["at"] = pd.to_datetime("2026-03-02 " + frame["at"])
    return frame


def test_a_reply_cycle_is_timed_from_the_oldest_unanswered_customer_message() -> None:
    standards = _one(
        """\
        - id: next-reply
          unit: reply
          measure: {from: customer_reply, to: agent_reply}
          within: 1h
          floor: 50%
        """,
        EVENTS,
    )
    text = standards.describe("next-reply")
    assert (
        "it is timed from the oldest customer message not yet replied to "
        "(several messages in a row form one cycle) to the reply." in text
    )
    log = _log(
        [
            (1, "09:00", "created", "new"),
            (1, "10:00", "customer_reply", "open"),
            (1, "10:30", "customer_reply", None),
            (1, "11:00", "agent_reply", None),  # 1 h after the oldest message: met
            (1, "12:00", "customer_reply", None),
            (1, "12:40", "customer_reply", None),
            (1, "13:01", "agent_reply", None),  # 1 h 1 min after 12:00 (21 min after 12:40): missed
        ]
    )
    report = evaluate(standards, log, as_of="2026-03-02 18:00")
    assert report.outcomes("next-reply").tolist() == ["met", "missed"]


def test_resolution_to_the_last_time_solved_and_the_paused_statuses_are_named() -> None:
    standards = _one(
        """\
        - id: resolved
          measure: {from: created_first_at, to: solved_last_at, pause: status}
          within: 3h
          floor: 50%
        - id: first-solved
          measure: {from: created_first_at, to: solved_first_at}
          within: 3h
          floor: 50%
        """,
        EVENTS,
    )
    text = standards.describe("resolved")
    assert "go from created to the last time solved within 3 hours" in text
    assert "Time in the status “pending” is not counted." in text
    assert "go from created to the first time solved within 3 hours" in standards.describe("first-solved")
    log = _log(
        [
            (1, "09:00", "created", "new"),
            (1, "10:00", "solved", "solved"),  # the first time solved: 1 h
            (1, "11:00", "reopened", "open"),
            (1, "11:30", "status_changed", "pending"),
            (1, "12:30", "status_changed", "open"),
            (1, "13:00", "solved", "solved"),  # the last time: 4 h, less 1 h pending = 3 h, at the limit
        ]
    )
    report = evaluate(standards, log, as_of="2026-03-02 18:00")
    assert report.outcomes("resolved").tolist() == ["met"]
    assert report.breaches("resolved", outcome="met")["measured"].tolist() == [pd.Timedelta(hours=3)]
    assert report.outcomes("first-solved").tolist() == ["met"]


@pytest.mark.parametrize(
    ("pause", "sentence"),
    [
        ("on_hold_seconds", "The time recorded in on hold seconds is not counted."),
        ("{from: hold_start_at, to: hold_end_at}", "The time from hold start to hold end is not counted."),
    ],
)
def test_pause_columns_are_named(pause: str, sentence: str) -> None:
    standards = _one(
        f"""\
        - id: handled
          measure: {{from: created_at, to: resolved_at, pause: {pause}}}
          within: 2h
          floor: 50%
        """
    )
    assert sentence in standards.describe("handled")


# -- the subject: interactions only where the rows are customer contacts ---------------------------------


@pytest.mark.parametrize(
    ("source", "standard", "start"),
    [
        ("delivery", "delivered-3d", "At least 95% of all items go from shipped to delivered within 3 days."),
        ("experience", "csat", "At least 85% of items with a CSAT score given have CSAT score of at least 4."),
        ("experience", "first-contact-resolution", "At least 70% of all interactions are resolved at the first"),
        ("contact-centre", "hold-time-60s", "At least 95% of phone calls spend at most 60 seconds on hold."),
    ],
)
def test_parcels_and_survey_answers_are_items_and_contacts_are_interactions(
    source: str, standard: str, start: str
) -> None:
    text = svcstandards.load(f"standards/{source}.yaml").describe(standard)
    assert text.startswith(start)
    assert "nteraction" not in text or "items" not in text


def test_items_still_open_are_said_of_parcels() -> None:
    text = svcstandards.load("standards/delivery.yaml").describe("delivered-3d")
    assert text.endswith("Items still open after the target time count as missed; until then they are pending.")
