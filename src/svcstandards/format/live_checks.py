"""Checks of the keys for live service: ``alert_at``, and a measure's own paused statuses.

``pause: {statuses: [pending, on-hold]}`` on a duration measure stops its
clock in those statuses of the event log (each measure its own list); the
file needs an ``events:`` section with a ``status`` column, and the
statuses must be among its ``statuses`` when it lists them.

``alert_at: [50%, 75%]`` flags an open item once it has used that share of
its limit (ServiceNow's 50% and 75% SLA warnings). It is about one open
interaction's time, so the standard needs a duration measure and a time
limit (``within``, ``at_most`` or ``targets``); and the shares must rise and
stay below 100% (an item that has used all its time is ``missed``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import did_you_mean
from ..kinds import AnyMeasure
from ..kinds.duration import DurationMeasure, PauseStatuses
from .issues import Issue, PathPart
from .parts import EventLog

if TYPE_CHECKING:
    from .model import ShareStandard

__all__ = ["alert_issues", "pause_status_issues"]


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


def pause_status_issues(
    path: tuple[PathPart, ...], measure: AnyMeasure, events: EventLog | None, has_events: bool
) -> Iterator[Issue]:
    """The problems of a measure's ``pause: {statuses: [...]}``, if it has one."""
    if not isinstance(measure, DurationMeasure) or not isinstance(measure.pause, PauseStatuses):
        return
    where = (*path, "pause", "statuses")
    if not measure.pause.statuses:
        yield Issue(where, "an empty list pauses nothing", "name the statuses that stop the clock", "pause_statuses")
    if not has_events or (events is not None and events.status is None):
        yield Issue(
            where,
            "paused statuses are read from an event log's status column",
            "add an events: section with status: <column>",
            "pause_statuses",
        )
        return
    if events is None or not events.statuses:
        return
    for index, status in enumerate(measure.pause.statuses):
        if status not in events.statuses:
            yield Issue(
                (*where, index),
                f"paused status '{status}' is not one of the statuses",
                did_you_mean(status, events.statuses) or "add it to the events: section's statuses:",
                "status_unknown",
            )
