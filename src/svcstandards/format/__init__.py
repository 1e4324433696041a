"""The standards file: units, opening hours, the frozen models, the checks that need the whole file, and the loader.

Nothing here touches data. :func:`svcstandards.load` and :func:`svcstandards.loads`
read a file into a :class:`~svcstandards.format.model.StandardSet`; the
plan (:mod:`svcstandards.plan`) compiles it for an engine.
"""
