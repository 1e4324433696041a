"""Checks of a statistic standard: one statistic, one bound, NPS in its range, warn on the right side.

:func:`svcstandards.format.checks.issues_of_parts` runs them on every
statistic standard; the helpers here (what limits a measure takes, a bare
number where a duration is needed) serve the share standards' checks too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..kinds import AnyMeasure, Threshold, kind_of
from .issues import Issue, PathPart, too_long
from .parts import PERCENTILE_KEY, StatTest
from .units import Duration, UnitError, format_number

if TYPE_CHECKING:  # the model runs these checks; they read it without importing it
    from .model import StatisticStandard

__all__ = ["bare_number", "comparable", "statistic_issues", "takes", "warning"]


def takes(measure: AnyMeasure | None, threshold: Threshold) -> bool:
    """Whether the limits of a (known) measure are durations or numbers."""
    return measure is not None and kind_of(measure).threshold == threshold


def warning(path: tuple[PathPart, ...], message: str, hint: str, code: str) -> Issue:
    """An issue that lets the file load: the standard probably does not say what was meant."""
    return Issue(path, message, hint, code, severity="warning")


def comparable(a: Any, b: Any) -> bool:
    """Whether two limits can be compared: both durations or both numbers."""
    return isinstance(a, Duration) == isinstance(b, Duration)


def bare_number(path: tuple[PathPart, ...], value: int | float) -> Issue:
    """A number where the measure is a duration; the hint is a duration that parses."""
    hint = _duration_hint(value)
    return Issue(
        path,
        f"a bare number ({format_number(value)}) is not a duration",
        f"{hint}: this measure is a duration" if hint.startswith("write") else hint,
        "duration_unit_missing",
    )


def _duration_hint(value: object) -> str:
    try:
        Duration.parse(value)
    except UnitError as exc:
        return exc.hint
    return ""


def _example_test(name: str, measure: AnyMeasure | None) -> str:
    """A test that suits the statistic and measure, for a hint."""
    if name == "nps":
        return "{at_least: 30}"
    if takes(measure, "number"):
        return "{at_most: 4}"
    return "{at_most: 30s}"


def statistic_issues(
    path: tuple[PathPart, ...], standard: StatisticStandard, measure: AnyMeasure | None
) -> Iterator[Issue]:
    stats = standard.statistics()
    if not stats:
        yield Issue(
            path,
            "a statistic standard needs one statistic",
            "give one of mean, median, pNN, min, max or nps, e.g. mean: {at_most: 30s}",
            "statistic_missing",
        )
    for name, _ in stats[1:]:
        yield Issue(
            (*path, name),
            f"only one statistic per standard; '{stats[0][0]}' is already given",
            "split it into two standards",
            "statistic_twice",
            at_key=True,
        )
    kind = None if measure is None else kind_of(measure)
    if measure is not None and kind is not None and kind.own_condition and stats:
        yield Issue(
            (*path, "measure"),
            f"statistics need a duration or value measure, not a {kind.name} measure",
            f"for the share of rows where {kind.met_when(measure)}, use floor/ceiling without a statistic",
            "statistic_flag",
        )
    for name, test in stats:
        spath = (*path, name)
        match = PERCENTILE_KEY.fullmatch(name)
        if match and not 0 < float(match.group(1)) < 100:
            yield Issue(
                spath,
                f"percentile {name} is outside p0 to p100 (exclusive)",
                "write e.g. p90 or p99.9",
                "percentile_range",
                at_key=True,
            )
        yield from _stat_test_issues(spath, name, test, measure)


def _stat_test_issues(
    path: tuple[PathPart, ...], name: str, test: StatTest, measure: AnyMeasure | None
) -> Iterator[Issue]:
    bounds = [(k, getattr(test, k)) for k in ("at_most", "at_least") if getattr(test, k) is not None]
    if len(bounds) != 1:
        yield Issue(
            path,
            "a statistic needs exactly one of at_most or at_least",
            f"e.g. {name}: {_example_test(name, measure)}",
            "statistic_bound",
        )
        return
    key, limit = bounds[0]
    values = [("warn", test.warn), (key, limit)] if test.warn is not None else [(key, limit)]
    for vkey, value in values:
        yield from too_long((*path, vkey), value)
        if takes(measure, "duration") and name != "nps" and not isinstance(value, Duration):
            yield bare_number((*path, vkey), value)
        if name == "nps":
            if isinstance(value, Duration):
                yield Issue(
                    (*path, vkey),
                    "NPS is a number of points from -100 to 100",
                    "write e.g. at_least: 30",
                    "nps_range",
                )
            elif not -100 <= value <= 100:
                yield Issue(
                    (*path, vkey),
                    f"NPS {value} is outside -100 to 100",
                    "NPS is % promoters minus % detractors, in points",
                    "nps_range",
                )
    if name == "nps" and not isinstance(limit, Duration) and (key, limit) in (("at_least", -100), ("at_most", 100)):
        yield warning(
            (*path, key),
            f"NPS is never {'below -100' if key == 'at_least' else 'above 100'}: this standard can never fail",
            "write the NPS you accept, e.g. at_least: 30",
            "never_fails",
        )
    if name == "nps" and takes(measure, "duration"):
        yield Issue(
            path,
            "nps needs a value measure of 0-10 scores",
            "measure: {column: recommend}",
            "nps_measure",
            at_key=True,
        )
    warn = test.warn
    if warn is not None and comparable(warn, limit):
        if key == "at_most" and warn >= limit:
            yield Issue(
                (*path, "warn"),
                f"warn ({warn}) must be below at_most ({limit})",
                "values above warn and up to at_most are a warning",
                "tier_side",
            )
        if key == "at_least" and warn <= limit:
            yield Issue(
                (*path, "warn"),
                f"warn ({warn}) must be above at_least ({limit})",
                "values below warn and down to at_least are a warning",
                "tier_side",
            )
