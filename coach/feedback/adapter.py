"""The judgmental adapter: a LoRA fine-tune of all-MiniLM-L6-v2 with a one-unit classification head.

The adapter file (``models/feedback_judgmental_adapter.safetensors``, trained by
``eval/finetune_feedback.py``) holds only the low-rank deltas ``lora_A``/``lora_B`` of the encoder's
linear layers and the head; the encoder itself comes from its installed package. At load time the
deltas are merged into a private copy of the encoder (``W + scale * B @ A``), so scoring costs one
ordinary encoder pass. A text scores as the maximum over the whole text and each of its sentences
(a judgment after a specific situation and behavior is not diluted by them).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import ModelMismatchError, ModelMissingError
from coach.nlp.embedder import Embedder
from coach.nlp.lora import CONFIG_KEYS, LoraEncoder, merged_encoder, read_lora

ADAPTER_FILE = Path(__file__).resolve().parent.parent.parent / "models" / \
    "feedback_judgmental_adapter.safetensors"
TRAIN_COMMAND = "python eval/finetune_feedback.py --ship"


class JudgmentalAdapter(LoraEncoder):
    """Scores texts with the fine-tuned encoder; ``scores`` returns probabilities in [0, 1]."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        if not path.exists():
            raise ModelMissingError(f"The adapter file {path} is missing. Train it with "
                                    f"`{TRAIN_COMMAND}`.")
        if getattr(embedder, "_model", None) is None:
            raise ModelMissingError("The judgmental adapter needs the sentence-transformers "
                                    "all-MiniLM-L6-v2 embedder (coach.nlp.get_embedder).")
        super().__init__(path, embedder, redo=_REDO, config_keys=_CONFIG_KEYS)
        _check_head(path, self.tensors, self.dim)
        self._head_w = self.tensors["head.weight"].astype(np.float32).reshape(-1)
        self._head_b = float(self.tensors["head.bias"].reshape(-1)[0])
        self._logit_scale = float(self.meta["logit_scale"])

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, np.float32)
        z = self.encode(texts) @ self._head_w * self._logit_scale + self._head_b
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def text_scores(self, texts: Sequence[str], sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """Per text: the maximum score over the whole text and each of its sentences."""
        flat: list[str] = []
        owner: list[int] = []
        for i, (text, sents) in enumerate(zip(texts, sentences, strict=True)):
            pieces = [text, *sents] if len(sents) > 1 else [text]
            flat.extend(pieces)
            owner.extend([i] * len(pieces))
        probs = self.scores(flat)
        best = np.zeros(len(texts), np.float32)
        np.maximum.at(best, np.asarray(owner, dtype=int), probs)
        return best


_CONFIG_KEYS = (*CONFIG_KEYS, "logit_scale")
_REDO = f"Retrain it with `{TRAIN_COMMAND}`, or delete it to use the heads without the adapter."


def _check_head(path: Path, tensors: dict[str, np.ndarray], hidden: int) -> None:
    for key in ("head.weight", "head.bias"):
        if key not in tensors:
            raise ModelMismatchError(f"The adapter file {path} has no tensor '{key}'. {_REDO}")
    if hidden and tensors["head.weight"].size != hidden:
        raise ModelMismatchError(f"The adapter file {path}: 'head.weight' has {tensors['head.weight'].size} "
                                 f"weights but the encoder's hidden size is {hidden}. {_REDO}")


def read_adapter(path: Path, *, model_id: str, encoder: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The adapter's config and tensors, after checking they fit ``encoder`` (raises ModelMismatchError).

    Checked: everything ``coach.nlp.lora.read_lora`` checks, with ``logit_scale`` in the config, and
    the head takes the encoder's hidden size."""
    meta, tensors = read_lora(path, model_id=model_id, encoder=encoder, redo=_REDO, config_keys=_CONFIG_KEYS)
    _check_head(path, tensors, int(getattr(getattr(encoder, "config", None), "hidden_size", 0) or 0))
    return meta, tensors


@lru_cache(maxsize=2)
def load_adapter(path: Path, embedder: Embedder) -> JudgmentalAdapter:
    return JudgmentalAdapter(path, embedder)


__all__ = ["ADAPTER_FILE", "TRAIN_COMMAND", "JudgmentalAdapter", "load_adapter", "merged_encoder",
           "read_adapter"]
