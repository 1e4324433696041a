"""The handbook: standards in plain words, in every language, as the golden files show them.

The golden files in ``tests/golden/handbook/`` are the handbooks of the
bundled standards (and of ``tests/data/handbook_example.yaml``, which has one
of every part a standard can have) in every language, read and approved line
by line. After a deliberate change of wording, rewrite them with
``SVCSTANDARDS_UPDATE_GOLDEN=1 pytest tests/test_handbook.py`` and review the
diff.
"""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcstandards
from svcstandards.errors import MissingDependencyError, StandardsError
from svcstandards.handbook import _i18n, describe, handbook
from svcstandards.handbook._i18n import Language, available_languages, language
from svcstandards.model import StandardSet
from svcstandards.units import Duration, Percent

babel = pytest.importorskip("babel")
from babel.messages.extract import extract_from_file  # noqa: E402 - needs the skip above
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "handbook"
EXAMPLE = Path(__file__).parent / "data" / "handbook_example.yaml"
SOURCES = [*sorted((ROOT / "standards").glob("*.yaml")), EXAMPLE]
LANGS = ("en", "hr", "pl", "ru", "sl")
UPDATE = os.environ.get("SVCSTANDARDS_UPDATE_GOLDEN") == "1"


def test_the_five_languages_are_available() -> None:
    assert set(LANGS) <= set(available_languages())


# -- golden files ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_handbook_matches_its_golden_file(source: Path, lang: str) -> None:
    standard_set = svcstandards.load(source.relative_to(ROOT) if source.is_relative_to(ROOT) else source)
    rendered = standard_set.handbook(lang=lang, format="markdown")
    golden = GOLDEN / f"{source.stem}.{lang}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run SVCSTANDARDS_UPDATE_GOLDEN=1 pytest {__file__}"
    assert rendered == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_a_source() -> None:
    expected = {f"{s.stem}.{lang}.md" for s in SOURCES for lang in LANGS}
    assert {p.name for p in GOLDEN.glob("*.md")} == expected


# -- describe: the parts a sentence must say ---------------------------------------------


def _one(yaml_standard: str, head: str = "") -> StandardSet:
    return svcstandards.loads(f"version: 1\n{head}standards:\n{yaml_standard}")


def test_describe_says_scope_measure_limit_warning_abandons_and_open_items() -> None:
    standards = _one(
        """\
  - id: calls
    where: {channel: phone}
    measure: {from: offered_at, to: answered_at, abandoned: abandoned_at}
    within: 2m
    floor: {fail: 90%, warn: 95%}
    abandons: {ignore_shorter_than: 5s}
"""
    )
    assert standards.describe("calls") == (
        "At least 90% of phone calls go from offered to answered within 2 minutes. "
        "Time counts round the clock, weekends and holidays included. Below 95% is a warning. "
        "Every abandon counts as missed. Abandons shorter than 5 seconds are not counted at all. "
        "Interactions still open after the target time count as missed; until then they are pending."
    )


def test_the_module_example_runs() -> None:
    import doctest

    import svcstandards.handbook

    assert doctest.testmod(svcstandards.handbook).failed == 0


def test_describe_of_a_standard_alone_works_for_inline_measures() -> None:
    standards = _one("  - {id: nps, measure: {column: recommend}, nps: {at_least: 30}}\n")
    expected = (
        "For all items, the NPS of likelihood to recommend is at least 30."  # survey answers: the neutral subject
    )
    assert standards.standards[0].describe() == expected


def test_describe_needs_the_set_for_a_named_measure() -> None:
    standards = svcstandards.load("standards/contact-centre.yaml")
    with pytest.raises(ValueError, match=r"named measure 'time_to_answer'.*standard_set\.describe"):
        standards.standards[0].describe()
    assert "phone calls" in describe(standards.standards[0], standards)


def test_labels_name_columns_and_values_per_language() -> None:
    head = """\
labels:
  channel: {en: contact channel, sl: kanal}
  phone: {en: voice calls, sl: glasovni klici}
  queue: {en: team, sl: ekipa}
  sales: {en: Sales, sl: prodaja}
"""
    standards = _one(
        "  - {id: a, where: {channel: phone, queue: sales}, measure: {from: offered_at, to: answered_at},"
        " within: 20s, floor: 80%}\n",
        head,
    )
    assert standards.describe("a").startswith("At least 80% of voice calls with team Sales go from")
    assert standards.describe("a", "sl").startswith("Glasovni klici, pri katerih je ekipa prodaja: čas od vstopa")


def test_labels_take_only_known_languages() -> None:
    with pytest.raises(StandardsError) as caught:
        _one("  - {id: a, measure: {flag: x}, floor: 90%}\n", "labels:\n  en: {channel: Channel}\n  x: {de: X}\n")
    messages = [(p.path, p.message, p.hint) for p in caught.value.problems]
    assert messages[0][0] == "labels.en.channel"
    assert "write the name first, then its languages: channel: {en: ...}" in messages[0][2]
    assert messages[1][0] == "labels.x.de"
    assert "'de' is not a handbook language (en, hr, pl, ru, sl)" in messages[1][1]


def test_unknown_language_lists_the_available_ones() -> None:
    standards = svcstandards.load("standards/delivery.yaml")
    with pytest.raises(ValueError, match=r"no handbook language 'de' \(available: en, hr, pl, ru, sl\)"):
        standards.describe("delivered-3d", "de")
    with pytest.raises(ValueError, match="unknown handbook format 'pdf'"):
        handbook(standards, format="pdf")  # type: ignore[arg-type]


# -- without Babel ----------------------------------------------------------------------------


@pytest.fixture
def no_babel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [m for m in sys.modules if m == "babel" or m.startswith("babel.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "babel", None)  # import babel raises ImportError
    _i18n.language.cache_clear()
    yield
    _i18n.language.cache_clear()


@pytest.mark.usefixtures("no_babel")
def test_english_needs_no_babel_and_reads_the_same() -> None:
    for source in SOURCES:
        standard_set = svcstandards.load(source)
        assert standard_set.handbook() == (GOLDEN / f"{source.stem}.en.md").read_text(encoding="utf-8")
    assert Language("en").country("GB") == "United Kingdom"  # from the holidays package


@pytest.mark.usefixtures("no_babel")
def test_other_languages_need_babel() -> None:
    with pytest.raises(MissingDependencyError, match=r"Handbooks in other languages.*svcstandards\[handbook\]"):
        svcstandards.load("standards/delivery.yaml").handbook(lang="sl")


# -- plural forms and numbers ---------------------------------------------------------------

# The word after the number, by CLDR plural category, as each language's
# sentences use it: the counting form (nominative) and the case the main
# sentence of a share standard puts a limit in.
NOMINATIVE = {
    "en": {"minute": {"one": "minute", "other": "minutes"}, "hour": {"one": "hour", "other": "hours"}},
    "sl": {
        "minute": {"one": "minuta", "two": "minuti", "few": "minute", "other": "minut"},
        "hour": {"one": "ura", "two": "uri", "few": "ure", "other": "ur"},
    },
    "hr": {
        "minute": {"one": "minuta", "few": "minute", "other": "minuta"},
        "hour": {"one": "sat", "few": "sata", "other": "sati"},
    },
    "pl": {
        "minute": {"one": "minuta", "few": "minuty", "many": "minut"},
        "hour": {"one": "godzina", "few": "godziny", "many": "godzin"},
    },
    "ru": {
        "minute": {"one": "минута", "few": "минуты", "many": "минут"},
        "hour": {"one": "час", "few": "часа", "many": "часов"},
    },
}
IN_SENTENCE = {  # en, sl: counting form; hr: accusative; pl, ru: genitive
    "en": {**NOMINATIVE["en"], "day": {"one": "day", "other": "days"}},
    "sl": {**NOMINATIVE["sl"], "day": {"one": "dan", "two": "dneva", "few": "dnevi", "other": "dni"}},
    "hr": {
        "minute": {"one": "minutu", "few": "minute", "other": "minuta"},
        "hour": {"one": "sat", "few": "sata", "other": "sati"},
        "day": {"one": "dan", "few": "dana", "other": "dana"},
    },
    "pl": {
        "minute": {"one": "minuty", "few": "minut", "many": "minut"},
        "hour": {"one": "godziny", "few": "godzin", "many": "godzin"},
        "day": {"one": "dnia", "few": "dni", "many": "dni"},
    },
    "ru": {
        "minute": {"one": "минуты", "few": "минут", "many": "минут"},
        "hour": {"one": "часа", "few": "часов", "many": "часов"},
        "day": {"one": "дня", "few": "дней", "many": "дней"},
    },
}
COUNTS = (1, 2, 3, 5, 21, 22, 25, 101)


def _category(lang: str, n: int) -> str:
    return str(babel.Locale.parse(lang).plural_form(n))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("n", COUNTS)
def test_durations_take_the_plural_form_of_their_number(lang: str, n: int) -> None:
    words = language(lang)
    hours = words.duration(Duration(n * 3600 * 10**9), hours_only=True)
    assert str(hours) == f"{n} {NOMINATIVE[lang]['hour'][_category(lang, n)]}"
    if n < 60:
        minutes = words.duration(Duration(n * 60 * 10**9))
        assert str(minutes) == f"{n} {NOMINATIVE[lang]['minute'][_category(lang, n)]}"


def test_the_brief_examples_of_plural_forms() -> None:
    minutes = {n: Duration(n * 60 * 10**9) for n in (2, 5)}
    assert [str(language("sl").duration(minutes[n])) for n in (2, 5)] == ["2 minuti", "5 minut"]
    assert [str(language("ru").duration(minutes[n])) for n in (2, 5)] == ["2 минуты", "5 минут"]
    assert [language(lang).percent(Percent.parse("92.5%")) for lang in LANGS] == [
        "92.5%",
        "92,5\xa0%",
        "92,5%",
        "92,5\xa0%",
        "92,5\xa0%",
    ]


def test_fractions_of_a_second_take_the_form_decimals_take() -> None:
    half = Duration(2_500_000_000)
    assert [str(language(lang).duration(half)) for lang in LANGS] == [
        "2.5 seconds",
        "2,5 sekundi",  # Croatian: the form of 5
        "2,5 sekundy",  # Polish: decimals read like 'few'
        "2,5 секунды",
        "2,5 sekunde",  # Slovenian: decimals are 'few'
    ]


def _expected_parts(minutes: int) -> list[tuple[int, str]]:
    """How a whole number of minutes is said: in its largest whole unit, days from two on."""
    if minutes % (24 * 60) == 0 and minutes >= 2 * 24 * 60:
        return [(minutes // (24 * 60), "day")]
    if minutes % 60 == 0:
        return [(minutes // 60, "hour")]
    return [(minutes, "minute")]


@settings(max_examples=40, deadline=None)
@given(
    minutes=st.one_of(st.integers(1, 120), st.integers(1, 48).map(lambda h: h * 60)),
    floor=st.integers(1, 999).map(lambda tenths: Percent.parse(f"{tenths / 10}%")),
    min_volume=st.integers(0, 5000),
)
def test_every_number_appears_correctly_pluralised_in_every_language(
    minutes: int, floor: Percent, min_volume: int
) -> None:
    standards = StandardSet.model_validate(
        {
            "version": 1,
            "standards": [
                {
                    "id": "s",
                    "where": {"channel": "phone"},
                    "measure": {"from": "offered_at", "to": "answered_at"},
                    "within": f"{minutes}m",
                    "floor": floor.fraction,
                    "min_volume": min_volume,
                }
            ],
        }
    )
    for lang in LANGS:
        words = language(lang)
        text = standards.describe("s", lang)
        for count, unit in _expected_parts(minutes):
            form = IN_SENTENCE[lang][unit][_category(lang, count)]
            assert f"{words.number(count)} {form}" in text, (lang, count, unit, text)
        assert words.percent(floor) in text, (lang, text)
        if min_volume:
            assert re.search(rf"(?<![\d.,]){re.escape(words.number(min_volume))}(?![\d])", text), (lang, text)


# -- the catalogs -------------------------------------------------------------------------------

LOCALE = ROOT / "src" / "svcstandards" / "handbook" / "locale"
KEYWORDS = {
    "text": None,
    "ptext": ((1, "c"), 2),
    "ntext": (1, 2),
    "nptext": ((1, "c"), 2, 3),
    "N_": None,
    "NC_": ((1, "c"), 2),
    "NP_": ((1, "c"), 2, 3),
}
#: The modules whose messages the catalogs translate (the measure kinds say their own clauses).
MODULES = (
    "handbook/_i18n.py",
    "handbook/_words.py",
    "handbook/sentences.py",
    "handbook/document.py",
    "kinds/duration.py",
    "kinds/value.py",
    "kinds/presence.py",
    "kinds/repeat_contact.py",
)
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?:\.([a-z]+))?\}")


def _source_messages() -> set[tuple[str | None, str]]:
    found = set()
    for module in MODULES:
        path = ROOT / "src" / "svcstandards" / module
        for _, message, _, context in extract_from_file("python", str(path), keywords=KEYWORDS):
            found.add((context, message if isinstance(message, str) else message[0]))
    return found


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_catalog_translates_every_message_of_the_source(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "svcstandards.po").open("rb") as handle:
        catalog = read_po(handle)
    entries = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    assert set(entries) == _source_messages(), "run the extract and update commands of docs/handbook.md"
    for (_, msgid), message in entries.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), (lang, msgid)
        assert not message.fuzzy, (lang, msgid)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)  # singular and plural
        allowed = {name for text in ids for name, _ in PLACEHOLDER.findall(text)}
        for form in forms:
            for name, case in PLACEHOLDER.findall(form):
                assert name in allowed, (lang, msgid, form)
                assert case in ("", *_i18n.CASES), (lang, msgid, form)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_compiled_catalog_matches_its_source(lang: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    with (folder / "svcstandards.po").open("rb") as handle:
        catalog = read_po(handle)
    with (folder / "svcstandards.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for index, form in enumerate(message.string):
                n = next(k for k in range(200) if compiled.plural(k) == index)  # type: ignore[attr-defined]
                got = (
                    compiled.npgettext(message.context, *message.id, n)
                    if message.context
                    else compiled.ngettext(*message.id, n)
                )
                assert got == form, "run: pybabel compile -d src/svcstandards/handbook/locale -D svcstandards"
        else:
            got = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            assert got == message.string, "run: pybabel compile -d src/svcstandards/handbook/locale -D svcstandards"


# -- the document ----------------------------------------------------------------------------------


def test_html_is_self_contained_and_prints_on_a4() -> None:
    page = svcstandards.load("standards/email-tickets.yaml").handbook(lang="sl", format="html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="sl">' in page
    assert "@page { size: A4;" in page
    assert "break-inside: avoid" in page
    assert "<link" not in page
    assert "<script" not in page
    assert "src=" not in page
    assert "Slovar pojmov" in page
    assert "E-poštna sporočila: čas od prejema do prvega odgovora" in page


def test_text_is_wrapped_for_a_terminal() -> None:
    text = svcstandards.load("standards/contact-centre.yaml").handbook(format="text")
    assert text.startswith("Contact centre (phone) standards\n================================\n")
    assert max(len(line) for line in text.splitlines()) <= 78


def test_user_text_is_escaped_in_html() -> None:
    standards = _one("  - {id: a, title: '<b>x</b> & y', measure: {flag: x}, floor: 90%}\n")
    page = standards.handbook(format="html")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in page
    assert "<b>x</b>" not in page


# -- the command ----------------------------------------------------------------------------------


def _explain(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstandards", "explain", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )


def test_cli_explain_prints_the_sentences() -> None:
    standards = svcstandards.load("standards/contact-centre.yaml")
    done = _explain("standards/contact-centre.yaml", "--lang", "ru", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    for standard in standards:
        assert standards.describe(standard.id, "ru") in done.stdout


def test_cli_explain_writes_html_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "handbook.html"
    done = _explain(str(ROOT / "standards" / "social-media.yaml"), "--format", "html", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_explain_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nstandards:\n  - {id: a, measure: {flag: x}, floor: 90}\n", encoding="utf-8")
    invalid = _explain(str(bad))
    assert invalid.returncode == 2  # a file explain cannot use is an input error
    assert "bad.yaml:3:40: standards[0].floor: a bare number above 1" in invalid.stderr
    assert _explain("standards/delivery.yaml", "--lang", "de").returncode == 2
    assert _explain(str(tmp_path / "missing.yaml")).returncode == 2


WEEKS_FROM_SUNDAY = """\
version: 1
timezone: America/New_York
week_starts: sunday
time: opened_at
standards:
  - {id: resolved, measure: {flag: resolved}, floor: 80%, period: week}
"""


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "Each week, Sunday to Saturday, is judged on its own, in New York time."),
        ("pl", "Każdy tydzień (niedziela – sobota) jest oceniany osobno (według czasu miasta Nowy Jork)."),
    ],
)
def test_the_handbook_names_the_day_weeks_start_on(lang: str, sentence: str) -> None:
    page = svcstandards.loads(WEEKS_FROM_SUNDAY).handbook(lang=lang, format="markdown")
    assert sentence in page


def test_the_handbook_keeps_monday_weeks_as_they_were() -> None:
    page = svcstandards.loads(WEEKS_FROM_SUNDAY.replace("week_starts: sunday\n", "")).handbook(format="markdown")
    assert "Each week, Monday to Sunday, is judged on its own, in New York time." in page


FINAL = """\
version: 1
data: {final: true}
standards:
  - {id: answered, measure: {from: offered_at, to: answered_at}, within: 20s, floor: 80%}
  - {id: mean-wait, measure: {from: offered_at, to: answered_at}, mean: {at_most: 30s}}
"""


def test_a_final_extract_says_open_interactions_are_data_errors() -> None:
    standards = svcstandards.loads(FINAL)
    closed = "The data is a closed extract: an interaction that never ended is a data error and is not counted."
    assert standards.describe("answered").endswith(closed)
    assert standards.describe("mean-wait").endswith(closed)
    assert "pending" not in standards.describe("answered")
    assert standards.describe("answered", "sl").endswith(
        "Podatki so zaključen izvoz: interakcija, ki se ni nikoli končala, je napaka v podatkih in se ne šteje."
    )
    # without data: {final: true}, open interactions are pending, as before
    open_ = svcstandards.loads(FINAL.replace("data: {final: true}\n", ""))
    assert open_.describe("answered").endswith("until then they are pending.")


# -- per-language texts: name, description, title, owner ---------------------------------------------

PER_LANGUAGE = """\
version: 1
name: {en: Phone standards, sl: Telefonski standardi}
description: {pl: Standardy telefoniczne.}
standards:
  - id: calls
    title: {en: Calls answered within 20 s, sl: Klici odgovorjeni v 20 s}
    description: Plain notes.
    owner: {sl: Vodja klicnega centra, hr: Voditelj pozivnog centra}
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 80%
"""


def test_per_language_texts_pick_the_readers_language() -> None:
    document = svcstandards.loads(PER_LANGUAGE).handbook(lang="sl", format="markdown")
    assert document.startswith("# Telefonski standardi\n\nStandardy telefoniczne. [pl]\n")
    assert "## 1. Klici odgovorjeni v 20 s\n" in document
    assert "Vodja klicnega centra" in document
    assert "Plain notes." in document  # a plain string is the text in every language


def test_per_language_texts_fall_back_to_english_then_the_first_and_say_so() -> None:
    document = svcstandards.loads(PER_LANGUAGE).handbook(lang="ru", format="markdown")
    assert document.startswith("# Phone standards [en]\n\nStandardy telefoniczne. [pl]\n")
    assert "## 1. Calls answered within 20 s [en]\n" in document
    assert "Vodja klicnega centra [sl]" in document  # no English owner: the first given


def test_a_report_shows_the_english_title_or_the_first() -> None:
    standards = svcstandards.loads(PER_LANGUAGE)
    data = pd.DataFrame({"offered_at": ["2026-03-02 09:00"], "answered_at": ["2026-03-02 09:00:10"]})
    data = data.astype("datetime64[ns]")
    document = svcstandards.evaluate(standards, data).to_dict()
    assert document["name"] == "Phone standards"
    assert document["standards"][0]["title"] == "Calls answered within 20 s"


def test_a_per_language_text_needs_language_codes_and_at_least_one_text() -> None:
    with pytest.raises(StandardsError) as error:
        svcstandards.loads(PER_LANGUAGE.replace("{en: Phone standards, sl: Telefonski standardi}", "{English: x}"))
    assert "name" in str(error.value)
    with pytest.raises(StandardsError):
        svcstandards.loads(PER_LANGUAGE.replace("{en: Phone standards, sl: Telefonski standardi}", "{}"))
