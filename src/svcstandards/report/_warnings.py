"""The warnings of a report as data, Markdown and HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..errors import DataProblem

__all__ = ["html_warnings", "markdown_warnings", "problem_dict"]


def problem_dict(problem: DataProblem) -> dict[str, str]:
    return {
        "standard": problem.standard,
        "column": problem.column,
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }


def markdown_warnings(problems: Sequence[DataProblem]) -> str:
    """A "Warnings" list after the table; nothing when there are none."""
    if not problems:
        return ""
    items = [f"- {_escape_markdown(str(p))} (`{p.code}`)" for p in problems]
    return "\n**Warnings**\n\n" + "\n".join(items) + "\n"


def _escape_markdown(text: str) -> str:
    for char in ("\\", "`", "*", "_", "[", "]", "<", ">", "|"):
        text = text.replace(char, "\\" + char)
    return text


def html_warnings(problems: Sequence[DataProblem]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{html.escape(str(p))} (<code>{html.escape(p.code)}</code>)</li>" for p in problems)
    return f'<p><b>Warnings</b></p><ul class="svcstandards-warnings">{items}</ul>'
