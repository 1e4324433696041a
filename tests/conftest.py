"""Fixtures shared by the test files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def session_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The Spark session's time zone set to the test's parameter, and set back afterwards."""
    from engine_cases import spark_session

    spark = spark_session()
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", request.param)
    yield request.param
    spark.conf.set("spark.sql.session.timeZone", before)
