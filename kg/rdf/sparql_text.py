"""What the text of a SPARQL query can say, read without a SPARQL parser (and without rdflib).

Oxigraph sends a SERVICE to its endpoint itself, through a Rust HTTP client that Python's audit
hook (:mod:`kg.rdf.guard`) cannot see. So before Oxigraph runs a query, its text is checked
here as well as parsed by rdflib's guard: these checks are deliberately coarse and err towards
"it may": SPARQL's codepoint escapes (``\\u0053``) are decoded first and case is folded, so no
spelling of the keyword gets past them.
"""

from __future__ import annotations

import re

__all__ = ["keywords", "may_hold_service", "names_service"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What is not SPARQL syntax: strings (long ones first), IRIs and comments.
_NOT_SYNTAX = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
#: A word that is not part of a variable, a prefixed name or a blank node label (a word after
#: a dot counts: ``?o .SERVICE`` is valid SPARQL).
_WORD = re.compile(r"(?<![\w?$:-])([A-Za-z]+)(?![\w:-])")


def _decoded(text: str) -> str:
    """The text with SPARQL's codepoint escapes decoded, as a parser may read it."""

    def char(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _ESCAPE.sub(char, text)


def may_hold_service(text: str) -> bool:
    """Whether the letters of ``service`` occur anywhere in ``text``, strings and comments
    included: a text for which this is false cannot make any parser send a SERVICE."""
    return "service" in _decoded(text).casefold()


def keywords(text: str) -> list[str]:
    """The bare words of the query outside strings, IRIs and comments, lower-cased, in order
    (keywords such as ``select`` and ``from``, and functions such as ``str``)."""
    syntax = _NOT_SYNTAX.sub(" ", _decoded(text))
    return [word.casefold() for word in _WORD.findall(syntax)]


def names_service(text: str) -> bool:
    """Whether ``service`` is a bare word of the query (the keyword, as a parser reads it)."""
    return "service" in keywords(text)
