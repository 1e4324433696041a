"""Event logs (one row per event) turned into interactions (one row per interaction), pauses and reply cycles."""

from __future__ import annotations

from .log import (
    EventLogView,
    interactions_from_events,
    pause_spans,
    read_event_log,
    referenced_types,
    reply_cycles,
)

__all__ = [
    "EventLogView",
    "interactions_from_events",
    "pause_spans",
    "read_event_log",
    "referenced_types",
    "reply_cycles",
]
