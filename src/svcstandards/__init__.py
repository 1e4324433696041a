"""svcstandards: service standards as code.

Write customer-service standards once in YAML ("90% of calls answered
within 2 minutes"), load them into typed models, and score tables of
interactions against them.

>>> import svcstandards
>>> standards = svcstandards.loads('''
... version: 1
... standards:
...   - id: calls-2min
...     measure: {from: offered_at, to: answered_at}
...     within: 2m
...     floor: 90%
... ''')
>>> [s.id for s in standards]
['calls-2min']
"""

from __future__ import annotations

from .calendars import BusinessCalendar, business_deadline, business_seconds, is_open
from .errors import (
    DataError,
    DataProblem,
    ImmutableError,
    InvalidArgumentError,
    MissingDependencyError,
    Problem,
    StandardsError,
    SvcStandardsError,
    UnknownStandardError,
    UsageError,
)
from .evaluate import evaluate
from .events.log import interactions_from_events, pause_spans
from .format.loader import dumps, load, load_preset, loads
from .format.model import (
    Calendar,
    DurationMeasure,
    FlagMeasure,
    ShareStandard,
    StandardSet,
    StatisticStandard,
    ValueMeasure,
)
from .format.presets import preset_names
from .format.units import Duration, Percent, UnitError
from .report.interval_report import interval_report
from .report.results import Report

__version__ = "0.1.0"

__all__ = [
    "BusinessCalendar",
    "Calendar",
    "DataError",
    "DataProblem",
    "Duration",
    "DurationMeasure",
    "FlagMeasure",
    "ImmutableError",
    "InvalidArgumentError",
    "MissingDependencyError",
    "Percent",
    "Problem",
    "Report",
    "ShareStandard",
    "StandardSet",
    "StandardsError",
    "StatisticStandard",
    "SvcStandardsError",
    "UnitError",
    "UnknownStandardError",
    "UsageError",
    "ValueMeasure",
    "__version__",
    "business_deadline",
    "business_seconds",
    "dumps",
    "evaluate",
    "interactions_from_events",
    "interval_report",
    "is_open",
    "load",
    "load_preset",
    "loads",
    "pause_spans",
    "preset_names",
]
