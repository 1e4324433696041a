"""Staffing: how many agents meet a contact-centre standard such as "80% answered within 20 seconds".

Erlang C (nobody hangs up) and Erlang A (callers hang up after an
exponential patience) on numpy arrays; see docs/staffing.md.
"""

from __future__ import annotations

from .observed import observed_staffing
from .picture import plot_staffing
from .queue import abandon_rate, asa, erlang_b, erlang_c, service_level
from .solve import agents_needed
from .table import staffable, staffing

__all__ = [
    "abandon_rate",
    "agents_needed",
    "asa",
    "erlang_b",
    "erlang_c",
    "observed_staffing",
    "plot_staffing",
    "service_level",
    "staffable",
    "staffing",
]
