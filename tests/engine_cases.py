"""What the engine tests share: the engines to run on, data in each engine's type, and the comparison.

``table(engine, standards, data)`` scores ``data`` on the pandas engine and on
``engine`` and asserts the results tables, counts and problems are the same
(counts exactly, shares and statistics to 1e-9). Lazy engines whose extra is
not installed are skipped with the reason shown.
"""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import svcstandards
from svcstandards import StandardSet, evaluate

HERE = Path(__file__).parent
CONTACT_CENTRE = HERE.parent / "standards" / "contact-centre.yaml"
T0 = pd.Timestamp("2026-03-02 09:00:00")  # a Monday
COUNTS = ["n", "met", "missed", "pending", "excluded", "invalid"]


def _engine(name: str) -> Any:
    missing = [m for m in (name, "narwhals") if importlib.util.find_spec(m) is None]
    reason = f"{' and '.join(missing)} not installed (pip install svcstandards[{name}])"
    return pytest.param(name, marks=pytest.mark.skipif(bool(missing), reason=reason))


LAZY = [_engine("polars"), _engine("duckdb")]
ENGINES = [pytest.param("pandas"), *LAZY]


def on(engine: str, data: pd.DataFrame) -> Any:
    """``data`` as the engine takes it."""
    if engine == "polars":
        import polars as pl

        return pl.from_pandas(data)
    if engine == "duckdb":
        import duckdb

        return duckdb.from_df(data)
    return data


def load(text: str) -> StandardSet:
    return svcstandards.loads(textwrap.dedent(text))


def table(engine: str, standards: StandardSet, data: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """The engine's results table, asserted equal to the pandas engine's (and so its outcome counts and warnings)."""
    expected = evaluate(standards, data, **options)
    report = evaluate(standards, on(engine, data), **options)
    found = report.to_frame()
    pd.testing.assert_frame_equal(found, expected.to_frame(), check_exact=False, rtol=1e-9, atol=0)
    pd.testing.assert_frame_equal(report.counts(), expected.counts())
    assert report.problems == expected.problems
    return found


def counts(found: pd.DataFrame, standard: str) -> list[dict[str, Any]]:
    rows = found[found["standard"] == standard]
    return [{c: int(row[c]) for c in COUNTS} for _, row in rows.iterrows()]


def expect(n: int, met: int, missed: int, pending: int = 0, excluded: int = 0, invalid: int = 0) -> dict[str, int]:
    return {"n": n, "met": met, "missed": missed, "pending": pending, "excluded": excluded, "invalid": invalid}


def calls(answered: list[float | None], abandoned: list[float | None] | None = None, **extra: Any) -> pd.DataFrame:
    """Call i is offered at T0 + i minutes, answered / abandoned that many seconds later."""
    offered = [T0 + pd.Timedelta(minutes=i) for i in range(len(answered))]
    abandoned = abandoned if abandoned is not None else [None] * len(answered)

    def after(seconds: float | None, start: pd.Timestamp) -> Any:
        return pd.NaT if seconds is None else start + pd.Timedelta(seconds=seconds)

    return pd.DataFrame(
        {
            "offered_at": pd.to_datetime(offered),
            "answered_at": pd.to_datetime([after(s, o) for s, o in zip(answered, offered, strict=True)]),
            "abandoned_at": pd.to_datetime([after(s, o) for s, o in zip(abandoned, offered, strict=True)]),
            **extra,
        }
    )
