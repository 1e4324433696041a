"""Deterministic, realistic example data: a contact centre's interactions, parcels, ticket events.

Seeded numpy, no loops over rows: the same arguments always give the same
table. Used by the examples, the documentation, the tests and the benchmarks.
Columns follow ``docs/columns.md``.

>>> calls = interactions(days=7, per_day=200, seed=1)
>>> sorted(calls["channel"].unique())
['chat', 'email', 'phone', 'social']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .calendars import BusinessCalendar, business_deadline_ns

__all__ = ["interactions", "parcels", "ticket_events"]

_CHANNELS = np.array(["phone", "chat", "email", "social"])
_CHANNEL_SHARE = np.array([0.6, 0.15, 0.2, 0.05])
_QUEUES = np.array(["billing", "support", "sales"])
_PRIORITIES = np.array(["urgent", "high", "normal"])
_SECOND = np.timedelta64(1, "s")


def _stamps(values: Any) -> pd.DatetimeIndex:
    """Naive datetimes at millisecond resolution (NaT where missing)."""
    return pd.DatetimeIndex(np.asarray(values, dtype="datetime64[ms]"))


def _arrival_seconds(rng: np.random.Generator, size: int) -> np.ndarray:
    """Seconds after midnight: a morning peak near 10:00, an afternoon one near 14:30."""
    morning = rng.normal(10.0 * 3600, 1.4 * 3600, size)
    afternoon = rng.normal(14.5 * 3600, 1.8 * 3600, size)
    seconds = np.where(rng.random(size) < 0.55, morning, afternoon)
    return np.clip(seconds, 7.5 * 3600, 20 * 3600 - 1).astype(np.int64)


def interactions(
    days: int = 30,
    per_day: int = 2_000,
    start: str = "2026-03-02",
    seed: int = 7,
    dirty: float = 0.002,
) -> pd.DataFrame:
    """``days`` of interactions (about ``per_day`` a weekday, 40% of that at weekends).

    Calls and chats queue with a wait that grows at the daily peaks and
    customers who give up when their patience (exponential, mean 2 minutes) runs
    out, so short abandons occur; e-mails and social posts get replies after
    hours (by priority), a few are still unanswered at the end; about a fifth
    answer a CSAT survey (1-5) and some an NPS question (0-10). A fraction
    ``dirty`` of rows is broken on purpose: answered before offered, or no
    offered time. Timestamps are naive wall-clock times.
    """
    rng = np.random.default_rng(seed)
    day_index = np.arange(days)
    dates = np.datetime64(start, "D") + day_index
    weekday = (dates.astype(np.int64) + 3) % 7  # 0 = Monday
    volumes = rng.poisson(np.where(weekday < 5, per_day, 0.4 * per_day))
    n = int(volumes.sum())
    day_of_row = np.repeat(dates, volumes)
    offered = day_of_row.astype("datetime64[s]") + _arrival_seconds(rng, n) * _SECOND
    channel = _CHANNELS[rng.choice(len(_CHANNELS), n, p=_CHANNEL_SHARE)]
    live = (channel == "phone") | (channel == "chat")

    # queue wait grows with load: busiest around the peaks
    hour = (offered - day_of_row.astype("datetime64[s]")).astype(np.int64) / 3600
    load = np.exp(-((hour - 10) ** 2) / 2) + 0.8 * np.exp(-((hour - 14.5) ** 2) / 3)
    wait = rng.exponential(3 + 12 * load, n)
    patience = rng.exponential(120, n)
    gave_up = live & (patience < wait)
    answered = np.where(
        live & ~gave_up,
        offered + (wait * 1000).astype(np.int64).astype("timedelta64[ms]"),
        np.datetime64("NaT"),
    )
    abandoned_at = np.where(
        gave_up, offered + (patience * 1000).astype(np.int64).astype("timedelta64[ms]"), np.datetime64("NaT")
    )

    # written channels: reply after hours, faster for urgent ones; late ones still open
    written = ~live
    priority = _PRIORITIES[rng.choice(3, n, p=[0.1, 0.25, 0.65])].astype(object)
    priority[~written] = None
    mean_hours = np.select([channel == "social", priority == "urgent", priority == "high"], [0.3, 0.8, 2.5], 6.0)
    reply_delay = rng.lognormal(np.log(mean_hours * 3600), 0.8, n)
    first_reply = offered + reply_delay.astype(np.int64) * _SECOND
    end = np.datetime64(start, "s") + np.timedelta64(days, "D")
    first_reply = np.where(written & (first_reply < end), first_reply, np.datetime64("NaT"))
    resolve_delay = rng.lognormal(np.log(30 * 3600), 0.9, n)
    resolved = np.where(
        written & ~np.isnat(first_reply),
        first_reply + resolve_delay.astype(np.int64) * _SECOND,
        np.datetime64("NaT"),
    )
    resolved = np.where(resolved < end, resolved, np.datetime64("NaT"))

    hold = np.where((channel == "phone") & ~gave_up & (rng.random(n) < 0.3), rng.exponential(40, n), 0.0)
    surveyed = ~gave_up & (rng.random(n) < 0.2)
    csat = np.where(surveyed, rng.choice([1, 2, 3, 4, 5], n, p=[0.04, 0.04, 0.06, 0.3, 0.56]), np.nan)
    recommend = np.where(
        surveyed & (rng.random(n) < 0.7),
        rng.choice(11, n, p=[0.02] * 5 + [0.04, 0.06, 0.12, 0.18, 0.22, 0.28]),
        np.nan,
    )

    frame = pd.DataFrame(
        {
            "interaction_id": np.arange(1, n + 1),
            "channel": channel,
            "queue": _QUEUES[rng.choice(3, n, p=[0.3, 0.5, 0.2])],
            "priority": priority,
            "customer_id": rng.integers(1, max(n // 3, 2), n),
            "offered_at": _stamps(offered),
            "answered_at": _stamps(answered),
            "abandoned_at": _stamps(abandoned_at),
            "abandoned": gave_up,
            "created_at": _stamps(np.where(written, offered, np.datetime64("NaT"))),
            "first_reply_at": _stamps(first_reply),
            "resolved_at": _stamps(resolved),
            "reopened": written & ~np.isnat(resolved) & (rng.random(n) < 0.04),
            "complaint": (channel == "social") & (rng.random(n) < 0.35),
            "hold_seconds": np.round(hold, 1),
            "csat": csat,
            "recommend": recommend,
            "resolved_first_contact": ~gave_up & (rng.random(n) < 0.78),
        }
    )
    frame["priority"] = frame["priority"].astype(object)
    broken = rng.random(n) < dirty
    if broken.any():
        early = broken & live & ~gave_up & (rng.random(n) < 0.5)
        frame.loc[early, "answered_at"] = frame.loc[early, "offered_at"] - pd.Timedelta(seconds=30)
        lost = broken & ~early
        frame.loc[lost, "offered_at"] = pd.NaT
    return frame


def parcels(days: int = 30, per_day: int = 500, start: str = "2026-03-02", seed: int = 11) -> pd.DataFrame:
    """Parcels shipped on each day and delivered 1 to 6 days later (a few not yet)."""
    rng = np.random.default_rng(seed)
    n = days * per_day
    shipped = np.datetime64(start, "s") + rng.integers(0, days * 86_400, n) * _SECOND
    transit = rng.gamma(4.0, 14 * 3600 / 4.0, n) + rng.exponential(12 * 3600, n)
    delivered = shipped + transit.astype(np.int64) * _SECOND
    end = np.datetime64(start, "s") + np.timedelta64(days, "D")
    delivered = np.where(delivered < end, delivered, np.datetime64("NaT"))
    return pd.DataFrame(
        {
            "parcel_id": np.arange(1, n + 1),
            "region": np.array(["north", "south", "east", "west"])[rng.integers(0, 4, n)],
            "shipped_at": _stamps(shipped),
            "delivered_at": _stamps(delivered),
        }
    )


_EVENT_TYPES = np.array(
    ["created", "priority_changed", "agent_reply", "status_changed", "customer_reply", "solved", "reopened"],
    dtype=object,
)
(_CREATED, _PRIORITY_CHANGED, _AGENT_REPLY, _STATUS_CHANGED, _CUSTOMER_REPLY, _SOLVED, _REOPENED) = range(7)
_STATUSES = np.array([None, "new", "open", "pending", "solved"], dtype=object)
_NO_STATUS, _NEW, _OPEN, _PENDING, _SOLVED_STATUS = range(5)
_NS = 1_000_000_000


class _Events:
    """Columns of events collected kind by kind (whole arrays), then stacked once."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, tickets: np.ndarray, at: np.ndarray, kind: int, status: int, seq: int, priority: Any = -1) -> None:
        size = len(tickets)
        self.parts.append(
            (
                tickets,
                at,
                np.full(size, kind, dtype=np.int8),
                np.full(size, status, dtype=np.int8),
                np.full(size, seq, dtype=np.int16),
                np.broadcast_to(np.asarray(priority, dtype=np.int8), (size,)),
            )
        )

    def stacked(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(column) for column in zip(*self.parts, strict=True))


def _wall(rng: np.random.Generator, median_hours: float, sigma: float, size: int) -> np.ndarray:
    """Wall-clock delays in ns, log-normal around ``median_hours``."""
    return rng.lognormal(np.log(median_hours * 3600), sigma, size).astype(np.int64) * _NS


def ticket_events(days: int = 30, per_day: int = 400, start: str = "2026-03-02", seed: int = 3) -> pd.DataFrame:
    """An event log of ``days`` of e-mail tickets: one row per event, ordered by time.

    Columns: ``ticket_id``, ``at`` (naive wall-clock time), ``event``,
    ``status`` (the status after the event; blank when the event does not
    change it), ``priority`` (on the creation and on priority changes only),
    ``channel`` and ``customer_id``. Event types: ``created``,
    ``agent_reply``, ``customer_reply``, ``status_changed`` (to ``pending``
    when an agent asks the customer something, back to ``open`` when the
    customer answers), ``priority_changed``, ``solved`` and ``reopened``.

    About ``per_day`` tickets arrive each weekday (30% of that at weekends).
    Agents work Monday to Friday 08:00-18:00, so their replies fall in those
    hours (the delay is log-normal office time, shorter for urgent tickets);
    customers answer at any hour. A ticket takes one to four agent replies,
    some customers write twice before the agent answers, some tickets wait
    for the customer's confirmation (pending) before they are solved, and
    about 5% are reopened and solved again. Events after the last day are
    not in the log, so the newest tickets are still open. Matches
    ``standards/email-events.yaml``.

    >>> log = ticket_events(days=7, per_day=50, seed=1)
    >>> list(log.columns)
    ['ticket_id', 'at', 'event', 'status', 'priority', 'channel', 'customer_id']
    >>> bool(log["at"].is_monotonic_increasing)
    True
    """
    office = BusinessCalendar({"mon-fri": "08:00-18:00"})

    def agent_time(after: np.ndarray, median_hours: float, size: int, sigma: float = 1.0) -> np.ndarray:
        """When an agent answers: log-normal office time after ``after`` (ns)."""
        office_seconds = np.floor(rng.lognormal(np.log(median_hours * 3600), sigma, size))
        return np.asarray(business_deadline_ns(after, office_seconds, office), dtype=np.int64)

    rng = np.random.default_rng(seed)
    dates = np.datetime64(start, "D") + np.arange(days)
    weekday = (dates.astype(np.int64) + 3) % 7  # 0 = Monday
    volumes = rng.poisson(np.where(weekday < 5, per_day, 0.3 * per_day))
    n = int(volumes.sum())
    # e-mails arrive around the clock, most of them near the day's two peaks
    peaks = np.where(rng.random(n) < 0.55, rng.normal(10.0 * 3600, 2 * 3600, n), rng.normal(15 * 3600, 3 * 3600, n))
    seconds = np.where(rng.random(n) < 0.85, peaks.astype(np.int64) % 86_400, rng.integers(0, 86_400, n))
    created = np.repeat(dates, volumes).astype("datetime64[ns]").astype(np.int64) + seconds * _NS
    created.sort()
    tickets = np.arange(n, dtype=np.int64)
    priority = rng.choice(3, n, p=[0.1, 0.25, 0.65]).astype(np.int8)  # index into _PRIORITIES
    replies = np.minimum(rng.geometric(0.5, n), 4)  # agent replies before the ticket is solved
    events = _Events()
    events.add(tickets, created, _CREATED, _NEW, 0, priority)

    # first reply: faster for urgent and high priority; some tickets are re-prioritised before it
    first_median = np.array([0.3, 1.2, 2.5])
    first_reply = np.zeros(n, dtype=np.int64)
    for level in range(3):  # a loop over three priorities, each vectorised
        rows = np.flatnonzero(priority == level)
        first_reply[rows] = agent_time(created[rows], float(first_median[level]), len(rows), sigma=0.8)
    changed = np.flatnonzero(rng.random(n) < 0.07)
    new_priority = ((priority[changed] + rng.integers(1, 3, len(changed))) % 3).astype(np.int8)
    triage = ((first_reply[changed] - created[changed]) // _NS * rng.uniform(0.1, 0.6, len(changed))).astype(np.int64)
    events.add(changed, created[changed] + triage * _NS, _PRIORITY_CHANGED, _NO_STATUS, 1, new_priority)

    # rounds: the agent replies; unless it is the last reply, asks (pending) and the customer answers
    reply_at = first_reply
    for round_no in range(int(replies.max())):  # at most four rounds, each vectorised over tickets
        rows = np.flatnonzero(replies > round_no)
        at = reply_at[rows]
        seq = 10 + 10 * round_no
        events.add(rows, at, _AGENT_REPLY, _NO_STATUS, seq)
        asks = replies[rows] > round_no + 1
        rows, at = rows[asks], at[asks]
        if not len(rows):
            break
        pending_at = at + rng.integers(5, 90, len(rows)) * _NS
        events.add(rows, pending_at, _STATUS_CHANGED, _PENDING, seq + 1)
        answer_at = pending_at + np.maximum(_wall(rng, 6.0, 1.2, len(rows)), 60 * _NS)
        events.add(rows, answer_at, _CUSTOMER_REPLY, _NO_STATUS, seq + 2)
        events.add(rows, answer_at, _STATUS_CHANGED, _OPEN, seq + 3)
        next_reply = agent_time(answer_at, 1.3, len(rows))
        # some customers write again before the agent answers: one reply cycle, from the first message
        again = np.flatnonzero(rng.random(len(rows)) < 0.25)
        again_at = answer_at[again] + rng.integers(300, 7_200, len(again)) * _NS
        events.add(rows[again], again_at, _CUSTOMER_REPLY, _NO_STATUS, seq + 4)
        next_reply[again] = np.maximum(next_reply[again], again_at + 60 * _NS)
        reply_at = reply_at.copy()
        reply_at[rows] = next_reply

    # solved soon after the last reply, or after waiting (pending) for the customer's confirmation
    confirm = rng.random(n) < 0.2
    solved = reply_at + rng.integers(30, 600, n) * _NS
    waiting = np.flatnonzero(confirm)
    events.add(waiting, solved[waiting], _STATUS_CHANGED, _PENDING, 91)
    solved[waiting] += _wall(rng, 20.0, 0.8, len(waiting))
    events.add(tickets, solved, _SOLVED, _SOLVED_STATUS, 92)

    # about 5% are reopened by a customer's message, answered and solved again
    reopened = np.flatnonzero(rng.random(n) < 0.05)
    reopened_at = solved[reopened] + _wall(rng, 30.0, 0.9, len(reopened))
    events.add(reopened, reopened_at, _REOPENED, _OPEN, 100)
    events.add(reopened, reopened_at, _CUSTOMER_REPLY, _NO_STATUS, 101)
    answered_at = agent_time(reopened_at, 1.3, len(reopened))
    events.add(reopened, answered_at, _AGENT_REPLY, _NO_STATUS, 102)
    events.add(reopened, answered_at + rng.integers(30, 600, len(reopened)) * _NS, _SOLVED, _SOLVED_STATUS, 103)

    stacked = events.stacked()
    end = np.datetime64(start, "D").astype("datetime64[ns]").astype(np.int64) + days * 86_400 * _NS
    logged = np.flatnonzero(stacked[1] < end)  # the export was taken at the end of the last day
    logged = logged[np.lexsort((stacked[4][logged], stacked[0][logged], stacked[1][logged]))]
    owner, at, kind, status, _, levels = (column[logged] for column in stacked)
    priorities = np.where(levels >= 0, _PRIORITIES[np.maximum(levels, 0)].astype(object), None)
    customers = rng.integers(1, max(n // 2, 2), n)
    return pd.DataFrame(
        {
            "ticket_id": owner + 1,
            "at": _stamps((at // 1_000_000).astype("datetime64[ms]")),
            "event": _EVENT_TYPES[kind],
            "status": _STATUSES[status],
            "priority": priorities,
            "channel": np.full(len(owner), "email", dtype=object),
            "customer_id": customers[owner],
        }
    )
