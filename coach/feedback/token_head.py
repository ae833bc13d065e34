"""The judgmental token head: a small scorer over MiniLM's token states, pooled by a smooth maximum.

A verdict on a person is a phrase ("which shows you can't handle pressure"), and a whole-text vector
dilutes it with the specific situation and behavior around it. This head scores every window of
``window`` tokens (the mean of their contextual states, from the same encoder pass that gives the
text's embedding) with a one-hidden-layer network, and pools the window scores with a smooth maximum
(``logsumexp(r * z) - log n) / r``), so one judgmental phrase is enough. It is trained by
multiple-instance learning from text labels only (``eval/token_head.py``, called by
``eval/train_feedback.py``); the file ``models/feedback_token_head.safetensors`` holds its weights
(card: ``models/feedback_token_head.md``). Inference is numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.special import erf

from coach.errors import ModelMismatchError, ModelMissingError

TOKEN_HEAD_FILE = Path(__file__).resolve().parent.parent.parent / "models" / \
    "feedback_token_head.safetensors"
TRAIN_COMMAND = "python eval/train_feedback.py"
_TENSORS = ("hidden.weight", "hidden.bias", "out.weight", "out.bias")


class TokenHead:
    """Scores texts from their token states; ``scores`` returns probabilities in [0, 1]."""

    def __init__(self, path: Path, *, model_id: str | None = None, dim: int | None = None) -> None:
        if not path.exists():
            raise ModelMissingError(f"The token head file {path} is missing. Train it with "
                                    f"`{TRAIN_COMMAND}`.")
        from safetensors import safe_open
        from safetensors.numpy import load_file

        tensors = load_file(str(path))
        with safe_open(str(path), framework="np") as handle:
            meta = dict(handle.metadata() or {})
        redo = f"Retrain it with `{TRAIN_COMMAND}`."
        for key in _TENSORS:
            if key not in tensors:
                raise ModelMismatchError(f"The token head file {path} has no tensor '{key}'. {redo}")
        for key in ("window", "r", "model_id"):
            if key not in meta:
                raise ModelMismatchError(f"The token head file {path} has no '{key}' setting. {redo}")
        if model_id is not None and meta["model_id"] != model_id:
            raise ModelMismatchError(f"The token head file {path} was trained on {meta['model_id']} "
                                     f"token states, but the embedding model is {model_id}. {redo}")
        self.w1 = tensors["hidden.weight"].astype(np.float32)  # (hidden, dim)
        self.b1 = tensors["hidden.bias"].astype(np.float32)
        self.w2 = tensors["out.weight"].astype(np.float32).reshape(-1)
        self.b2 = float(tensors["out.bias"].reshape(-1)[0])
        if dim is not None and self.w1.shape[1] != dim:
            raise ModelMismatchError(f"The token head file {path} takes {self.w1.shape[1]}-dimensional "
                                     f"token states, but the embedding model gives {dim}. {redo}")
        self.window = int(meta["window"])
        self.r = float(meta["r"])
        self.model_id = meta["model_id"]

    def window_logits(self, states: np.ndarray) -> np.ndarray:
        """One logit per token position: the head applied to the mean of the window around it."""
        states = np.asarray(states, dtype=np.float32)
        n = len(states)
        half = self.window // 2
        cum = np.vstack([np.zeros((1, states.shape[1]), np.float32), np.cumsum(states, axis=0)])
        lo = np.clip(np.arange(n) - half, 0, n)
        hi = np.clip(np.arange(n) + half + 1, 0, n)
        means = (cum[hi] - cum[lo]) / (hi - lo)[:, None]
        hidden = means @ self.w1.T + self.b1
        hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))  # GELU, as torch's default
        return np.asarray(hidden @ self.w2 + self.b2, dtype=np.float64)

    def score(self, states: np.ndarray) -> float:
        """Probability that the text these token states come from is judgmental."""
        if len(states) == 0:
            return 0.0
        z = self.r * self.window_logits(states)
        top = float(z.max())
        pooled = (top + np.log(np.exp(z - top).sum()) - np.log(len(z))) / self.r
        return float(1.0 / (1.0 + np.exp(-pooled)))

    def peak(self, states: np.ndarray) -> int | None:
        """Index of the token whose window scores highest (None for no tokens)."""
        return None if len(states) == 0 else int(np.argmax(self.window_logits(states)))

    def scores(self, token_states: Sequence[np.ndarray]) -> np.ndarray:
        return np.array([self.score(s) for s in token_states], dtype=np.float32)


@lru_cache(maxsize=2)
def load_token_head(path: Path, model_id: str | None = None, dim: int | None = None) -> TokenHead:
    return TokenHead(path, model_id=model_id, dim=dim)


__all__ = ["TOKEN_HEAD_FILE", "TokenHead", "load_token_head"]
