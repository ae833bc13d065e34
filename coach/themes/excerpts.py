"""Representative excerpts: the notes nearest a theme's centroid, one per participant, cut to a
sentence or two and anonymized before anyone sees them."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from coach.themes.anonymizer import TextAnonymizer

_SENTENCES = re.compile(r"(?<=[.!?])\s+")
MAX_CHARS = 240


def cut(text: str, *, max_chars: int = MAX_CHARS) -> str:
    """Whole sentences up to ``max_chars`` (a first sentence longer than that is cut at a word)."""
    out = ""
    for sentence in _SENTENCES.split(" ".join(text.split())):
        candidate = f"{out} {sentence}".strip()
        if len(candidate) > max_chars:
            break
        out = candidate
    if not out:
        out = text[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def representative(rows: np.ndarray, vectors: np.ndarray, centroid: np.ndarray,
                   participants: Sequence[str], texts: Sequence[str], *,
                   anonymizer: TextAnonymizer, count: int = 3) -> list[str]:
    """Up to ``count`` anonymized excerpts from distinct participants, most central first."""
    order = rows[np.argsort(-(vectors[rows] @ centroid), kind="stable")]
    seen: set[str] = set()
    out: list[str] = []
    for row in order:
        person = participants[int(row)]
        if person in seen:
            continue
        seen.add(person)
        excerpt = anonymizer.anonymize(cut(texts[int(row)]))
        if excerpt and excerpt not in out:
            out.append(excerpt)
        if len(out) >= count:
            break
    return out
