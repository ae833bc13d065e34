"""Adding, listing and removing guidance documents (the database side)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.errors import DocumentError
from coach.guidance.library import DEFAULT_SOURCE
from coach.guidance.parsers import parser_for
from coach.guidance.splitter import PassageDraft, SplitOptions, split_sections
from coach.store.models import GuidanceDocument, GuidancePassage, utcnow


@dataclass(frozen=True)
class AddResult:
    source: str
    title: str
    status: str  # added | updated | unchanged
    passages: int


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    source: str
    title: str
    passages: int
    is_default: bool
    added_by: int | None = None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_bytes(data: bytes, *, name: str, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise DocumentError(
            f"{name} is {len(data) / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} "
            "MB per document. Split it into smaller files, or raise COACH_MAX_FILE_MB."
        )
    if not data.strip():
        raise DocumentError(f"{name} is empty. Add a file with some text in it.")
    parser = parser_for(name)  # unknown extension: clear error before anything else
    if not parser.binary and b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            f"{name} looks like a binary file, not text. Add Markdown, plain text, HTML, PDF or Word (.docx)."
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "doc"


def parse_document(data: bytes, *, name: str, max_bytes: int,
                   options: SplitOptions | None = None) -> tuple[str, list[PassageDraft]]:
    check_bytes(data, name=name, max_bytes=max_bytes)
    parsed = parser_for(name).parse(data, name=name)
    drafts = split_sections(parsed.sections, options)
    if not drafts:
        raise DocumentError(f"{name} has no readable text. Check the file is not empty or only "
                            "headings.")
    return parsed.title, drafts


def upsert_document(session: Session, *, source: str, title: str, digest: str,
                    drafts: list[PassageDraft], is_default: bool,
                    added_by: int | None) -> AddResult:
    """Insert a document or replace its passages when its content changed."""
    doc = session.scalar(select(GuidanceDocument).where(GuidanceDocument.source == source))
    if doc is not None and doc.content_hash == digest:
        return AddResult(source, doc.title, "unchanged", len(doc.passages))
    status = "updated" if doc is not None else "added"
    if doc is None:
        doc = GuidanceDocument(source=source, title=title, content_hash=digest,
                               is_default=is_default, added_by=added_by)
        session.add(doc)
    else:
        session.execute(delete(GuidancePassage).where(GuidancePassage.document_id == doc.id))
        session.expire(doc, ["passages"])
        doc.title, doc.content_hash, doc.updated_at = title, digest, utcnow()
    session.flush()
    prefix = "" if is_default else f"{_slug(Path(source).stem)}-{digest[:6]}-"
    seen: set[str] = set()
    for ordinal, draft in enumerate(drafts):
        key = draft.key if (is_default and draft.key) else f"{prefix}{ordinal + 1}"
        if key in seen:
            raise DocumentError(f"{source}: passage id {key!r} is used twice; ids must be unique.")
        seen.add(key)
        session.add(GuidancePassage(document_id=doc.id, key=key, ordinal=ordinal,
                                    title=draft.title, tags=draft.tags, text=draft.text))
    session.flush()
    return AddResult(source, title, status, len(drafts))


def display_source(doc: GuidanceDocument) -> str:
    return DEFAULT_SOURCE if doc.is_default else doc.source
