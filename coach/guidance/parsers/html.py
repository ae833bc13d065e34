"""HTML: text under each heading (BeautifulSoup); scripts and styles dropped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from coach.guidance.parsers.base import (
    DocumentParser,
    ParsedDocument,
    Section,
    decode_text,
    stem_title,
)

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "blockquote", "pre", "td", "dd")


class HtmlParser(DocumentParser):
    suffixes = (".html", ".htm")

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        soup = BeautifulSoup(decode_text(data, name=name), "html.parser")
        for tag in soup(["script", "style", "noscript", "template"]):
            tag.decompose()
        doc_title = soup.title.get_text(" ", strip=True) if soup.title else ""
        sections: list[Section] = []
        current = Section(title=doc_title or stem_title(name), text="")
        paragraphs: list[str] = []
        body = soup.body or soup
        for element in body.find_all([*_HEADINGS, *_BLOCKS]):
            if element.name in _HEADINGS:
                if paragraphs:
                    current.text = "\n\n".join(paragraphs)
                    sections.append(current)
                title = element.get_text(" ", strip=True)
                doc_title = doc_title or title
                current, paragraphs = Section(title=title or current.title, text=""), []
            elif not element.find_parent(_BLOCKS):
                text = element.get_text(" ", strip=True)
                if text:
                    paragraphs.append(text)
        if paragraphs:
            current.text = "\n\n".join(paragraphs)
            sections.append(current)
        return ParsedDocument(title=doc_title or stem_title(name), sections=sections)
