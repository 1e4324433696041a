"""Reading interaction data for the command line: CSV, JSON lines, Parquet.

Library users pass DataFrames; these helpers serve ``svcstandards validate
--columns`` and ``svcstandards evaluate``. Parquet needs the optional
``pyarrow`` (``pip install 'svcstandards[parquet]'``).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any, TextIO

from .errors import MissingDependencyError

__all__ = ["data_format", "read_column_names"]


def data_format(path: str | os.PathLike[str]) -> str:
    """``csv``, ``jsonl`` or ``parquet``, by the file's ending (``.gz`` allowed for text)."""
    name = Path(path).name.lower().removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError.for_extra("pyarrow", "parquet", "Reading Parquet") from exc
    return pq


def read_column_names(path: str | os.PathLike[str]) -> list[str]:
    """The column names of a data file, reading only its header (or schema)."""
    kind = data_format(path)
    if kind == "parquet":
        return list(_pyarrow_parquet().read_schema(path).names)
    if kind == "jsonl":
        import json

        with _open_text(path) as handle:
            first = handle.readline()
        record = json.loads(first) if first.strip() else {}
        return list(record) if isinstance(record, dict) else []
    with _open_text(path) as handle:
        return next(csv.reader(handle), [])


def _open_text(path: str | os.PathLike[str]) -> TextIO:
    if str(path).lower().endswith(".gz"):
        import gzip

        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")  # caller closes it
    return open(path, encoding="utf-8-sig", newline="")
