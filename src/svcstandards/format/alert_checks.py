"""Checks of ``alert_at``: shares of an open item's time limit, in order, for a standard with a time limit.

``alert_at: [50%, 75%]`` flags an open item once it has used that share of
its limit (ServiceNow's 50% and 75% SLA warnings). It is about one open
interaction's time, so the standard needs a duration measure and a time
limit (``within``, ``at_most`` or ``targets``); and the shares must rise and
stay below 100% (an item that has used all its time is ``missed``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..kinds import AnyMeasure
from ..kinds.duration import DurationMeasure
from .issues import Issue, PathPart

if TYPE_CHECKING:
    from .model import ShareStandard

__all__ = ["alert_issues"]


def alert_issues(path: tuple[PathPart, ...], standard: ShareStandard, measure: AnyMeasure | None) -> Iterator[Issue]:
    """The problems of the standard's ``alert_at``, if it has one."""
    shares = standard.alert_at
    if not shares:
        return
    limited = standard.within is not None or standard.at_most is not None or standard.targets is not None
    if measure is not None and (not isinstance(measure, DurationMeasure) or not limited):
        yield Issue(
            (*path, "alert_at"),
            "alert_at flags an open item by the share of its time limit it has used, "
            "but this standard has no time limit",
            "use alert_at with a duration measure and within: (or at_most:, targets:)",
            "alert_at_no_limit",
            at_key=True,
        )
    for index, share in enumerate(shares):
        if share.fraction <= 0 or share.fraction >= 1:
            yield Issue(
                (*path, "alert_at", index),
                f"alert_at {share} must be above 0% and below 100%",
                "an item that has used 100% of its time is missed (breaches() lists it); use e.g. [50%, 75%]",
                "alert_at_range",
            )
        elif index and share.fraction <= shares[index - 1].fraction:
            yield Issue(
                (*path, "alert_at", index),
                f"alert_at {share} does not come after {shares[index - 1]}",
                "list the shares from the smallest up, each once: [50%, 75%]",
                "alert_at_order",
            )
