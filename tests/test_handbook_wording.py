"""The handbook's wording of limits, conditions, groups, counts and holiday regions, per language.

Every expected sentence is written out in full, per language.
"""

from __future__ import annotations

import pytest

import svcstandards
from svcstandards.handbook import description

pytest.importorskip("babel")


def _said(text: str, lang: str, standard: str = "a") -> list[str]:
    standards = svcstandards.loads(text)
    return description(standards.get(standard), standards, lang).sentences


# -- a 0% ceiling and a 100% floor ------------------------------------------------------------------------

NONE_ESCALATED = """\
version: 1
labels:
  complaint: {en: complaints, hr: pritužbe, pl: skargi, ru: жалобы, sl: pritožbe}
  escalated: {en: escalated, hr: eskalirano, pl: eskalowane, ru: эскалировано, sl: eskalirano}
standards:
  - {id: a, where: {channel: complaint}, measure: {flag: escalated}, ceiling: 0%}
  - {id: b, measure: {flag: abandoned}, ceiling: 0%}
  - {id: c, where: {channel: phone}, measure: {column: hold_seconds}, at_least: 600, ceiling: 0%}
  - {id: d, where: {channel: chat}, measure: {flag: resolved_first_contact}, floor: 100%}
"""


@pytest.mark.parametrize(
    ("lang", "labelled", "builtin"),
    [
        ("en", "No complaints may be marked as escalated.", "No interactions may be abandoned."),
        (
            "hr",
            "Pritužbe: ni u jednom slučaju ne smije vrijediti oznaka eskalirano.",
            "Kontakti: ni u jednom slučaju ne smije doći do odustajanja.",
        ),
        (
            "pl",
            "Skargi: w żadnym przypadku nie może obowiązywać oznaczenie eskalowane.",
            "Kontakty: w żadnym przypadku nie może dojść do porzucenia.",
        ),
        (
            "ru",
            "Жалобы: ни в одном случае не должна стоять отметка эскалировано.",
            "Обращения: ни в одном случае клиент не должен прерывать обращение.",
        ),
        (
            "sl",
            "Pritožbe: v nobenem primeru ne sme veljati oznaka eskalirano.",
            "Stiki: v nobenem primeru ne sme priti do prekinitve.",
        ),
    ],
)
def test_a_zero_ceiling_on_a_flag_says_no_interaction_may_have_it(lang: str, labelled: str, builtin: str) -> None:
    assert _said(NONE_ESCALATED, lang, "a") == [labelled]  # the whole description: no "0%", no second sentence
    assert _said(NONE_ESCALATED, lang, "b") == [builtin]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "No phone calls spend at least 600 seconds on hold: a single one fails the standard."),
        (
            "hr",
            "Telefonski pozivi: već jedan slučaj u kojem vrijeme na čekanju iznosi najmanje 600 sekundi znači da "
            "standard nije ispunjen.",
        ),
        (
            "pl",
            "Połączenia telefoniczne: już jeden przypadek, w którym czas zawieszenia wynosi co najmniej 600 sekund, "
            "oznacza niespełnienie standardu.",
        ),
        (
            "ru",
            "Телефонные звонки: уже один случай, в котором время удержания составляет не менее 600 секунд, означает, "
            "что стандарт не выполнен.",
        ),
        (
            "sl",
            "Telefonski klici: že en sam primer, v katerem čas zadržanja je najmanj 600 sekund, pomeni, da standard "
            "ni izpolnjen.",
        ),
    ],
)
def test_a_zero_ceiling_on_another_measure_says_a_single_one_fails(lang: str, sentence: str) -> None:
    assert _said(NONE_ESCALATED, lang, "c") == [sentence]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "All chats are resolved at the first contact: a single miss fails the standard."),
        (
            "hr",
            "Razgovori putem chata: predmet se rješava u prvom kontaktu u svakom slučaju; već jedan promašaj znači "
            "da standard nije ispunjen.",
        ),
        (
            "pl",
            "Czaty: sprawa zostaje rozwiązana przy pierwszym kontakcie w każdym przypadku; już jeden niespełniony "
            "przypadek oznacza niespełnienie standardu.",
        ),
        (
            "ru",
            "Чаты: в каждом случае вопрос решается при первом обращении; уже один промах означает, что стандарт не "
            "выполнен.",
        ),
        (
            "sl",
            "Klepeti: zadeva je rešena ob prvem stiku v vsakem primeru; že en sam zgrešen primer pomeni, da standard "
            "ni izpolnjen.",
        ),
    ],
)
def test_a_hundred_percent_floor_says_all_without_the_percentage(lang: str, sentence: str) -> None:
    assert _said(NONE_ESCALATED, lang, "d") == [sentence]
