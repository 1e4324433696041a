"""The Report: the results table of an evaluation, the per-row outcomes behind it, and its views.

>>> from svcstandards import Report
>>> Report.__module__
'svcstandards.report.results'
"""

from __future__ import annotations

from .results import RESULT_COLUMNS, Report, StandardResult

__all__ = ["RESULT_COLUMNS", "Report", "StandardResult"]
