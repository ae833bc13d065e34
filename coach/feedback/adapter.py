"""The judgmental adapter: a LoRA fine-tune of all-MiniLM-L6-v2 with a one-unit classification head.

The adapter file (``models/feedback_judgmental_adapter.safetensors``, trained by
``eval/finetune_feedback.py``) holds only the low-rank deltas ``lora_A``/``lora_B`` of the encoder's
linear layers and the head; the encoder itself comes from its installed package. At load time the
deltas are merged into a private copy of the encoder (``W + scale * B @ A``), so scoring costs one
ordinary encoder pass. A text scores as the maximum over the whole text and each of its sentences
(a judgment after a specific situation and behavior is not diluted by them).
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import ModelMismatchError, ModelMissingError
from coach.nlp.embedder import Embedder

ADAPTER_FILE = Path(__file__).resolve().parent.parent.parent / "models" / \
    "feedback_judgmental_adapter.safetensors"
TRAIN_COMMAND = "python eval/finetune_feedback.py --ship"


class JudgmentalAdapter:
    """Scores texts with the fine-tuned encoder; ``scores`` returns probabilities in [0, 1]."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        if not path.exists():
            raise ModelMissingError(f"The adapter file {path} is missing. Train it with "
                                    f"`{TRAIN_COMMAND}`.")
        base = getattr(embedder, "_model", None)
        if base is None:
            raise ModelMissingError("The judgmental adapter needs the sentence-transformers "
                                    "all-MiniLM-L6-v2 embedder (coach.nlp.get_embedder).")
        import torch

        meta, tensors = read_adapter(path, model_id=str(getattr(embedder, "model_id", "")),
                                     encoder=base[0].auto_model)
        self.meta: dict[str, Any] = meta
        self._torch = torch
        self._tokenizer = base[0].tokenizer
        self._model = merged_encoder(base[0].auto_model, tensors, scale=meta["alpha"] / meta["rank"])
        self._head_w = tensors["head.weight"].astype(np.float32).reshape(-1)
        self._head_b = float(tensors["head.bias"].reshape(-1)[0])
        self._logit_scale = float(meta["logit_scale"])
        self._max_len = int(meta["max_len"])
        self._lock = threading.Lock()
        # the tokenizer is the embedder's own: take the embedder's lock too, or a concurrent encode there
        # changes its padding settings in the middle of ours ("Unable to create tensor")
        self._tokenizer_lock = getattr(embedder, "_lock", None) or threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Normalized mean-pooled vectors of the fine-tuned encoder (texts cut at ``max_len``)."""
        torch = self._torch
        out = []
        with self._lock, torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                with self._tokenizer_lock:
                    batch = self._tokenizer(list(texts[start : start + batch_size]), padding=True,
                                            truncation=True, max_length=self._max_len,
                                            return_tensors="pt")
                hidden = self._model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
                out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
        return np.vstack(out) if out else np.zeros((0, len(self._head_w)), np.float32)

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


_CONFIG_KEYS = ("base_model", "rank", "alpha", "max_len", "logit_scale")


def read_adapter(path: Path, *, model_id: str, encoder: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The adapter's config and tensors, after checking they fit ``encoder`` (raises ModelMismatchError).

    Checked: the file is a safetensors file with this module's config, trained on the configured
    embedding model, every ``lora_A``/``lora_B`` pair names a linear layer of the encoder with matching
    shapes, and the head takes the encoder's hidden size."""
    from safetensors import SafetensorError, safe_open
    from safetensors.numpy import load_file

    redo = f"Retrain it with `{TRAIN_COMMAND}`, or delete it to use the heads without the adapter."
    try:
        with safe_open(str(path), framework="numpy") as handle:
            raw = (handle.metadata() or {}).get("config")
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as error:
        raise ModelMismatchError(f"The adapter file {path} is not a readable safetensors file "
                                 f"({error}). {redo}") from error
    try:
        meta = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        meta = None
    if not isinstance(meta, dict) or any(k not in meta for k in _CONFIG_KEYS):
        raise ModelMismatchError(f"The adapter file {path} has no adapter config (metadata 'config' with "
                                 f"{', '.join(_CONFIG_KEYS)}). {redo}")
    if model_id and meta["base_model"] != model_id:
        raise ModelMismatchError(f"The adapter file {path} was trained on {meta['base_model']} but the "
                                 f"configured embedding model is {model_id}. {redo}")
    hidden = int(getattr(getattr(encoder, "config", None), "hidden_size", 0) or 0)
    for key in ("head.weight", "head.bias"):
        if key not in tensors:
            raise ModelMismatchError(f"The adapter file {path} has no tensor '{key}'. {redo}")
    if hidden and tensors["head.weight"].size != hidden:
        raise ModelMismatchError(f"The adapter file {path}: 'head.weight' has {tensors['head.weight'].size} "
                                 f"weights but the encoder's hidden size is {hidden}. {redo}")
    names = sorted({k.rsplit(".", 1)[0] for k in tensors if k.endswith((".lora_A", ".lora_B"))})
    if not names:
        raise ModelMismatchError(f"The adapter file {path} has no lora_A/lora_B tensors. {redo}")
    for name in names:
        try:
            layer = encoder.get_submodule(name)
        except AttributeError:
            layer = None
        a, b = tensors.get(f"{name}.lora_A"), tensors.get(f"{name}.lora_B")
        weight = getattr(layer, "weight", None)
        if weight is None or a is None or b is None:
            raise ModelMismatchError(f"The adapter file {path}: '{name}' is not a linear layer of the "
                                     f"encoder with both lora_A and lora_B. {redo}")
        out_f, in_f = tuple(weight.shape)
        if a.shape != (int(meta["rank"]), in_f) or b.shape != (out_f, int(meta["rank"])):
            raise ModelMismatchError(
                f"The adapter file {path}: '{name}' has lora_A {tuple(a.shape)} and lora_B "
                f"{tuple(b.shape)}, but the encoder's layer is {out_f} x {in_f} at rank {meta['rank']}. "
                f"{redo}")
    return meta, tensors


def merged_encoder(encoder: Any, tensors: dict[str, np.ndarray], *, scale: float) -> Any:
    """A copy of ``encoder`` with each ``<module>.lora_A``/``lora_B`` pair merged into its weight."""
    import torch

    model = copy.deepcopy(encoder)
    model.eval()
    names = sorted({k.rsplit(".", 1)[0] for k in tensors if k.endswith(".lora_A")})
    with torch.no_grad():
        for name in names:
            a = torch.from_numpy(tensors[f"{name}.lora_A"].astype(np.float32))
            b = torch.from_numpy(tensors[f"{name}.lora_B"].astype(np.float32))
            model.get_submodule(name).weight += scale * (b @ a)
    return model


@lru_cache(maxsize=2)
def load_adapter(path: Path, embedder: Embedder) -> JudgmentalAdapter:
    return JudgmentalAdapter(path, embedder)
