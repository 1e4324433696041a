"""``svcstandards sql``: the SQL a standards file compiles to, run in DuckDB and Spark, counts as ``evaluate`` does.

The contact-centre standards (shares, a duration with an abandon
convention, a flag, a mean, a number) are scored in Europe/Ljubljana by
queue and day, on calls around the change to summer time (2026-03-29:
02:00 becomes 03:00). The SQL's rows are summed per standard, queue, day
and outcome and compared with the pandas engine's results table, and with
hand-counted values.
"""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import svcstandards
from engine_cases import CONTACT_CENTRE, SPARK, spark_frame, spark_session
from svcstandards.cli import main
from svcstandards.engines.lazy._sql import sql_statements
from svcstandards.engines.outcomes import OUTCOMES

pytestmark = pytest.mark.skipif(importlib.util.find_spec("duckdb") is None, reason="duckdb not installed")
NEEDS_SQLGLOT = pytest.mark.skipif(importlib.util.find_spec("sqlglot") is None, reason="sqlglot not installed")
AS_OF = "2026-03-29 12:00"
TEXT = CONTACT_CENTRE.read_text(encoding="utf-8").replace("timezone: UTC", "timezone: Europe/Ljubljana")


def standards() -> svcstandards.StandardSet:
    return svcstandards.loads(TEXT)


def calls() -> pd.DataFrame:
    """Seven calls in Ljubljana's wall clock, on the day before and the day of the change to summer time."""
    t = pd.Timestamp
    return pd.DataFrame(
        {
            "channel": ["phone", "phone", "phone", "phone", "phone", "email", "phone"],
            "queue": ["a", "a", "a", "b", "b", "b", "b"],
            "offered_at": [
                t("2026-03-28 23:59:50"),  # answered 00:00:05 the next day: 15 s, met; counted on the 28th
                t("2026-03-29 01:59:50"),  # answered 03:00:05 summer time: 15 s, not an hour and 15 s: met
                t("2026-03-29 09:00:00"),  # abandoned after 3 s: excluded (shorter than 5 s)
                t("2026-03-29 09:10:00"),  # answered after 25 s: missed 20 s, met 2 min
                t("2026-03-29 09:20:00"),  # open at 12:00: missed 20 s and 2 min (pending only without as_of)
                t("2026-03-29 09:30:00"),  # email: out of scope
                t("2026-03-29 02:30:00"),  # a time that does not exist: 03:00; answered 03:00:10, 10 s: met
            ],
            "answered_at": [
                t("2026-03-29 00:00:05"),
                t("2026-03-29 03:00:05"),
                pd.NaT,
                t("2026-03-29 09:10:25"),
                pd.NaT,
                t("2026-03-29 09:30:01"),
                t("2026-03-29 03:00:10"),
            ],
            "abandoned_at": [pd.NaT, pd.NaT, t("2026-03-29 09:00:03"), pd.NaT, pd.NaT, pd.NaT, pd.NaT],
            "abandoned": [False, False, True, False, False, False, False],
            "hold_seconds": [10.0, 70.0, None, 30.0, None, 5.0, 61.0],
        }
    )


def expected_counts(data: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """The pandas engine's outcome counts per standard, queue and local day."""
    found = svcstandards.evaluate(standards(), data, by="queue", period="day", **options).to_frame()
    found["day"] = pd.to_datetime(found["period"]).dt.date
    return found.set_index(["standard", "queue", "day"])[list(OUTCOMES[:5])].sort_index()


def sql_counts(statements: list[tuple[tuple[str, ...], str]], run: Any) -> pd.DataFrame:
    """The statements' rows summed per standard, queue, local day and outcome, in the results table's shape."""
    frames = []
    for ids, text in statements:
        rows = run(text)
        for i, standard in enumerate(ids):
            counted = rows.groupby(["queue", "__svc_period", f"__svc_o{i}"])["__svc_n"].sum()
            table = counted.unstack(fill_value=0).reindex(columns=range(6), fill_value=0)
            table.columns = list(OUTCOMES)
            table = table.reset_index()
            table["standard"] = standard
            table["day"] = [datetime.date(1970, 1, 1) + datetime.timedelta(days=int(d)) for d in table["__svc_period"]]
            frames.append(table[(table[list(OUTCOMES[:5])].sum(axis=1) > 0)])
    found = pd.concat(frames).set_index(["standard", "queue", "day"])[list(OUTCOMES[:5])]
    return found.astype("int64").sort_index()


def in_duckdb(data: pd.DataFrame) -> Any:
    import duckdb

    connection = duckdb.connect()
    connection.register("calls_table", data)
    return lambda text: connection.sql(text).df()


def test_the_duckdb_sql_counts_what_evaluate_counts() -> None:
    data = calls()
    as_of_ns = pd.Timestamp(AS_OF).tz_localize("Europe/Ljubljana").value
    statements = sql_statements(
        standards(), table="calls_table", by=["queue"], period="day", as_of_ns=as_of_ns, dialect="duckdb"
    )
    found = sql_counts(statements, in_duckdb(data))
    expected = expected_counts(data, as_of=AS_OF)
    pd.testing.assert_frame_equal(found, expected.astype("int64"), check_names=False)
    # by hand, calls-answered-20s on queue b on the 29th: 09:10 missed (25 s), 09:20 missed (open 2 h 40 min
    # at 12:00), 02:30 met (03:00 to 03:00:10); the email is out of scope: met 1, missed 2
    day = datetime.date(2026, 3, 29)
    assert found.loc[("calls-answered-20s", "b", day)].tolist() == [1, 1 + 1, 0, 0, 0]
    # queue a on the 29th: 01:59:50 -> 03:00:05 is 15 s across the change (met); 09:00 abandoned after 3 s: excluded
    assert found.loc[("calls-answered-20s", "a", day)].tolist() == [1, 0, 0, 1, 0]
    # hold-time-60s on queue b on the 29th: 30 s met, 61 s missed; the open call has no hold time and the
    # email is not a phone call: both out of scope, which the results table does not count
    assert found.loc[("hold-time-60s", "b", day)].tolist() == [1, 1, 0, 0, 0]


def test_without_as_of_open_calls_stay_pending() -> None:
    statements = sql_statements(standards(), table="calls_table", by=["queue"], period="day")
    found = sql_counts(statements, in_duckdb(calls()))
    # the open call offered at 09:20 on queue b is pending: the SQL does not know the data's latest time
    assert found.loc[("calls-answered-20s", "b", datetime.date(2026, 3, 29))].tolist() == [1, 1, 1, 0, 0]


def test_the_statement_names_its_standards_and_columns() -> None:
    ((ids, text),) = sql_statements(standards(), standards=["abandon-rate"], table="calls")
    assert ids == ("abandon-rate",)
    assert text.splitlines()[:5] == [
        "-- standards: abandon-rate",
        "-- one row per combination of outcomes; its columns:",
        "--   __svc_o0: the outcome of abandon-rate "
        "(0 met, 1 missed, 2 pending, 3 excluded, 4 invalid, 5 out_of_scope)",
        "--   __svc_n: the number of rows",
        'WITH "__duckdb_s0" AS NOT MATERIALIZED (',
    ]
    assert 'FROM "calls"' in text
    assert "__duckdb_source" not in text


@NEEDS_SQLGLOT
@pytest.mark.parametrize("engine", [SPARK])
def test_the_spark_sql_counts_what_evaluate_counts_whatever_the_session_zone(engine: str) -> None:
    data = calls()
    as_of_ns = pd.Timestamp(AS_OF).tz_localize("Europe/Ljubljana").value
    statements = sql_statements(
        standards(), table="calls_view", by=["queue"], period="day", as_of_ns=as_of_ns, dialect="spark"
    )
    assert all("AS NOT MATERIALIZED" not in text and "EPOCH_US" not in text.upper() for _, text in statements)
    spark = spark_session()
    previous = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "Asia/Tokyo")
    try:
        spark_frame(data).createOrReplaceTempView("calls_view")
        found = sql_counts(statements, lambda text: spark.sql(text).toPandas())
    finally:
        spark.conf.set("spark.sql.session.timeZone", previous)
    pd.testing.assert_frame_equal(found, expected_counts(data, as_of=AS_OF).astype("int64"), check_names=False)
    assert found.loc[("calls-answered-20s", "a", datetime.date(2026, 3, 29))].tolist() == [1, 0, 0, 1, 0]


@NEEDS_SQLGLOT
@pytest.mark.parametrize("engine", [SPARK])
def test_the_spark_sql_of_aware_timestamps_counts_what_the_duckdb_sql_counts(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the calls as instants (Parquet timestamps in UTC, adjusted: DuckDB TIMESTAMPTZ, Spark TIMESTAMP); the
    # wall time 02:30 that does not exist on the 29th is 03:00, as the engines read it on the local clock
    data = calls()
    for column in ("offered_at", "answered_at", "abandoned_at"):
        local = data[column].dt.tz_localize("Europe/Ljubljana", nonexistent="shift_forward")
        data[column] = local.dt.tz_convert("UTC")
    path, standards_path = tmp_path / "calls.parquet", tmp_path / "standards.yaml"
    data.to_parquet(path)
    standards_path.write_text(TEXT, encoding="utf-8")

    def statements(dialect: str) -> list[tuple[tuple[str, ...], str]]:
        argv = ["--data", str(path), "--table", "calls_view", "--by", "queue", "--period", "day", "--as-of", AS_OF]
        code, out, err = run(capsys, "sql", str(standards_path), "--dialect", dialect, *argv)
        assert (code, err) == (0, "")
        blocks = ("\n\n" + out).split("\n\n-- standards: ")[1:]
        return [(tuple(b.splitlines()[0].split(", ")), "-- standards: " + b) for b in blocks]

    import duckdb

    connection = duckdb.connect()
    connection.read_parquet(str(path)).create_view("calls_view")
    in_duckdb = sql_counts(statements("duckdb"), lambda text: connection.sql(text).df())
    spark_statements = statements("spark")
    assert any("UNIX_MICROS" in text for _, text in spark_statements)  # the aware columns read as instants
    spark = spark_session()
    previous = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "Asia/Tokyo")
    try:
        spark.read.parquet(str(path)).createOrReplaceTempView("calls_view")
        in_spark = sql_counts(spark_statements, lambda text: spark.sql(text).toPandas())
    finally:
        spark.conf.set("spark.sql.session.timeZone", previous)
    pd.testing.assert_frame_equal(in_spark, in_duckdb)
    pd.testing.assert_frame_equal(in_spark, expected_counts(data, as_of=AS_OF).astype("int64"), check_names=False)
    # by hand, as for the wall-clock calls: queue a on the 29th, 01:59:50 CET -> 03:00:05 CEST is 15 s (met) and
    # the call abandoned after 3 s is excluded; queue b: 09:10 missed (25 s), 09:20 open at 12:00 missed,
    # 02:30 (03:00 CEST) -> 03:00:10 met; the 28th: 23:59:50 -> 00:00:05 the next day, 15 s, met on the 28th
    day = datetime.date(2026, 3, 29)
    assert in_spark.loc[("calls-answered-20s", "a", day)].tolist() == [1, 0, 0, 1, 0]
    assert in_spark.loc[("calls-answered-20s", "b", day)].tolist() == [1, 2, 0, 0, 0]
    assert in_spark.loc[("calls-answered-20s", "a", datetime.date(2026, 3, 28))].tolist() == [1, 0, 0, 0, 0]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_one_statement_per_batch(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sql", str(CONTACT_CENTRE), "--table", "calls", "--by", "queue", "--period", "week")
    assert (code, err) == (0, "")
    assert out.count("-- standards: ") == 1  # five standards with the same groups and period: one query
    assert "--   __svc_period: the week, numbered from 1970 on the file's local clock" in out
    assert 'FROM "calls"' in out


@NEEDS_SQLGLOT
def test_another_dialect_is_marked_experimental(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sql", str(CONTACT_CENTRE), "--dialect", "postgres", "--standard", "abandon-rate")
    assert code == 0
    assert out.startswith("-- experimental: DuckDB's SQL transpiled to postgres by sqlglot, not tested\n")


def test_an_unknown_standard_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sql", str(CONTACT_CENTRE), "--standard", "nope")
    assert (code, out) == (2, "")
    assert "--standard nope: no standard with that id in" in err


@NEEDS_SQLGLOT
def test_an_unknown_dialect_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sql", str(CONTACT_CENTRE), "--dialect", "klingon")
    assert (code, out) == (2, "")
    assert "--dialect klingon: sqlglot has no such dialect" in err


def test_a_bad_period_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["sql", str(CONTACT_CENTRE), "--period", "fortnight"])
    assert stopped.value.code == 2
    assert "invalid choice: 'fortnight'" in capsys.readouterr().err


def test_a_business_calendar_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hours.yaml"
    path.write_text(
        "version: 1\ntimezone: Europe/Ljubljana\n"
        "calendars:\n  office: {hours: {mon-fri: '08:00-16:00'}}\n"
        "standards:\n"
        "  - id: plain\n    measure: {from: opened_at, to: closed_at}\n    within: 1h\n    floor: 80%\n"
        "  - id: office-hours\n    measure: {from: opened_at, to: closed_at, calendar: office}\n"
        "    within: 1h\n    floor: 80%\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "sql", str(path))
    assert (code, out) == (2, "")
    assert err == (
        "svcstandards: error: office-hours: not one SQL query on 'interactions': it counts time on a business "
        "calendar. Hint: choose the others with --standard, and score these with svcstandards evaluate.\n"
    )
    code, out, _ = run(capsys, "sql", str(path), "--standard", "plain")
    assert code == 0
    assert "-- standards: plain" in out


def test_a_median_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "median.yaml"
    path.write_text(
        "version: 1\nstandards:\n"
        "  - id: median-answer\n    measure: {from: offered_at, to: answered_at}\n"
        "    median: {at_most: 30s}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "sql", str(path))
    assert (code, out) == (2, "")
    assert "median-answer: not one SQL query on 'interactions': its median needs a second query" in err
