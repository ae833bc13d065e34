"""Plain text: one section; the splitter cuts it along paragraphs."""

from __future__ import annotations

from coach.guidance.parsers.base import (
    DocumentParser,
    ParsedDocument,
    Section,
    decode_text,
    stem_title,
)


class TextParser(DocumentParser):
    suffixes = (".txt", ".text")

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        text = decode_text(data, name=name).strip()
        title = stem_title(name)
        return ParsedDocument(title=title, sections=[Section(title=title, text=text)] if text else [])
