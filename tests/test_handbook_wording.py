"""The handbook's wording of limits, conditions, groups, counts and holiday regions, per language.

Every expected sentence is written out in full, per language.
"""

from __future__ import annotations

import sys

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


# -- conditions on the channel and `any:` alternatives ----------------------------------------------------------

CHANNELS = """\
version: 1
labels:
  voice: {en: voice calls, hr: glasovni pozivi, pl: połączenia głosowe, ru: голосовые звонки, sl: glasovni klici}
standards:
  - {id: a, where: {priority: urgent, any: [{channel: [email, chat]}, {queue: vip}]}, measure: {flag: x}, floor: 90%}
  - {id: b, where: {channel: {not: phone}}, measure: {flag: x}, floor: 90%}
  - {id: c, where: {any: [{channel: email}, {channel: chat}]}, measure: {flag: x}, floor: 90%}
  - {id: d, where: {any: [{channel: voice}, {channel: fax}]}, measure: {flag: x}, floor: 90%}
  - {id: e, where: {any: [{channel: phone, priority: urgent}, {queue: vip}]}, measure: {flag: x}, floor: 90%}
  - {id: f, where: {any: [{channel: email}, {queue: vip}]}, measure: {flag: x}, floor: 90%}
"""


def _scope(lang: str, standard: str) -> str:
    """The scope of a standard of CHANNELS: its first sentence up to the condition."""
    first = _said(CHANNELS, lang, standard)[0]
    return first.removeprefix("At least 90% of ").removesuffix(" are marked as x.") if lang == "en" else first


def test_english_says_the_channel_as_the_way_of_contact() -> None:
    assert _scope("en", "a") == "interactions with priority urgent and (either by email or chat, or with queue vip)"
    assert _scope("en", "b") == "interactions other than phone calls"
    assert _scope("en", "c") == "e-mails and chats"  # alternatives of channels only: as channel: [email, chat]
    assert _scope("en", "f") == "interactions by email or with queue vip"  # one condition each, alone: a plain "or"
    assert _scope("en", "d") == "interactions that are voice calls or whose channel is fax"  # a label, a bare value
    assert _scope("en", "e") == "interactions (either by phone and with priority urgent, or with queue vip)"


@pytest.mark.parametrize(
    ("lang", "beside", "other_than"),
    [
        (
            "hr",
            "Kontakti kojima je prioritet hitan i koji ispunjavaju barem jedan od uvjeta (kojima je kanal e-pošta "
            "ili chat; kojima je red čekanja „vip“): vrijedi oznaka „x“ u najmanje 90\u00a0% slučajeva.",
            "Kontakti koji nisu telefonski pozivi: vrijedi oznaka „x“ u najmanje 90\u00a0% slučajeva.",
        ),
        (
            "pl",
            "Kontakty, w których priorytet to pilny i które spełniają co najmniej jeden z warunków (w których kanał "
            "to e-mail lub czat; w których kolejka to „vip”): obowiązuje oznaczenie „x” w co najmniej 90% przypadków.",
            "Kontakty, które nie należą do kategorii „połączenia telefoniczne”: obowiązuje oznaczenie „x” w co "
            "najmniej 90% przypadków.",
        ),
        (
            "ru",
            "Обращения, у которых приоритет — срочный и которые отвечают хотя бы одному из условий (у которых канал "
            "— электронная почта или чат; у которых очередь — «vip»): не менее чем в 90\u00a0% случаев стоит отметка "
            "«x».",
            "Обращения, не относящиеся к категории «телефонные звонки»: не менее чем в 90\u00a0% случаев стоит "
            "отметка «x».",
        ),
        (
            "sl",
            "Stiki, pri katerih je prioriteta nujna in ki izpolnjujejo vsaj enega od pogojev (pri katerih je kanal "
            "e-pošta ali klepet; pri katerih je čakalna vrsta „vip“): velja oznaka „x“ v vsaj 90\u00a0% primerov.",
            "Stiki, ki niso telefonski klici: velja oznaka „x“ v vsaj 90\u00a0% primerov.",
        ),
    ],
)
def test_alternatives_beside_other_conditions_are_one_clause(lang: str, beside: str, other_than: str) -> None:
    assert _scope(lang, "a") == beside
    assert _scope(lang, "b") == other_than


@pytest.mark.parametrize(
    ("lang", "alone"),
    [
        ("hr", "Kontakti kojima je kanal e-pošta ili kojima je red čekanja „vip“"),
        ("pl", "Kontakty, w których kanał to e-mail lub w których kolejka to „vip”"),
        ("ru", "Обращения, у которых канал — электронная почта или у которых очередь — «vip»"),
        ("sl", "Stiki, pri katerih je kanal e-pošta ali pri katerih je čakalna vrsta „vip“"),
    ],
)
def test_alternatives_of_one_condition_each_alone_are_a_plain_or(lang: str, alone: str) -> None:
    assert _scope(lang, "f").split(":")[0] == alone


# -- groups by a column without a phrase of its own ----------------------------------------------------------------

BY_LABELLED = """\
version: 1
labels:
  region: {en: region, hr: regija, pl: region, ru: регион, sl: regija}
  queue: {en: team, hr: tim, pl: zespół, ru: команда, sl: ekipa}
standards:
  - {id: a, measure: {flag: x}, floor: 90%, by: [region, team]}
  - {id: b, measure: {flag: x}, floor: 90%, by: [channel, queue]}
  - {id: c, measure: {flag: x}, floor: 90%, by: [channel, priority]}
"""


@pytest.mark.parametrize(
    ("lang", "labelled", "builtin_and_labelled", "builtin"),
    [
        (
            "en",
            "Judged separately by region and team.",
            "Judged separately by channel and team.",
            "Judged separately for each channel and each priority.",
        ),
        (
            "hr",
            "Ocjenjuje se zasebno po skupinama prema: regija i „team“.",
            "Ocjenjuje se zasebno po skupinama prema: kanal i tim.",
            "Ocjenjuje se zasebno za svaki kanal i svaki prioritet.",
        ),
        (
            "pl",
            "Oceniane osobno w podziale na: region i „team”.",
            "Oceniane osobno w podziale na: kanał i zespół.",
            "Oceniane osobno dla każdego kanału i każdego priorytetu.",
        ),
        (
            "ru",
            "Оценивается отдельно в разбивке по: регион и «team».",
            "Оценивается отдельно в разбивке по: канал и команда.",
            "Оценивается отдельно для каждого канала и каждого приоритета.",
        ),
        (
            "sl",
            "Ocenjuje se ločeno po skupinah glede na: regija in „team“.",
            "Ocenjuje se ločeno po skupinah glede na: kanal in ekipa.",
            "Ocenjuje se ločeno za vsak kanal in vsako prioriteto.",
        ),
    ],
)
def test_groups_by_a_labelled_or_unknown_column_are_a_breakdown(
    lang: str, labelled: str, builtin_and_labelled: str, builtin: str
) -> None:
    # a label is a nominative: it fits after "by:", never after "each" (which needs a case and a gender)
    assert _said(BY_LABELLED, lang, "a")[-1] == labelled
    assert _said(BY_LABELLED, lang, "b")[-1] == builtin_and_labelled
    assert _said(BY_LABELLED, lang, "c")[-1] == builtin


# -- counts of times -----------------------------------------------------------------------------------------------

REOPENS = """\
version: 1
standards:
  - {id: once, where: {channel: email}, measure: {column: reopened_count}, at_least: 1, ceiling: 5%}
  - {id: at-most-once, where: {channel: email}, measure: {column: reopened_count}, at_most: 1, floor: 95%}
  - {id: twice, where: {channel: email}, measure: {column: reopened_count}, at_least: 2, ceiling: 5%}
  - {id: twenty-one, where: {channel: email}, measure: {column: reopened_count}, at_least: 21, ceiling: 1%}
"""


@pytest.mark.parametrize(
    ("lang", "once", "at_most_once", "twice", "twenty_one"),
    [
        (
            "en",
            "At most 5% of e-mails are reopened at least once.",
            "At least 95% of e-mails are reopened at most once.",
            "At most 5% of e-mails are reopened at least 2 times.",
            "At most 1% of e-mails are reopened at least 21 times.",
        ),
        (
            "hr",
            "E-poruke: predmet se ponovno otvara barem jednom u najviše 5\u00a0% slučajeva.",
            "E-poruke: predmet se ponovno otvara najviše jednom u najmanje 95\u00a0% slučajeva.",
            "E-poruke: predmet se ponovno otvara najmanje 2 puta u najviše 5\u00a0% slučajeva.",
            "E-poruke: predmet se ponovno otvara najmanje 21 put u najviše 1\u00a0% slučajeva.",  # 21: form of 1
        ),
        (
            "pl",
            "Wiadomości e-mail: zgłoszenie zostaje ponownie otwarte co najmniej raz w najwyżej 5% przypadków.",
            "Wiadomości e-mail: zgłoszenie zostaje ponownie otwarte co najwyżej raz w co najmniej 95% przypadków.",
            "Wiadomości e-mail: zgłoszenie zostaje ponownie otwarte co najmniej 2 razy w najwyżej 5% przypadków.",
            "Wiadomości e-mail: zgłoszenie zostaje ponownie otwarte co najmniej 21 razy w najwyżej 1% przypadków.",
        ),
        (
            "ru",
            "Электронные письма: не более чем в 5\u00a0% случаев заявка открывается повторно хотя бы один раз.",
            "Электронные письма: не менее чем в 95\u00a0% случаев заявка открывается повторно не более одного раза.",
            "Электронные письма: не более чем в 5\u00a0% случаев заявка открывается повторно не менее 2 раз.",
            "Электронные письма: не более чем в 1\u00a0% случаев заявка открывается повторно не менее 21 раза.",
        ),
        (
            "sl",
            "E-poštna sporočila: zahtevek je ponovno odprt vsaj enkrat v največ 5\u00a0% primerov.",
            "E-poštna sporočila: zahtevek je ponovno odprt največ enkrat v vsaj 95\u00a0% primerov.",
            "E-poštna sporočila: zahtevek je ponovno odprt vsaj 2-krat v največ 5\u00a0% primerov.",
            "E-poštna sporočila: zahtevek je ponovno odprt vsaj 21-krat v največ 1\u00a0% primerov.",
        ),
    ],
)
def test_one_time_is_said_in_words_and_other_counts_in_figures(
    lang: str, once: str, at_most_once: str, twice: str, twenty_one: str
) -> None:
    assert _said(REOPENS, lang, "once") == [once]
    assert _said(REOPENS, lang, "at-most-once") == [at_most_once]
    assert _said(REOPENS, lang, "twice") == [twice]
    assert _said(REOPENS, lang, "twenty-one") == [twenty_one]


# -- holiday subdivisions by name ----------------------------------------------------------------------------------

REGIONS = """\
version: 1
calendars:
  scotland: {hours: {mon-fri: "09:00-17:00"}, holidays: {country: GB, subdivision: SCT}}
  new_york: {hours: {mon-fri: "09:00-17:00"}, holidays: {country: US, subdivision: NY}}
  bavaria: {hours: {mon-fri: "09:00-17:00"}, holidays: {country: DE, subdivision: BY}}
  flanders: {hours: {mon-fri: "09:00-17:00"}, holidays: {country: BE, subdivision: Flemish}}
standards:
  - {id: scotland, measure: {from: offered_at, to: answered_at, calendar: scotland}, within: 8h, floor: 90%}
  - {id: new_york, measure: {from: offered_at, to: answered_at, calendar: new_york}, within: 8h, floor: 90%}
  - {id: bavaria, measure: {from: offered_at, to: answered_at, calendar: bavaria}, within: 8h, floor: 90%}
  - {id: flanders, measure: {from: offered_at, to: answered_at, calendar: flanders}, within: 8h, floor: 90%}
"""


def _holidays(lang: str, standard: str) -> str:
    return _said(REGIONS, lang, standard)[2]  # the scope, the open hours, then the holidays


@pytest.mark.parametrize(
    ("lang", "scotland", "new_york"),
    [
        (
            "en",
            "Closed on public holidays in the United Kingdom (Scotland).",
            "Closed on public holidays in the United States (New York).",
        ),
        (
            "hr",
            "Zatvoreno na državne blagdane (Ujedinjeno Kraljevstvo, Scotland).",
            "Zatvoreno na državne blagdane (Sjedinjene Američke Države, New York).",
        ),
        (
            "pl",
            "Zamknięte w święta państwowe (Wielka Brytania, Scotland).",
            "Zamknięte w święta państwowe (Stany Zjednoczone, New York).",
        ),
        (
            "ru",
            "Закрыто в государственные праздники (Великобритания, Scotland).",
            "Закрыто в государственные праздники (Соединенные Штаты, New York).",
        ),
        (
            "sl",
            "Ob državnih praznikih (Združeno kraljestvo, Scotland) je zaprto.",
            "Ob državnih praznikih (Združene države Amerike, New York) je zaprto.",
        ),
    ],
)
def test_a_holiday_subdivision_is_said_by_its_name(lang: str, scotland: str, new_york: str) -> None:
    pytest.importorskip("holidays")
    assert _holidays(lang, "scotland") == scotland
    assert _holidays(lang, "new_york") == new_york


def test_a_subdivision_name_in_another_language_carries_its_lang_in_html() -> None:
    pytest.importorskip("holidays")
    standards = svcstandards.loads(REGIONS)
    assert description(standards.get("scotland"), standards, "hr").foreign == {"Scotland": "en"}
    assert description(standards.get("scotland"), standards, "en").foreign == {}  # English in English
    assert description(standards.get("bavaria"), standards, "en").foreign == {"Bayern": "de"}  # the package's German
    page = standards.handbook(lang="sl", format="html")
    assert 'Ob državnih praznikih (Združeno kraljestvo, <span lang="en">Scotland</span>) je zaprto.' in page
    assert '(Nemčija, <span lang="de">Bayern</span>)' in page
    assert "Closed on public holidays in Germany (Bayern)." in standards.handbook(lang="en", format="text")


def test_a_subdivision_without_a_name_keeps_its_code() -> None:
    pytest.importorskip("holidays")
    # Belgium's holidays package names no subdivision: its codes are Flemish, French, German
    assert _holidays("en", "flanders") == "Closed on public holidays in Belgium (Flemish)."
    assert _holidays("pl", "flanders") == "Zamknięte w święta państwowe (Belgia, Flemish)."


def test_without_the_holidays_package_a_subdivision_keeps_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from svcstandards.handbook import _i18n

    monkeypatch.setitem(sys.modules, "holidays", None)  # import holidays raises ImportError
    assert _i18n._subdivision_names.__wrapped__("GB") == {}
    monkeypatch.setattr(_i18n, "_subdivision_names", lambda country: {})
    assert _i18n.language("hr").subdivision("GB", "SCT") == ("SCT", None)


def test_foreign_names_are_marked_once_longest_first_and_escaped() -> None:
    from svcstandards.handbook.document import _hs

    foreign = {"York": "en", "New York": "en", "A&B": "de"}
    assert _hs("New York, York and A&B <x>.", foreign) == (
        '<span lang="en">New York</span>, <span lang="en">York</span> and <span lang="de">A&amp;B</span> &lt;x&gt;.'
    )
    assert _hs("No names here & there.", {}) == "No names here &amp; there."
