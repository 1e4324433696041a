"""How the human views word the share of a standard with a ceiling.

The share of a standard is the share of rows that meet its condition. For
a floor that is what the standard wants ("66.7% met"); for a ceiling it is
what the standard limits ("at most 5% of calls abandoned"), so the views say
what the condition counts: "30.4% abandoned", "12.5% of rows where
reopened_count is at least 1", never "30.4% met".
"""

from __future__ import annotations

from typing import Any

from ..format.model import ShareStandard, StandardSet, StatisticStandard
from ..format.units import Duration, format_number
from ..kinds.duration import DurationMeasure
from ..kinds.flag import FlagMeasure
from ..kinds.presence import PresenceMeasure
from ..kinds.repeat_contact import RepeatContactMeasure
from ..kinds.value import ValueMeasure

__all__ = ["flag_words", "share_words"]


def share_words(standard_set: StandardSet, standard: ShareStandard | StatisticStandard) -> str | None:
    """What the share of a standard with a ceiling counts, said after its percentage; ``None`` otherwise.

    A flag says its name when it starts with a past participle
    (``abandoned`` -> "abandoned", ``hung_up`` -> "hung up"); any other name
    reads "with complaint" (see :func:`flag_words`), a presence "with csat filled
    in", a repeat contact "contacted again within 7d", a threshold "of rows
    where <measure> is <condition>".
    """
    if not isinstance(standard, ShareStandard) or standard.ceiling_tiers is None:
        return None
    measure = standard_set.measure_of(standard)
    if isinstance(measure, FlagMeasure):
        return flag_words(measure.flag)
    if isinstance(measure, PresenceMeasure):
        return f"with {measure.present} filled in"
    if isinstance(measure, RepeatContactMeasure):
        return f"contacted again within {measure.repeat_contact.within}"
    if isinstance(standard.measure, str):
        subject = standard.measure
    elif isinstance(measure, ValueMeasure):
        subject = measure.column
    else:
        assert isinstance(measure, DurationMeasure)
        subject = f"the time from {measure.from_} to {measure.to}"
    if standard.targets:
        return f"of rows where {subject} is within its target"
    bounds = [
        f"{word} {_limit(value)}"
        for word, value in (("within", standard.within), ("at least", standard.at_least), ("at most", standard.at_most))
        if value is not None
    ]
    return f"of rows where {subject} is {' and '.join(bounds)}"


def _limit(value: Any) -> str:
    return str(value) if isinstance(value, Duration) else format_number(value)


#: Past participles that do not end in "-ed": a flag named with one reads as it is ("hung up", "left").
_IRREGULAR_PARTICIPLES = frozenset(
    [
        "bought",
        "broken",
        "brought",
        "built",
        "caught",
        "chosen",
        "dealt",
        "done",
        "fed",
        "forgotten",
        "found",
        "frozen",
        "given",
        "gone",
        "heard",
        "held",
        "hidden",
        "hung",
        "kept",
        "led",
        "left",
        "lost",
        "made",
        "met",
        "paid",
        "quit",
        "said",
        "seen",
        "sent",
        "shut",
        "sold",
        "spent",
        "spoken",
        "stolen",
        "taken",
        "taught",
        "thought",
        "told",
        "won",
        "written",
    ]
)


def flag_words(flag: str) -> str:
    """A flag's name as a noun phrase after a percentage: "28.0% hung up", "12% with complaint".

    A name that starts with a past participle reads as it is (``abandoned``,
    ``hung_up``, ``transferred_out``), also after ``is_``/``was_``
    (``is_escalated`` -> "escalated"); ``has_complaint`` reads "with
    complaint", as does any other name (``complaint``, ``callback``).
    """
    words = [word for word in flag.replace("-", "_").split("_") if word]
    if len(words) > 1 and words[0].lower() in ("is", "was", "got", "been"):
        words = words[1:]
    if len(words) > 1 and words[0].lower() in ("has", "had", "have", "with"):
        return "with " + " ".join(words[1:])
    if not words:
        return f"with {flag}"
    first = words[0].lower()
    if first.endswith("ed") or first in _IRREGULAR_PARTICIPLES:
        return " ".join(words)
    return "with " + " ".join(words)
