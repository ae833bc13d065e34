"""What the checker reports: dataclasses that serialize to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

JUDGMENTAL_CATEGORIES = ("trait-label", "motive-guess", "absolute", "insult", "mockery",
                         "condescension", "biased-remark", "judgmental-tone")
VAGUE_CATEGORIES = ("vague-praise", "vague-criticism", "vague-directive", "vague")
STYLE_CATEGORIES = ("hedge", "weasel", "idiom")
MISSING_CATEGORIES = ("missing-situation", "missing-behavior", "missing-impact")
ALL_CATEGORIES = JUDGMENTAL_CATEGORIES + VAGUE_CATEGORIES + STYLE_CATEGORIES + MISSING_CATEGORIES


@dataclass
class Flag:
    """A problem on an exact character span ``text[start:end]``."""

    start: int
    end: int
    text: str
    category: str
    severity: str  # high | medium | low
    message: str
    suggestion: str
    detector: str = ""
    #: Other reasons found on the same words, folded into this flag (strongest reason first).
    also: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_SEVERITY = {"high": 0, "medium": 1, "low": 2}


def _rank(flag: Flag) -> tuple[int, int, int, int]:
    """Stronger first: severity, then judgment over vagueness over style, rules over the learned
    sentence flag, longer spans."""
    kind = 0 if flag.category in JUDGMENTAL_CATEGORIES else 1 if flag.category in VAGUE_CATEGORIES else 2
    return (_SEVERITY.get(flag.severity, 3), kind, flag.detector == "learned", -(flag.end - flag.start))


def merge_flags(flags: list[Flag], text: str) -> list[Flag]:
    """One flag per span: overlapping flags become one, the strongest reason first, the others
    folded into ``also``. Word-level flags that overlap merge into their union; a learned
    whole-sentence flag is folded into the word-level flags it overlaps (it keeps its own span
    only where no word-level flag is). Missing-part flags (``start == end``) are kept as they are.
    """
    spans = [f for f in flags if f.end > f.start]
    rules = sorted((f for f in spans if f.detector != "learned"), key=lambda f: (f.start, f.end))
    groups: list[list[Flag]] = []
    for flag in rules:
        if groups and flag.start < max(g.end for g in groups[-1]):
            groups[-1].append(flag)
        else:
            groups.append([flag])
    for flag in (f for f in spans if f.detector == "learned"):
        hit = [g for g in groups if any(flag.start < g_.end and g_.start < flag.end for g_ in g)]
        if hit:
            hit[0].append(flag)
        else:
            groups.append([flag])
    merged: list[Flag] = []
    for group in groups:
        best, *others = sorted(group, key=_rank)
        word_level = [f for f in group if f.detector != "learned"] or group
        start, end = min(f.start for f in word_level), max(f.end for f in word_level)
        also: list[dict[str, str]] = []
        seen = {best.category}
        for other in sorted(others, key=_rank):
            if other.category not in seen:
                seen.add(other.category)
                also.append({"category": other.category, "message": other.message,
                             "detector": other.detector})
        merged.append(Flag(start, end, text[start:end], best.category, best.severity, best.message,
                           best.suggestion, best.detector, also))
    missing = [f for f in flags if f.end <= f.start]
    return sorted(missing + merged, key=lambda f: (f.start, f.end))


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class SbiParts:
    situation: Span | None = None
    behavior: Span | None = None
    impact: Span | None = None

    def texts(self) -> dict[str, str | None]:
        return {name: (getattr(self, name).text if getattr(self, name) else None)
                for name in ("situation", "behavior", "impact")}

    @property
    def completeness(self) -> float:
        return sum(getattr(self, n) is not None for n in ("situation", "behavior", "impact")) / 3


@dataclass
class Example:
    id: str
    text: str
    topic: str
    similarity: float


@dataclass
class FeedbackReport:
    id: str
    text: str
    vague: bool
    judgmental: bool
    scores: dict[str, float]
    sbi: SbiParts
    flags: list[Flag]
    rewrite: str
    variants: dict[str, str] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "vague": self.vague, "judgmental": self.judgmental,
            "scores": self.scores, "sbi": self.sbi.texts(),
            "sbi_spans": {k: (asdict(v) if v else None) for k, v in
                          (("situation", self.sbi.situation), ("behavior", self.sbi.behavior),
                           ("impact", self.sbi.impact))},
            "sbi_completeness": round(self.sbi.completeness, 3),
            "flags": [f.to_dict() for f in self.flags], "rewrite": self.rewrite,
            "variants": self.variants, "examples": [asdict(e) for e in self.examples],
            "notes": self.notes,
        }
