"""Durations and percentages: parse exactly, print the way people write them.

A :class:`Duration` holds a whole number of nanoseconds; a :class:`Percent`
holds an exact :class:`fractions.Fraction` between 0 and 1. Neither ever
goes through a binary float, so ``floor(n * (1 - 90%))`` is exact.

>>> Duration.parse("1h30m").seconds
5400.0
>>> str(Duration.parse("PT2M"))
'2m'
>>> str(Percent.parse(0.925))
'92.5%'
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import total_ordering
from typing import Any, ClassVar, Self, cast

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ..errors import SvcStandardsError, UsageError

__all__ = ["MAX_DURATION_NS", "NAT", "UNIT_NS", "Duration", "Percent", "UnitError", "format_number", "seconds_of"]

#: Nanoseconds per unit of a compact duration (``1h30m``), largest first.
UNIT_NS = {
    "w": 7 * 86_400 * 10**9,
    "d": 86_400 * 10**9,
    "h": 3_600 * 10**9,
    "m": 60 * 10**9,
    "s": 10**9,
}
_ORDER = "wdhms"
_ISO_NS = {"W": UNIT_NS["w"], "D": UNIT_NS["d"], "H": UNIT_NS["h"], "M": UNIT_NS["m"], "S": UNIT_NS["s"]}

# What people write instead of the short units, and what to write instead.
_UNIT_HINTS = {
    **dict.fromkeys(["sec", "secs", "second", "seconds", "S"], "s"),
    **dict.fromkeys(["min", "mins", "minute", "minutes", "M", "mn"], "m"),
    **dict.fromkeys(["hr", "hrs", "hour", "hours", "H"], "h"),
    **dict.fromkeys(["day", "days", "D"], "d"),
    **dict.fromkeys(["wk", "wks", "week", "weeks", "W"], "w"),
}

_NUMBER = r"\d+(?:\.\d+)?"
_COMPACT_PART = re.compile(rf"({_NUMBER})\s*([A-Za-z]+)")
_ISO = re.compile(
    rf"P(?:(?P<W>{_NUMBER})W)?(?:(?P<D>{_NUMBER})D)?"
    rf"(?:T(?:(?P<H>{_NUMBER})H)?(?:(?P<M>{_NUMBER})M)?(?:(?P<S>{_NUMBER})S)?)?"
)
DURATION_PATTERN = (
    r"^(\d+(\.\d+)?\s*[wdhms]\s*)+$|^P(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$"
)
PERCENT_PATTERN = r"^\d+(\.\d+)?\s*%$"


class UnitError(SvcStandardsError, ValueError):
    """A value that is not a valid duration or percentage, with a hint."""

    def __init__(self, message: str, hint: str = "", code: str = "unit") -> None:
        self.message = message
        self.hint = hint
        self.code = code
        super().__init__(f"{message} ({hint})" if hint else message)

    def as_pydantic(self) -> PydanticCustomError:
        return PydanticCustomError(self.code, "{message}", {"message": self.message, "hint": self.hint})


def format_number(value: Fraction | Decimal | int | float) -> str:
    """Print a number exactly, without exponent or trailing zeros: 2.50 -> '2.5'."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        # enough digits for any fraction with a finite decimal expansion
        precision = max(28, len(str(abs(value.numerator))) + value.denominator.bit_length())
        with localcontext(prec=precision):
            value = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def seconds_of(value: Duration | int | float | None) -> float:
    """A limit as a float: seconds for a Duration, the number itself otherwise, NaN for none."""
    if value is None:
        return float("nan")
    if isinstance(value, Duration):
        return value.nanoseconds / 1e9
    return float(value)


def _exact(text: str) -> Fraction:
    return Fraction(Decimal(text))


#: The longest duration a standards file may give: 100 years of 365.25 days.
#: Time is counted in int64 nanoseconds, which end after 292 years.
#: Missing instant in int64 nanoseconds since the epoch (the value of ``NaT``).
NAT = -(2**63)
MAX_DURATION_NS = 36_525 * 86_400 * 10**9


def _seconds_hint(seconds: int | float) -> str:
    """What to write for a bare number of seconds: a value that parses, or why there is none."""
    if isinstance(seconds, float) and not math.isfinite(seconds):
        return "write a number with a unit: 90s, 2m, 1h30m"
    if seconds < 0:
        return "a duration cannot be negative: write e.g. 90s"
    exact = Fraction(Decimal(repr(seconds))) if isinstance(seconds, float) else Fraction(seconds)
    if exact * 10**9 > MAX_DURATION_NS:
        return f"durations go up to {Duration(MAX_DURATION_NS)} (100 years); check the number"
    exact = Fraction(round(exact * 10**9), 10**9)  # a duration is whole nanoseconds
    hint = f"write {format_number(exact)}s"
    if exact.denominator == 1 and exact >= 60 and exact % 60 == 0:
        hint += f" or {Duration(int(exact) * 10**9)}"
    return hint


@total_ordering
class _Unit:
    """What :class:`Duration` and :class:`Percent` share: an exact key that orders and hashes them,
    and how pydantic reads them (text or number) and writes them (their text)."""

    __slots__ = ()
    _JSON_SCHEMA: ClassVar[JsonSchemaValue]

    def _key(self) -> int | Fraction:
        raise NotImplementedError

    @classmethod
    def parse(cls, value: object) -> Self:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._key() == self._key()

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    @classmethod
    def _validate(cls, value: object) -> Self:
        try:
            return cast(Self, _of_text(cls.__name__, value)) if isinstance(value, str) else cls.parse(value)
        except UnitError as exc:
            raise exc.as_pydantic() from exc

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(cls._JSON_SCHEMA)


# A file repeats its limits (20s, 80%) many times: read each text once.
# Both kinds are immutable, so one value can stand for every occurrence.
@functools.lru_cache(maxsize=4096)
def _of_text(kind: str, text: str) -> _Unit:
    return _UNITS[kind].parse(text)


class Duration(_Unit):
    """A non-negative length of time, exact to the nanosecond.

    Written as ``90s``, ``2m``, ``1h30m``, ``3d``, ``1w`` (units in this order,
    each at most once, decimals allowed: ``1.5h``) or as ISO 8601 (``PT2M``,
    ``P1DT2H``). Years and months are refused: they have no fixed length.
    """

    __slots__ = ("_ns",)
    _JSON_SCHEMA: ClassVar[JsonSchemaValue] = {
        "type": "string",
        "pattern": DURATION_PATTERN,
        "description": "A duration: 90s, 2m, 1h30m, 3d, 1w, or ISO 8601 such as PT2M.",
        "examples": ["20s", "2m", "1h30m", "3d"],
    }

    def __init__(self, nanoseconds: int) -> None:
        if not isinstance(nanoseconds, int) or isinstance(nanoseconds, bool):
            raise UsageError("Duration takes a whole number of nanoseconds; use Duration.parse")
        if nanoseconds < 0:
            raise UnitError("a duration cannot be negative", code="duration_negative")
        self._ns = nanoseconds

    # -- construction -------------------------------------------------
    @classmethod
    def parse(cls, value: object) -> Duration:
        """Parse text (``"2m"``, ``"PT2M"``), a ``timedelta`` or a Duration."""
        if isinstance(value, Duration):
            return value
        if isinstance(value, _dt.timedelta):
            if value < _dt.timedelta(0):
                raise UnitError("a duration cannot be negative", code="duration_negative")
            return cls((value.days * 86_400 + value.seconds) * 10**9 + value.microseconds * 1000)
        if isinstance(value, bool) or value is None:
            raise UnitError(
                f"expected a duration such as 2m or 90s, got {value!r}",
                "write a number with a unit: 90s, 2m, 1h30m",
                "duration_type",
            )
        if isinstance(value, int | float):
            raise UnitError(
                f"a bare number ({format_number(value)}) is not a duration: it needs a unit",
                _seconds_hint(value),
                "duration_unit_missing",
            )
        if not isinstance(value, str):
            raise UnitError(
                f"expected a duration such as 2m or 90s, got {type(value).__name__}",
                "write a number with a unit: 90s, 2m, 1h30m",
                "duration_type",
            )
        text = value.strip()
        if not text:
            raise UnitError("empty duration", "write 90s, 2m, 1h30m", "duration_format")
        if text.startswith("P"):
            return cls._parse_iso(text)
        return cls._parse_compact(text)

    @classmethod
    def _parse_compact(cls, text: str) -> Duration:
        if re.fullmatch(_NUMBER, text):
            number = _exact(text)
            whole = int(number) if number.denominator == 1 else float(number)
            raise UnitError(
                f"'{text}' is not a duration: it needs a unit",
                _seconds_hint(whole),
                "duration_unit_missing",
            )
        pos = 0
        total = Fraction(0)
        last = -1
        for match in _COMPACT_PART.finditer(text):
            if text[pos : match.start()].strip():
                break
            digits, unit = match.groups()
            if unit not in UNIT_NS:
                fix = _UNIT_HINTS.get(unit) or _UNIT_HINTS.get(unit.lower())
                if fix and unit in ("M", "H", "S", "D", "W"):
                    hint = f"units are lower case: write {digits}{fix}"
                elif fix:
                    hint = f"write {digits}{fix}"
                else:
                    hint = "units are w, d, h, m and s, e.g. 1h30m"
                raise UnitError(f"unknown unit '{unit}' in '{text}'", hint, "duration_unit")
            index = _ORDER.index(unit)
            if index <= last:
                raise UnitError(
                    f"units out of order or repeated in '{text}'",
                    "write the units largest first, each once: 1d2h30m",
                    "duration_format",
                )
            last = index
            total += _exact(digits) * UNIT_NS[unit]
            pos = match.end()
        if pos == 0 or text[pos:].strip():
            raise UnitError(
                f"'{text}' is not a duration",
                "write a number with a unit: 90s, 2m, 1h30m, 3d, 1w, or ISO 8601 such as PT2M",
                "duration_format",
            )
        return cls._from_fraction(total, text)

    @classmethod
    def _parse_iso(cls, text: str) -> Duration:
        match = _ISO.fullmatch(text)
        if not match or text in ("P", "PT") or text.endswith("T"):
            hint = "ISO 8601 durations look like PT2M, PT1H30M or P3D"
            if re.search(r"\d+Y|P[^T]*\d+M", text):
                hint = "years and months have no fixed length: write days (P30D) or weeks"
            raise UnitError(f"'{text}' is not an ISO 8601 duration", hint, "duration_format")
        total = sum(
            (_exact(v) * _ISO_NS[k] for k, v in match.groupdict().items() if v is not None),
            Fraction(0),
        )
        return cls._from_fraction(total, text)

    @classmethod
    def _from_fraction(cls, total: Fraction, text: str) -> Duration:
        if total.denominator != 1:
            raise UnitError(
                f"'{text}' is finer than a nanosecond",
                "round it to whole nanoseconds",
                "duration_format",
            )
        return cls(int(total))

    # -- values -------------------------------------------------------
    @property
    def nanoseconds(self) -> int:
        return self._ns

    @property
    def seconds(self) -> float:
        """Length in seconds as a float (exact for whole microseconds)."""
        return self._ns / 10**9

    def to_timedelta(self) -> _dt.timedelta:
        return _dt.timedelta(microseconds=self._ns // 1000)

    def __str__(self) -> str:
        ns = self._ns
        if ns == 0:
            return "0s"
        parts: list[str] = []
        units = "wdhm" if ns % UNIT_NS["w"] == 0 else "dhm"
        for unit in units:
            count, ns = divmod(ns, UNIT_NS[unit])
            if count:
                parts.append(f"{count}{unit}")
        if ns:
            parts.append(f"{format_number(Fraction(ns, 10**9))}s")
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Duration('{self}')"

    def _key(self) -> int:
        return self._ns


class Percent(_Unit):
    """A share between 0% and 100%, held as an exact fraction.

    Written as ``"90%"`` (quoted or not, YAML reads ``90%`` as text) or as a
    fraction ``0.9``. A bare number above 1 is refused: ``floor: 90`` is
    ambiguous, write ``90%`` or ``0.9``.
    """

    __slots__ = ("_value",)
    _JSON_SCHEMA: ClassVar[JsonSchemaValue] = {
        "anyOf": [
            {"type": "string", "pattern": PERCENT_PATTERN},
            {"type": "number", "minimum": 0, "maximum": 1},
        ],
        "description": "A share: 90% or a fraction such as 0.9.",
        "examples": ["90%", 0.95],
    }

    def __init__(self, value: Fraction | int) -> None:
        value = Fraction(value)
        if not 0 <= value <= 1:
            raise UnitError(
                f"{format_number(value * 100)}% is outside 0% to 100%",
                "a share is between 0% and 100%",
                "percent_range",
            )
        self._value = value

    @classmethod
    def parse(cls, value: object) -> Percent:
        if isinstance(value, Percent):
            return value
        if isinstance(value, Fraction):
            return cls(value)
        if isinstance(value, bool) or value is None:
            raise UnitError(
                f"expected a percentage such as 90%, got {value!r}",
                "write 90% or 0.9",
                "percent_type",
            )
        if isinstance(value, int | float | Decimal):
            if not isinstance(value, int) and not math.isfinite(value):
                raise UnitError(f"{value} is not a percentage", "write 90% or 0.9", "percent_format")
            number = Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)
            if number > 1:
                shown = format_number(number)
                raise UnitError(
                    f"a bare number above 1 ({shown}) is not a share",
                    f"write {shown}% or {format_number(number / 100)}"
                    if number <= 100
                    else "a share is between 0% and 100%: write e.g. 90% or 0.9",
                    "percent_bare_number",
                )
            if number < 0:
                raise UnitError(
                    f"{format_number(number)} is negative",
                    "a share is between 0% and 100%",
                    "percent_range",
                )
            return cls(number)
        if isinstance(value, str):
            text = value.strip()
            if text.endswith("%"):
                body = text[:-1].strip()
                if re.fullmatch(_NUMBER, body):
                    return cls(_exact(body) / 100)
            plain: Fraction | None
            try:
                plain = Fraction(Decimal(text))
            except (InvalidOperation, ValueError, OverflowError):  # also 'inf' and 'nan'
                plain = None
            if plain is not None:
                return cls.parse(plain if plain <= 1 else int(plain) if plain.denominator == 1 else float(plain))
            raise UnitError(f"'{value}' is not a percentage", "write 90% or 0.9", "percent_format")
        raise UnitError(
            f"expected a percentage such as 90%, got {type(value).__name__}",
            "write 90% or 0.9",
            "percent_type",
        )

    @property
    def fraction(self) -> Fraction:
        """The exact share, 0 to 1."""
        return self._value

    def __float__(self) -> float:
        return float(self._value)

    def __str__(self) -> str:
        return f"{format_number(self._value * 100)}%"

    def __repr__(self) -> str:
        return f"Percent('{self}')"

    def _key(self) -> Fraction:
        return self._value


_UNITS: dict[str, type[_Unit]] = {"Duration": Duration, "Percent": Percent}
