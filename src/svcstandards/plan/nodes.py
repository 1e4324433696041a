"""The vocabulary of a plan: conditions, expressions, predicates and rules.

They live in :mod:`svcstandards.nodes`, below the models, so that the
measure kinds (:mod:`svcstandards.kinds`) can build them; this is the same
module under the plan's name, for engines and readers of a plan.
"""

from __future__ import annotations

from ..nodes import *  # noqa: F403
from ..nodes import __all__ as __all__
