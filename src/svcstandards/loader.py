"""Reading standards files; it lives in :mod:`svcstandards.format.loader` (this path keeps working)."""

from __future__ import annotations

from .format.loader import *  # noqa: F403
from .format.loader import __all__ as __all__
