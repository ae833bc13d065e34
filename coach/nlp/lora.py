"""LoRA adapters of the sentence encoder, shipped as small safetensors files.

An adapter file holds only the low-rank deltas ``<module>.lora_A`` / ``<module>.lora_B`` of some of
the encoder's linear layers (and whatever else its user needs, e.g. a classification head), with its
config as JSON in the metadata key ``config``. The encoder itself comes from its installed package.
At load time the deltas are merged into a private copy of the encoder (``W + scale * B @ A``), so an
adapted encode costs one ordinary encoder pass. Used by the judgmental adapter
(``coach.feedback.adapter``) and the guidance encoder (``coach.reflection.guidance_encoder``).
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import ModelMismatchError, ModelMissingError
from coach.nlp.embedder import Embedder

#: the config every adapter file carries
CONFIG_KEYS = ("base_model", "rank", "alpha", "max_len")


def read_lora(path: Path, *, model_id: str, encoder: Any, redo: str,
              config_keys: Sequence[str] = CONFIG_KEYS) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The adapter's config and tensors, after checking they fit ``encoder`` (raises ModelMismatchError
    whose message names the file and ends with ``redo``, what to do about it).

    Checked: a safetensors file with a config holding ``config_keys``, trained on the configured
    embedding model (``model_id``; '' = any), and every ``lora_A``/``lora_B`` pair names a linear layer
    of the encoder with matching shapes."""
    from safetensors import SafetensorError, safe_open
    from safetensors.numpy import load_file

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
    if not isinstance(meta, dict) or any(k not in meta for k in config_keys):
        raise ModelMismatchError(f"The adapter file {path} has no adapter config (metadata 'config' with "
                                 f"{', '.join(config_keys)}). {redo}")
    if model_id and meta["base_model"] != model_id:
        raise ModelMismatchError(f"The adapter file {path} was trained on {meta['base_model']} but the "
                                 f"configured embedding model is {model_id}. {redo}")
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


class LoraEncoder:
    """The installed sentence encoder with an adapter merged in: normalized mean-pooled vectors."""

    def __init__(self, path: Path, embedder: Embedder, *, redo: str,
                 config_keys: Sequence[str] = CONFIG_KEYS) -> None:
        if not path.exists():
            raise ModelMissingError(f"The adapter file {path} is missing. {redo}")
        base = getattr(embedder, "_model", None)
        if base is None:
            raise ModelMissingError(f"The adapter {path.name} needs the sentence-transformers "
                                    "all-MiniLM-L6-v2 embedder (coach.nlp.get_embedder).")
        import torch

        self.meta, self.tensors = read_lora(path, model_id=str(getattr(embedder, "model_id", "")),
                                            encoder=base[0].auto_model, redo=redo, config_keys=config_keys)
        self._torch = torch
        self._tokenizer = base[0].tokenizer
        self._model = merged_encoder(base[0].auto_model, self.tensors,
                                     scale=self.meta["alpha"] / self.meta["rank"])
        self._max_len = int(self.meta["max_len"])
        self.dim = int(getattr(getattr(base[0].auto_model, "config", None), "hidden_size", 0) or 0)
        self._lock = threading.Lock()
        # the tokenizer is the embedder's own: take the embedder's lock too, or a concurrent encode there
        # changes its padding settings in the middle of ours ("Unable to create tensor")
        self._tokenizer_lock = getattr(embedder, "_lock", None) or threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Normalized mean-pooled vectors of the adapted encoder (texts cut at ``max_len`` tokens)."""
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
        return np.vstack(out) if out else np.zeros((0, self.dim), np.float32)


__all__ = ["CONFIG_KEYS", "LoraEncoder", "merged_encoder", "read_lora"]
