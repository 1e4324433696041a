"""The compiled message catalogs (.mo) say what their sources (.po) say."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

pofile = pytest.importorskip("babel.messages.pofile")

LOCALE = Path(__file__).resolve().parent.parent / "src" / "svcstandards" / "handbook" / "locale"
SOURCES = sorted(LOCALE.glob("*/LC_MESSAGES/svcstandards.po"))


def test_there_is_a_catalog_for_every_handbook_language() -> None:
    assert sorted(p.parent.parent.name for p in SOURCES) == ["hr", "pl", "ru", "sl"]


@pytest.mark.parametrize("source", SOURCES, ids=[p.parent.parent.name for p in SOURCES])
def test_the_compiled_catalog_matches_its_source(source: Path) -> None:
    with source.open("rb") as handle:
        catalog = pofile.read_po(handle)
    with source.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            context = message.context
            for n, expected in zip((1, 2, 5), forms, strict=False):
                if not expected:
                    continue
                got = (
                    compiled.npgettext(context, singular, plural, n)
                    if context
                    else compiled.ngettext(singular, plural, n)
                )
                assert got in forms, (source.name, singular)
        elif message.string:
            got = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            assert got == message.string, (source.parent.parent.name, message.id)
