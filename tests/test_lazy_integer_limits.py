"""The lazy engines compare wall-clock elapsed times in whole microseconds: the same answer as float seconds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from svcstandards.engines.lazy._rules import _ceil_us, _floor_us


@settings(max_examples=300, deadline=None)
@given(
    limit=st.one_of(
        st.floats(min_value=0, max_value=1e9, allow_nan=False),
        st.integers(min_value=0, max_value=10**9).map(lambda us: us / 1e6),  # limits of whole microseconds
    ),
    offset=st.integers(min_value=-3, max_value=3),
)
def test_a_limit_in_microseconds_decides_every_elapsed_time_as_seconds_do(limit: float, offset: int) -> None:
    for d in (_floor_us(limit) + offset, _ceil_us(limit) + offset):
        assert (d / 1e6 <= limit) == (d <= _floor_us(limit))
        assert (d / 1e6 < limit) == (d < _ceil_us(limit))


def test_limits_by_hand() -> None:
    assert (_floor_us(20.0), _ceil_us(20.0)) == (20_000_000, 20_000_000)
    assert (_floor_us(0.1), _ceil_us(0.1)) == (100_000, 100_000)
    # 2.5 microseconds: 2 us is under it, 3 us over it
    assert (_floor_us(2.5e-6), _ceil_us(2.5e-6)) == (2, 3)
