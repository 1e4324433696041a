"""Deterministic, realistic example data: a contact centre's interactions and parcels.

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

__all__ = ["interactions", "parcels"]

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
