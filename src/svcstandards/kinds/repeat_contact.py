"""The repeat-contact measure: does the same customer come back within a window?

``measure: {repeat_contact: {customer: customer_id, within: 7d, topic: queue, time: created_at}}``.
It looks across rows: a contact is met when the same customer (and topic)
has another in-scope contact at most ``within`` after it; pending while
its window is open at ``as_of``; invalid without a customer or a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..format.issues import Issue, KeyPath, too_long
from ..format.parts import _Model
from ..format.units import Duration
from ..nodes import (
    ALWAYS,
    Always,
    AsOf,
    Elapsed,
    IsTrue,
    Limits,
    Missing,
    NoAsOf,
    NotPred,
    Presence,
    RepeatGap,
    Rule,
    Shorter,
    Stamp,
    WithinLimits,
)
from ._kind import AnyStandard, Blank, Cause, ColumnRef, Compiled, Kind, Limit, Names, Say

if TYPE_CHECKING:
    from ..format.model import ShareStandard
    from ..plan.compile import FirstRules

__all__ = ["REPEAT_CONTACT", "RepeatContact", "RepeatContactKind", "RepeatContactMeasure"]


class RepeatContact(_Model):
    """Who the customer is, how soon a new contact counts as a repeat, and optionally on what topic."""

    customer: str
    within: Duration
    topic: str | None = None
    time: str | None = None


class RepeatContactMeasure(_Model):
    """True (met) when the same customer contacts again within ``within`` of this contact."""

    repeat_contact: RepeatContact


class RepeatContactKind(Kind[RepeatContactMeasure]):
    name = "repeat_contact"
    threshold = None

    # -- the file ------------------------------------------------------------------------

    def met_when(self, measure: RepeatContactMeasure) -> str:
        return f"the customer contacts again within {measure.repeat_contact.within}"

    def issues(self, path: KeyPath, measure: RepeatContactMeasure) -> Iterator[Issue]:
        yield from too_long((*path, "repeat_contact", "within"), measure.repeat_contact.within)

    def columns(self, path: KeyPath, measure: RepeatContactMeasure) -> list[ColumnRef]:
        repeat = measure.repeat_contact
        named = [("customer", repeat.customer), ("topic", repeat.topic), ("time", repeat.time)]
        return [((*path, "repeat_contact", key), column) for key, column in named if column]

    def time_column(self, measure: RepeatContactMeasure) -> str | None:
        return measure.repeat_contact.time or None

    # -- the plan ------------------------------------------------------------------------

    def compile(self, standard: AnyStandard, measure: RepeatContactMeasure, names: Names, base: FirstRules) -> Compiled:
        repeat = measure.repeat_contact
        time_column = repeat.time or standard.time or ""
        stamp = Stamp(names(time_column))
        gap = RepeatGap(names(repeat.customer), stamp.column, names(repeat.topic) if repeat.topic else None, base.scope)
        window = repeat.within.nanoseconds / 1e9
        unknown = (NotPred(IsTrue(Presence(names(repeat.customer)))), f"no {names(repeat.customer)}")
        rules = [
            *base.out_of_scope(),
            *base.untrusted(unknown, (Missing(stamp), f"no {stamp.column}")),
            Rule(
                WithinLimits(gap, Limits(((ALWAYS, None, window),))), "met", f"another contact within {repeat.within}"
            ),
            Rule(NoAsOf(), "missed", "no other contact, and no as_of to keep the window open"),
            Rule(Shorter(Elapsed(stamp, AsOf()), window), "pending", "no other contact yet; the window is still open"),
            Rule(Always(), "missed", f"no other contact within {repeat.within}"),
        ]
        return ((Always(), gap),), rules, True

    def as_of_columns(self, standard: AnyStandard, measure: RepeatContactMeasure) -> tuple[str, ...]:
        time = measure.repeat_contact.time or standard.time
        return (time,) if time else ()

    # -- words ---------------------------------------------------------------------------

    def condition(
        self, measure: RepeatContactMeasure, say: Say, low: Limit | None, high: Limit | None, targets: bool
    ) -> str:
        repeat = measure.repeat_contact
        if repeat.topic:
            return say.lang.text(
                "are followed by another contact from the same customer about the same {topic} within {limit}",
                topic=say.words.column(repeat.topic),
                limit=say.limit(repeat.within),
            )
        return say.lang.text(
            "are followed by another contact from the same customer within {limit}", limit=say.limit(repeat.within)
        )

    def share_ending(self, measure: RepeatContactMeasure, say: Say, standard: ShareStandard) -> Iterator[str]:
        say.terms.add("pending")
        yield say.text("A contact whose window has not closed yet is pending.")

    # -- the report ------------------------------------------------------------------------

    def invalid_when(self, standard: AnyStandard, measure: RepeatContactMeasure) -> list[Cause]:
        repeat = measure.repeat_contact
        time = repeat.time or standard.time
        causes: list[Cause] = [Blank(repeat.customer, "any")]
        if time:
            causes.append(Blank(time, "timestamp"))
        return causes


REPEAT_CONTACT = RepeatContactKind()
