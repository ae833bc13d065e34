"""Per-program checker settings: categories on or off, sensitivity, an allow-list."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from coach.errors import InputError
from coach.feedback.report import ALL_CATEGORIES


@dataclass(frozen=True)
class FeedbackSettings:
    #: categories whose flags are hidden (e.g. "idiom", "hedge")
    disabled: frozenset[str] = frozenset()
    #: 0.5 is the default trade-off; higher flags more (more sensitive), lower flags less
    sensitivity: float = 0.5
    #: words and phrases never flagged (product names, domain terms), case-insensitive
    allow: tuple[str, ...] = ()
    name: str = field(default="default", compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.disabled) - set(ALL_CATEGORIES)
        if unknown:
            raise InputError(f"Unknown flag categories {sorted(unknown)}; known: "
                             f"{', '.join(ALL_CATEGORIES)}.")
        if not 0.0 <= self.sensitivity <= 1.0:
            raise InputError(f"sensitivity must be between 0 and 1 (got {self.sensitivity}).")

    def threshold_shift(self) -> float:
        """Added to each label's tuned threshold: sensitivity 1.0 lowers it by 0.25."""
        return (0.5 - self.sensitivity) * 0.5

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["disabled"] = sorted(self.disabled)
        data["allow"] = list(self.allow)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FeedbackSettings:
        data = data or {}
        return cls(disabled=frozenset(data.get("disabled", [])),
                   sensitivity=float(data.get("sensitivity", 0.5)),
                   allow=tuple(str(a) for a in data.get("allow", [])),
                   name=str(data.get("name", "default")))

    def allows(self, text: str, start: int, end: int) -> bool:
        """Is ``text[start:end]`` inside an allow-listed phrase?"""
        low = text.lower()
        for phrase in self.allow:
            p = phrase.lower().strip()
            if not p:
                continue
            i = low.find(p)
            while i != -1:
                if i <= start and end <= i + len(p):
                    return True
                i = low.find(p, i + 1)
        return False
