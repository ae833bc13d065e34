"""Our labeled feedback (eval/data/feedback/part_*.jsonl) and the parsing shared by train and eval."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.feedback.checker import FeedbackChecker
from coach.feedback.settings import FeedbackSettings
from eval.common import DATA, read_jsonl

LABELS = ("vague", "judgmental", "situation", "behavior", "impact")
FEEDBACK_DIR = DATA / "feedback"


def load_rows(split: str | None = None) -> list[dict]:
    rows = []
    for path in sorted(FEEDBACK_DIR.glob("part_*.jsonl")):
        rows.extend(read_jsonl(path))
    return [r for r in rows if split is None or r["split"] == split]


def gold(row: dict, label: str) -> bool:
    value = row[label]
    return bool(value) if label in ("vague", "judgmental") else value is not None


def featurize(checker: FeedbackChecker, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(embeddings, rule features) for rows, through the checker's own parsing path."""
    settings = FeedbackSettings()
    parsed = [checker._parse(r["id"], r["text"], settings) for r in rows]
    embeddings = checker._embedder_factory().encode([r["text"] for r in rows])
    return embeddings, np.vstack([p.features for p in parsed])
