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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
