"""Reflective prompts (``prompts/reflection_prompts.json``) chosen to fit what the mentee wrote."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROMPTS_FILE = Path(__file__).resolve().parent.parent.parent / "prompts" / "reflection_prompts.json"
STAGES = ("what", "so_what", "now_what")


@dataclass(frozen=True)
class Prompt:
    id: str
    stage: str
    theme: str
    text: str


@lru_cache(maxsize=1)
def all_prompts() -> list[dict]:
    return json.loads(PROMPTS_FILE.read_text(encoding="utf-8"))


def theme_scores(text: str) -> dict[str, int]:
    low = text.lower()
    scores: dict[str, int] = {}
    for row in all_prompts():
        hits = sum(1 for kw in row.get("keywords", []) if re.search(rf"\b{re.escape(kw)}", low))
        scores[row["theme"]] = max(scores.get(row["theme"], 0), hits)
    return scores


def choose_prompts(text: str, *, k: int = 3, stages: tuple[str, ...] = STAGES) -> list[Prompt]:
    """One prompt per stage (in ``stages`` order), from the best-matching themes; deterministic."""
    scores = theme_scores(text)
    ranked = sorted(all_prompts(), key=lambda r: (-scores.get(r["theme"], 0),
                                                   r["theme"] == "general", r["id"]))
    chosen: list[Prompt] = []
    used_themes: set[str] = set()
    for stage in stages:
        for row in ranked:
            if row["stage"] == stage and (row["theme"] not in used_themes or
                                          scores.get(row["theme"], 0) == 0):
                chosen.append(Prompt(row["id"], row["stage"], row["theme"], row["text"]))
                if scores.get(row["theme"], 0):
                    used_themes.add(row["theme"])
                break
        if len(chosen) >= k:
            break
    if scores.get("cross-cultural", 0) and not any(p.theme == "cross-cultural" for p in chosen):
        row = next(r for r in all_prompts() if r["theme"] == "cross-cultural")
        chosen[-1] = Prompt(row["id"], row["stage"], row["theme"], row["text"])
    return chosen[:k]
