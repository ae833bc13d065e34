"""Word documents (.docx, via python-docx): Heading/Title styles start sections; paragraphs, list
items and table rows in document order. Page headers and footers are not part of the body.

Old binary .doc files and damaged or oversized archives are refused with what to do.
"""

from __future__ import annotations

import io
import zipfile

from coach.errors import DocumentError
from coach.guidance.layout import is_furniture
from coach.guidance.parsers.base import DocumentParser, ParsedDocument, Section, stem_title

#: Uncompressed size a .docx may unpack to (a zip bomb guard).
MAX_UNPACKED = 200 * 1024 * 1024


def _check_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(f"{name} is a zip file but not a Word document (no "
                                    "word/document.xml). Save it from Word as .docx.")
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{name} is not a .docx file (not a zip archive). If it is an old .doc "
                            "file, open it in Word or LibreOffice and save it as .docx.") from exc
    if unpacked > MAX_UNPACKED:
        raise DocumentError(f"{name} unpacks to {unpacked / 1_048_576:.0f} MB, more than the "
                            f"{MAX_UNPACKED // 1_048_576} MB a document may hold. Split it or export "
                            "it as text.")


def _is_heading(style: str) -> bool:
    style = style.lower()
    return style.startswith(("heading", "title")) or style == "subtitle"


class DocxParser(DocumentParser):
    suffixes = (".docx",)
    binary = True

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        _check_archive(data, name)
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several kinds for damaged files
            raise DocumentError(f"{name} could not be read as a Word document ({exc}). Check it "
                                "opens in Word, or save it again as .docx.") from exc
        doc_title = (document.core_properties.title or "").strip()
        sections: list[Section] = []
        heading, paragraphs = "", []  # type: str, list[str]

        def close() -> None:
            if paragraphs:
                sections.append(Section(title=heading or doc_title or stem_title(name),
                                        text="\n\n".join(paragraphs)))

        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    cells = [c.text.strip() for c in row.cells]
                    unique = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                    if unique:
                        paragraphs.append(" | ".join(unique))
                continue
            assert isinstance(item, Paragraph)
            text = item.text.strip()
            if not text or is_furniture(text):
                continue
            style = item.style.name if item.style is not None else ""
            if _is_heading(style or ""):
                if style.lower().startswith("title") and not doc_title:
                    doc_title = text
                close()
                heading, paragraphs = text, []
            elif "list" in (style or "").lower():
                paragraphs.append(f"- {text}")
            else:
                paragraphs.append(text)
        close()
        title = doc_title or stem_title(name)
        if not sections:
            raise DocumentError(f"{name} has no text. Check it is the right file.")
        return ParsedDocument(title=title, sections=sections)
