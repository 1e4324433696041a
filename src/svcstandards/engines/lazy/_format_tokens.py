"""The pieces of a strftime layout, for the engines that translate one (a regular expression, a Java pattern)."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["format_tokens"]


def format_tokens(format: str) -> Iterator[tuple[str, str]]:
    """``("directive", c)`` for ``%c`` (``%%`` too), ``("blank", " ")`` for a run of blanks (Python's strptime
    lets one blank match any run of them), ``("literal", c)`` for any other character (a lone ``%`` at the end)."""
    at = 0
    while at < len(format):
        char = format[at]
        if char == "%" and at + 1 < len(format):
            yield "directive", format[at + 1]
            at += 2
        elif char.isspace():
            while at < len(format) and format[at].isspace():
                at += 1
            yield "blank", " "
        else:
            yield "literal", char
            at += 1
