"""Markdown: sections along headings; ``<!-- id: x; tags: a, b -->`` under a heading is metadata."""

from __future__ import annotations

import re

from coach.guidance.layout import is_furniture, join_wrapped
from coach.guidance.parsers.base import (
    DocumentParser,
    ParsedDocument,
    Section,
    decode_text,
    stem_title,
)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_META = re.compile(r"^\s*<!--\s*(.*?)\s*-->\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_STRUCTURE = re.compile(r"^\s*([-*+>|]|\d+[.)]|```|    )")


def _reflow(body: str) -> str:
    """Join hard-wrapped lines of plain paragraphs; lists, tables, quotes and code keep their lines."""
    paragraphs = re.split(r"\n\s*\n", body)
    return "\n\n".join(
        p if any(_STRUCTURE.match(line) for line in p.splitlines()) else join_wrapped(p.splitlines())
        for p in paragraphs)


def _parse_meta(body: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for part in body.split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            meta[key.strip().lower()] = value.strip()
    return meta


class MarkdownParser(DocumentParser):
    suffixes = (".md", ".markdown")

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        text = decode_text(data, name=name)
        doc_title = ""
        sections: list[Section] = []
        stack: list[tuple[int, str]] = []
        current = Section(title="", text="")
        lines: list[str] = []
        in_fence = False
        expect_meta = False

        def close() -> None:
            body = _reflow(_COMMENT.sub("", "\n".join(lines)).strip())
            if body:
                current.text = body
                sections.append(current)

        for line in text.splitlines():
            if line.strip().startswith("```"):
                in_fence = not in_fence
            heading = None if in_fence else _HEADING.match(line)
            if heading:
                close()
                level, title = len(heading.group(1)), heading.group(2).strip()
                if level == 1 and not doc_title:
                    doc_title = title
                stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, title)]
                path = [t for lvl, t in stack if lvl > 1] or [title]
                current = Section(title=" / ".join(path), text="")
                lines = []
                expect_meta = True
                continue
            meta = _META.match(line) if expect_meta else None
            if meta and ":" in meta.group(1):
                current.meta.update(_parse_meta(meta.group(1)))
                continue
            if line.strip():
                expect_meta = False
            if not in_fence and is_furniture(line):
                continue
            lines.append(line)
        close()
        title = doc_title or stem_title(name)
        for section in sections:
            if not section.title:
                section.title = title
        return ParsedDocument(title=title, sections=sections)
