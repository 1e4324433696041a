"""Languages of the handbook: message catalogs, plural forms, numbers and dates.

The messages are English sentences, looked up in the gettext catalog
``locale/<lang>/LC_MESSAGES/svcstandards.mo`` of the language. Adding a
language is adding one catalog: :func:`available_languages` finds it.

English needs nothing but the standard library. Every other language
needs Babel (``pip install 'svcstandards[handbook]'``) for the CLDR data:
plural categories of decimals, number and percent formats, names of days,
months and countries.

A translated message may ask for a grammatical case of a duration where its
language needs one: ``{limit}`` is the nominative (the counting form),
``{limit.gen}`` the genitive and ``{limit.acc}`` the accusative. English
messages use only ``{limit}``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
import string
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidArgumentError, MissingDependencyError
from ..format.units import UNIT_NS, Duration, Percent, format_number

if TYPE_CHECKING:
    from babel import Locale

__all__ = ["CASES", "DOMAIN", "LOCALE_DIR", "Forms", "Language", "available_languages", "language"]

DOMAIN = "svcstandards"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
CASES = ("nom", "gen", "acc")


def N_(message: str) -> str:  # noqa: N802 - gettext's marker names, which message extraction looks for
    """Mark a message for extraction; it is translated where it is used."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - gettext's marker names, which message extraction looks for
    """Mark a message with a context for extraction."""
    return context, message


def NP_(context: str, singular: str, plural: str) -> tuple[str, str, str]:  # noqa: N802 - gettext's marker names, which message extraction looks for
    """Mark a plural message with a context for extraction."""
    return context, singular, plural


def available_languages() -> tuple[str, ...]:
    """The languages the handbook is written in: English and every compiled catalog."""
    found = {SOURCE_LANGUAGE}
    if LOCALE_DIR.is_dir():
        found.update(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return tuple(sorted(found))


class Forms:
    """A phrase in several grammatical cases; prints as its nominative."""

    __slots__ = ("_forms",)

    def __init__(self, forms: Mapping[str, str]) -> None:
        self._forms = dict(forms)

    def case(self, name: str) -> str:
        if name not in CASES:
            raise KeyError(f"unknown case '{name}' (cases: {', '.join(CASES)})")
        return self._forms.get(name) or self._forms["nom"]

    def __str__(self) -> str:
        return self._forms["nom"]

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Forms({self._forms!r})"


class _Formatter(string.Formatter):
    """``str.format`` that allows ``{name}`` and ``{name.case}`` and nothing else."""

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        name, _, case = field_name.partition(".")
        value = kwargs[name]
        if case:
            value = value.case(case) if isinstance(value, Forms) else value
            if case not in CASES:
                raise KeyError(field_name)
        return value, name


_FORMATTER = _Formatter()

# Unit messages per grammatical case. Translators fill each case their
# language uses; the rest repeat the nominative.
_UNITS: dict[str, dict[str, tuple[str, str, str]]] = {
    "w": {
        "nom": NP_("duration, nominative", "{n} week", "{n} weeks"),
        "gen": NP_("duration, genitive", "{n} week", "{n} weeks"),
        "acc": NP_("duration, accusative", "{n} week", "{n} weeks"),
    },
    "d": {
        "nom": NP_("duration, nominative", "{n} day", "{n} days"),
        "gen": NP_("duration, genitive", "{n} day", "{n} days"),
        "acc": NP_("duration, accusative", "{n} day", "{n} days"),
    },
    "h": {
        "nom": NP_("duration, nominative", "{n} hour", "{n} hours"),
        "gen": NP_("duration, genitive", "{n} hour", "{n} hours"),
        "acc": NP_("duration, accusative", "{n} hour", "{n} hours"),
    },
    "m": {
        "nom": NP_("duration, nominative", "{n} minute", "{n} minutes"),
        "gen": NP_("duration, genitive", "{n} minute", "{n} minutes"),
        "acc": NP_("duration, accusative", "{n} minute", "{n} minutes"),
    },
    "s": {
        "nom": NP_("duration, nominative", "{n} second", "{n} seconds"),
        "gen": NP_("duration, genitive", "{n} second", "{n} seconds"),
        "acc": NP_("duration, accusative", "{n} second", "{n} seconds"),
    },
}

_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# English country names that take "the": "public holidays in the United Kingdom".
_EN_THE = frozenset({"AE", "BS", "CD", "CF", "CZ", "DO", "GB", "GM", "KM", "MH", "NL", "PH", "SB", "SC", "US", "VA"})


def _babel() -> Any:
    try:
        import babel
        import babel.dates
        import babel.lists
        import babel.numbers
    except ImportError as exc:
        raise MissingDependencyError.for_extra("babel", "handbook", "Handbooks in other languages") from exc
    return babel


@functools.cache
def language(code: str) -> Language:
    """The :class:`Language` of a code such as ``"sl"``; ``ValueError`` for an unknown one."""
    return Language(code)


class Language:
    """Messages, plural forms and number formats of one language."""

    def __init__(self, code: str) -> None:
        known = available_languages()
        if code not in known:
            raise InvalidArgumentError(f"no handbook language '{code}' (available: {', '.join(known)})")
        self.code = code
        self._locale: Locale | None = None
        self._translations: gettext.NullTranslations
        if code == SOURCE_LANGUAGE:
            self._translations = gettext.NullTranslations()
        else:
            self._locale = _babel().Locale.parse(code)
            with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
                self._translations = gettext.GNUTranslations(handle)

    # -- messages -------------------------------------------------------
    def text(self, message: str, /, **values: Any) -> str:
        """The message in this language, with its placeholders filled."""
        return self._fill(self._translations.gettext(message), values)

    def ptext(self, context: str, message: str, /, **values: Any) -> str:
        """Like :meth:`text`, for a message with a context."""
        return self._fill(self._translations.pgettext(context, message), values)

    def ntext(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """The plural form of the message for ``count``, with its placeholders filled."""
        return self._fill(self._translations.ngettext(singular, plural, count), values)

    def nptext(self, context: str, singular: str, plural: str, count: Fraction | int, /, **values: Any) -> str:
        """Like :meth:`ntext`, for a message with a context; ``count`` may be a fraction."""
        form = self._translations.npgettext(context, singular, plural, self._plural_key(count))
        return self._fill(form, values)

    def _fill(self, template: str, values: Mapping[str, Any]) -> str:
        try:
            return _FORMATTER.vformat(template, (), values)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"the {self.code} message {template!r} cannot be filled: {exc}") from exc

    def _plural_key(self, count: Fraction | int) -> int:
        """An integer with the plural form ``count`` takes: itself, or one of the same CLDR category."""
        if isinstance(count, int) or count.denominator == 1:
            return int(count)
        if self._locale is None:
            return 2  # English: 1.5 minutes
        category = self._locale.plural_form(Decimal(format_number(count)))
        for candidate in range(2, 200):
            if self._locale.plural_form(candidate) == category:
                return candidate
        return 2  # categories only decimals have (Russian, Polish 'other') read like 'few'

    # -- values ---------------------------------------------------------
    def number(self, value: Fraction | Decimal | int | float) -> str:
        """A number as this language writes it: 1,234.5 / 1.234,5 / 1 234,5."""
        text = format_number(value)
        if self._locale is None:
            whole, dot, fraction = text.partition(".")
            sign = "-" if whole.startswith("-") else ""
            digits = whole.lstrip("-")
            grouped = f"{int(digits):,}"
            return f"{sign}{grouped}{dot}{fraction}"
        numbers = _babel().numbers
        return str(numbers.format_decimal(Decimal(text), format="#,##0.##########", locale=self._locale))

    def percent(self, value: Percent) -> str:
        """A share as this language writes it: 92.5% / 92,5 %."""
        if self._locale is None:
            return f"{self.number(value.fraction * 100)}%"
        pattern = self._locale.percent_formats[None].pattern.split(";")[0]
        pattern = pattern.replace("#,##0", "#,##0.##########", 1)
        numbers = _babel().numbers
        return str(numbers.format_percent(Decimal(format_number(value.fraction)), format=pattern, locale=self._locale))

    def date(self, value: _dt.date) -> str:
        """A date in words: 24 December 2026 / 24. december 2026."""
        if self._locale is None:
            return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"
        return str(_babel().dates.format_date(value, format="long", locale=self._locale))

    def day_name(self, weekday: int) -> str:
        """The name of a weekday (Monday is 0), as it stands alone."""
        if self._locale is None:
            return _EN_DAYS[weekday]
        return str(self._locale.days["stand-alone"]["wide"][weekday])

    def country(self, code: str) -> str:
        """The name of a country by its ISO 3166 code, as it stands alone.

        English takes the name from Babel when it is installed, else from the
        ``holidays`` package that the calendar needs for the code anyway.
        """
        locale = self._locale
        if locale is None:
            try:
                locale = _babel().Locale.parse("en")
            except MissingDependencyError:
                return self._country_from_holidays(code)
        return str(locale.territories.get(code, code))

    def country_after_in(self, code: str) -> str:
        """English only: the country with its article where it takes one (the United Kingdom)."""
        name = self.country(code)
        return f"the {name}" if self.code == SOURCE_LANGUAGE and code in _EN_THE else name

    @staticmethod
    def _country_from_holidays(code: str) -> str:
        try:
            from holidays import registry
        except ImportError:
            return code
        for entry in registry.COUNTRIES.values():
            if len(entry) > 1 and entry[1] == code:
                camel = str(entry[0])
                return "".join(f" {c}" if c.isupper() and i else c for i, c in enumerate(camel))
        return code

    def subdivision(self, country: str, code: str) -> tuple[str, str | None]:
        """A holiday subdivision by its name, and the language of that name when it is not this one.

        The name is the ``holidays`` package's (its country's
        ``subdivisions_aliases``: "Scotland" for ``GB``/``SCT``, "New York" for
        ``US``/``NY``, "Bayern" for ``DE``/``BY``), written in the language the
        package names that country's holidays in (``en`` for the United
        Kingdom, ``de`` for Germany). Neither Babel nor the package translates
        them. A subdivision without a name, or without the package, keeps its
        code (``("SCT", None)``).
        """
        names = _subdivision_names(country)
        if code not in names:
            return code, None
        name, written_in = names[code]
        return name, (written_in if written_in not in (None, self.code) else None)

    def timezone(self, zone: str) -> str:
        """A time zone as its city, the way the language names it: "London", "Londyn", "Лондон".

        The city is CLDR's (through Babel), in English the zone id's last part;
        a zone without a city (``UTC``, ``Etc/GMT+5``) keeps its id.
        """
        area, _, place = zone.rpartition("/")
        if not area or area == "Etc" or not place[:1].isalpha():
            return zone
        if self._locale is None:
            return place.replace("_", " ")
        city = _babel().dates.get_timezone_location(zone, locale=self._locale, return_city=True)
        return self.ptext("a time zone by its city, after 'in ... time'", "{city}", city=city)

    def join(self, items: Iterable[str], style: str = "and") -> str:
        """``a, b and c`` (``style="or"``: ``a, b or c``) as this language lists things."""
        parts = list(items)
        if len(parts) < 2:
            return "".join(parts)
        if self._locale is None:
            word = "and" if style == "and" else "or"
            return f"{', '.join(parts[:-1])} {word} {parts[-1]}"
        lists = _babel().lists
        return str(lists.format_list(parts, style="standard" if style == "and" else "or", locale=self._locale))

    def duration(self, value: Duration, *, hours_only: bool = False, seconds: bool = False) -> Forms:
        """A duration in words, in each grammatical case: ``2 minutes``, ``90 seconds``.

        A duration is said in the largest unit it is a whole number of
        (``90s`` is "90 seconds", ``2h`` "2 hours"), fractions of a second in
        hours, minutes and seconds. A decimal ("1,5 sekundy") takes its
        counting form in every case, as Slavic languages say decimals. Days are used from two days on, weeks for
        whole weeks, never with ``hours_only`` (on a business calendar, where
        "3 days" would read as working days). ``seconds`` says it in seconds.
        """
        parts = _duration_parts(value, hours_only=hours_only)
        if seconds:  # a column of seconds is said in seconds: "60 seconds on hold"
            total = Fraction(value.nanoseconds, 10**9)
            parts = [("s", int(total) if total.denominator == 1 else total)]
        forms = {}
        for case in CASES:
            # A decimal keeps its counting form in every case: "nie przekracza 1,5 sekundy", "не более 1,5 секунды".
            words = [
                self.nptext(*_UNITS[unit]["nom" if isinstance(count, Fraction) else case], count, n=self.number(count))
                for unit, count in parts
            ]
            forms[case] = _join_parts(self, words)
        return Forms(forms)


@functools.cache
def _subdivision_names(country: str) -> dict[str, tuple[str, str | None]]:
    """Subdivision code -> (its name, the language of the name) for a country of the ``holidays`` package.

    A code's first alias with a lower-case letter is its name ("Guadeloupe",
    not "GP"); the language is the primary tag of the country's
    ``default_language`` (``en_GB`` -> ``en``), ``None`` when it has none.
    """
    try:
        import holidays
    except ImportError:
        return {}
    try:
        entity = type(holidays.country_holidays(country))
    except NotImplementedError:
        return {}
    default = getattr(entity, "default_language", None)
    written_in = str(default).split("_")[0] if default else None
    names: dict[str, tuple[str, str | None]] = {}
    for alias, code in getattr(entity, "subdivisions_aliases", {}).items():
        if code not in names and any(c.islower() for c in alias):
            names[code] = (alias, written_in)
    return names


def _join_parts(lang: Language, words: list[str]) -> str:
    text = words[0]
    for word in words[1:]:
        text = lang.ptext(
            "joins the parts of a duration: 1 hour 30 minutes", "{first} {second}", first=text, second=word
        )
    return text


def _duration_parts(value: Duration, *, hours_only: bool) -> list[tuple[str, Fraction | int]]:
    """The units a duration is said in, largest first: ``[('h', 1), ('m', 30)]``."""
    ns = value.nanoseconds
    if ns == 0:
        return [("s", 0)]
    units = "hms" if hours_only else "wdhms"
    for unit in units:
        count, rest = divmod(ns, UNIT_NS[unit])
        if rest == 0 and count and (unit != "d" or count >= 2):
            return [(unit, count)]
    parts: list[tuple[str, Fraction | int]] = []
    for unit in "hm":
        count, ns = divmod(ns, UNIT_NS[unit])
        if count:
            parts.append((unit, count))
    if ns:
        seconds = Fraction(ns, 10**9)
        parts.append(("s", int(seconds) if seconds.denominator == 1 else seconds))
    return parts
