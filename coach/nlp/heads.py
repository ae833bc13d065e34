"""Linear heads over [embedding, standardized rule features], stored as JSON, applied with numpy.

Used by the feedback checker and the goal-quality check; trained by scripts in ``eval/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import ModelMissingError


@dataclass(frozen=True)
class Head:
    coef: np.ndarray
    intercept: float
    threshold: float
    #: also positive when a precise rule fired (chosen by cross-validation at training time)
    rule_or: bool = False
    #: also positive when one sentence alone scores this high (multi-sentence texts)
    sentence_threshold: float | None = None
    #: when set, only these detectors' flags force the verdict with ``rule_or`` (the precise ones)
    force_detectors: tuple[str, ...] | None = None

    def forced_by(self, detectors: set[str]) -> bool:
        """Whether rule flags from these detectors force a positive verdict on their own."""
        if not self.rule_or or not detectors:
            return False
        return self.force_detectors is None or bool(detectors & set(self.force_detectors))

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Heads:
    heads: dict[str, Head]
    feature_mean: np.ndarray
    feature_scale: np.ndarray
    embedding_model: str
    version: str

    def inputs(self, embeddings: np.ndarray, features: np.ndarray) -> np.ndarray:
        scaled = (features - self.feature_mean) / self.feature_scale
        return np.hstack([embeddings, scaled]).astype(np.float32)

    def scores(self, embeddings: np.ndarray, features: np.ndarray) -> dict[str, np.ndarray]:
        x = self.inputs(np.atleast_2d(embeddings), np.atleast_2d(features))
        expected = len(next(iter(self.heads.values())).coef) if self.heads else x.shape[1]
        if x.shape[1] != expected:
            from coach.errors import ModelMismatchError

            raise ModelMismatchError(
                f"These heads (version {self.version}) were trained on {self.embedding_model} embeddings "
                f"({expected - len(self.feature_mean)} dimensions) but the configured embedding model "
                f"gives {np.atleast_2d(embeddings).shape[1]}. Use the default embedding model, or retrain "
                "the heads for yours (see the model card in models/).")
        return {name: head.proba(x) for name, head in self.heads.items()}


def heads_from_dict(data: dict[str, Any]) -> Heads:
    return Heads(
        heads={name: Head(np.asarray(h["coef"], dtype=np.float32), float(h["intercept"]),
                          float(h["threshold"]), bool(h.get("rule_or", False)),
                          h.get("sentence_threshold"),
                          None if h.get("force_detectors") is None else tuple(h["force_detectors"]))
               for name, h in data["heads"].items()},
        feature_mean=np.asarray(data["feature_mean"], dtype=np.float32),
        feature_scale=np.asarray(data["feature_scale"], dtype=np.float32),
        embedding_model=data["embedding_model"], version=data.get("version", ""),
    )


def load_heads_file(path: Path, *, train_command: str) -> Heads:
    if not path.exists():
        raise ModelMissingError(f"The model file {path} is missing. Train it with `{train_command}`.")
    return heads_from_dict(json.loads(path.read_text()))
