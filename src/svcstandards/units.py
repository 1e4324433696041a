"""Durations and percentages; they live in :mod:`svcstandards.format.units` (this path keeps working)."""

from __future__ import annotations

from .format.units import *  # noqa: F403
from .format.units import __all__ as __all__
