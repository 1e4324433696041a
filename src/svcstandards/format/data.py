"""How the data looks as exported: the ``data:`` section and the column descriptions of ``columns:``.

A name in ``columns:`` maps to a column of the data, either by its name
(``queued: q_start``) or by a description of how to read it::

    columns:
      opened: {column: opened_at, format: "%d-%m-%Y %H:%M", missing: ["?"]}
      queued: {date: date, clock: q_start, missing: "0:00:00"}
      answered: {date: date, clock: ser_start, missing: "0:00:00", after: queued}

The ``data:`` section holds what applies to every column and to reading
the file: markers of missing values, day-first dates, whether the data is a
final (closed, historical) extract, and the CSV separator, encoding and
Excel sheet the command line reads with.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _one_or_many(value: Any) -> Any:
    """A single marker is a list of one: ``missing: "?"`` is ``missing: ["?"]``."""
    return (value,) if isinstance(value, str) else value


Markers = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ColumnSpec(_Model):
    """How to read one column of the data: its name, its format, its missing markers, or a date plus a clock time.

    ``column`` names the data's column (default: the name used in the
    file). ``date`` + ``clock`` build a timestamp from a column of dates and
    a column of clock times; ``after`` names another such time that this
    one never precedes, so that a clock time earlier than it rolls over to
    the next day. ``format`` is a ``strftime`` pattern (of the date part when
    ``clock`` is given); ``dayfirst`` reads ``01-02-2026`` as 1 February.
    ``missing`` lists values that mean "no value" besides the ``data:``
    section's.
    """

    column: str | None = None
    date: str | None = None
    clock: str | None = None
    format: str | None = None
    dayfirst: bool | None = None
    missing: Markers = ()
    after: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ColumnSpec:
        if self.column is not None and (self.date is not None or self.clock is not None):
            raise PydanticCustomError(
                "column_source",
                "{message}",
                {
                    "message": "give either column: or date: with clock:, not both",
                    "hint": "column: names one column; date: and clock: build a time from two",
                },
            )
        if (self.date is None) != (self.clock is None):
            given, other = ("date", "clock") if self.date is not None else ("clock", "date")
            raise PydanticCustomError(
                "column_source",
                "{message}",
                {
                    "message": f"{given}: needs {other}: (a time is built from a date column and a clock-time column)",
                    "hint": "e.g. {date: call_date, clock: answered_time}",
                },
            )
        if self.after is not None and self.clock is None:
            raise PydanticCustomError(
                "column_after",
                "{message}",
                {
                    "message": "after: applies to a time built from date: and clock:",
                    "hint": "remove after:, or build the time with date: and clock:",
                },
            )
        return self

    @property
    def sources(self) -> tuple[str, ...]:
        """The data's columns this description reads (``name`` when it names none)."""
        if self.date is not None and self.clock is not None:
            return (self.date, self.clock)
        return (self.column,) if self.column is not None else ()


def _entry_shape(value: Any) -> str:
    return "<description>" if isinstance(value, dict | BaseModel) else "<name>"


#: A name's entry in ``columns:``: the data's column name, or a description of how to read it.
ColumnEntry = Annotated[
    Annotated[ColumnSpec, Tag("<description>")] | Annotated[str, Tag("<name>")],
    Discriminator(_entry_shape),
]


class DataSection(_Model):
    """What applies to all the data: missing markers, day-first dates, a final extract, how the file is read."""

    missing: Markers = ()
    dayfirst: bool = False
    final: bool = False
    sep: Annotated[str, Field(min_length=1)] | None = None
    encoding: Annotated[str, Field(min_length=1)] | None = None
    sheet: Annotated[str, Field(min_length=1)] | None = None


def column_names(columns: dict[str, str | ColumnSpec]) -> dict[str, str]:
    """Each name of ``columns:`` -> the data's column it reads; a name built from several columns maps to itself."""
    named: dict[str, str] = {}
    for name, entry in columns.items():
        if isinstance(entry, str):
            named[name] = entry
        elif entry.column is not None:
            named[name] = entry.column
        else:
            named[name] = name
    return named
