"""CSV files given as a path, scanned as the command line reads them with pandas when the file says how they look."""

from __future__ import annotations

import glob
import os
from typing import Any

from ...dataio import _csv_options, _encoding, _separator
from ...format.data import DataSection
from ...nodes import BuildTime, Prepare

__all__ = ["PANDAS_NA", "csv_reading", "first_line"]

#: The null text of pandas' ``read_csv`` (its default ``na_values``), for CSV files scanned as pandas reads them.
PANDAS_NA = (
    "",
    "#N/A",
    "#N/A N/A",
    "#NA",
    "-1.#IND",
    "-1.#QNAN",
    "-NaN",
    "-nan",
    "1.#IND",
    "1.#QNAN",
    "<NA>",
    "N/A",
    "NA",
    "NULL",
    "NaN",
    "None",
    "n/a",
    "nan",
    "null",
)


def csv_reading(data: Any, section: DataSection, step: Prepare | None) -> dict[str, Any] | None:
    """How to scan a CSV path as the command line reads it with pandas, when the file says how it looks.

    The separator and encoding of the ``data:`` section (else the separator
    found in the header line, as :mod:`svcstandards.dataio` finds it),
    pandas' null text and the file's markers as nulls, and the columns the
    step reads as text (formats, dates and clock times) kept as text.
    ``None``: not a CSV path, or nothing to say (it is scanned as before).
    """
    if not isinstance(data, str | os.PathLike) or not os.fspath(data).lower().endswith(".csv"):
        return None
    steps = step.steps if step is not None else ()
    if not steps and section.sep is None and section.encoding is None:
        return None
    path = os.fspath(data)
    sample = path if os.path.exists(path) else next(iter(sorted(glob.glob(path))), path)
    encoding = _encoding(section.encoding)
    options, _ = _csv_options(sample, _separator(section.sep), encoding)
    text: list[str] = []
    for part in steps:
        if isinstance(part, BuildTime):
            text += [part.date, part.clock]
        elif part.format is not None:
            text.append(part.column)
    return {
        "sep": options["sep"],
        "encoding": options["encoding"],
        "text": list(dict.fromkeys(text)),
        "nulls": list(dict.fromkeys((*PANDAS_NA, *section.missing))),
    }


def first_line(data: Any) -> int | None:
    """The line of a single CSV file given as a path that its first row is (the header is line 1): 2; else ``None``."""
    if isinstance(data, str | os.PathLike) and os.path.isfile(data) and os.fspath(data).lower().endswith(".csv"):
        return 2
    return None
