"""Documents in the shapes users upload: Word, web pages with chrome, PDFs with running headers."""

from __future__ import annotations

import io
import zipfile

import pytest

from coach.errors import DocumentError
from coach.guidance.documents import parse_document
from coach.guidance.parsers import parser_for

BODY = ("Mentors and mentees meet every two weeks for forty-five minutes. Either of you may move a "
        "meeting once a month with two days' notice.")


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Harbour Trust mentoring handbook"
    document.sections[0].header.paragraphs[0].text = "Harbour Trust — internal"
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    document.add_heading("Meeting rhythm", level=1)
    document.add_paragraph(BODY)
    document.add_paragraph("Bring one question to every meeting", style="List Bullet")
    document.add_heading("Expenses", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Travel", "Claim within 30 days on form EX-2"
    table.cell(1, 0).text, table.cell(1, 1).text = "Coffee", "Up to £6 per meeting"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_headings_lists_tables_and_no_header_footer() -> None:
    doc = parser_for("h.docx").parse(_docx(), name="h.docx")
    assert doc.title == "Harbour Trust mentoring handbook"
    assert [s.title for s in doc.sections] == ["Meeting rhythm", "Expenses"]
    assert doc.sections[0].text == BODY + "\n\n- Bring one question to every meeting"
    assert "Travel | Claim within 30 days on form EX-2" in doc.sections[1].text
    assert "internal" not in " ".join(s.text for s in doc.sections)


def test_docx_goes_through_the_binary_check_and_splits() -> None:
    title, drafts = parse_document(_docx(), name="handbook.docx", max_bytes=1_000_000)
    assert title == "Harbour Trust mentoring handbook" and drafts


def test_docx_zip_bomb_and_foreign_zip_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (210 * 1024 * 1024))
    with pytest.raises(DocumentError, match="unpacks to"):
        parser_for("b.docx").parse(buffer.getvalue(), name="b.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", b"hi")
    with pytest.raises(DocumentError, match="not a Word document"):
        parser_for("z.docx").parse(buffer.getvalue(), name="z.docx")


PAGE = b"""<html><head><title>Ending well | City Mentoring</title></head><body>
<header class="site-header"><nav><a>Home</a> <a>Programs</a> <a>Contact</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<ol class="breadcrumb"><li>Home</li><li>Guides</li></ol>
<main><article><h1>Ending well</h1><p>Posted on 3 March 2025</p>
<h2>The last meeting</h2><p>""" + BODY.encode() + b"""</p>
<div class="share-buttons"><p>Share on LinkedIn</p></div></article></main>
<aside><h3>Related posts</h3><ul><li>First meetings</li></ul></aside>
<footer><p>&copy; 2025 City Mentoring. All rights reserved.</p></footer></body></html>"""


def test_html_keeps_the_article_only() -> None:
    doc = parser_for("p.html").parse(PAGE, name="p.html")
    text = " ".join(s.text for s in doc.sections)
    assert doc.title == "Ending well"
    assert [s.title for s in doc.sections] == ["The last meeting"]
    assert text == BODY
    for chrome in ("cookies", "Programs", "Related", "Share", "rights", "Posted"):
        assert chrome not in text


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF with one text line per row (Helvetica), written by hand."""
    objects: list[bytes] = []
    kids = []
    for n, lines in enumerate(pages):
        ops = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines:
            ops.append(b"(" + line.replace("(", r"\(").replace(")", r"\)").encode("latin-1") + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(len(objects) + 2 * len(pages) + 3 + n)  # filled in below
    # layout: 1 catalog, 2 pages, 3 font, then streams, then page objects
    streams = objects
    count = len(pages)
    body = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + count + i) for i in range(count))
            + b"] /Count %d >>" % count,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    body += streams
    body += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
             b" /Contents %d 0 R >>" % (4 + i) for i in range(count)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref))
    return out.getvalue()


def test_pdf_running_headers_page_numbers_and_hyphenation() -> None:
    header = "Mentoring handbook - Harbour Trust"
    pages = [
        [header, "Meeting rhythm", "Mentors and mentees meet every two weeks for forty-five minutes, on a",
         "video call or in person. Good time manage-", "ment helps: either of you may move a meeting",
         "once a month with two days' notice.", "Page 1 of 2"],
        [header, "Ending well", "At the end of the six months, write a short closing note together on",
         "what changed and what you would do differently, and whether you want to stay", "in touch.",
         "Page 2 of 2"],
    ]
    doc = parser_for("h.pdf").parse(_pdf(pages), name="h.pdf")
    assert [s.title for s in doc.sections] == ["Meeting rhythm", "Ending well"]
    first = doc.sections[0].text
    assert "management helps" in first and "Page 1" not in first and header not in first
    assert "\n" not in first  # one paragraph, not one per line


def test_markdown_reflows_wrapped_paragraphs_but_keeps_lists_and_drops_furniture() -> None:
    md = (b"# Handbook\n\nShare on LinkedIn\n\n## Rhythm\n\nMentors and mentees meet every two weeks\n"
          b"for forty-five minutes.\n\n- first item\n- second item\n")
    doc = parser_for("h.md").parse(md, name="h.md")
    assert doc.sections[-1].text == ("Mentors and mentees meet every two weeks for forty-five minutes."
                                     "\n\n- first item\n- second item")
    assert all("Share on" not in s.text for s in doc.sections)


def test_every_uploaded_passage_fits_the_model_window() -> None:
    """Real tokenizer (tokenizer.json of the embedding package; no model load)."""
    from coach.nlp.tokens import MODEL_WINDOW, _counter_for, token_counter

    count = token_counter()
    assert count is not None and count.__name__ == "count"  # the real tokenizer, not the estimate
    long_para = " ".join(f"Rule {i}: mentors log the session in the portal within 48h (form MX-{i})."
                         for i in range(120))
    text = ("A very long heading about confidentiality and its limits\n" + long_para + "\n" + BODY).encode()
    _title, drafts = parse_document(text, name="long.txt", max_bytes=1_000_000)
    assert len(drafts) > 3
    assert max(count(f"{d.title}\n{d.text}") for d in drafts) <= MODEL_WINDOW - 2
    assert " ".join(d.text for d in drafts).split() == (long_para + " " + BODY).split()
    assert _counter_for.cache_info().currsize >= 1
