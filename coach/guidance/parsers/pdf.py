"""PDF: the text layer of each page (pypdf); scanned PDFs without text are refused clearly."""

from __future__ import annotations

import io

from coach.errors import DocumentError
from coach.guidance.parsers.base import DocumentParser, ParsedDocument, Section, stem_title


class PdfParser(DocumentParser):
    suffixes = (".pdf",)

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            pages = [(page.extract_text() or "").strip() for page in reader.pages]
        except (PdfReadError, ValueError, KeyError, OSError) as exc:
            raise DocumentError(f"{name} could not be read as a PDF ({exc}). Check the file "
                                "opens in a PDF viewer, or export it as text.") from exc
        title = stem_title(name)
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
        sections = [Section(title=f"{title} (page {i})", text=text)
                    for i, text in enumerate(pages, start=1) if text]
        if not sections:
            raise DocumentError(f"{name} has no text layer (a scanned PDF?). Run OCR on it or "
                                "add the text as a .txt file.")
        return ParsedDocument(title=str(meta_title).strip() or title, sections=sections)
