"""The clause around a character position: where a learned judgment flag goes.

The token head finds the words that make a text judgmental; the flag covers the clause they are in
(between punctuation that separates clauses), not a fixed window of tokens, so it reads as a phrase
("which shows you can't handle pressure") and never cuts a word. A clause under ``MIN_WORDS`` words
grows to its sentence.
"""

from __future__ import annotations

import re

#: punctuation that ends a clause inside a sentence
_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
MIN_WORDS = 3


def clause_around(text: str, position: int, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the clause of ``text[start:end]`` (a sentence) that holds ``position``,
    without surrounding spaces and punctuation."""
    position = min(max(position, start), max(end - 1, start))
    lo, hi = start, end
    for match in _BREAK.finditer(text, start, end):
        if match.end() <= position:
            lo = match.end()
        elif match.start() > position:
            hi = match.start()
            break
    lo, hi = _trim(text, lo, hi)
    if len(text[lo:hi].split()) < MIN_WORDS:
        return _trim(text, start, end)
    return lo, hi


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and not text[lo].isalnum() and text[lo] not in "\"'\u201c\u2018":
        lo += 1
    while hi > lo and not text[hi - 1].isalnum() and text[hi - 1] not in "\"'\u201d\u2019!?.":
        hi -= 1
    return lo, hi
