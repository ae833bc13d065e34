"""A light phrase splitter: long texts become sentences and list items, each embedded on its own.

One pooled vector of a long text loses most of it (the model reads 256 tokens); scoring phrase by
phrase keeps every goal and every area of expertise visible. Regex only: fast for 10k people.
"""

from __future__ import annotations

import re

SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|[\n;•·|]+|\s+-\s+")
MAX_WORDS = 40
LIST_ITEM_WORDS = 5


def split_phrases(text: str, *, max_words: int = MAX_WORDS) -> list[str]:
    """Sentences and list items of ``text`` (comma lists of short items are split too), deduplicated."""
    out: list[str] = []
    for part in SENTENCE.split(text or ""):
        part = part.strip(" \t.,:-*")
        if not part:
            continue
        items = [i.strip(" .") for i in part.split(",")]
        if len(items) > 1 and all(0 < len(i.split()) <= LIST_ITEM_WORDS for i in items):
            pieces = items
        else:
            pieces = [part]
        for piece in pieces:
            words = piece.split()
            for start in range(0, len(words), max_words):
                chunk = " ".join(words[start:start + max_words])
                if chunk and chunk not in out:
                    out.append(chunk)
    return out
