"""Engines execute compiled plans (:mod:`svcstandards.plan`) on one kind of data.

``numpy_rows`` is the default: pandas columns read once into numpy arrays
(``_columns``), the plan's rules executed over whole arrays, and one
``np.bincount`` per grouping (``_grouping``). An engine hands back, per
standard, the outcome of every row (``outcomes.RowOutcomes``).
"""
