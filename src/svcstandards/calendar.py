"""Business time; it lives in :mod:`svcstandards.calendars` (this path keeps working)."""

from __future__ import annotations

from .calendars import *  # noqa: F403
from .calendars import __all__ as __all__
