"""The measure kinds, each defined in one module: its model, checks, plan rules and words.

- :mod:`~svcstandards.kinds.duration`: ``from``, ``to`` (``calendar``, ``pause``,
  ``abandoned``): ``to - from`` on open hours, less pauses;
- :mod:`~svcstandards.kinds.value`: ``column``: the number in a column;
- :mod:`~svcstandards.kinds.flag`: ``flag``: met when the flag is true;
- :mod:`~svcstandards.kinds.presence`: ``present``: met when the column has a value;
- :mod:`~svcstandards.kinds.repeat_contact`: ``repeat_contact: {customer, within,
  topic, time}``: met when the customer comes back within the window.

:data:`KINDS` maps each model class to its :class:`Kind`; code that depends
on the kind of a measure asks :func:`kind_of` instead of testing its class:

>>> measure = FlagMeasure(flag="resolved")
>>> kind = kind_of(measure)
>>> kind.name, kind.own_condition, kind.columns(("measure",), measure)
('flag', True, [(('measure', 'flag'), 'resolved')])

The models are also in :mod:`svcstandards.format.measures`, with the union
that tells them apart by their keys, and in :mod:`svcstandards.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from ._kind import NO_END, Before, Blank, Cause, Kind, NoEnd, OutOfRange, Say, Threshold
from .duration import DURATION, DurationMeasure, PauseSpan
from .flag import FLAG, FlagMeasure
from .presence import PRESENCE, PresenceMeasure
from .repeat_contact import REPEAT_CONTACT, RepeatContact, RepeatContactMeasure
from .value import VALUE, ValueMeasure

__all__ = [
    "KINDS",
    "NO_END",
    "AnyMeasure",
    "Before",
    "Blank",
    "Cause",
    "DurationMeasure",
    "FlagMeasure",
    "Kind",
    "NoEnd",
    "OutOfRange",
    "PauseSpan",
    "PresenceMeasure",
    "RepeatContact",
    "RepeatContactMeasure",
    "Say",
    "Threshold",
    "ValueMeasure",
    "kind_of",
]

AnyMeasure = DurationMeasure | ValueMeasure | FlagMeasure | PresenceMeasure | RepeatContactMeasure

#: Model class -> its kind; one entry per measure kind.
KINDS: Mapping[type[BaseModel], Kind[Any]] = MappingProxyType(
    {
        DurationMeasure: DURATION,
        ValueMeasure: VALUE,
        FlagMeasure: FLAG,
        PresenceMeasure: PRESENCE,
        RepeatContactMeasure: REPEAT_CONTACT,
    }
)


def kind_of(measure: AnyMeasure) -> Kind[Any]:
    """The kind of a measure: what checks, compiles and describes it."""
    return KINDS[type(measure)]
