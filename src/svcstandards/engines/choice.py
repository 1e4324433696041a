"""Which engine reads a data file on the command line (``svcstandards evaluate --engine``).

``pandas`` reads the whole file into memory; ``polars``, ``duckdb`` and
``spark`` (the active SparkSession, or a local one) scan Parquet or CSV
files (or a glob of them) where they are and count inside the engine.
``auto`` picks DuckDB for a Parquet or CSV file (or the files of a glob)
larger than :data:`AUTO_SHARE` of the machine's physical
memory when DuckDB is installed, and pandas otherwise: pandas needs several
times a file's size in memory (a CSV's text becomes arrays, every column a
standard reads is converted), so a file of a tenth of the memory is about
where it stops fitting comfortably.
"""

from __future__ import annotations

import glob
import importlib.util
import os
from pathlib import Path

from ..errors import UsageError
from ..format.model import StandardSet
from .lazy._backends import ENGINES
from .lazy._explain import explain_queries as queries

__all__ = ["AUTO_SHARE", "ENGINES", "LAZY_SUFFIXES", "explain_queries", "memory_bytes", "pick_engine"]

#: ``auto`` picks DuckDB for files larger than this share of the machine's physical memory.
AUTO_SHARE = 0.10
#: The files Polars, DuckDB and Spark scan.
LAZY_SUFFIXES = (".parquet", ".pq", ".csv")


def pick_engine(requested: str, path: str, memory: int | None = None) -> str:
    """``pandas``, ``polars``, ``duckdb`` or ``spark`` for the data file(s) ``path``.

    ``memory``: bytes, default the machine's.
    """
    suffix = Path(path).suffix.lower()
    pattern = glob.has_magic(path) and not os.path.exists(path)
    if requested not in ("auto", "pandas"):
        if suffix not in LAZY_SUFFIXES:
            raise UsageError(
                f"--engine {requested} scans Parquet or CSV files, not {Path(path).name}; "
                "use --engine pandas (or auto) for other files"
            )
        return requested
    if requested == "pandas":
        if pattern:
            raise UsageError(f"--engine pandas reads one file, not the pattern {path}; use --engine duckdb or polars")
        return "pandas"
    if suffix not in LAZY_SUFFIXES:
        return "pandas"
    duckdb = importlib.util.find_spec("duckdb") is not None and importlib.util.find_spec("narwhals") is not None
    if pattern:  # several files: only a lazy engine reads a glob
        if duckdb:
            return "duckdb"
        if importlib.util.find_spec("polars") is not None and importlib.util.find_spec("narwhals") is not None:
            return "polars"
        raise UsageError(f"{path} is a pattern of files: reading them needs svcstandards[duckdb] or [polars]")
    if not duckdb or not os.path.isfile(path):
        return "pandas"
    available = memory if memory is not None else memory_bytes()
    if available is not None and os.path.getsize(path) > AUTO_SHARE * available:
        return "duckdb"
    return "pandas"


def memory_bytes() -> int | None:
    """The machine's physical memory in bytes (``None`` where the system does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None


def explain_queries(standard_set: StandardSet, engine: str, data: str | None = None) -> str:
    """The queries ``engine`` runs for the standards (on the columns of the file ``data``, if given), as text."""
    return queries(standard_set, engine, data)
