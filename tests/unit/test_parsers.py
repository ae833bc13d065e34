"""Parsers and the splitter, with inputs built by hand."""

from __future__ import annotations

import pytest

from coach.errors import DocumentError
from coach.guidance.documents import check_bytes, parse_document
from coach.guidance.parsers import parser_for
from coach.guidance.parsers.base import Section
from coach.guidance.splitter import SplitOptions, split_sections

MD = b"""# Topic

## First passage
<!-- id: first; tags: a, B -->

Para one.

Para two.

## Second
Plain text <!-- hidden --> here.
"""


def test_markdown_sections_with_meta():
    doc = parser_for("x.md").parse(MD, name="x.md")
    assert doc.title == "Topic"
    assert [s.title for s in doc.sections] == ["First passage", "Second"]
    assert doc.sections[0].meta == {"id": "first", "tags": "a, B"}
    assert doc.sections[0].text == "Para one.\n\nPara two."
    assert "hidden" not in doc.sections[1].text


def test_markdown_heading_inside_code_fence_is_text():
    data = b"# T\n\n```\n# not a heading\n```\n"
    doc = parser_for("a.md").parse(data, name="a.md")
    assert len(doc.sections) == 1 and "# not a heading" in doc.sections[0].text


def test_html_headings_and_paragraphs():
    html = b"<html><head><title>Doc</title><script>x=1</script></head><body><h2>Part</h2>" \
           b"<p>Hello there.</p><ul><li>One</li></ul></body></html>"
    doc = parser_for("a.html").parse(html, name="a.html")
    assert doc.title == "Doc"
    assert doc.sections[0].title == "Part"
    assert "Hello there." in doc.sections[0].text and "x=1" not in doc.sections[0].text


def test_text_file_is_one_section():
    doc = parser_for("notes.txt").parse(b"a\n\nb", name="notes.txt")
    assert doc.title == "Notes" and doc.sections[0].text == "a\n\nb"


def test_utf16_with_bom_is_read():
    doc = parser_for("u.txt").parse("héllo wörld".encode("utf-16"), name="u.txt")
    assert doc.sections[0].text == "héllo wörld"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("bin.txt", b"\x00\x01\x02abc" * 10, "binary"),
        ("x.doc", b"hello", "unsupported file type"),
        ("x.docx", b"hello", "not a .docx file"),
        ("noext", b"hello", "(no extension)"),
        ("latin1.txt", "caf\xe9 ol\xe9".encode("latin-1"), "not UTF-8"),
        ("big.txt", b"a" * 2000, "limit"),
        ("only-headings.md", b"# A\n## B\n", "no readable text"),
        ("bad.pdf", b"%PDF-1.4 garbage", "PDF"),
    ],
)
def test_bad_documents_are_refused_clearly(name: str, data: bytes, message: str):
    with pytest.raises(DocumentError, match=message) as info:
        parse_document(data, name=name, max_bytes=1000)
    assert name in str(info.value) or "limit" in message


def test_splitter_merges_small_and_cuts_long():
    long_para = " ".join(f"Sentence number {i} is here." for i in range(200))
    sections = [Section("S", "tiny.\n\nalso tiny.\n\n" + long_para)]
    drafts = split_sections(sections, SplitOptions(max_chars=500, min_chars=100))
    assert all(len(d.text) <= 500 + 120 for d in drafts)
    assert drafts[0].text.startswith("tiny.\n\nalso tiny.")
    assert len(drafts) > 5
    joined = " ".join(d.text for d in drafts)
    assert "Sentence number 199 is here." in joined


def test_splitter_keeps_explicit_id_passages_whole():
    text = "word " * 300
    drafts = split_sections([Section("T", text, {"id": "x", "tags": "a, b"})])
    assert len(drafts) == 1 and drafts[0].key == "x" and drafts[0].tags == ["a", "b"]


def test_check_bytes_accepts_utf16_text():
    check_bytes("hi there".encode("utf-16"), name="u.txt", max_bytes=100)
