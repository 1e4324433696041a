"""The lazy engine: plans executed inside Polars or DuckDB, through narwhals; only the counts come back.

``evaluate(standards, data)`` hands data that is not a pandas DataFrame
here: a Polars DataFrame or LazyFrame, a DuckDB relation, or the path (or
glob) of Parquet or CSV files, which is scanned lazily. The rules of each
plan become one narwhals expression per standard (:mod:`._rules`), the
counting a group-by in the backend (:mod:`._run`); time zones are the one
place that needs each backend's own functions (:mod:`._backends`,
:mod:`._times`). What it cannot run yet is refused with a
:class:`~svcstandards.errors.UsageError` (:mod:`._support`).
"""

from __future__ import annotations

from ._backends import ACCEPTED, ENGINES, backend_name, choose_engine
from ._results import LazyResult
from ._run import evaluate_lazy

__all__ = ["ACCEPTED", "ENGINES", "LazyResult", "backend_name", "choose_engine", "evaluate_lazy"]
