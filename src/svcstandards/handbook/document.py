"""The handbook as a document: Markdown, self-contained HTML for A4, or plain text.

The words come from :mod:`svcstandards.handbook`; this module only lays
them out. The file's own texts (name, description, titles, owners) are
shown as written, in the file's language.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from ..errors import InvalidArgumentError
from ..format.parts import LocalText, local_text
from ._i18n import NC_, Language, language
from .sentences import GLOSSARY_TERMS, HandbookFormat, description

if TYPE_CHECKING:
    from ..format.model import StandardSet

__all__ = ["FORMATS", "PAPERS", "Paper", "handbook", "render"]

Paper = Literal["a4", "letter"]
#: The paper sizes the HTML handbook is laid out for, as CSS names them.
PAPERS: dict[str, str] = {"a4": "A4", "letter": "letter"}

_GLOSSARY: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "service_level": (
        NC_("glossary term", "Service level"),
        NC_(
            "glossary definition",
            "The share of interactions handled within a target time, such as 80% within 20 seconds for phone calls.",
        ),
    ),
    "abandon": (
        NC_("glossary term", "Abandon"),
        NC_(
            "glossary definition",
            "An interaction the customer gave up on before being served: a caller who hung up while "
            "waiting, a chat closed before an agent replied.",
        ),
    ),
    "open_hours": (
        NC_("glossary term", "Open hours (business hours)"),
        NC_(
            "glossary definition",
            "The hours a calendar is open. Times measured on a calendar count only these hours: an "
            "e-mail that arrives on Friday evening starts counting on Monday morning.",
        ),
    ),
    "pending": (
        NC_("glossary term", "Pending"),
        NC_(
            "glossary definition",
            "An interaction still open whose target time has not passed yet. It is not counted until "
            "it is answered or its target time passes.",
        ),
    ),
    "warning": (
        NC_("glossary term", "Warning"),
        NC_(
            "glossary definition",
            "A result that still passes but is close to failing: between the warning level and the limit.",
        ),
    ),
    "insufficient": (
        NC_("glossary term", "Insufficient"),
        NC_(
            "glossary definition",
            "Too few interactions to judge fairly: fewer than the minimum volume the standard sets. "
            "The result is neither pass nor fail.",
        ),
    ),
    "csat": (
        NC_("glossary term", "CSAT (customer satisfaction)"),
        NC_(
            "glossary definition",
            "The customer's answer to “How satisfied were you?”, usually on a scale from 1 to 5.",
        ),
    ),
    "nps": (
        NC_("glossary term", "NPS (Net Promoter Score)"),
        NC_(
            "glossary definition",
            "From answers to “How likely are you to recommend us?” on a scale from 0 to 10: the "
            "percentage of promoters (9 or 10) minus the percentage of detractors (0 to 6). It runs "
            "from −100 to 100.",
        ),
    ),
    "median": (
        NC_("glossary term", "Median"),
        NC_("glossary definition", "The middle value: half of the interactions are at or below it."),
    ),
    "percentile": (
        NC_("glossary term", "Percentile"),
        NC_(
            "glossary definition",
            "The 90th percentile is the value that nine in ten interactions are at or below.",
        ),
    ),
}
#: The handbook's formats.
FORMATS = ("text", "markdown", "html")


@dataclass
class _Section:
    number: int
    heading: str
    id: str
    sentences: list[str]
    owner: str | None
    notes: str | None
    foreign: dict[str, str] = field(default_factory=dict)


@dataclass
class _Document:
    lang: Language
    title: str
    intro: str | None
    meta: str
    sections: list[_Section] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Print:
    """How the HTML handbook prints: the paper, and what each page's foot says besides its number."""

    paper: Paper = "a4"
    revision: str | None = None
    day: _dt.date | None = None


def _build(sets: Sequence[StandardSet], lang: Language) -> _Document:
    """The document of one set, or of several as one handbook (their standards numbered on)."""
    count = sum(len(standard_set.standards) for standard_set in sets)
    amount = lang.ntext("{n} standard", "{n} standards", count, n=lang.number(count))
    files = [PurePath(s.source).name for s in sets if not s.source.startswith("<")]
    if not files:
        meta = amount
    elif len(files) == 1:
        meta = lang.ptext("handbook", "{count} from the file {file}", count=amount, file=files[0])
    else:
        meta = lang.ptext("handbook", "{count} from the files {files}", count=amount, files=lang.join(files))
    single = sets[0] if len(sets) == 1 else None
    doc = _Document(
        lang=lang,
        title=(_local(single.name, lang) if single else None) or lang.ptext("handbook", "Service standards"),
        intro=_local(single.description, lang) if single else None,
        meta=meta,
        files=files,
    )
    terms: set[str] = set()
    number = 0
    for standard_set in sets:
        for standard in standard_set.standards:
            number += 1
            said = description(standard, standard_set, lang.code)
            terms |= said.terms
            doc.sections.append(
                _Section(
                    number,
                    _local(standard.title, lang) or standard.id,
                    standard.id,
                    said.sentences,
                    _local(standard.owner, lang),
                    _local(standard.description, lang),
                    said.foreign,
                )
            )
    for term in GLOSSARY_TERMS:
        if term in terms:
            (tctx, tmsg), (dctx, dmsg) = _GLOSSARY[term]
            doc.glossary.append((lang.ptext(tctx, tmsg), lang.ptext(dctx, dmsg)))
    return doc


def render(
    sets: StandardSet | Sequence[StandardSet], lang: Language, format: str, printing: _Print | None = None
) -> str:
    """The handbook of a set, or of several sets as one, in one of ``markdown``, ``html``, ``text``."""
    if format not in FORMATS:
        raise InvalidArgumentError(f"unknown handbook format '{format}' (formats: {', '.join(FORMATS)})")
    printing = printing or _Print()
    if printing.paper not in PAPERS:
        raise InvalidArgumentError(f"unknown paper '{printing.paper}' (papers: {', '.join(PAPERS)})")
    many = [sets] if not isinstance(sets, Sequence) else list(sets)
    if not many:
        raise InvalidArgumentError("a handbook needs at least one standards file")
    doc = _build(many, lang)
    if format == "html":
        return _html(doc, printing)
    if format == "text":
        return _text(doc)
    return _markdown(doc)


# -- Markdown -----------------------------------------------------------------------


def _details(doc: _Document, section: _Section, code: str) -> str:
    parts = [doc.lang.ptext("handbook", "Id: {id}", id=code)]
    if section.owner:
        parts.append(doc.lang.ptext("handbook", "Owner: {owner}", owner=section.owner))
    return " · ".join(parts)


def _markdown(doc: _Document) -> str:
    lines = [f"# {doc.title}", ""]
    if doc.intro:
        lines += [doc.intro, ""]
    lines += [doc.meta, ""]
    for section in doc.sections:
        lines += [f"## {section.number}. {section.heading}", "", " ".join(section.sentences), ""]
        lines += [_details(doc, section, f"`{section.id}`"), ""]
        if section.notes:
            lines += [f"> {doc.lang.ptext('handbook', 'Notes:')} {section.notes}", ""]
    if doc.glossary:
        lines += [f"## {doc.lang.ptext('handbook', 'Glossary')}", ""]
        lines += [f"- **{term}:** {definition}" for term, definition in doc.glossary]
        lines.append("")
    return "\n".join(lines)


# -- plain text -----------------------------------------------------------------------

_WIDTH = 78


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def _text(doc: _Document) -> str:
    lines = [doc.title, "=" * len(doc.title), ""]
    if doc.intro:
        lines += [*_wrap(doc.intro), ""]
    lines += [doc.meta, ""]
    for section in doc.sections:
        heading = f"{section.number}. {section.heading}"
        lines += ["", heading, "-" * len(heading), ""]
        lines += [*_wrap(" ".join(section.sentences)), ""]
        lines += [*_wrap(_details(doc, section, section.id)), ""]
        if section.notes:
            lines += [*_wrap(f"{doc.lang.ptext('handbook', 'Notes:')} {section.notes}", "    "), ""]
    if doc.glossary:
        title = doc.lang.ptext("handbook", "Glossary")
        lines += ["", title, "-" * len(title), ""]
        for term, definition in doc.glossary:
            lines += [*_wrap(f"{term}: {definition}"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- HTML -------------------------------------------------------------------------------

_CSS = """\
@page { size: %(paper)s; margin: 18mm 17mm 20mm;
  @bottom-left { content: %(foot)s; font: 8pt "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #5a5a5a; }
  @bottom-right { content: %(page)s; white-space: nowrap;
    font: 8pt "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #5a5a5a; }
}
* { box-sizing: border-box; }
html { background: #fff; }
body {
  font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt; line-height: 1.5; color: #1c1c1c;
  max-width: 176mm; margin: 0 auto; padding: 16mm 0;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
@media print { body { max-width: none; padding: 0; } }
header { border-bottom: 2pt solid #1d4f7a; padding-bottom: 5mm; margin-bottom: 2mm; }
h1 { font-size: 22pt; line-height: 1.2; margin: 0 0 3mm; color: #1d4f7a; font-weight: 700; }
.intro { margin: 0 0 3mm; font-size: 11.5pt; }
.meta { margin: 0; font-size: 9.5pt; color: #5a5a5a; }
.standard { break-inside: avoid; page-break-inside: avoid; padding: 5mm 0 4.5mm; border-bottom: 0.5pt solid #c8d2dc; }
h2 { font-size: 13.5pt; line-height: 1.3; margin: 0 0 2mm; font-weight: 700; break-after: avoid; }
h2 .number { color: #1d4f7a; margin-right: 0.35em; }
.rule { margin: 0 0 2mm; }
.rule .main { font-weight: 600; }
.details { margin: 0 0 2mm; font-size: 9pt; color: #5a5a5a; }
code { font-family: "DejaVu Sans Mono", "Noto Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt;
  background: #eef1f4; padding: 0.1em 0.35em; border-radius: 2pt; }
.notes { margin: 0; padding: 2mm 4mm; border-left: 2.5pt solid #b7c7d6; background: #f5f7f9;
  font-size: 9.5pt; color: #333; }
.notes .label { font-weight: 600; }
.glossary { margin-top: 7mm; }
.glossary h2 { color: #1d4f7a; }
.glossary dl { margin: 0; }
.glossary .term { break-inside: avoid; page-break-inside: avoid; margin: 0 0 2.5mm; }
.glossary dt { font-weight: 700; }
.glossary dd { margin: 0; font-size: 10pt; }
"""


def _css_string(text: str) -> str:
    """A CSS string literal: quotes and backslashes escaped, other characters as they are (the page is UTF-8)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def _page_content(doc: _Document) -> str:
    """The CSS content of a page's number: "Page " counter(page) " of " counter(pages), in the language."""
    template = doc.lang.ptext("handbook, the foot of a printed page", "Page {page} of {pages}", page="\0", pages="\1")
    out: list[str] = []
    for index, piece in enumerate(template.split("\0")):
        if index:
            out.append("counter(page)")
        for part_index, part in enumerate(piece.split("\1")):
            if part_index:
                out.append("counter(pages)")
            if part:
                out.append(_css_string(part))
    return " ".join(out)


def _foot(doc: _Document, printing: _Print) -> str:
    """What a printed page's foot says: the file, its revision, the day the handbook was made."""
    lang = doc.lang
    parts = []
    if doc.files:
        parts.append(lang.join(doc.files))
    if printing.revision:
        parts.append(
            lang.ptext("handbook, the foot of a printed page", "revision {revision}", revision=printing.revision)
        )
    day = printing.day or _dt.date.today()
    parts.append(lang.ptext("handbook, the foot of a printed page", "made on {date}", date=lang.date(day)))
    return " · ".join(parts)


def _html(doc: _Document, printing: _Print) -> str:
    e = html.escape
    css = _CSS % {
        "paper": PAPERS[printing.paper],
        "foot": _css_string(_foot(doc, printing)),
        "page": _page_content(doc),
    }
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(doc.lang.code)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(doc.title)}</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_h(doc.title)}</h1>",
    ]
    if doc.intro:
        out.append(f'<p class="intro">{_h(doc.intro)}</p>')
    out += [f'<p class="meta">{e(doc.meta)}</p>', "</header>", "<main>"]
    for section in doc.sections:
        first, rest = section.sentences[0], section.sentences[1:]
        rule = f'<span class="main">{_hs(first, section.foreign)}</span>' + "".join(
            f" {_hs(s, section.foreign)}" for s in rest
        )
        out += [
            f'<section class="standard" id="{e(section.id)}">',
            f'<h2><span class="number">{section.number}.</span>{_h(section.heading)}</h2>',
            f'<p class="rule">{rule}</p>',
            f'<p class="details">{_html_details(doc, section)}</p>',
        ]
        if section.notes:
            notes = e(doc.lang.ptext("handbook", "Notes:"))
            out.append(f'<p class="notes"><span class="label">{notes}</span> {_h(section.notes)}</p>')
        out.append("</section>")
    out.append("</main>")
    if doc.glossary:
        out += ['<section class="glossary">', f"<h2>{e(doc.lang.ptext('handbook', 'Glossary'))}</h2>", "<dl>"]
        out += [
            f'<div class="term"><dt>{e(term)}</dt><dd>{e(definition)}</dd></div>' for term, definition in doc.glossary
        ]
        out += ["</dl>", "</section>"]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _html_details(doc: _Document, section: _Section) -> str:
    e = html.escape
    parts = [doc.lang.ptext("handbook", "Id: {id}", id=f"<code>{e(section.id)}</code>")]
    if section.owner:
        parts.append(e(doc.lang.ptext("handbook", "Owner: {owner}", owner="\0")).replace("\0", _h(section.owner)))
    return " · ".join(parts)


def handbook(
    standard_set: StandardSet | Sequence[StandardSet],
    lang: str = "en",
    format: HandbookFormat = "markdown",
    *,
    paper: Paper = "a4",
    revision: str | None = None,
    day: _dt.date | None = None,
) -> str:
    """A document of every standard of a set (or of several sets, as one handbook), to print and hand out.

    ``format`` is ``"markdown"``, ``"html"`` (one self-contained page that
    prints on ``paper``, ``"a4"`` or ``"letter"``) or ``"text"``. A printed
    HTML page's foot names the file, its ``revision`` (a version or a git
    revision, when given) and the ``day`` the handbook was made (today by
    default), and numbers the pages.
    """
    return render(standard_set, language(lang), format, _Print(paper, revision, day))


class _Foreign(str):
    """A text of the file in another language than the handbook's: reads "Calls answered [en]"."""

    lang: str
    bare: str

    def __new__(cls, text: str, lang: str) -> _Foreign:
        self = super().__new__(cls, f"{text} [{lang}]")
        self.lang = lang
        self.bare = text
        return self


def _local(value: LocalText | None, lang: Language) -> str | None:
    """A text of the file in the handbook's language; a text in another language is marked with its code.

    ``title: {en: Calls answered, sl: Odgovorjeni klici}`` in a Croatian
    handbook reads "Calls answered [en]": English, else the first language
    given. In HTML its element carries ``lang="en"``.
    """
    text, fallback = local_text(value, lang.code)
    if text is None or fallback is None:
        return text
    return _Foreign(text, fallback)


def _h(text: str) -> str:
    """A text of the file in HTML: escaped, in an element with its own ``lang`` when it is in another language."""
    if isinstance(text, _Foreign):
        return f'<span lang="{html.escape(text.lang)}">{html.escape(text.bare)}</span> [{html.escape(text.lang)}]'
    return html.escape(text)


def _hs(sentence: str, foreign: dict[str, str]) -> str:
    """A sentence in HTML: escaped, each name in another language in an element with its ``lang``."""
    text = html.escape(sentence)
    if not foreign:
        return text
    langs = {html.escape(name): lang for name, lang in foreign.items()}
    # one pass, longest name first: "New York" is not also marked inside a longer name, nor inside a span
    names = re.compile("|".join(re.escape(name) for name in sorted(langs, key=len, reverse=True)))
    return names.sub(lambda m: f'<span lang="{html.escape(langs[m.group(0)])}">{m.group(0)}</span>', text)
