"""HTML: text under each heading (BeautifulSoup), from the page's main content only.

Scripts and styles, site navigation, headers and footers, sidebars, breadcrumbs, share buttons,
cookie banners and forms are dropped; when the page has <main> or <article>, only that is read.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from coach.guidance.layout import is_furniture
from coach.guidance.parsers.base import (
    DocumentParser,
    ParsedDocument,
    Section,
    decode_text,
    stem_title,
)

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", "li", "blockquote", "pre", "td", "dd", "dt", "figcaption")
_CHROME_TAGS = ["script", "style", "noscript", "template", "nav", "aside", "form", "button",
                "select", "iframe", "svg", "dialog"]
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                 "alertdialog"}
_CHROME_NAMES = re.compile(r"(^|[-_ ])(nav|navbar|menu|breadcrumbs?|footer|sidebar|share|sharing|social|"
                           r"cookies?|consent|gdpr|banner|related|comments?|advert|ads?|promo|newsletter|"
                           r"subscribe|skip|masthead|site-header|toolbar|pagination)([-_ ]|$)", re.I)


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("header", "footer") and not tag.find_parent(["article", "main"]):
        return True
    if str(tag.get("role", "")).lower() in _CHROME_ROLES:
        return True
    classes: object = tag.get("class") or []
    names = " ".join([*(classes if isinstance(classes, list) else [str(classes)]), str(tag.get("id", ""))])
    if tag.name in ("main", "article", "body") or not names.strip():
        return False
    return bool(_CHROME_NAMES.search(names))


class HtmlParser(DocumentParser):
    suffixes = (".html", ".htm")

    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        soup = BeautifulSoup(decode_text(data, name=name), "html.parser")
        doc_title = soup.title.get_text(" ", strip=True) if soup.title else ""
        for tag in soup(_CHROME_TAGS):
            tag.decompose()
        for tag in [t for t in soup.find_all(True) if isinstance(t, Tag) and _is_chrome(t)]:
            if not tag.decomposed:
                tag.decompose()
        body = soup.find("main") or soup.find("article") or soup.body or soup
        sections: list[Section] = []
        current = Section(title=doc_title or stem_title(name), text="")
        paragraphs: list[str] = []
        h1 = ""
        for element in body.find_all([*_HEADINGS, *_BLOCKS]):
            if element.name in _HEADINGS:
                if paragraphs:
                    current.text = "\n\n".join(paragraphs)
                    sections.append(current)
                title = element.get_text(" ", strip=True)
                h1 = h1 or (title if element.name == "h1" else "")
                current, paragraphs = Section(title=title or current.title, text=""), []
            elif not element.find_parent(_BLOCKS):
                text = " ".join(element.get_text(" ", strip=True).split())
                if text and not is_furniture(text):
                    paragraphs.append(text)
        if paragraphs:
            current.text = "\n\n".join(paragraphs)
            sections.append(current)
        title = h1 or _site_free(doc_title) or stem_title(name)
        return ParsedDocument(title=title, sections=sections)


def _site_free(title: str) -> str:
    """'Ending well | City Mentoring' -> 'Ending well' (the site name after a separator goes)."""
    return re.split(r"\s+[|–—-]\s+", title)[0].strip() if title else ""
