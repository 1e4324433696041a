"""The models of a standards file; they live in :mod:`svcstandards.format.model` (this path keeps working)."""

from __future__ import annotations

from .format.model import *  # noqa: F403
from .format.model import __all__ as __all__
