"""Parsers by file ending: an explicit registry."""

from __future__ import annotations

from pathlib import Path

from coach.errors import DocumentError
from coach.guidance.parsers.base import DocumentParser, ParsedDocument, Section
from coach.guidance.parsers.docx import DocxParser
from coach.guidance.parsers.html import HtmlParser
from coach.guidance.parsers.markdown import MarkdownParser
from coach.guidance.parsers.pdf import PdfParser
from coach.guidance.parsers.text import TextParser

PARSERS: dict[str, DocumentParser] = {}
for _parser in (MarkdownParser(), TextParser(), HtmlParser(), PdfParser(), DocxParser()):
    for _suffix in _parser.suffixes:
        PARSERS[_suffix] = _parser

SUPPORTED = tuple(sorted(PARSERS))


def parser_for(name: str) -> DocumentParser:
    suffix = Path(name).suffix.lower()
    if suffix not in PARSERS:
        raise DocumentError(
            f"{name}: unsupported file type {suffix or '(no extension)'!r}. Supported: "
            f"{', '.join(SUPPORTED)}. Convert the document to Markdown or plain text."
        )
    return PARSERS[suffix]


__all__ = ["PARSERS", "SUPPORTED", "DocumentParser", "ParsedDocument", "Section", "parser_for"]
