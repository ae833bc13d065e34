"""Passage splitting: along headings, then paragraphs, with size limits.

Paragraphs under one heading are merged until ``max_chars``; a paragraph longer than that is cut
at sentence ends. A section that carries an explicit ``id`` (the default library) stays one
passage unless it is longer than ``hard_max_chars``. Every uploaded passage, with its title, then
fits the embedding model's window (``max_tokens`` as the model counts them): a longer one is cut at
paragraph, then sentence ends, so nothing is truncated silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.guidance.parsers.base import Section

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class SplitOptions:
    max_chars: int = 900
    min_chars: int = 200
    hard_max_chars: int = 4000
    #: title + passage must fit in this many model tokens (the window is 256 with 2 special tokens)
    max_tokens: int = 240
    #: how to count tokens; None = the configured embedding model's tokenizer
    count_tokens: Callable[[str], int] | None = None


@dataclass
class PassageDraft:
    title: str
    text: str
    key: str | None = None
    tags: list[str] = field(default_factory=list)


def _sentences(paragraph: str, max_chars: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        if current and len(current) + len(sentence) + 1 > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
        while len(current) > max_chars:  # one enormous "sentence": cut at a space
            cut = current.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            pieces.append(current[:cut].strip())
            current = current[cut:].strip()
    if current:
        pieces.append(current)
    return pieces


def _chunks(text: str, opts: SplitOptions, max_chars: int) -> list[str]:
    paragraphs = [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]
    units: list[str] = []
    for paragraph in paragraphs:
        units.extend(_sentences(paragraph, max_chars) if len(paragraph) > max_chars else [paragraph])
    chunks: list[str] = []
    for unit in units:
        if chunks and (len(chunks[-1]) < opts.min_chars or len(chunks[-1]) + len(unit) + 2 <= max_chars):
            chunks[-1] = f"{chunks[-1]}\n\n{unit}"
        else:
            chunks.append(unit)
    return chunks


def _fit_window(chunk: str, title: str, count: Callable[[str], int], budget: int) -> list[str]:
    """Cut ``chunk`` at paragraph, then sentence, then word boundaries until title + piece fits."""
    if count(f"{title}\n{chunk}") <= budget:
        return [chunk]
    units: list[str] = []
    for paragraph in _PARAGRAPH.split(chunk):
        if count(f"{title}\n{paragraph}") <= budget:
            units.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            words = sentence.split()
            while words and count(f"{title}\n{' '.join(words)}") > budget:
                size = max(1, len(words) // 2)
                while size > 1 and count(f"{title}\n{' '.join(words[:size])}") > budget:
                    size //= 2
                units.append(" ".join(words[:size]))
                words = words[size:]
            if words:
                units.append(" ".join(words))
    pieces: list[str] = []
    for unit in units:
        candidate = f"{pieces[-1]}\n\n{unit}" if pieces else unit
        if pieces and count(f"{title}\n{candidate}") <= budget:
            pieces[-1] = candidate
        else:
            pieces.append(unit)
    return pieces


def split_sections(sections: list[Section], opts: SplitOptions | None = None) -> list[PassageDraft]:
    opts = opts or SplitOptions()
    count = opts.count_tokens
    if count is None:
        from coach.nlp.tokens import token_counter

        count = token_counter()
    drafts: list[PassageDraft] = []
    for section in sections:
        key = section.meta.get("id") or None
        tags = [t.strip().lower() for t in section.meta.get("tags", "").split(",") if t.strip()]
        limit = opts.hard_max_chars if key else opts.max_chars
        chunks = _chunks(section.text, opts, limit)
        if not key:  # the shipped library's passages are written to size; uploads are cut to fit
            chunks = [piece for chunk in chunks
                      for piece in _fit_window(chunk, section.title, count, opts.max_tokens)]
        for n, chunk in enumerate(chunks):
            part_key = key if (key and n == 0) else (f"{key}-{n + 1}" if key else None)
            drafts.append(PassageDraft(title=section.title, text=chunk, key=part_key, tags=tags))
    return drafts
