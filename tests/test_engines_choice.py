"""Choosing the engine, and the rows behind a lazy result.

``evaluate(..., engine=)`` converts a pandas DataFrame to Polars or DuckDB
and says what scans a path; ``svcstandards evaluate --engine`` does the same
for a data file, ``auto`` choosing DuckDB for files large against the
machine's memory. ``report.breaches()`` on a lazy result is a lazy filter
in the engine's own type, with the same rows and columns as pandas'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from engine_cases import LAZY, T0, calls, load
from svcstandards import evaluate
from svcstandards.cli import main
from svcstandards.engines.choice import AUTO_SHARE, pick_engine
from svcstandards.errors import UsageError

STANDARDS = """
    version: 1
    standards:
      - {id: answered-20s, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 80%}
      - {id: abandons, measure: {flag: abandoned}, ceiling: 25%}
    """


def _data() -> pd.DataFrame:
    # waits 5, 30, 50, 10 s and one open call; abandoned: calls 2 and 4
    frame = calls([5, 30, 50, 10, None])
    frame["abandoned"] = [False, True, False, True, False]
    frame["queue"] = ["a", "b", "a", "b", "a"]
    return frame


def _collect(rows: Any) -> pd.DataFrame:
    frame = rows.df() if hasattr(rows, "df") else rows.collect().to_pandas()
    return frame.sort_values("offered_at", kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("engine", LAZY)
def test_a_pandas_frame_is_scored_on_the_named_engine(engine: str) -> None:
    standards = load(STANDARDS)
    report = evaluate(standards, _data(), engine=engine, as_of=T0 + pd.Timedelta(minutes=10))
    assert report.results[0].engine == engine  # type: ignore[attr-defined]
    # 2 of 4 decided within 20 s, the open call (offered 09:04, judged at 09:10) missed: 2 met of 5
    assert report.to_frame()[["standard", "n", "met", "missed"]].to_dict("records") == [
        {"standard": "answered-20s", "n": 5, "met": 2, "missed": 3},
        {"standard": "abandons", "n": 5, "met": 2, "missed": 3},
    ]


@pytest.mark.parametrize("engine", LAZY)
def test_breaches_are_a_lazy_filter_with_the_pandas_rows_and_columns(engine: str) -> None:
    standards = load(STANDARDS)
    as_of = T0 + pd.Timedelta(minutes=10)
    expected = evaluate(standards, _data(), as_of=as_of)
    report = evaluate(standards, _data(), engine=engine, as_of=as_of)
    rows = report.breaches("answered-20s")
    assert type(rows).__module__.split(".")[0] == engine  # a Polars LazyFrame or a DuckDB relation
    found = _collect(rows)
    wanted = expected.breaches("answered-20s").reset_index(drop=True)
    found["deadline"] = pd.to_datetime(found["deadline"]).dt.tz_convert("UTC")  # DuckDB: the connection's zone
    # calls 2 and 3 missed by 10 s and 30 s; the open call missed at as_of, 6 min after it was offered (over 5m40s)
    assert found["over"].dt.total_seconds().tolist() == [10.0, 30.0, 340.0]
    pd.testing.assert_frame_equal(found, wanted, check_dtype=False)
    # a ceiling's breaches are the rows it limits (the abandons), here with every outcome named
    abandons = _collect(report.breaches("abandons", ["met", "missed"]))
    assert abandons["outcome"].tolist() == ["missed", "met", "missed", "met", "missed"]
    text = report.breaches_text("answered-20s", limit=1)  # the furthest over only
    assert "missed   6m 00s    20s     5m 40s  2026-03-02 09:04:20" in text.splitlines()[1]  # then its deadline


def test_auto_picks_duckdb_for_a_file_large_against_memory(tmp_path: Path) -> None:
    path = tmp_path / "calls.parquet"
    _data().to_parquet(path)
    size = path.stat().st_size
    # memory so small that the file is more than AUTO_SHARE of it: DuckDB; ten times more: pandas
    assert pick_engine("auto", str(path), memory=int(size / AUTO_SHARE) - 1) == "duckdb"
    assert pick_engine("auto", str(path), memory=int(size / AUTO_SHARE) * 10) == "pandas"
    assert pick_engine("auto", str(tmp_path / "*.parquet")) == "duckdb"  # a glob: only a lazy engine reads it
    assert pick_engine("auto", str(tmp_path / "calls.xlsx")) == "pandas"
    assert pick_engine("polars", str(path)) == "polars"
    with pytest.raises(UsageError, match=r"--engine duckdb scans Parquet or CSV files, not calls\.xlsx"):
        pick_engine("duckdb", str(tmp_path / "calls.xlsx"))


@pytest.mark.parametrize("engine", LAZY)
def test_the_command_line_scores_a_parquet_file_on_the_engine_and_lists_breaches(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standards = tmp_path / "standards.yaml"
    standards.write_text(STANDARDS)
    data = tmp_path / "calls.parquet"
    _data().to_parquet(data)
    argv = [str(standards), str(data), "--as-of", "2026-03-02T09:10:00", "--format", "csv"]
    code = main(["evaluate", *argv, "--engine", engine, "--fail-on", "never"])
    lazy_out = capsys.readouterr().out
    main(["evaluate", *argv, "--engine", "pandas", "--fail-on", "never"])
    assert code == 0
    assert lazy_out == capsys.readouterr().out
    main(
        [
            "evaluate",
            str(standards),
            str(data),
            "--as-of",
            "2026-03-02T09:10:00",
            "--engine",
            engine,
            "--breaches",
            "answered-20s",
            "--breaches-limit",
            "2",
        ]
    )
    out = capsys.readouterr().out
    assert "Breaches of answered-20s: 3 rows, the 2 furthest over" in out
    assert "5m 40s" in out
    assert "30s" in out


def test_a_lazy_frame_is_not_moved_to_another_engine() -> None:
    pl = pytest.importorskip("polars")
    standards = load(STANDARDS)
    with pytest.raises(UsageError, match="engine='duckdb' cannot score a Polars frame"):
        evaluate(standards, pl.from_pandas(_data()), engine="duckdb")
    with pytest.raises(UsageError, match="engine must be auto, pandas, polars, duckdb or spark, got 'dask'"):
        evaluate(standards, _data(), engine="dask")


def test_a_path_read_whole_by_pandas(tmp_path: Path) -> None:
    standards = load(STANDARDS)
    path = tmp_path / "calls.csv"
    _data().to_csv(path, index=False)
    report = evaluate(standards, str(path), engine="pandas", as_of="2026-03-02T09:10:00")
    assert report.to_frame()["met"].tolist() == [2, 2]
    assert len(report.breaches("answered-20s")) == 3  # pandas: every row behind the numbers


@pytest.mark.parametrize("engine", LAZY)
def test_explain_shows_the_query_the_engine_runs(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standards = tmp_path / "standards.yaml"
    standards.write_text(STANDARDS)
    assert main(["explain", str(standards), "--plan", "--engine", engine]) == 0
    out = capsys.readouterr().out
    assert "\nThe " + engine + " engine counts the standards in 1 query (built on an empty table" in out
    assert "-- query 1: answered-20s, abandons\n" in out
    if engine == "duckdb":  # the SQL: the wait in microseconds against 20 s, and the group-by of the counts
        assert '("__svc_t1" - "__svc_t0") <= 20000000' in out
        assert "count()" in out
        assert 'GROUP BY "__svc_key"' in out  # the outcomes packed in one key, unpacked on the counted rows
    else:  # Polars' plan of the query
        assert "AGGREGATE" in out
        assert "20000000" in out  # 20 s in microseconds
    data = tmp_path / "calls.parquet"
    _data().to_parquet(data)
    assert main(["explain", str(standards), "--plan", "--engine", engine, "--data", str(data)]) == 0
    assert "(built on the data's columns)" in capsys.readouterr().out
    assert main(["explain", str(standards), "--engine", engine]) == 2
    assert "--engine and --data go with --plan" in capsys.readouterr().err
