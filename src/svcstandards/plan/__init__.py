"""Compiled plans: what each standard computes, engine-neutral and with no data in it.

:func:`compile_plans` builds one :class:`Plan` per standard; :func:`explain`
prints it step by step. See ``docs/architecture.md``.
"""

from __future__ import annotations

from .compile import Aggregate, Plan, compile_plan, compile_plans
from .explain import explain, plan_to_dict
from .nodes import Rule
from .prepare import compile_prepare, explain_prepare

__all__ = [
    "Aggregate",
    "Plan",
    "Rule",
    "compile_plan",
    "compile_plans",
    "compile_prepare",
    "explain",
    "explain_prepare",
    "plan_to_dict",
]
