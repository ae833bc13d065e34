"""Paragraphs and headings from the layouts plain text comes in, with page furniture dropped.

Text exported from web pages, word processors and PDFs arrives in three layouts, often mixed:
- one paragraph per line, no blank lines (web and word-processor exports);
- hard-wrapped at a fixed width, paragraphs split by blank lines or only by a short last line;
- blank-line separated paragraphs.
:func:`blocks` reads any of them into headings and paragraphs: a line break inside a paragraph is a
*soft wrap* only when the text is wrapped at a fixed width and the line runs (nearly) to that width.
:func:`is_furniture` recognises navigation, share buttons, dates, page numbers and copyright lines;
lines that repeat on many pages (running headers and footers) are dropped by :func:`drop_repeated`;
words hyphenated at line ends are joined again (:func:`join_wrapped`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_MONTH = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|jun(e)?|jul(y)?|aug(ust)?|"
          r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)")
_DATE = rf"(\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|" \
        rf"{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
_FURNITURE = [re.compile(p, re.IGNORECASE) for p in (
    r"^(share|share (this|on \w+.*)|tweet( this)?|e-?mail this|print( this( page)?)?|back to top|"
    r"skip to (main )?content|read more|continue reading|related (posts|articles|pages)|"
    r"(log|sign) ?(in|out|up)|menu|search|home|previous|next|top|close|accept( all)?( cookies)?|"
    r"reject( all)?|cookie settings|manage cookies)\W*$",
    r"^share on (facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit)\b",
    r"^(follow us|subscribe|sign up for|join our newsletter)\b.{0,80}$",
    r"\bcookies?\b.{0,160}\b(accept|consent|experience|settings|privacy policy)\b",
    r"^(©|\(c\)|copyright)\s", r"all rights reserved\W*$",
    rf"^((posted|published|updated|last updated|last modified|date)( on)?:?\s*)?{_DATE}"
    r"(\s*[·|•-]\s*\d+\s*min(ute)?s?\s+read)?\W*$",
    r"^\d+\s*min(ute)?s?\s+read\W*$",
    r"^(by\s+[\w .'-]{2,40}\s*[·|•]\s*)?\d+\s*min(ute)?s?\s+read\W*$",
    r"^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", r"^[-–—]\s*\d{1,4}\s*[-–—]$",
    r"^(tags?|categories|filed under)\s*:", r"^you are here\s*:",
)]
_ITEM = r"[\w&'’.,-]+( [\w&'’.,-]+){0,3}"
_NAV = re.compile(rf"^({_ITEM}\s*(\||›|»|>|•|·|/)\s*){{2,}}{_ITEM}$")
_BULLET = re.compile(r"^\s*([-*•▪◦–]|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]\))\s+")
_NUMBERED = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+")
_CONTINUES = frozenset("""a an the and or but of to in on at for with from by as into than that which who
whose if when while because so nor within without about between per via your our their its my is are
was were be can may must should will would""".split())
_SENTENCE_END = re.compile(r"[.!?:;…)\"”’]$")
_UNDERLINE = re.compile(r"^\s*(=+|-+|~+)\s*$")
#: what follows "Label:" on a contact line ("Research Integrity Office: integrity@example.org")
_CONTACT = re.compile(r"@|https?://|www\.|\+?\d[\d ()./-]{5,}\d")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph
    text: str


def grouped(items: list[Block], *, title: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) groups; text before the first heading goes under ``title``."""
    groups: list[tuple[str, list[str]]] = []
    heading, paragraphs = title, []  # type: tuple[str, list[str]]
    for block in items:
        if block.kind == "heading":
            if paragraphs:
                groups.append((heading, paragraphs))
            heading, paragraphs = block.text, []
        else:
            paragraphs.append(block.text)
    if paragraphs:
        groups.append((heading, paragraphs))
    return groups


def is_furniture(line: str) -> bool:
    """Navigation, share buttons, dates, reading times, page numbers, copyright and cookie lines."""
    stripped = line.strip()
    if not stripped or len(stripped) > 240:
        return False
    if any(p.search(stripped) for p in _FURNITURE):
        return True
    if sum(stripped.count(mark) for mark in "›»") >= 2:  # breadcrumbs
        return True
    return len(stripped) < 120 and bool(_NAV.match(stripped))


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def drop_repeated(lines: list[str], *, min_count: int = 3) -> list[str]:
    """Drop short lines that recur (digits aside) ``min_count`` times or more: running headers/footers."""
    counts = Counter(_shape(line) for line in lines if 0 < len(line.strip()) <= 100)
    return [line for line in lines if not (line.strip() and counts.get(_shape(line), 0) >= min_count)]


def heading_like(line: str) -> bool:
    """A short line without a sentence end, an ALL-CAPS line, or a numbered title ("3. Expenses",
    "2.1 Who does what"): a heading in plain text. A line ending in a function word is a wrapped line,
    and a "Label: contact" line (an e-mail address, web address or phone number after the colon) is
    a line of its paragraph."""
    text = line.strip()
    words = text.split()
    if not text or len(text) > 90 or len(words) > 12:
        return False
    if words[-1].lower() in _CONTINUES:
        return False
    numbered = _NUMBERED.match(text)
    if numbered:
        rest = text[numbered.end():]
        return bool(rest) and rest[0].isupper() and len(words) <= 10 and rest[-1] not in ".,;!…"
    if _BULLET.match(text):
        return False
    _, colon, value = text.partition(":")
    if colon and value.strip() and _CONTACT.search(value):  # "Office: name@example.org" is a line
        return False
    if text.isupper() and any(c.isalpha() for c in text):
        return True
    if text[-1] in ".,;!…\"”)" or not (text[0].isupper() or text[0].isdigit()):
        return False
    return text.endswith(("?", ":")) or len(words) <= 9


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of one paragraph; a word hyphenated at a line end ("manage-" + "ment") is
    joined when the next line goes on in lower case."""
    text = ""
    for part in (p.strip() for p in parts):
        if re.search(r"[a-z]{2}-$", text) and re.match(r"^[a-z]{2}", part):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return text


def _wrap_width(lines: Iterable[str]) -> int:
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def blocks(text: str, *, furniture: bool = True) -> list[Block]:
    """Headings and paragraphs from plain text in any of the layouts above."""
    lines = [line.replace("\t", "    ").rstrip() for line in text.splitlines()]
    if furniture:
        lines = [line for line in drop_repeated(lines) if not is_furniture(line)]
    width = _wrap_width(lines)
    wrapped = 40 <= width <= 130
    out: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(Block("paragraph", join_wrapped(current)))
            current.clear()

    for i, line in enumerate(lines):
        stripped = line.strip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped:
            flush()
            continue
        if _UNDERLINE.match(stripped) and not current and out and out[-1].kind == "heading":
            continue
        if _UNDERLINE.match(following) and len(stripped) <= 90:
            flush()
            out.append(Block("heading", stripped))
            continue
        starts_item = bool(_BULLET.match(stripped))
        if current and (not wrapped or starts_item or not _continues(current[-1], width)):
            flush()
        if (not current and heading_like(stripped) and _starts_block(_next_text(lines, i))
                and not _lead_in(stripped, _next_text(lines, i))
                and not (wrapped and _runs_to_width(stripped, following, width))):
            out.append(Block("heading", stripped))
            continue
        current.append(stripped)
        if not wrapped:
            flush()
    flush()
    return out


def _continues(previous: str, width: int) -> bool:
    """In hard-wrapped text: does the paragraph go on after ``previous``?"""
    length = len(previous)
    if length >= 0.9 * width:
        return True
    return length >= 0.6 * width and not _SENTENCE_END.search(previous)


def _lead_in(line: str, following: str) -> bool:
    """A line that introduces a list ("Mentors can claim the following:" before its bullets) or a
    clause with a comma before its colon ("In our experience, most fall into five groups:") is the
    first line of a paragraph, not a heading."""
    if not line.endswith(":") or _NUMBERED.match(line) or line.isupper():
        return False
    return bool(_BULLET.match(following)) or "," in line


def _runs_to_width(line: str, following: str, width: int) -> bool:
    """In hard-wrapped text, a line that runs (nearly) to the wrap width with text right under it is
    a wrapped line of a paragraph ("Safeguarding of people: follow the Group Safeguarding Procedure"
    / "SG-01 and contact ..."), not a heading; ALL-CAPS and numbered titles stay headings."""
    if not following.strip() or line.isupper() or _NUMBERED.match(line):
        return False
    return len(line) >= 0.8 * width


def _next_text(lines: list[str], i: int) -> str:
    return next((line.strip() for line in lines[i + 1:] if line.strip()), "")


def _starts_block(text: str) -> bool:
    """Could ``text`` start a new paragraph (so the line before it may be a heading)?"""
    return bool(text) and (text[0].isupper() or text[0].isdigit() or bool(_BULLET.match(text))
                           or text[0] in "\"“'‘(")
