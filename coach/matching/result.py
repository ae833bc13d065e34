"""The outcome of a run: matches with reasons, unmatched mentees with why, and the stats."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Match:
    mentee_id: str
    mentor_id: str
    score: float
    reasons: list[str]
    mentee_name: str = ""
    mentor_name: str = ""
    fit: float = 0.0
    overlap_hours: float = 0.0
    choice: int = 1  # rank of this mentor among the mentee's suitable mentors by score
    pinned: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: str
    reason: str
    mentee_name: str = ""


@dataclass
class MatchResult:
    matches: list[Match]
    unmatched: list[Unmatched]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `coach match --format json`."""
        return {"matches": [asdict(m) for m in self.matches],
                "unmatched": [asdict(u) for u in self.unmatched], "stats": self.stats}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchResult:
        return cls(matches=[Match(**m) for m in data.get("matches", [])],
                   unmatched=[Unmatched(**u) for u in data.get("unmatched", [])],
                   stats=dict(data.get("stats", {})))

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows for a table or CSV: one per match, then one per unmatched mentee."""
        out: list[dict[str, Any]] = [
            {"mentee_id": m.mentee_id, "mentee": m.mentee_name, "mentor_id": m.mentor_id,
             "mentor": m.mentor_name, "score": round(m.score, 3), "fit": round(m.fit, 3),
             "overlap_hours": m.overlap_hours, "choice": m.choice, "pinned": m.pinned,
             "reasons": " | ".join(m.reasons)} for m in self.matches]
        out += [{"mentee_id": u.mentee_id, "mentee": u.mentee_name, "mentor_id": "", "mentor": "",
                 "score": None, "fit": None, "overlap_hours": None, "choice": None, "pinned": False,
                 "reasons": "unmatched: " + u.reason} for u in self.unmatched]
        return out


CSV_FIELDS = ("mentee_id", "mentee", "mentor_id", "mentor", "score", "fit", "overlap_hours", "choice",
              "pinned", "reasons")
