"""The learned goal-link ranker: a linear score per goal over the link features, a softmax across the
mentee's goals, and a temperature that calibrates it (a link shown as 90% is right ~9 times in 10).

Trained and calibrated by ``eval/train_linker.py`` (model chosen on a writer-held-out split);
stored as ``models/link_ranker.json`` and applied with numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from coach.errors import ModelMissingError
from coach.nlp.linear import LinearModel
from coach.reflection.link_features import FEATURES

LINK_RANKER_FILE = Path(__file__).resolve().parent.parent.parent / "models" / "link_ranker.json"


@dataclass(frozen=True)
class LinkRanker(LinearModel):
    temperature: float
    #: ask the mentee which goal it is when the top two probabilities are closer than this
    ask_margin: float

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        return self.linear(matrix)

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        if len(matrix) == 0:
            return np.zeros(0)
        z = self.scores(matrix) / self.temperature
        z = np.exp(z - z.max())
        return np.asarray(z / z.sum())

    def to_dict(self) -> dict[str, object]:
        return {**self.linear_dict(), "temperature": round(self.temperature, 4),
                "ask_margin": self.ask_margin}


def ranker_from_dict(data: dict[str, object]) -> LinkRanker:
    feats = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
    if feats != FEATURES:
        raise ModelMissingError(f"{LINK_RANKER_FILE} was trained on other link features; retrain it "
                                "with `python eval/train_linker.py`.")
    return LinkRanker(feats, np.asarray(data["mean"], dtype=np.float32),
                      np.asarray(data["scale"], dtype=np.float32),
                      np.asarray(data["coef"], dtype=np.float32), float(data["temperature"]),  # type: ignore[arg-type]
                      float(data["ask_margin"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def default_ranker() -> LinkRanker:
    if not LINK_RANKER_FILE.exists():
        raise ModelMissingError(f"The goal-link model {LINK_RANKER_FILE} is missing. Train it with "
                                "`python eval/train_linker.py`.")
    return ranker_from_dict(json.loads(LINK_RANKER_FILE.read_text()))
