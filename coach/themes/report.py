"""What leaves the themes library: gated, anonymized aggregates (and note ids for the CLI operator)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUS_OK = "ok"
STATUS_TOO_FEW = "too_few_participants"


@dataclass(frozen=True)
class Cell:
    """One cell of a breakdown: a month or a cohort. Counts are None when the gate hides the cell."""

    key: str
    participants: int | None
    notes: int | None
    hidden: str = ""


@dataclass(frozen=True)
class ThemeView:
    label: str
    keywords: list[str]
    participants: int
    notes: int
    examples: list[str] = field(default_factory=list)
    examples_hidden: str = ""
    by_month: list[Cell] = field(default_factory=list)
    by_cohort: list[Cell] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThemeReport:
    status: str
    themes: list[ThemeView]
    suppressed_notes: int
    suppressed_themes: int
    outliers: int
    total_notes: int
    participants: int
    set_aside: dict[str, int]
    min_participants: int
    min_quote_participants: int
    pipeline: str

    @property
    def outlier_share(self) -> float:
        return self.outliers / self.total_notes if self.total_notes else 0.0

    def to_dict(self, *, include_note_ids: bool = False) -> dict[str, Any]:
        themes = []
        for theme in self.themes:
            row = asdict(theme)
            if include_note_ids:
                row["note_ids"] = list(theme.note_ids)
            else:
                row.pop("note_ids")
            themes.append(row)
        return {"status": self.status, "themes": themes,
                "suppressed": {"notes": self.suppressed_notes, "themes": self.suppressed_themes},
                "outliers": self.outliers, "total_notes": self.total_notes,
                "participants": self.participants, "set_aside": dict(self.set_aside),
                "gates": {"min_participants": self.min_participants,
                          "min_quote_participants": self.min_quote_participants},
                "pipeline": self.pipeline}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThemeReport:
        themes = []
        for row in data["themes"]:
            row = dict(row)
            row["by_month"] = [Cell(**c) for c in row.get("by_month", [])]
            row["by_cohort"] = [Cell(**c) for c in row.get("by_cohort", [])]
            themes.append(ThemeView(**row))
        return cls(status=data["status"], themes=themes, suppressed_notes=data["suppressed"]["notes"],
                   suppressed_themes=data["suppressed"]["themes"], outliers=data["outliers"],
                   total_notes=data["total_notes"], participants=data["participants"],
                   set_aside=dict(data["set_aside"]), min_participants=data["gates"]["min_participants"],
                   min_quote_participants=data["gates"]["min_quote_participants"],
                   pipeline=data["pipeline"])

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per shown theme (CSV download)."""
        return [{"theme": i + 1, "label": t.label, "keywords": "; ".join(t.keywords),
                 "participants": t.participants, "notes": t.notes,
                 "examples": " | ".join(t.examples)} for i, t in enumerate(self.themes)]


CSV_FIELDS = ("theme", "label", "keywords", "participants", "notes", "examples")
