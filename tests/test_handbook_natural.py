"""The handbook in natural sentences, its time zones by city, the explain command and the printed page.

Every expected sentence is written out in full, per language.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import svcstandards
from svcstandards.errors import InvalidArgumentError
from svcstandards.handbook import description, handbook
from svcstandards.handbook._i18n import language
from svcstandards.units import Duration

pytest.importorskip("babel")
from babel.messages.extract import extract_from_file

ROOT = Path(__file__).resolve().parent.parent

BY_QUEUE = """\
version: 1
timezone: Europe/London
standards:
  - id: a
    where: {channel: phone, queue: [sales, billing]}
    measure: {from: offered_at, to: answered_at}
    within: 20s
    floor: 80%
    period: day
    by: [queue]
"""


def _said(text: str, lang: str) -> list[str]:
    standards = svcstandards.loads(text)
    return description(standards.get("a"), standards, lang).sentences


@pytest.mark.parametrize(
    ("lang", "first", "judged", "period"),
    [
        (
            "en",
            "At least 80% of phone calls with queue sales or billing go from offered to answered within 20 seconds.",
            "Judged separately for each queue.",
            "Each day is judged on its own, in London time.",
        ),
        (
            "hr",
            "Telefonski pozivi kojima je red čekanja „sales“ ili „billing“: vrijeme od ulaska u red čekanja do "
            "odgovora iznosi najviše 20 sekundi u najmanje 80\u00a0% slučajeva.",
            "Ocjenjuje se zasebno za svaki red čekanja.",
            "Svaki se dan ocjenjuje zasebno (po vremenu grada London).",
        ),
        (
            "pl",
            "Połączenia telefoniczne, w których kolejka to „sales” lub „billing”: czas od wejścia do kolejki do "
            "odebrania nie przekracza 20 sekund w co najmniej 80% przypadków.",
            "Oceniane osobno dla każdej kolejki.",
            "Każdy dzień jest oceniany osobno (według czasu miasta Londyn).",
        ),
        (
            "ru",
            "Телефонные звонки, у которых очередь — «sales» или «billing»: не менее чем в 80\u00a0% случаев время от "
            "поступления в очередь до ответа составляет не более 20 секунд.",
            "Оценивается отдельно для каждой очереди.",
            "Каждый день оценивается отдельно (по времени города Лондон).",
        ),
        (
            "sl",
            "Telefonski klici, pri katerih je čakalna vrsta „sales“ ali „billing“: čas od vstopa v čakalno vrsto do "
            "odgovora je največ 20 sekund v vsaj 80\u00a0% primerov.",
            "Ocenjuje se ločeno za vsako čakalno vrsto.",
            "Vsak dan se ocenjuje posebej (po času mesta London).",
        ),
    ],
)
def test_conditions_groups_and_time_zones_read_as_sentences(lang: str, first: str, judged: str, period: str) -> None:
    said = _said(BY_QUEUE, lang)
    assert said[0] == first
    assert judged in said
    assert period in said


SURVEY = """\
version: 1
standards:
  - {id: a, where: {csat: {present: true}}, measure: {column: csat}, at_least: 4, floor: 85%}
"""


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "At least 85% of items with a CSAT score given have CSAT score of at least 4."),
        ("hr", "Zapisi s ispunjenom ocjenom CSAT: ocjena CSAT iznosi najmanje 4 u najmanje 85\u00a0% slučajeva."),
        (
            "pl",
            "Pozycje, w których wystawiono ocenę CSAT: ocena CSAT wynosi co najmniej 4 w co najmniej 85% przypadków.",
        ),
        ("sl", "Zapisi, pri katerih je dana ocena CSAT: ocena CSAT je najmanj 4 v vsaj 85\u00a0% primerov."),
    ],
)
def test_a_survey_answer_with_a_score_is_said_without_brackets(lang: str, sentence: str) -> None:
    assert _said(SURVEY, lang)[0] == sentence


HOLD = """\
version: 1
standards:
  - {id: a, where: {channel: phone}, measure: {column: hold_seconds}, at_most: 60, floor: 95%}
"""
REOPENED = """\
version: 1
standards:
  - {id: a, where: {channel: email}, measure: {column: reopened_count}, at_least: %s, ceiling: 5%%}
"""


@pytest.mark.parametrize(
    ("lang", "hold", "once", "twice"),
    [
        (
            "en",
            "At least 95% of phone calls spend at most 60 seconds on hold.",
            "At most 5% of e-mails are reopened at least once.",
            "At most 5% of e-mails are reopened at least 2 times.",
        ),
        (
            "hr",
            "Telefonski pozivi: vrijeme na čekanju iznosi najviše 60 sekundi u najmanje 95\u00a0% slučajeva.",
            "E-poruke: predmet se ponovno otvara barem jednom u najviše 5\u00a0% slučajeva.",
            "E-poruke: predmet se ponovno otvara najmanje 2 puta u najviše 5\u00a0% slučajeva.",
        ),
        (
            "pl",
            "Połączenia telefoniczne: czas zawieszenia nie przekracza 60 sekund w co najmniej 95% przypadków.",
            "Wiadomości e-mail: zgłoszenie zostaje ponownie otwarte co najmniej raz w najwyżej 5% przypadków.",
            "Wiadomości e-mail: zgłoszenie zostaje ponownie otwarte co najmniej 2 razy w najwyżej 5% przypadków.",
        ),
        (
            "ru",
            "Телефонные звонки: не менее чем в 95\u00a0% случаев время удержания составляет не более 60 секунд.",
            "Электронные письма: не более чем в 5\u00a0% случаев заявка открывается повторно хотя бы один раз.",
            "Электронные письма: не более чем в 5\u00a0% случаев заявка открывается повторно не менее 2 раз.",
        ),
        (
            "sl",
            "Telefonski klici: čas zadržanja je največ 60 sekund v vsaj 95\u00a0% primerov.",
            "E-poštna sporočila: zahtevek je ponovno odprt vsaj enkrat v največ 5\u00a0% primerov.",
            "E-poštna sporočila: zahtevek je ponovno odprt vsaj 2-krat v največ 5\u00a0% primerov.",
        ),
    ],
)
def test_hold_time_and_reopens_in_their_own_words(lang: str, hold: str, once: str, twice: str) -> None:
    assert _said(HOLD, lang)[0] == hold
    assert _said(REOPENED % 1, lang)[0] == once
    assert _said(REOPENED % 2, lang)[0] == twice


@pytest.mark.parametrize(
    ("lang", "nominative", "genitive"),
    [
        # CLDR: a decimal is 'few' in Slovenian and 'other' in Polish and Russian, and keeps that form after
        # "največ", "nie przekracza", "не более": 1,5 sekunde / sekundy / секунды, never the plural genitive.
        ("sl", "1,5 sekunde", "1,5 sekunde"),
        ("pl", "1,5 sekundy", "1,5 sekundy"),
        ("ru", "1,5 секунды", "1,5 секунды"),
        ("hr", "1,5 sekundi", "1,5 sekundi"),
    ],
)
def test_a_decimal_duration_keeps_its_counting_form_in_every_case(lang: str, nominative: str, genitive: str) -> None:
    said = language(lang).duration(Duration.parse("1.5s"))
    assert (str(said), said.case("gen"), said.case("acc")) == (nominative, genitive, genitive)


def test_whole_durations_still_take_the_genitive() -> None:
    assert language("pl").duration(Duration.parse("2m")).case("gen") == "2 minut"


def test_croatian_median_is_the_central_value() -> None:
    page = svcstandards.load(ROOT / "tests" / "data" / "handbook_example.yaml").handbook(lang="hr")
    assert "- **Medijan:** Središnja vrijednost: polovica kontakata je na njoj ili ispod nje." in page


@pytest.mark.parametrize(
    ("zone", "lang", "said"),
    [
        ("Europe/London", "en", "London"),
        ("America/New_York", "en", "New York"),
        ("Europe/London", "ru", "города Лондон"),
        ("Europe/Ljubljana", "pl", "miasta Lublana"),
        ("UTC", "sl", "UTC"),  # no city: the id, as written
        ("Etc/GMT+5", "hr", "Etc/GMT+5"),
    ],
)
def test_time_zones_are_named_by_their_city(zone: str, lang: str, said: str) -> None:
    assert language(lang).timezone(zone) == said


# -- HTML: languages of the file's texts, the printed page ------------------------------------------

FOREIGN = """\
version: 1
name: {en: Acme standards}
standards:
  - {id: a, title: {en: Calls answered, hr: Odgovoreni pozivi}, owner: {en: Lead}, measure: {flag: x}, floor: 90%}
"""


def test_a_text_in_another_language_carries_its_lang_in_html() -> None:
    page = svcstandards.loads(FOREIGN).handbook(lang="hr", format="html")
    assert '<h1><span lang="en">Acme standards</span> [en]</h1>' in page
    assert '<span class="number">1.</span>Odgovoreni pozivi</h2>' in page
    assert 'Odgovorna osoba: <span lang="en">Lead</span> [en]' in page
    markdown = svcstandards.loads(FOREIGN).handbook(lang="hr")
    assert markdown.startswith("# Acme standards [en]\n")


def test_the_printed_page_numbers_its_pages_and_names_file_revision_and_day() -> None:
    standards = svcstandards.load("standards/delivery.yaml")
    page = standards.handbook(lang="pl", format="html", revision="1a2b3c4", day=dt.date(2026, 11, 27))
    assert "@page { size: A4;" in page
    assert '@bottom-left { content: "delivery.yaml · rewizja 1a2b3c4 · utworzono 27 listopada 2026";' in page
    assert '@bottom-right { content: "Strona " counter(page) " z " counter(pages);' in page
    letter = standards.handbook(format="html", paper="letter", day=dt.date(2026, 11, 27))
    assert "@page { size: letter;" in letter
    assert '@bottom-left { content: "delivery.yaml · made on 27 November 2026";' in letter
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in letter


def test_a_file_name_cannot_close_the_style_element() -> None:
    standards = svcstandards.loads("version: 1\nstandards:\n  - {id: a, measure: {flag: x}, floor: 90%}\n")
    page = standards.handbook(format="html", revision='</style><script>"', day=dt.date(2026, 1, 2))
    assert '"revision \\3c /style>\\3c script>\\"' in page
    assert "<script" not in page


def test_an_unknown_paper_is_refused() -> None:
    standards = svcstandards.load("standards/delivery.yaml")
    with pytest.raises(InvalidArgumentError, match="unknown paper 'a5' \\(papers: a4, letter\\)"):
        standards.handbook(format="html", paper="a5")  # type: ignore[arg-type]


def test_several_sets_make_one_handbook_numbered_on() -> None:
    sets = [svcstandards.load("standards/delivery.yaml"), svcstandards.load("standards/social-media.yaml")]
    page = handbook(sets, lang="en")
    count = sum(len(s.standards) for s in sets)
    assert page.startswith("# Service standards\n\n")
    assert f"{count} standards from the files delivery.yaml and social-media.yaml" in page
    assert f"## {count}. " in page
    assert f"## {count + 1}. " not in page


# -- the command ------------------------------------------------------------------------------------


def _explain(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svcstandards", "explain", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "start"),
    [("h.html", "<!DOCTYPE html>"), ("h.HTM", "<!DOCTYPE html>"), ("h.md", "# Delivery"), ("h.txt", "Delivery")],
)
def test_the_format_follows_the_output_extension(tmp_path: Path, name: str, start: str) -> None:
    out = tmp_path / name
    done = _explain("standards/delivery.yaml", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith(start)


def test_an_explicit_format_wins_over_an_unknown_extension(tmp_path: Path) -> None:
    out = tmp_path / "handbook.out"
    done = _explain("standards/delivery.yaml", "--format", "html", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_format_that_contradicts_the_extension_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "handbook.md"
    done = _explain("standards/delivery.yaml", "--format", "html", "--output", str(out))
    assert done.returncode == 2
    assert done.stderr == (
        f"svcstandards: error: --format html does not match --output {out}, which asks for markdown. "
        "Hint: drop --format, or write to a file ending in .html\n"
    )
    assert not out.exists()


def test_a_missing_file_reads_like_the_rest_of_the_cli() -> None:
    done = _explain("nope.yaml")
    assert done.returncode == 2
    assert done.stderr == "svcstandards: error: no such file: nope.yaml\n"


def test_a_directory_gives_one_handbook(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml"):
        (tmp_path / name).write_text(
            f"version: 1\nstandards:\n  - {{id: {name[0]}, measure: {{flag: x}}, floor: 90%}}\n", encoding="utf-8"
        )
    (tmp_path / "notes.txt").write_text("not a standards file", encoding="utf-8")
    done = _explain(str(tmp_path), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Service standards\n\n2 standards from the files a.yml and b.yaml\n")
    assert "## 1. a\n" in done.stdout
    assert "## 2. b\n" in done.stdout


def test_an_empty_directory_is_an_input_error(tmp_path: Path) -> None:
    done = _explain(str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"svcstandards: error: no standards files (*.yaml, *.yml) in the directory {tmp_path}\n"


def test_help_explains_every_option_with_an_example() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "svcstandards", "explain", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    for example in ("--lang sl", "--format markdown", "--output handbook.html", "--paper letter", "standards/"):
        assert example in done.stdout, example


# -- message extraction ----------------------------------------------------------------------------

KEYWORDS = {
    "text": None,
    "ptext": ((1, "c"), 2),
    "ntext": (1, 2),
    "nptext": ((1, "c"), 2, 3),
    "NC_": ((1, "c"), 2),
    "NP_": ((1, "c"), 2, 3),
    "N_": None,
}
SOURCES = sorted((ROOT / "src" / "svcstandards" / "handbook").glob("*.py")) + sorted(
    (ROOT / "src" / "svcstandards" / "kinds").glob("*.py")
)


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_extraction_with_translator_comments_works_on_every_source(path: Path) -> None:
    # pybabel extract --add-comments fails (TypeError in Babel's extractor) on a message chosen inside the
    # call that translates it, text(N_("a") if x else N_("b")); the code picks the message first.
    messages = list(extract_from_file("python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)))
    assert all(message for _, message, _, _ in messages)
