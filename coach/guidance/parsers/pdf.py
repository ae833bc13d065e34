"""PDF: the text layer (pypdf), with running headers, footers and page numbers dropped, words
hyphenated at line ends joined, and paragraphs that run across pages kept whole.

Scanned PDFs without a text layer, and files that are not PDFs, are refused clearly.
"""

from __future__ import annotations

import io

from coach.errors import DocumentError
from coach.guidance.layout import drop_repeated
from coach.guidance.parsers.base import DocumentParser, ParsedDocument, stem_title
from coach.guidance.parsers.text import text_sections

MAX_PAGES = 2000


def _page_lines(pages: list[str]) -> list[str]:
    """All lines; the first and last two of each page are dropped when they recur across pages."""
    per_page = [[line for line in page.splitlines() if line.strip()] for page in pages]
    edges = [line for lines in per_page for line in lines[:2] + lines[-2:]]
    once = set(drop_repeated(edges, min_count=max(2, len(pages) // 2)))  # edges that do not recur
    lines: list[str] = []
    for page in per_page:
        keep = [line for n, line in enumerate(page)
                if not (n < 2 or n >= len(page) - 2) or line in once]
        lines.extend(keep)
    return lines


class PdfParser(DocumentParser):
    suffixes = (".pdf",)
    binary = True

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        from pypdf import PdfReader
        from pypdf.errors import LimitReachedError, PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            if len(reader.pages) > MAX_PAGES:
                raise DocumentError(f"{name} has {len(reader.pages)} pages; the limit is {MAX_PAGES}. "
                                    "Split it into smaller documents.")
            pages = [(page.extract_text() or "") for page in reader.pages]
        except LimitReachedError as exc:  # a compression bomb: pypdf stops decompressing at its limit
            raise DocumentError(f"{name} holds a stream that unpacks to more than pypdf's limit "
                                f"({exc}); it may be a compression bomb. Export the text as .txt "
                                "or a smaller PDF.") from exc
        except (PdfReadError, ValueError, KeyError, OSError, RecursionError) as exc:
            raise DocumentError(f"{name} could not be read as a PDF ({exc}). Check the file "
                                "opens in a PDF viewer, or export it as text.") from exc
        title = stem_title(name)
        meta_title = str((reader.metadata.title if reader.metadata else None) or "").strip() or title
        text = "\n".join(_page_lines(pages))
        sections = text_sections(text, title=meta_title)
        if not sections:
            raise DocumentError(f"{name} has no text layer (a scanned PDF?). Run OCR on it or "
                                "add the text as a .txt file.")
        return ParsedDocument(title=meta_title, sections=sections)
