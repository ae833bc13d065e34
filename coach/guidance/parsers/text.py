"""Plain text in any layout (one paragraph per line, hard-wrapped, blank-line separated).

Headings (short lines, CAPS, underlined) start sections; page furniture is dropped.
"""

from __future__ import annotations

from coach.guidance.layout import blocks, grouped
from coach.guidance.parsers.base import (
    DocumentParser,
    ParsedDocument,
    Section,
    decode_text,
    stem_title,
)


def text_sections(text: str, *, title: str) -> list[Section]:
    return [Section(title=heading, text="\n\n".join(paragraphs))
            for heading, paragraphs in grouped(blocks(text), title=title)]


class TextParser(DocumentParser):
    suffixes = (".txt", ".text")

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        title = stem_title(name)
        return ParsedDocument(title=title, sections=text_sections(decode_text(data, name=name),
                                                                  title=title))
