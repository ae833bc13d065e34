"""Good SBI examples we wrote (``prompts/sbi_examples.jsonl``), retrieved by embedding."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from coach.feedback.report import Example
from coach.nlp.embedder import Embedder

EXAMPLES_FILE = Path(__file__).resolve().parent.parent.parent / "prompts" / "sbi_examples.jsonl"


class ExampleLibrary:
    def __init__(self, embedder: Embedder, path: Path = EXAMPLES_FILE) -> None:
        self.rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
        self._embedder = embedder
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                self._vectors = self._embedder.encode([r["text"] for r in self.rows])
            return self._vectors

    def nearest(self, vector: np.ndarray, k: int = 3, *, kind: str | None = None) -> list[Example]:
        sims = self.vectors() @ vector
        order = np.argsort(-sims)
        out = []
        for i in order:
            row = self.rows[int(i)]
            if kind and row.get("kind") != kind:
                continue
            out.append(Example(id=row["id"], text=row["text"], topic=row.get("topic", ""),
                               similarity=round(float(sims[i]), 4)))
            if len(out) == k:
                break
        return out
