"""Open items and those about to breach: deadline, time left, share of the limit used, running pauses.

The worked example: e-mails answered within 8 open hours on a Monday-Friday
08:00-16:00 calendar in Europe/Ljubljana (UTC+1 in March before the 29th),
judged at Tuesday 2026-03-03 15:00 local time.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import svcstandards
from svcstandards import evaluate
from svcstandards.cli import main
from svcstandards.errors import InvalidArgumentError

STANDARDS = textwrap.dedent(
    """
    version: 1
    timezone: Europe/Ljubljana
    calendars:
      office: {hours: {mon-fri: "08:00-16:00"}}
    standards:
      - id: reply-8h
        measure: {from: created_at, to: replied_at, calendar: office, pause: {from: hold_from, to: hold_to}}
        within: 8h
        floor: 90%
    """
)
AS_OF = "2026-03-03 15:00"  # Tuesday, local time


def _tickets() -> pd.DataFrame:
    t = pd.Timestamp
    return pd.DataFrame(
        {
            "ticket": ["T1", "T2", "T3", "T4", "T5"],
            "created_at": [t("2026-03-02 09:00"), t("2026-03-03 09:00"), t("2026-03-03 14:30"),
                           t("2026-03-02 15:00"), t("2026-03-03 10:00")],
            "replied_at": [pd.NaT, pd.NaT, pd.NaT, t("2026-03-02 15:30"), pd.NaT],
            "hold_from": [pd.NaT, pd.NaT, pd.NaT, pd.NaT, t("2026-03-03 11:00")],
            "hold_to": [pd.NaT] * 5,
        }
    )  # fmt: skip


def _report(as_of: str = AS_OF) -> svcstandards.Report:
    return evaluate(svcstandards.loads(STANDARDS), _tickets(), as_of=as_of)


def test_open_items_have_a_deadline_time_left_and_the_share_used() -> None:
    report = _report()
    # T1: Mon 09-16 (7 h) + Tue 08-15 (7 h) = 14 h > 8 h: missed, not open; T4 replied in 30 min: met
    assert report.to_frame()[["n", "met", "missed", "pending"]].to_dict("records") == [
        {"n": 2, "met": 1, "missed": 1, "pending": 3}
    ]
    items = report.open_items()
    assert items["ticket"].tolist() == ["T2", "T3", "T5"]
    # T2: Tue 09-15 = 6 h used, 2 h left: Tue 15-16 and Wed 08-09 local, deadline Wed 09:00 (08:00 UTC)
    # T3: Tue 14:30-15:00 = 30 min used, 7 h 30 min left: Tue 15-16 and Wed 08:00-14:30, deadline Wed 14:30
    # T5: on hold since Tue 11:00 and not back: paused, no deadline yet; 5 h counted (Tue 10-15) = 62.5%
    assert items["deadline"].tolist()[:2] == [
        pd.Timestamp("2026-03-04 09:00", tz="Europe/Ljubljana"),
        pd.Timestamp("2026-03-04 14:30", tz="Europe/Ljubljana"),
    ]
    assert pd.isna(items["deadline"].iloc[2])
    assert items["time_left"].tolist()[:2] == [pd.Timedelta(hours=2), pd.Timedelta(hours=7, minutes=30)]
    assert pd.isna(items["time_left"].iloc[2])
    assert items["elapsed"].tolist() == [0.75, 0.0625, 0.625]
    assert items["paused"].tolist() == [False, False, True]
    assert items["standard"].tolist() == ["reply-8h"] * 3


def test_at_risk_within_a_time_left_or_past_a_share_used() -> None:
    report = _report()
    assert report.at_risk(within="2h")["ticket"].tolist() == ["T2"]  # 2 h left is within 2 h
    assert report.at_risk(within="1h59m")["ticket"].tolist() == []
    assert report.at_risk(elapsed="75%")["ticket"].tolist() == ["T2"]
    assert report.at_risk(elapsed=0.6)["ticket"].tolist() == ["T2", "T5"]  # a paused item by its share only
    assert report.at_risk(within="8h", elapsed="60%")["ticket"].tolist() == ["T2", "T3", "T5"]
    with pytest.raises(InvalidArgumentError, match="at_risk needs within="):
        report.at_risk()
    with pytest.raises(InvalidArgumentError, match="within must be a duration such as '1h'"):
        report.at_risk(within="soon")
    with pytest.raises(InvalidArgumentError, match="elapsed must be a share such as '75%'"):
        report.at_risk(elapsed="most")


def test_the_command_lists_items_at_risk_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    standards = tmp_path / "standards.yaml"
    standards.write_text(STANDARDS)
    data = tmp_path / "tickets.parquet"
    _tickets().to_parquet(data)
    argv = ["at-risk", str(standards), str(data), "--as-of", "2026-03-03T15:00:00+01:00"]
    assert main([*argv, "--within", "2h"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "1 open item at risk (2h or less left) at 2026-03-03 15:00 Europe/Ljubljana:"
    assert "T2" in out
    assert "2h 00m 00s" in out
    assert "75%" in out
    assert "T3" not in out
    assert main([*argv, "--within", "1h", "--format", "json"]) == 0
    document = __import__("json").loads(capsys.readouterr().out)
    assert document["at_risk"] == []
    assert document["open_items"] == 3


@settings(max_examples=60, deadline=None)
@given(
    start_minutes=st.integers(min_value=0, max_value=7 * 24 * 60),
    first=st.integers(min_value=0, max_value=3 * 24 * 60),
    later=st.integers(min_value=1, max_value=3 * 24 * 60),
)
def test_time_left_is_the_limit_less_the_business_time_and_never_grows(
    start_minutes: int, first: int, later: int
) -> None:
    standards = svcstandards.loads(STANDARDS)
    created = pd.Timestamp("2026-03-02 00:00") + pd.Timedelta(minutes=start_minutes)
    data = pd.DataFrame({"created_at": [created], "replied_at": [pd.NaT], "hold_from": [pd.NaT], "hold_to": [pd.NaT]})
    office = standards.calendars["office"]
    lefts = []
    for minutes in (first, first + later):
        as_of = created + pd.Timedelta(minutes=minutes)
        items = evaluate(standards, data, as_of=as_of).open_items()
        used = svcstandards.business_seconds(created, as_of, office, timezone=standards.timezone)
        if items.empty:  # past its limit: missed, no longer open
            assert used > 8 * 3600
            lefts.append(-np.inf)
            continue
        left = items["time_left"].iloc[0].total_seconds()
        assert left == pytest.approx(8 * 3600 - used, abs=1e-6)
        lefts.append(left)
    assert lefts[1] <= lefts[0]


ALERTING = STANDARDS + "    alert_at: [50%, 75%]\n"


def test_alert_at_flags_items_by_the_share_of_their_time_used() -> None:
    report = evaluate(svcstandards.loads(ALERTING), _tickets(), as_of=AS_OF)
    items = report.open_items()
    # T2 used 75% (reached 75%), T3 6.25% (none), T5 62.5% (reached 50%)
    assert items[["ticket", "alert"]].to_dict("records") == [
        {"ticket": "T2", "alert": "75%"},
        {"ticket": "T3", "alert": ""},
        {"ticket": "T5", "alert": "50%"},
    ]
    assert report.at_risk()["ticket"].tolist() == ["T2", "T5"]  # no threshold given: the first alert_at share
    assert report.to_dict()["standards"][0]["alerts"] == {"50%": 2, "75%": 1}
    assert "alerts" not in _report().to_dict()["standards"][0]  # a standard without alert_at has none
    assert "An open interaction is flagged when it has used 50% and 75% of its time." in " ".join(
        report.standard_set.handbook().split()
    )


def test_at_risk_without_a_threshold_needs_alert_at() -> None:
    with pytest.raises(InvalidArgumentError, match="or standards with alert_at"):
        _report().at_risk()


@pytest.mark.parametrize(
    ("line", "messages"),
    [
        (
            "    alert_at: [75%, 50%]\n",
            ["<string>:11:21: standards[0].alert_at[1]: alert_at 50% does not come after 75%"],
        ),
        (
            "    alert_at: [0%, 100%]\n",
            [
                "<string>:11:16: standards[0].alert_at[0]: alert_at 0% must be above 0% and below 100%",
                "<string>:11:20: standards[0].alert_at[1]: alert_at 100% must be above 0% and below 100%",
            ],
        ),
    ],
)
def test_alert_at_shares_rise_between_0_and_100_percent(line: str, messages: list[str]) -> None:
    with pytest.raises(svcstandards.StandardsError) as caught:
        svcstandards.loads(STANDARDS + line)
    found = [str(problem).split(" (")[0] for problem in caught.value.problems]
    assert found == messages


def test_alert_at_needs_a_time_limit() -> None:
    text = "version: 1\nstandards:\n  - {id: abandons, measure: {flag: abandoned}, ceiling: 5%, alert_at: [50%]}\n"
    with pytest.raises(svcstandards.StandardsError) as caught:
        svcstandards.loads(text)
    assert [p.code for p in caught.value.problems] == ["alert_at_no_limit"]
    assert str(caught.value.problems[0]).startswith("<string>:3:61: standards[0].alert_at: alert_at flags an open")
