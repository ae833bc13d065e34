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
    emb, feats, _ = featurize_with_sentences(checker, rows)
    return emb, feats


def featurize_with_sentences(checker: FeedbackChecker,
                             rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray | None]]:
    """Also the sentence embeddings of multi-sentence rows (None for one-sentence rows)."""
    settings = FeedbackSettings()
    parsed = [checker._parse(r["id"], r["text"], settings) for r in rows]
    embedder = checker._embedder_factory()
    embeddings = embedder.encode([r["text"] for r in rows])
    sentences = [[s.text for s in p.analysis.sentences if s.text.strip()] for p in parsed]
    flat = [s for ss in sentences if len(ss) > 1 for s in ss]
    vectors = embedder.encode(flat) if flat else np.zeros((0, embeddings.shape[1]), np.float32)
    out: list[np.ndarray | None] = []
    cursor = 0
    for ss in sentences:
        if len(ss) > 1:
            out.append(vectors[cursor : cursor + len(ss)])
            cursor += len(ss)
        else:
            out.append(None)
    return embeddings, np.vstack([p.features for p in parsed]), out
