"""Standards in plain words: one paragraph per standard, and a handbook of them all.

:func:`describe` says what a standard asks in a few plain sentences, built
from the model, so that every part that changes the meaning is said: which
interactions, what is measured, on which calendar, the limits and warning
levels, how abandoned and still-open interactions count, the period and the
minimum volume. :func:`handbook` puts those paragraphs in a document a
manager can print and hand out (Markdown, HTML or plain text), with a short
glossary of the terms used.

>>> from svcstandards import loads
>>> standards = loads('''
... version: 1
... standards:
...   - id: calls-answered-2min
...     where: {channel: phone}
...     measure: {from: offered_at, to: answered_at}
...     within: 2m
...     floor: {fail: 90%, warn: 95%}
... ''')
>>> print(describe(standards.get("calls-answered-2min"), standards))
At least 90% of phone calls go from offered to answered within 2 minutes. \
Time counts round the clock, weekends and holidays included. Below 95% is a warning. \
Interactions still open after the target time count as missed; until then they are pending.

English needs nothing else; the other languages (:func:`available_languages`)
need Babel: ``pip install 'svcstandards[handbook]'``.
"""

from __future__ import annotations

from ._i18n import available_languages
from .document import handbook
from .sentences import GLOSSARY_TERMS, Description, HandbookFormat, describe, description

__all__ = [
    "GLOSSARY_TERMS",
    "Description",
    "HandbookFormat",
    "available_languages",
    "describe",
    "description",
    "handbook",
]
