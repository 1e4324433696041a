"""The interval report: a service-level standard's intervals in a workforce planner's terms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import svcstandards
from svcstandards import evaluate, interval_report
from svcstandards.errors import DataError, InvalidArgumentError, UnknownStandardError, UsageError
from svcstandards.format.presets import preset_text

ROOT = Path(__file__).resolve().parent.parent
CALL_LOG = ROOT / "examples" / "call_log_sample.csv"

STANDARDS = """\
version: 1
timezone: Europe/Ljubljana
columns: {talk_time: talk, hold_time: hold, wrap_time: wrap}
standards:
  - id: sl-20s
    where: {queue: sales}
    measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
    within: 20s
    floor: 80%
    abandons: {count_as: COUNT_AS, ignore_shorter_than: 5s}
"""

#: as_of: call 7 (queued 01:10:00 UTC) has waited 15 s, under the 20 s target: still pending
AS_OF = "2026-10-25T01:10:15+00:00"


def _standards(count_as: str = "missed", mapped: bool = True) -> svcstandards.StandardSet:
    text = STANDARDS.replace("COUNT_AS", count_as)
    if not mapped:
        text = text.replace("columns: {talk_time: talk, hold_time: hold, wrap_time: wrap}\n", "")
    return svcstandards.loads(text)


def _calls() -> pd.DataFrame:
    """Nine calls on the fall-back night in Ljubljana: 00:00-00:30 UTC is 02:00+02:00, 01:00-01:30 UTC 02:00+01:00."""
    offered = [
        "00:01:00", "00:02:00", "00:03:00", "00:04:00",  # the first 02:00 half-hour (+02:00)
        "01:05:00", "01:06:00", "01:10:00", "01:08:00",  # the second 02:00 half-hour (+01:00)
        "00:05:00",  # support: out of scope
    ]  # fmt: skip
    answered = ["00:01:10", "00:02:30", None, None, "01:05:05", "01:06:15", None, "01:07:50", "00:05:01"]
    abandoned = [None, None, "00:03:03", "00:04:40", None, None, None, None, None]

    def utc(clock: list[str | None]) -> pd.Series:
        return pd.to_datetime([None if c is None else f"2026-10-25 {c}" for c in clock], utc=True)

    return pd.DataFrame(
        {
            "queue": ["sales"] * 8 + ["support"],
            "offered_at": utc(offered),
            "answered_at": utc(answered),
            "abandoned_at": utc(abandoned),
            "talk": [100.0, 200.0, np.nan, np.nan, 60.0, 90.0, np.nan, 30.0, 10.0],
            "hold": [20.0, 0.0, np.nan, np.nan, 0.0, np.nan, np.nan, 0.0, 0.0],
            "wrap": pd.to_timedelta([30, 40, None, None, 20, 10, None, 5, 5], unit="s"),
        }
    )


def test_each_half_hour_counts_offered_answered_abandoned_short_abandons_open_and_invalid() -> None:
    table = interval_report(_standards(), _calls(), as_of=AS_OF)
    assert [str(t) for t in table["interval"]] == ["2026-10-25 02:00:00+02:00", "2026-10-25 02:00:00+01:00"]
    counts = table[["offered", "answered", "abandoned", "short_abandoned", "open", "invalid"]]
    # first 02:00: calls 1-2 answered, call 3 hung up after 3 s (< 5 s: short), call 4 after 40 s
    # second 02:00: calls 5-6 answered, call 7 still waiting, call 8 answered before it was queued (invalid)
    assert counts.to_numpy().tolist() == [[4, 2, 1, 1, 0, 0], [4, 2, 0, 0, 1, 1]]


def test_service_level_asa_and_aht_per_half_hour_by_hand() -> None:
    table = interval_report(_standards(), _calls(), as_of=AS_OF)
    # first: met call 1 (10 s); missed call 2 (30 s) and call 4 (abandoned, counted missed); call 3 excluded -> 1/3
    # second: met calls 5 (5 s) and 6 (15 s); call 7 pending, call 8 invalid -> 2/2
    assert table["service_level"].tolist() == pytest.approx([1 / 3, 1.0])
    assert table["asa_seconds"].tolist() == [20.0, 10.0]  # (10 + 30) / 2, (5 + 15) / 2
    # AHT = (talk + hold + wrap) / answered: (150 + 240) / 2; second: call 6 has no hold time, so call 5 alone
    assert table["aht_seconds"].tolist() == [195.0, 80.0]
    assert table.attrs["standard"] == "sl-20s"
    assert table.attrs["missing"] == {
        "occupancy": "needs agents= (staffed seconds or agents per interval; --agents FILE)"
    }


def test_quarter_hours_split_the_half_hours() -> None:
    table = interval_report(_standards(), _calls(), as_of=AS_OF, period="15min")
    # 00:01-00:04 UTC are in 02:00+02:00; 01:05-01:10 UTC in 02:00+01:00 (01:00-01:15 UTC): still two rows
    assert table["interval"].astype(str).tolist() == ["2026-10-25 02:00:00+02:00", "2026-10-25 02:00:00+01:00"]
    calls = _calls()
    calls.loc[7, ["offered_at", "answered_at"]] = pd.to_datetime(["2026-10-25 01:20", "2026-10-25 01:19"], utc=True)
    table = interval_report(_standards(), calls, as_of=AS_OF, period="15min")
    # call 8 (invalid) moves to 01:15 UTC: 02:15+01:00
    assert table[["offered", "invalid"]].to_numpy().tolist() == [[4, 0], [3, 0], [1, 1]]
    assert str(table["interval"].iloc[2]) == "2026-10-25 02:15:00+01:00"


def test_in_a_final_extract_a_call_without_an_end_is_invalid_not_open() -> None:
    table = interval_report(_standards(), _calls(), as_of=AS_OF, final=True)
    assert table[["open", "invalid"]].to_numpy().tolist() == [[0, 0], [0, 2]]  # call 7 (no end) and call 8


def test_the_conservation_of_calls_offered() -> None:
    table = interval_report(_standards(), _calls(), as_of=AS_OF)
    parts = table[["answered", "abandoned", "short_abandoned", "open", "invalid"]].sum(axis=1)
    assert (parts == table["offered"]).all()


@pytest.mark.parametrize("count_as", ["missed", "excluded", "met_if_within", "excluded_if_within"])
def test_the_service_level_is_evaluate_s_share_of_each_interval(count_as: str) -> None:
    standards, calls = _standards(count_as), _calls()
    table = interval_report(standards, calls, as_of=AS_OF)
    shares = evaluate(standards, calls, period="30min", as_of=AS_OF).to_frame()
    assert table["interval"].tolist() == shares["period"].tolist()
    assert table["service_level"].tolist() == pytest.approx(shares["share"].tolist())


def test_calls_in_scope_without_a_time_are_in_no_interval_and_counted_apart() -> None:
    calls = _calls()
    calls.loc[1, "offered_at"] = pd.NaT
    table = interval_report(_standards(), calls, as_of=AS_OF)
    assert table["offered"].tolist() == [3, 4]
    assert (table.attrs["unplaced"], table.attrs["time"]) == (1, "offered_at")


def test_with_interval_budgeting_the_service_level_is_the_calls_share_not_the_intervals() -> None:
    text = STANDARDS.replace("COUNT_AS", "missed").replace(
        "    floor: 80%\n", "    floor: 50%\n    intervals: {every: 30min, floor: 80%}\n"
    )
    standards, calls = svcstandards.loads(text), _calls()
    table = interval_report(standards, calls, as_of=AS_OF)
    rows = evaluate(standards, calls, period="30min", as_of=AS_OF).to_frame()
    assert rows["share"].tolist() == [0.0, 1.0]  # intervals met: 1/3 < 80%, 2/2
    assert table["service_level"].tolist() == pytest.approx((rows["met"] / rows["n"]).tolist())  # 1/3, 1


def test_the_abandon_convention_changes_the_service_level_not_the_counts() -> None:
    missed = interval_report(_standards("missed"), _calls(), as_of=AS_OF)
    excluded = interval_report(_standards("excluded"), _calls(), as_of=AS_OF)
    # excluded: call 4 leaves the count, so the first half-hour is 1 met of 2 answered
    assert excluded["service_level"].tolist() == [0.5, 1.0]
    assert missed["service_level"].tolist() == pytest.approx([1 / 3, 1.0])
    assert excluded["abandoned"].tolist() == missed["abandoned"].tolist() == [1, 0]


def test_without_the_handle_time_columns_aht_is_absent_and_the_report_says_why() -> None:
    table = interval_report(_standards(mapped=False), _calls(), as_of=AS_OF)
    assert "aht_seconds" not in table.columns
    assert table.attrs["missing"]["aht_seconds"] == (
        "needs handle_time, or talk_time, hold_time, wrap_time, in columns: (none is mapped)"
    )


def test_the_columns_argument_maps_the_handle_times_too() -> None:
    columns = {"talk_time": "talk", "hold_time": "hold", "wrap_time": "wrap"}
    table = interval_report(_standards(mapped=False), _calls(), as_of=AS_OF, columns=columns)
    assert table["aht_seconds"].tolist() == [195.0, 80.0]


def test_one_column_of_whole_handle_times_is_enough_and_wins_over_the_parts() -> None:
    calls = _calls().assign(handle=[150.0, 240.0, np.nan, np.nan, 80.0, 100.0, np.nan, 35.0, 15.0])
    table = interval_report(_standards(mapped=False), calls, as_of=AS_OF, columns={"handle_time": "handle"})
    # answered in time order: calls 1 and 2 (150, 240); calls 5 and 6 (80, 100; call 8 is invalid)
    assert table["aht_seconds"].tolist() == [195.0, 90.0]
    assert "aht_seconds" not in table.attrs["missing"]
    # with the parts mapped as well (call 6 has no hold time there), the whole handle time is read
    table = interval_report(_standards(), calls, as_of=AS_OF, columns={"handle_time": "handle"})
    assert table["aht_seconds"].tolist() == [195.0, 90.0]


def test_occupancy_is_handle_time_over_staffed_time() -> None:
    agents = pd.DataFrame({"start": ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00"], "agents": [1, 2]})
    table = interval_report(_standards(), _calls(), as_of=AS_OF, agents=agents)
    assert table["staffed_seconds"].tolist() == [1800.0, 3600.0]  # 1 and 2 agents for half an hour
    # handle seconds of the answered calls: 150 + 240 = 390 of 1800; 80 of 3600 (call 6 has no hold time)
    assert table["occupancy"].tolist() == pytest.approx([390 / 1800, 80 / 3600])
    assert "occupancy" not in table.attrs["missing"]


def test_staffed_seconds_of_several_rows_of_an_interval_add_up() -> None:
    agents = pd.DataFrame(
        {
            "start": pd.to_datetime(["2026-10-25 00:00", "2026-10-25 00:00"], utc=True),  # 02:00+02:00 twice
            "staffed_seconds": [600.0, 900.0],
        }
    )
    table = interval_report(_standards(), _calls(), as_of=AS_OF, agents=agents)
    assert table["staffed_seconds"].tolist()[0] == 1500.0
    assert np.isnan(table["staffed_seconds"].tolist()[1])  # no agents given for the second 02:00
    assert table["occupancy"].tolist()[0] == pytest.approx(390 / 1500)


def test_occupancy_needs_the_handle_time_as_well() -> None:
    agents = pd.DataFrame({"start": ["2026-10-25T02:00:00+02:00"], "agents": [1]})
    table = interval_report(_standards(mapped=False), _calls(), as_of=AS_OF, agents=agents)
    assert "occupancy" not in table.columns
    assert table.attrs["missing"]["occupancy"] == (
        "needs handle_time, or talk_time, hold_time, wrap_time, in columns: (the handle time)"
    )


def test_an_agents_start_that_is_not_an_interval_start_is_a_data_error() -> None:
    agents = pd.DataFrame({"start": ["2026-10-25T02:10:00+02:00"], "agents": [1]})
    with pytest.raises(DataError, match=r"column 'start': 1 of 1 values is not a 30min start") as caught:
        interval_report(_standards(), _calls(), as_of=AS_OF, agents=agents)
    assert caught.value.problems[0].hint.startswith("give the start of each 30min interval")


def test_an_agents_table_without_its_columns_names_each() -> None:
    with pytest.raises(DataError) as caught:
        interval_report(_standards(), _calls(), as_of=AS_OF, agents=pd.DataFrame({"when": [1]}))
    assert [(p.column, p.code) for p in caught.value.problems] == [
        ("start", "column_missing"),
        ("agents", "column_missing"),
    ]


def test_a_negative_handle_time_is_a_data_error_naming_the_column() -> None:
    calls = _calls()
    calls.loc[0, "talk"] = -5.0
    with pytest.raises(DataError, match=r"column 'talk': talk_time: expected seconds of 0 or more"):
        interval_report(_standards(), calls, as_of=AS_OF)


def test_groups_of_the_standard_s_by_are_rows_of_their_own() -> None:
    text = STANDARDS.replace("COUNT_AS", "missed").replace("    where: {queue: sales}\n", "    by: [queue]\n")
    table = interval_report(svcstandards.loads(text), _calls(), as_of=AS_OF)
    # support's one call (00:05 UTC) is in the first 02:00 half-hour
    assert table[["queue", "offered"]].to_numpy().tolist() == [["sales", 4], ["sales", 4], ["support", 1]]
    assert table["interval"].astype(str).tolist()[2] == "2026-10-25 02:00:00+02:00"


def test_staffed_time_is_joined_per_group_and_the_agents_table_is_not_changed() -> None:
    agents = pd.DataFrame(
        {"start": ["2026-10-25T02:00:00+02:00"] * 2, "queue": ["sales", "support"], "staffed_seconds": [1800, 600]}
    )
    before = agents.copy()
    table = interval_report(_standards(), _calls(), as_of=AS_OF, by="queue", agents=agents)
    # by= replaces the standard's grouping; where: keeps support out of scope, so only sales has rows
    assert table[["queue", "staffed_seconds"]].fillna(-1).to_numpy().tolist() == [["sales", 1800.0], ["sales", -1]]
    assert table["occupancy"].tolist()[0] == pytest.approx(390 / 1800)
    pd.testing.assert_frame_equal(agents, before)


def test_the_call_log_sample_takes_unanswered_decided_calls_as_abandoned() -> None:
    table = interval_report(svcstandards.load_preset("call-log"), pd.read_csv(CALL_LOG), standard="service-level-60s")
    twelve = table[table["interval"] == pd.Timestamp("2010-08-01 12:00", tz="UTC")]
    assert twelve[["offered", "answered", "abandoned", "open"]].to_numpy().tolist() == [[2, 0, 2, 0]]
    assert table.attrs["missing"]["short_abandoned"] == "needs abandoned: on the measure (when the caller hung up)"
    shares = evaluate(
        svcstandards.load_preset("call-log").select("service-level-60s"), pd.read_csv(CALL_LOG), period="30min"
    )
    assert table["service_level"].tolist() == shares.to_frame()["share"].tolist()


def test_the_caller_s_frame_is_not_changed() -> None:
    calls = _calls()
    before = calls.copy()
    interval_report(_standards(), calls, as_of=AS_OF, period="15min")
    pd.testing.assert_frame_equal(calls, before)


def test_without_standard_the_file_must_have_one_service_level() -> None:
    with pytest.raises(UsageError, match="2 service-level standards: service-level-20s, service-level-60s"):
        interval_report(svcstandards.load_preset("call-log"), pd.read_csv(CALL_LOG))
    with pytest.raises(UsageError, match="'abandon-rate' is not a service level"):
        interval_report(svcstandards.load_preset("call-log"), pd.read_csv(CALL_LOG), standard="abandon-rate")
    with pytest.raises(UnknownStandardError):
        interval_report(svcstandards.load_preset("call-log"), pd.read_csv(CALL_LOG), standard="sl")


def test_the_period_must_be_an_interval_of_the_day() -> None:
    with pytest.raises(InvalidArgumentError, match="period must be an interval of the day"):
        interval_report(_standards(), _calls(), period="day")


def test_polars_data_is_refused_by_name() -> None:
    pl = pytest.importorskip("polars")
    with pytest.raises(UsageError, match="computed with pandas; polars data is not supported"):
        interval_report(_standards(), pl.from_pandas(_calls()))


def test_duckdb_data_is_refused_by_name() -> None:
    duckdb = pytest.importorskip("duckdb")
    with pytest.raises(UsageError, match=r"duckdb data is not supported yet. Hint: .*a DuckDB relation: .df\(\)"):
        interval_report(_standards(), duckdb.connect().from_df(_calls()))


def test_a_path_is_read_whole_with_pandas() -> None:
    from_path = interval_report(svcstandards.load_preset("call-log"), CALL_LOG, standard="service-level-60s")
    from_frame = interval_report(
        svcstandards.load_preset("call-log"), pd.read_csv(CALL_LOG), standard="service-level-60s"
    )
    pd.testing.assert_frame_equal(from_path, from_frame)


# --- the command line ---------------------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstandards", "intervals", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def call_log(tmp_path: Path) -> Path:
    (tmp_path / "calls.yaml").write_text(preset_text("call-log"), encoding="utf-8")
    (tmp_path / "calls.csv").write_text(CALL_LOG.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_the_command_writes_json_and_exits_0(call_log: Path) -> None:
    done = _run("calls.yaml", "calls.csv", "--standard", "service-level-60s", "--format", "json", cwd=call_log)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["standard"] == "service-level-60s"
    assert document["intervals"][0] == {
        "interval": "2010-08-01T10:00:00+00:00",
        "offered": 3,
        "answered": 3,
        "abandoned": 0,
        "open": 0,
        "invalid": 0,
        "service_level": 1.0,
        "asa_seconds": pytest.approx(50 / 3),  # waits 10, 15 and 25 s
    }
    assert document["intervals"][3]["asa_seconds"] is None  # 12:00: nobody answered
    assert set(document["missing"]) == {"aht_seconds", "short_abandoned", "occupancy"}
    assert document["unplaced"] == 0


def test_the_text_report_ends_with_a_note_per_missing_metric(call_log: Path) -> None:
    done = _run("calls.yaml", "calls.csv", "--standard", "service-level-60s", cwd=call_log)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["2010-08-01", "10:00+00:00", "3", "3", "0", "0", "0", "100.0%", "16.7"]
    assert "note: aht_seconds: needs handle_time, or talk_time, hold_time, wrap_time, in columns:" in done.stdout


def test_the_command_with_several_service_levels_and_no_standard_exits_2(call_log: Path) -> None:
    done = _run("calls.yaml", "calls.csv", cwd=call_log)
    assert done.returncode == 2
    assert "service-level-20s, service-level-60s" in done.stderr
    assert done.stdout == ""


def test_every_option_of_the_command_has_an_example_in_its_help(call_log: Path) -> None:
    done = _run("--help", cwd=call_log)
    assert done.returncode == 0
    examples = done.stdout.split("examples:")[1]
    options = ["--standard", "--period", "--by", "--as-of", "--final", "--column", "--agents", "--format", "--output"]
    assert [o for o in [*options, "--sep", "--encoding", "--sheet"] if o not in examples] == []


def test_a_missing_data_file_exits_2(call_log: Path) -> None:
    done = _run("calls.yaml", "nope.csv", "--standard", "service-level-60s", cwd=call_log)
    assert done.returncode == 2
    assert "nope.csv" in done.stderr


def test_the_command_reads_agents_and_writes_csv_to_a_file(call_log: Path) -> None:
    text = preset_text("call-log").replace(
        "  talk_seconds: ser_time\n", "  talk_seconds: ser_time\n  talk_time: ser_time\n"
    )
    text = text.replace("  talk_time: ser_time\n", "  talk_time: ser_time\n  hold_time: hold\n  wrap_time: wrap\n")
    (call_log / "calls.yaml").write_text(text, encoding="utf-8")
    frame = pd.read_csv(call_log / "calls.csv").assign(hold=0, wrap=20)
    frame.to_csv(call_log / "calls.csv", index=False)
    (call_log / "agents.csv").write_text("start,agents\n2010-08-01 10:00,2\n", encoding="utf-8")
    done = _run(
        "calls.yaml", "calls.csv", "--standard", "service-level-60s", "--agents", "agents.csv",
        "--format", "csv", "--output", "out.csv", cwd=call_log,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(call_log / "out.csv")
    # 10:00: talk 180 + 100 + 300, wrap 3 x 20 = 640 s handled by 2 agents in 1800 s each
    assert table.loc[0, "aht_seconds"] == pytest.approx(640 / 3)
    assert table.loc[0, "occupancy"] == pytest.approx(640 / 3600)
    assert table.columns.tolist()[-2:] == ["staffed_seconds", "occupancy"]


def test_the_results_tables_show_an_interval_starting_at_midnight_with_its_time() -> None:
    call_log, calls = svcstandards.load_preset("call-log").select("service-level-60s"), pd.read_csv(CALL_LOG)
    # the call queued at 00:00:02 on 2 August is in the 00:00 half-hour: not the whole day
    assert "| 2010-08-02 00:00+00:00 |" in evaluate(call_log, calls, period="30min").to_markdown()
    assert "service-level-60s  2010-08-02 00:00+00:00" in evaluate(call_log, calls, period="30min").to_text()
    assert "| 2010-08-02 |" in evaluate(call_log, calls, period="day").to_markdown()
