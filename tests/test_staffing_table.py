"""staffing(): a forecast of intervals to agents per interval, queue and standard; the staff command."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import svcstandards
from svcstandards.cli import main
from svcstandards.errors import DataError, InvalidArgumentError
from svcstandards.staffing import staffable, staffing

STANDARDS = svcstandards.loads("""
version: 1
measures:
  time_to_answer: {from: offered_at, to: answered_at, abandoned: abandoned_at}
standards:
  - {id: sl-80-20, measure: time_to_answer, within: 20s, floor: 80%}
  - {id: sl-90-60, measure: time_to_answer, within: 1m, floor: 90%}
  - {id: abandons, measure: {flag: abandoned}, ceiling: 5%}
""")


def forecast() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start": ["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-02 09:00", "2026-03-02 09:30"],
            "queue": ["sales", "sales", "support", "support"],
            "calls": [100, 0, 40, 250],
            "aht": ["3m", "3m", 180, "180s"],
        }
    )


def test_agents_per_interval_queue_and_standard() -> None:
    data = forecast()
    before = data.copy()
    table = staffing(STANDARDS, data)
    pd.testing.assert_frame_equal(data, before)  # the forecast is not changed
    assert [s.id for s in staffable(STANDARDS)] == ["sl-80-20", "sl-90-60"]
    assert list(table.columns) == [
        "start",
        "queue",
        "standard",
        "calls",
        "aht",
        "traffic",
        "agents",
        "service_level",
        "occupancy",
        "asa",
    ]
    # forecast order, each interval's standards together
    assert table["queue"].tolist() == ["sales"] * 4 + ["support"] * 4
    assert table["standard"].tolist() == ["sl-80-20", "sl-90-60"] * 4
    # 100 calls of 3 minutes in 30 minutes = 10 Erlangs: 14 agents for 80/20 (service level 0.8884)
    first = table.iloc[0]
    assert (first["traffic"], first["agents"], round(first["service_level"], 4)) == (10.0, 14, 0.8884)
    assert first["occupancy"] == pytest.approx(10 / 14)
    # no calls, no agents; 40 and 250 calls of 3 minutes: 4 and 25 Erlangs
    assert table["agents"].tolist()[2:4] == [0, 0]
    assert table.loc[table["queue"] == "support", "traffic"].tolist() == [4.0, 4.0, 25.0, 25.0]
    assert (table["service_level"] >= table["standard"].map({"sl-80-20": 0.8, "sl-90-60": 0.9})).all()


def test_patience_and_shrinkage_add_columns() -> None:
    table = staffing(STANDARDS, forecast(), standard="sl-80-20", patience="3m", shrinkage="30%")
    assert list(table.columns)[-2:] == ["abandon_rate", "staff"]
    # Erlang A with a 3-minute patience: 12 agents for 10 Erlangs; 12 / 0.7 = 17.1 -> 18 to schedule
    assert table.loc[0, ["agents", "staff"]].tolist() == [12, 18]


def test_interval_is_the_step_between_starts_unless_given() -> None:
    one = forecast().iloc[:1]
    with pytest.raises(InvalidArgumentError, match="interval='30m'"):
        staffing(STANDARDS, one)
    assert staffing(STANDARDS, one, interval="30m", standard="sl-80-20")["agents"].tolist() == [14]
    # the same 100 calls in 15 minutes are 20 Erlangs
    assert staffing(STANDARDS, one, interval="15m", standard="sl-80-20")["traffic"].tolist() == [20.0]
    # one length, longer than 0, as plot_staffing and observed_staffing take it
    with pytest.raises(InvalidArgumentError, match="expected one duration"):
        staffing(STANDARDS, one, interval=[900, 1800])
    with pytest.raises(InvalidArgumentError, match="longer than 0"):
        staffing(STANDARDS, one, interval="0m")


def test_problems_of_the_forecast_are_collected() -> None:
    with pytest.raises(DataError) as caught:
        staffing(STANDARDS, pd.DataFrame({"begin": ["2026-03-02 09:00"], "volume": [3]}))
    assert [p.column for p in caught.value.problems] == ["start", "calls", "aht"]
    bad = forecast().assign(calls=[100, -1, 4, 5], aht=[180, 0, 180, 180])
    with pytest.raises(DataError) as caught:
        staffing(STANDARDS, bad)
    assert [p.column for p in caught.value.problems] == ["calls", "aht"]
    # each problem says how many rows and which: their starts, or their positions where the start is empty
    assert [p.message for p in caught.value.problems] == [
        "calls must be numbers of 0 or more: 1 of 4 rows (2026-03-02 09:30:00)",
        "handle times must be longer than 0: 1 of 4 rows (2026-03-02 09:30:00)",
    ]
    four = forecast().assign(start=[None, "2026-03-02 09:30", None, None], aht=[0, 0, 0, 0])
    with pytest.raises(DataError) as caught:
        staffing(STANDARDS, four)
    assert [p.message for p in caught.value.problems] == [
        "some starts are empty: 3 of 4 rows (row 1, row 3, row 4)",
        "handle times must be longer than 0: 4 of 4 rows (row 1, 2026-03-02 09:30:00, row 3, ...)",
    ]
    with pytest.raises(DataError, match="aht"):
        staffing(STANDARDS, forecast().assign(aht="three minutes"))
    # pandas' spelling of a duration reads as in agents_needed
    assert staffing(STANDARDS, forecast().assign(aht="3min"))["agents"].equals(
        staffing(STANDARDS, forecast())["agents"]
    )


def test_only_service_level_standards_are_staffed() -> None:
    with pytest.raises(InvalidArgumentError, match="not a service-level standard: abandons"):
        staffing(STANDARDS, forecast(), standard=["sl-80-20", "abandons"])
    with pytest.raises(InvalidArgumentError, match="no standard to staff"):
        staffing(STANDARDS.select("abandons"), forecast())


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_staff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    standards = tmp_path / "standards.yaml"
    standards.write_text(svcstandards.dumps(STANDARDS), encoding="utf-8")
    data = tmp_path / "forecast.csv"
    forecast().to_csv(data, index=False)
    code, out, _ = _run(["staff", str(standards), str(data), "--format", "csv", "--shrinkage", "30%"], capsys)
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.loc[0, ["standard", "agents", "staff"]].tolist() == ["sl-80-20", 14, 20]
    code, out, _ = _run(["staff", str(standards), str(data), "--standard", "sl-80-20"], capsys)
    assert code == 0
    assert out.splitlines()[1].split()[:6] == ["2026-03-02", "09:00", "sales", "sl-80-20", "100.0", "180.0"]
    code, _, err = _run(["staff", str(standards), str(data), "--standard", "abandons"], capsys)
    assert code == 2
    assert "not a service-level standard: abandons" in err
    code, _, err = _run(["staff", str(standards), str(data), "--shrinkage", "lots"], capsys)
    assert code == 2


def test_observed_staffing_next_to_the_service_level_reached() -> None:
    from svcstandards.staffing import agents_needed, observed_staffing

    calls = pd.DataFrame(
        {
            # 09:00-09:30: three answered within 20 s, one after 40 s, one abandoned; 09:30-10:00: one in 5 s
            "offered_at": pd.to_datetime(
                ["2026-03-02 09:01", "2026-03-02 09:05", "2026-03-02 09:10", "2026-03-02 09:20", "2026-03-02 09:25"]
            ).append(pd.to_datetime(["2026-03-02 09:40"])),
            "wait": [5, 10, 15, 40, None, 5],
            "gave_up": [None, None, None, None, 30, None],
            "handle": [200.0, 160.0, 180.0, 180.0, None, 300.0],
        }
    )
    calls["answered_at"] = calls["offered_at"] + pd.to_timedelta(calls["wait"], unit="s")
    calls["abandoned_at"] = calls["offered_at"] + pd.to_timedelta(calls["gave_up"], unit="s")
    calls["abandoned"] = calls["abandoned_at"].notna()
    report = svcstandards.evaluate(STANDARDS, calls)
    table = observed_staffing(report, "sl-80-20", aht="handle")
    assert table["start"].astype(str).tolist() == ["2026-03-02 09:00:00", "2026-03-02 09:30:00"]
    assert table["calls"].tolist() == [5, 1]
    # the mean handle time of the rows that have one: (200 + 160 + 180 + 180) / 4 = 180
    assert table["aht"].tolist() == [180.0, 300.0]
    # met 3, missed 2 (the late answer and the abandon, counted as missed by default): 3 / 5
    assert table["observed_service_level"].tolist() == [0.6, 1.0]
    assert table["agents"].tolist() == [
        agents_needed(5, 180, 1800, within=20, floor=0.8),
        agents_needed(1, 300, 1800, within=20, floor=0.8),
    ]
    with pytest.raises(DataError, match="handling"):
        observed_staffing(report, "sl-80-20", aht="handling")
    with pytest.raises(InvalidArgumentError, match="not a service level"):
        observed_staffing(report, "abandons", aht="3m")
    with pytest.raises(InvalidArgumentError, match="longer than 0"):
        observed_staffing(report, "sl-80-20", aht="handle", interval=0)


def test_observed_staffing_on_a_call_log_as_exported() -> None:
    """A date and clock columns joined by the data section, and 0 as the handle time of calls not handled."""
    from svcstandards.staffing import observed_staffing

    standards = svcstandards.loads("""
version: 1
columns:
  queued_at: {date: date, clock: q_start}
  answered_at: {date: date, clock: ser_start, after: queued_at}
  left_at: {date: date, clock: q_exit, after: queued_at}
measures:
  wait: {from: queued_at, to: answered_at, abandoned: left_at}
standards:
  - {id: sl-60, measure: wait, within: 60s, floor: 80%}
""")
    calls = pd.DataFrame(
        {
            "date": ["2010-08-01"] * 3,
            # two answered (10 s and 90 s of wait), one hung up in the queue after 20 s
            "q_start": ["10:00:00", "10:05:00", "10:10:00"],
            "q_exit": ["10:00:10", "10:06:30", "10:10:20"],
            "ser_start": ["10:00:10", "10:06:30", None],
            "ser_time": [200, 100, 0],  # the export's 0 for the call nobody handled
        }
    )
    before = calls.copy()
    report = svcstandards.evaluate(standards, calls)
    table = observed_staffing(report, "sl-60", aht="ser_time")
    pd.testing.assert_frame_equal(calls, before)
    assert table["start"].astype(str).tolist() == ["2010-08-01 10:00:00"]  # by the built queued_at
    assert table["calls"].tolist() == [3]
    assert table["aht"].tolist() == [150.0]  # (200 + 100) / 2: the call not handled is left out
    assert table["observed_service_level"].tolist() == [1 / 3]  # met 1; missed the late answer and the abandon
