"""The words a handbook uses for the names in a file: columns, values, events.

A name is said, in order of preference, as the file's ``labels`` give it for
the language, as the library's built-in vocabulary says it (the column
names of ``docs/columns.md``), or as written: humanised in English
(``first_reply_at`` -> "first reply"), quoted as a name in other languages,
where a quoted name fits any grammatical case.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any

from ..format.parts import CalendarByColumn, Match, Where
from ..format.row_calendars import MEASURE_CALENDAR
from ._i18n import NC_, Language

if TYPE_CHECKING:
    from ..format.model import StandardSet

__all__ = ["Words"]

# -- the built-in vocabulary: (context, English) per name --------------------------
_HEADS = {  # values of `channel`, as the interactions they name
    "phone": NC_("channel value, as the interactions it names", "phone calls"),
    "email": NC_("channel value, as the interactions it names", "e-mails"),
    "chat": NC_("channel value, as the interactions it names", "chats"),
    "social": NC_("channel value, as the interactions it names", "social media posts"),
    "sms": NC_("channel value, as the interactions it names", "text messages"),
}
_BY = {  # values of `channel`, as the way of contact: "interactions by email or chat"
    "phone": NC_("channel value, after 'by': interactions by email or chat", "phone"),
    "email": NC_("channel value, after 'by': interactions by email or chat", "email"),
    "chat": NC_("channel value, after 'by': interactions by email or chat", "chat"),
    "social": NC_("channel value, after 'by': interactions by email or chat", "social media"),
    "sms": NC_("channel value, after 'by': interactions by email or chat", "text message"),
}
_COLUMNS = {
    "channel": NC_("column", "channel"),
    "priority": NC_("column", "priority"),
    "queue": NC_("column", "queue"),
    "customer_id": NC_("column", "customer"),
    "csat": NC_("column", "CSAT score"),
    "recommend": NC_("column", "likelihood to recommend"),
    "hold_seconds": NC_("column", "hold time in seconds"),
    "complaint": NC_("column", "complaint"),
    "abandoned": NC_("column", "abandoned"),
    "reopened": NC_("column", "reopened"),
    "resolved_first_contact": NC_("column", "resolved at first contact"),
    "reopened_count": NC_("column", "times reopened"),
}
_VALUES = {
    ("priority", "urgent"): NC_("value of priority", "urgent"),
    ("priority", "high"): NC_("value of priority", "high"),
    ("priority", "normal"): NC_("value of priority", "normal"),
    ("priority", "low"): NC_("value of priority", "low"),
}
_EVENTS = {
    "offered_at": NC_("event, after 'from' or 'to'", "offered"),
    "answered_at": NC_("event, after 'from' or 'to'", "answered"),
    "abandoned_at": NC_("event, after 'from' or 'to'", "abandoned"),
    "created_at": NC_("event, after 'from' or 'to'", "created"),
    "first_reply_at": NC_("event, after 'from' or 'to'", "first reply"),
    "resolved_at": NC_("event, after 'from' or 'to'", "resolved"),
    "shipped_at": NC_("event, after 'from' or 'to'", "shipped"),
    "delivered_at": NC_("event, after 'from' or 'to'", "delivered"),
    # event logs: derived columns and, for reply cycles, event types
    "created_first_at": NC_("event, after 'from' or 'to'", "created"),
    "agent_reply_first_at": NC_("event, after 'from' or 'to'", "first reply"),
    "solved_first_at": NC_("event, after 'from' or 'to'", "the first time solved"),
    "solved_last_at": NC_("event, after 'from' or 'to'", "the last time solved"),
    "customer_reply": NC_("event, after 'from' or 'to'", "customer message"),
    "agent_reply": NC_("event, after 'from' or 'to'", "agent reply"),
}
_FLAGS = {
    "abandoned": NC_("flag, as what the interactions are", "are abandoned"),
    "reopened": NC_("flag, as what the interactions are", "are reopened"),
    "complaint": NC_("flag, as what the interactions are", "are complaints"),
    "resolved_first_contact": NC_("flag, as what the interactions are", "are resolved at the first contact"),
}
_NEVER = {  # "No phone calls may be abandoned.": a flag no interaction may have (a 0% ceiling)
    "abandoned": NC_("flag, as what no interaction may be", "may be abandoned"),
    "reopened": NC_("flag, as what no interaction may be", "may be reopened"),
    "complaint": NC_("flag, as what no interaction may be", "may be complaints"),
    "resolved_first_contact": NC_("flag, as what no interaction may be", "may be resolved at the first contact"),
}
_EACH = {  # "judged separately for each queue": the column after "each", in the case and gender that needs
    "channel": NC_("column, after 'for' in 'judged separately for each ...'", "each channel"),
    "priority": NC_("column, after 'for' in 'judged separately for each ...'", "each priority"),
    "queue": NC_("column, after 'for' in 'judged separately for each ...'", "each queue"),
    "customer_id": NC_("column, after 'for' in 'judged separately for each ...'", "each customer"),
}
_FILLED = {  # "CSAT answers with a score": a scope condition that a survey column is filled in
    "csat": NC_("scope condition: the column is filled in", "with a CSAT score given"),
    "recommend": NC_("scope condition: the column is filled in", "with an answer on the likelihood to recommend"),
}
#: Columns that only customer contacts have: a measure on one of them is about interactions.
CONTACT_COLUMNS = frozenset({*_EVENTS, *_FLAGS, "reopened_count"} - {"shipped_at", "delivered_at"})

_SUFFIXES = re.compile(r"_(at|time|ts|timestamp|date)$")


def humanise(name: str) -> str:
    """English words for a name: ``first_reply_at`` -> "first reply".

    Columns derived from an event log read as events: ``agent_reply_first_at``
    -> "first agent reply", ``solved_last_at`` -> "the last time solved"
    (a reopened ticket is solved more than once).
    """
    for order in ("first", "last"):
        if name.endswith(f"_{order}_at"):
            event = humanise(name[: -len(order) - 4])
            if not event.endswith("ed"):
                return f"{order} {event}"
            return f"the {order} time {event}"
    return _SUFFIXES.sub("", name).replace("_", " ").strip() or name


def _names_channel(where: Where) -> bool:
    """Whether a ``where`` or one of its alternatives picks rows by ``channel``."""
    return "channel" in where.columns or any(_names_channel(alternative) for alternative in where.any_ or ())


def _channels_only(alternatives: tuple[Where, ...] | None) -> tuple[Any, ...] | None:
    """The channels of ``any:`` alternatives that each pick channels and nothing else, as one list.

    ``any: [{channel: email}, {channel: chat}]`` picks what ``channel: [email, chat]``
    picks, and is said the same way when every channel has a word: "e-mails and chats".
    """
    if not alternatives:
        return None
    values: list[Any] = []
    for alternative in alternatives:
        matcher = alternative.columns.get("channel")
        if alternative.any_ or set(alternative.columns) != {"channel"} or isinstance(matcher, Match):
            return None
        values += matcher if isinstance(matcher, tuple) else [matcher]
    return tuple(dict.fromkeys(values))


class Words:
    """How names of one file are said in one language."""

    def __init__(self, standard_set: StandardSet | None, lang: Language) -> None:
        self.lang = lang
        self._labels = standard_set.labels if standard_set is not None else {}
        self._calendars = frozenset(standard_set.calendars) if standard_set is not None else frozenset()
        self.measure_calendar: str | CalendarByColumn | None = None  # the standard's measure's (during: measure)

    def label(self, key: str) -> str | None:
        """The file's label of a name for this language, if it gives one."""
        return self._labels.get(key, {}).get(self.lang.code)

    def _builtin(self, entry: tuple[str, str] | None) -> str | None:
        return self.lang.ptext(*entry) if entry else None

    def name(self, name: str) -> str:
        """A name without a label or a word for it: humanised in English, quoted elsewhere."""
        if self.lang.code == "en":
            return humanise(name)
        return self.lang.ptext("a name from the file without a label, inside a sentence", "{name}", name=name)

    def column(self, name: str) -> str:
        return self.label(name) or self._builtin(_COLUMNS.get(name)) or self.name(name)

    def each(self, name: str) -> str | None:
        """A column after "judged separately for": "each queue", in the case the sentence needs.

        ``None`` for a column the vocabulary has no such phrase for, or one the
        file labels: a label is a nominative, which fits no case.
        """
        return None if self.label(name) else self._builtin(_EACH.get(name))

    def event(self, name: str) -> str:
        return self.label(name) or self._builtin(_EVENTS.get(name)) or self.name(name)

    def flag(self, name: str) -> str:
        """What a true flag says about the interactions: "are abandoned"."""
        builtin = None if self.label(name) else self._builtin(_FLAGS.get(name))
        return builtin or self.lang.ptext(
            "flag, as what the interactions are", "are marked as {flag}", flag=self.column(name)
        )

    def never(self, name: str) -> str:
        """What no interaction may be, for a 0% ceiling on a flag: "may be abandoned"."""
        builtin = None if self.label(name) else self._builtin(_NEVER.get(name))
        return builtin or self.lang.ptext(
            "flag, as what no interaction may be", "may be marked as {flag}", flag=self.column(name)
        )

    def head(self, value: Any) -> str | None:
        """The interactions a channel value names ("phone calls"), when there is a word for them."""
        if not isinstance(value, str):
            return None
        return self.label(value) or self._builtin(_HEADS.get(value))

    def calendar(self, name: str) -> str:
        return self.label(name) or self.lang.ptext("a calendar's name, inside a sentence", "“{name}”", name=name)

    def _during(self, during: str | CalendarByColumn) -> str:
        """The calendar(s) of ``during:``: one, or those a calendar per row chooses from (``a or b``)."""
        if during == MEASURE_CALENDAR and during not in self._calendars and self.measure_calendar is not None:
            during = self.measure_calendar
        if isinstance(during, CalendarByColumn):
            names = dict.fromkeys([*during.map_.values(), *([during.default] if during.default else [])])
            return self.lang.join([self.calendar(name) for name in names], "or")
        return self.calendar(during)

    def value(self, column: str, value: Any) -> str:
        """A value as a condition names it: a label, a number, a date, yes or no."""
        if isinstance(value, bool):
            return self.lang.ptext("value", "yes") if value else self.lang.ptext("value", "no")
        if isinstance(value, int | float):
            return self.lang.number(value)
        if isinstance(value, _dt.date):
            return self.lang.date(value)
        text = str(value)
        known = self.label(text) or self._builtin(_VALUES.get((column, text)))
        if known:
            return known
        if self.lang.code == "en":
            return text
        return self.lang.ptext("a name from the file without a label, inside a sentence", "{name}", name=text)

    # -- scope ------------------------------------------------------------
    def about_contacts(self, where: Where | None, columns: tuple[str, ...]) -> bool:
        """Whether the rows are customer contacts: picked by channel, or measured on a contact column.

        ``columns`` are the columns the measure reads. Otherwise the rows may be
        parcels, survey answers or anything else, and the handbook calls them by
        the neutral "items".
        """
        if where is not None and _names_channel(where):
            return True
        return any(column in CONTACT_COLUMNS for column in columns)

    def scope(self, where: Where | None, neutral: bool = False, every: bool = True) -> str:
        """The interactions a ``where`` picks, in words: "e-mails with priority urgent or high".

        ``neutral`` rows are not customer contacts: "all items", "items with ...".
        Without ``every``, a scope without conditions is "interactions", not
        "all interactions" (after "No ..." or "All ...").
        """
        if where is None or (not where.columns and not where.any_):
            if not every:
                return self.lang.text("items") if neutral else self.lang.text("interactions")
            return self.lang.text("all items") if neutral else self.lang.text("all interactions")
        columns = dict(where.columns)
        alternatives = where.any_
        channels = _channels_only(alternatives)
        if channels is not None and "channel" not in columns and self._head(channels) is not None:
            columns["channel"], alternatives = channels, None  # any: [{channel: email}, {channel: chat}]
        head = self._head(columns.get("channel"))
        if head is not None:
            del columns["channel"]
        conditions = self.conditions(columns, alternatives)
        interactions = head or (self.lang.text("items") if neutral else self.lang.text("interactions"))
        if not conditions:
            return interactions
        return self.lang.ptext(
            "the interactions and what picks them",
            "{interactions} {conditions}",
            interactions=interactions,
            conditions=conditions,
        )

    def _head(self, matcher: Any) -> str | None:
        values = matcher if isinstance(matcher, tuple) else (matcher,)
        if matcher is None or isinstance(matcher, Match):
            return None
        heads = [self.head(v) for v in values]
        if any(h is None for h in heads):
            return None
        return self.lang.join([h for h in heads if h is not None])

    def conditions(self, columns: dict[str, Any], alternatives: tuple[Where, ...] | None = None) -> str:
        """Every condition of a ``where``, joined: "with priority urgent and marked as complaint"."""
        return self._join_and(self._parts(columns, alternatives))

    def _join_and(self, parts: list[str]) -> str:
        text = parts[0] if parts else ""
        for part in parts[1:]:
            text = self.lang.ptext("joins the conditions of a scope", "{first} and {second}", first=text, second=part)
        return text

    def _parts(self, columns: dict[str, Any], alternatives: tuple[Where, ...] | None) -> list[str]:
        """The conditions of a ``where``, one string each; its ``any:`` alternatives are one of them.

        Alternatives are a plain "or" list ("by email or with queue vip") only when
        nothing could be misread: no other condition beside them and one condition
        in each. Otherwise they are one bracketed clause: "(either ..., or ...)".
        """
        parts = [part for column, matcher in columns.items() for part in self._matcher(column, matcher)]
        if not alternatives:
            return parts
        options = [self._parts(a.columns, a.any_) for a in alternatives]
        said = [self._join_and(option) for option in options]
        if not parts and all(len(option) == 1 for option in options):
            return [self.lang.join(said, "or")]
        text = said[0]
        for option in said[1:]:
            text = self.lang.ptext(
                "joins the alternatives of a scope", "{first}, or {second}", first=text, second=option
            )
        # TRANSLATORS: the alternatives of a scope's `any:` beside other conditions or with several conditions
        # each, joined by the message of context "joins the alternatives of a scope": "with priority urgent and
        # (either by email or chat, or with queue vip)". Mark where the alternatives begin and end, so that an
        # "and" before, inside or after them cannot be misread: "i koji ispunjavaju barem jedan od uvjeta (...; ...)".
        parts.append(self.lang.ptext("scope condition", "(either {alternatives})", alternatives=text))
        return parts

    def _channel(self, matcher: Any) -> str | None:
        """A condition on ``channel`` as the way of contact: "by email or chat", "other than phone calls",
        "that are voice calls" (values with labels).

        ``None`` when some value has neither a label nor a word: the caller says
        "whose channel is fax".
        """
        lang = self.lang
        if isinstance(matcher, Match):
            if any(getattr(matcher, key) is not None for key in ("gt", "ge", "lt", "le", "present", "during")):
                return None
            matcher, negated = matcher.not_, True
        else:
            negated = False
        values = matcher if isinstance(matcher, tuple) else (matcher,)
        if not all(isinstance(v, str) for v in values):
            return None
        if not negated and not any(self.label(v) for v in values) and all(v in _BY for v in values):
            ways = lang.join([lang.ptext(*_BY[v]) for v in values], "or")
            return lang.ptext("scope condition", "by {channels}", channels=ways)
        heads = [self.head(v) for v in values]
        if any(h is None for h in heads):
            return None
        said = lang.join([h for h in heads if h is not None], "or")
        if negated:
            return lang.ptext("scope condition", "other than {interactions}", interactions=said)
        return lang.ptext("scope condition", "that are {interactions}", interactions=said)

    def _matcher(self, column: str, matcher: Any) -> list[str]:
        lang = self.lang
        name = self.column(column)
        if isinstance(matcher, bool):
            if matcher:
                return [lang.ptext("scope condition", "marked as {column}", column=name)]
            return [lang.ptext("scope condition", "not marked as {column}", column=name)]
        if column == "channel":
            said = self._channel(matcher)
            if said is not None:
                return [said]
        if not isinstance(matcher, Match):
            values = matcher if isinstance(matcher, tuple) else (matcher,)
            text = lang.join([self.value(column, v) for v in values], "or")
            if column == "channel":
                return [lang.ptext("scope condition", "whose {column} is {values}", column=name, values=text)]
            return [lang.ptext("scope condition", "with {column} {values}", column=name, values=text)]
        out: list[str] = []
        if matcher.not_ is not None:
            values = matcher.not_ if isinstance(matcher.not_, tuple) else (matcher.not_,)
            text = lang.join([self.value(column, v) for v in values], "or")
            if column == "channel":
                out.append(lang.ptext("scope condition", "whose {column} is not {values}", column=name, values=text))
            else:
                out.append(lang.ptext("scope condition", "with {column} other than {values}", column=name, values=text))
        bounds = {
            "gt": NC_("scope condition", "with {column} above {value}"),
            "ge": NC_("scope condition", "with {column} of at least {value}"),
            "lt": NC_("scope condition", "with {column} below {value}"),
            "le": NC_("scope condition", "with {column} of at most {value}"),
        }
        for key, (context, message) in bounds.items():
            bound = getattr(matcher, key)
            if bound is not None:
                out.append(lang.ptext(context, message, column=name, value=self.value(column, bound)))
        if matcher.present is True:
            filled = None if self.label(column) else self._builtin(_FILLED.get(column))
            out.append(filled or lang.ptext("scope condition", "with {column} filled in", column=name))
        elif matcher.present is False:
            out.append(lang.ptext("scope condition", "without {column}", column=name))
        if matcher.during is not None:
            out.append(
                lang.ptext(
                    "scope condition",
                    "{event} in the open hours of {calendar}",
                    event=self.event(column),
                    calendar=self._during(matcher.during),
                )
            )
        return out
