"""Where a reflection puts its weight: the clauses it marks as the point, and the ones it sets aside.

Reflective writing often names one topic and then turns to another ("the meeting was about the
migration, but the lesson is about how I coach"; "the poster was the excuse, the conversation was
the real value"). Contrast connectives ("but", "however", "instead") and focus words ("the real",
"actually", "mostly", "the lesson", "what I need") mark the clause that carries the point; the
clause before a contrast, or one framed as a pretext ("looks like", "the excuse", "in passing"),
is set aside. The linker scores goals against both, so it can learn to follow the writer's turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTRAST = re.compile(r"\s*(?:,\s*|;\s*|\s)(?:but|however|though|yet|instead|whereas)\b[,\s]*", re.I)
_CLAUSE = re.compile(r"\s*[,;:]\s+|\s+-\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
FOCUS = re.compile(r"\b(the real\w*|really|actually|mostly|most of all|main(ly)?|the lesson|the point|"
                   r"the problem is|the issue is|is about|was about|what i (really )?(want|wanted|need|"
                   r"needed|got|learned|learnt)|matters? (most|more))\b", re.I)
ASIDE = re.compile(r"\b(the excuse|an excuse|looks like|looked like|seems like|seemed like|in passing|"
                   r"not about|not really about|on the surface|only the)\b", re.I)


@dataclass(frozen=True)
class Focus:
    #: clauses the writer marks as the point (after a contrast, or with a focus word)
    point: tuple[str, ...] = ()
    #: clauses set aside (before a contrast, or framed as a pretext)
    aside: tuple[str, ...] = ()


def _clean(text: str) -> str:
    return text.strip(" ,;:.-\n")


def reflection_focus(text: str) -> Focus:
    point: list[str] = []
    aside: list[str] = []
    for sentence in (s for s in _SENTENCE.split(text) if s.strip()):
        pieces = _CONTRAST.split(sentence)
        if len(pieces) > 1:  # "A, but B": B is the point, A is set aside
            aside.extend(_clean(p) for p in pieces[:-1])
            point.append(_clean(pieces[-1]))
            continue
        clauses = [_clean(c) for c in _CLAUSE.split(sentence) if _clean(c)]
        for c in clauses:
            if ASIDE.search(c):
                aside.append(c)
            elif FOCUS.search(c):
                point.append(c)
    keep = [c for c in point if len(c.split()) >= 2]
    return Focus(tuple(keep), tuple(c for c in aside if len(c.split()) >= 2))


__all__ = ["Focus", "reflection_focus"]
