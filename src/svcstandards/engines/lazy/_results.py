"""A standard's results from a lazy engine: the results table and the outcome counts, without rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from ...errors import UsageError
from ...format.model import ShareStandard, StatisticStandard
from ...report.results import StandardResult
from ..outcomes import OUTCOMES, RowOutcomes

__all__ = ["LazyResult", "RowsQuery"]

AnyStandard = ShareStandard | StatisticStandard


class RowsQuery(Protocol):
    """What gives a standard's rows with chosen outcomes, as a lazy filter in the engine's own type."""

    def rows(self, outcomes: Sequence[str]) -> Any: ...


class LazyResult(StandardResult):
    """Like :class:`StandardResult`, but the rows stayed in the backend: only their counts came back.

    ``breaches()`` returns a lazy filter in the engine's own type (see
    :mod:`._breaches`); ``outcomes()``, aligned with a pandas index, raises
    a :class:`~svcstandards.errors.UsageError` that says so.
    """

    totals: np.ndarray
    engine: str
    breach_query: RowsQuery | None = None

    @classmethod
    def of(
        cls,
        *,
        standard: AnyStandard,
        frame: pd.DataFrame,
        totals: np.ndarray,
        group_columns: tuple[str, ...],
        period: str | None,
        as_of: int | None,
        engine: str,
        time: str | None,
    ) -> LazyResult:
        empty = np.empty(0)
        result = cls(
            standard=standard,
            frame=frame,
            outcome=np.empty(0, dtype=np.int8),
            group_columns=group_columns,
            period=period,
            as_of=as_of,
            data=pd.DataFrame(),
            rows=RowOutcomes(np.empty(0, dtype=np.int8), empty, empty, empty, False),
            time=time,
        )
        result.totals, result.engine = totals, engine
        return result

    def lazy_rows(self, outcomes: list[str]) -> Any:
        if self.breach_query is None:  # pragma: no cover - every lazy result gets its query
            raise UsageError(f"the rows of standard '{self.standard.id}' cannot be reached")
        return self.breach_query.rows(outcomes)

    def outcome_counts(self) -> dict[str, int]:
        return {name: int(count) for name, count in zip(OUTCOMES, self.totals, strict=True)}

    def __getattribute__(self, name: str) -> Any:
        if name in ("outcome", "data", "rows") and "engine" in object.__getattribute__(self, "__dict__"):
            engine = object.__getattribute__(self, "engine")
            standard = object.__getattribute__(self, "standard").id
            raise UsageError(
                f"the rows behind the results of standard '{standard}' stayed in {engine}: only their counts "
                "were collected; breaches() returns them as a lazy filter, and for outcomes() evaluate a "
                "pandas DataFrame (e.g. the rows of one day or queue)"
            )
        return object.__getattribute__(self, name)
