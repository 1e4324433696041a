"""Presets and bundled standards in every handbook language: their texts, labels and handbooks.

A Slovenian team leader who prints the handbook of a preset reads Slovenian
titles and sentences, not "80% of queued calls answered within 20 seconds"
above Slovenian sentences with column names such as „queued_at“ in them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import svcstandards
from svcstandards.format.presets import preset_text
from svcstandards.model import StandardSet

pytest.importorskip("babel")  # the handbook in languages other than English

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"en", "hr", "pl", "ru", "sl"}
BUNDLED = sorted((ROOT / "standards").glob("*.yaml"))
SETS = [*(f"preset:{name}" for name in svcstandards.preset_names()), *(f"standards/{p.name}" for p in BUNDLED)]
#: a bare name in the quotes of hr/sl („x“), pl („x”) or ru («x»): an unlabelled column or value
QUOTED_NAME = re.compile(r"[„«]([A-Za-z0-9_.]+)[“”»]")


def _load(which: str) -> StandardSet:
    if which.startswith("preset:"):
        return svcstandards.load_preset(which.removeprefix("preset:"))
    return svcstandards.load(ROOT / which)


def test_the_sets_cover_every_preset_and_bundled_file() -> None:
    assert SETS[:3] == ["preset:call-log", "preset:servicenow-events", "preset:zendesk"]
    assert len(SETS) == 3 + len(BUNDLED)
    assert len(BUNDLED) >= 6


@pytest.mark.parametrize("which", SETS)
def test_name_description_titles_and_descriptions_are_in_every_language(which: str) -> None:
    standard_set = _load(which)
    texts = {"name": standard_set.name, "description": standard_set.description}
    for standard in standard_set:
        texts[f"{standard.id}.title"] = standard.title
        if standard.description is not None:  # a standard may have no notes
            texts[f"{standard.id}.description"] = standard.description
    for key, text in texts.items():
        assert isinstance(text, dict), (which, key, text)
        assert set(text) == LANGS, (which, key, sorted(text))
        assert all(isinstance(t, str) and t.strip() for t in text.values()), (which, key)


@pytest.mark.parametrize("name", svcstandards.preset_names())
def test_every_label_of_a_preset_is_in_every_language(name: str) -> None:
    labels = svcstandards.load_preset(name).labels
    assert labels, name
    for key, label in labels.items():
        assert set(label) == LANGS, (name, key, sorted(label))
        assert all(text.strip() for text in label.values()), (name, key)


@pytest.mark.parametrize("lang", sorted(LANGS - {"en"}))
@pytest.mark.parametrize("name", svcstandards.preset_names())
def test_a_presets_handbook_has_no_english_fallback_and_no_bare_column_names(name: str, lang: str) -> None:
    document = svcstandards.load_preset(name).handbook(lang=lang, format="text")
    assert "[en]" not in document
    assert QUOTED_NAME.findall(document) == []


def test_the_call_log_preset_reads_in_slovenian() -> None:
    said = svcstandards.load_preset("call-log").describe("service-level-20s", lang="sl")
    assert said == (
        "Stiki, pri katerih je izpolnjeno polje vstopa v čakalno vrsto in pri katerih je izid AGENT (postregel agent) "
        "ali HANG (klicatelj odložil): čas od vstopa v čakalno vrsto do odgovora je največ 20 sekund v vsaj 80\xa0% "
        "primerov. Čas se šteje neprekinjeno, tudi ob koncih tedna in praznikih. Stiki, ki so po izteku ciljnega "
        "časa še odprti, štejejo kot zgrešeni; do takrat so v teku."
    )


def test_the_presets_name_their_columns_and_values_in_each_language() -> None:
    call_log = svcstandards.load_preset("call-log")
    assert call_log.describe("abandon-rate", lang="ru") == (
        "Записи, у которых заполнено поле постановки в очередь и у которых результат — AGENT (обслужен оператором) "
        "или HANG (звонящий положил трубку): не более чем в 5\xa0% случаев время разговора в секундах составляет не "
        "более 0."
    )
    assert svcstandards.load_preset("zendesk").describe("requester-wait-24h", lang="pl") == (
        "Pozycje, w których status to solved (rozwiązane) lub closed (zamknięte): czas oczekiwania zgłaszającego w "
        "minutach roboczych nie przekracza 1\xa0440 w co najmniej 90% przypadków."
    )
    assert svcstandards.load_preset("servicenow-events").describe("first-assignment-1h", lang="hr") == (
        "Kontakti kojima broj dodjela iznosi najmanje 1: vrijeme od otvaranja do prve dodjele iznosi najviše 1 sat "
        "u najmanje 80\xa0% slučajeva. Vrijeme se broji danonoćno, uključujući vikende i blagdane. Kontakti koji su "
        "nakon isteka ciljnog vremena još otvoreni broje se kao promašaj; do tada su na čekanju."
    )


def test_the_handbooks_title_and_standard_titles_follow_its_language() -> None:
    document = svcstandards.load_preset("zendesk").handbook(lang="sl", format="text")
    assert document.startswith("Zahtevki v Zendesku z metrikami zahtevkov, ena vrstica na zahtevek\n")
    assert "2. Rešeni zahtevki: stranka je čakala največ 24 delovnih ur" in document


@pytest.mark.parametrize("name", svcstandards.preset_names())
def test_a_presets_yaml_printed_on_an_ascii_terminal_is_still_the_preset(name: str) -> None:
    # `svcstandards presets NAME` writes what the terminal cannot hold as \uXXXX escapes; the texts in other
    # languages are double-quoted, where YAML reads such an escape back as the letter
    ascii_text = preset_text(name).encode("ascii", "backslashreplace").decode("ascii")
    assert ascii_text != preset_text(name)
    assert svcstandards.loads(ascii_text).to_dict() == svcstandards.load_preset(name).to_dict()
