"""Training the judgmental token head (coach/feedback/token_head.py) by multiple-instance learning.

Each text is a bag of token windows; the text's label says whether at least one window is a
judgment. The head scores each window (mean of ``window`` contextual MiniLM token states, one hidden
layer), pools with a smooth maximum and is trained with class-balanced binary cross-entropy on the
text labels only. Token states come from ``Embedder.encode_with_tokens``, the checker's own pass,
and are cached in the feature cache folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from eval.feedback_data import CACHE_DIR

#: chosen by leave-one-writer-out over the pool of then (s1 + w1..w4) in session 9: window 3, 5 or 7, hidden
#: 64-256 and r 2-10 were within 0.01 F1 of each other; the middle of that range
CONFIG = {"window": 5, "hidden": 64, "r": 5.0, "weight_decay": 1e-2, "epochs": 8, "lr": 3e-3,
          "batch": 128, "seed": 0}


def token_states(embedder, texts: Sequence[str]) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """Token states of texts through the checker's encoder pass, cached per text list and model."""
    key = hashlib.sha256(json.dumps([embedder.model_id, *texts]).encode()).hexdigest()[:16]
    path = CACHE_DIR / f"tokens-{key}.npz"
    if path.exists():
        data = np.load(path)
        return [data[f"h{i}"].astype(np.float32) for i in range(len(texts))]
    states: list[np.ndarray] = []
    for start in range(0, len(texts), 256):
        states.extend(embedder.encode_with_tokens(list(texts[start : start + 256]))[1])
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{f"h{i}": s.astype(np.float16) for i, s in enumerate(states)})
    return [s.astype(np.float16).astype(np.float32) for s in states]


def window_means(h: torch.Tensor, mask: torch.Tensor, k: int) -> torch.Tensor:
    """Mean of the (unmasked) token states in the window of ``k`` tokens around each position."""
    m = mask.unsqueeze(-1).float()
    t = mask.shape[1]
    num = torch.nn.functional.avg_pool1d((h * m).transpose(1, 2), k, 1, k // 2).transpose(1, 2)
    den = torch.nn.functional.avg_pool1d(m.transpose(1, 2), k, 1, k // 2).transpose(1, 2)
    return num[:, :t] / den[:, :t].clamp_min(1e-6)


class Mil(torch.nn.Module):
    def __init__(self, dim: int, *, window: int, hidden: int) -> None:
        super().__init__()
        self.window = window
        self.hidden = torch.nn.Linear(dim, hidden)
        self.out = torch.nn.Linear(hidden, 1)

    def forward(self, h: torch.Tensor, mask: torch.Tensor, r: float) -> torch.Tensor:
        means = window_means(h, mask, self.window)
        z = self.out(torch.nn.functional.gelu(self.hidden(means))).squeeze(-1).masked_fill(~mask, -1e4)
        n = mask.sum(1).clamp_min(1).float()
        return (torch.logsumexp(r * z, dim=1) - torch.log(n)) / r


def _batch(states: list[np.ndarray], idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    t = max(1, max(len(states[i]) for i in idx))
    h = np.zeros((len(idx), t, states[idx[0]].shape[1]), np.float32)
    m = np.zeros((len(idx), t), bool)
    for j, i in enumerate(idx):
        h[j, : len(states[i])] = states[i]
        m[j, : len(states[i])] = True
    return torch.from_numpy(h), torch.from_numpy(m)


def fit(states: list[np.ndarray], y: np.ndarray, train: np.ndarray, config: dict = CONFIG, *,
        model: torch.nn.Module | None = None) -> torch.nn.Module:
    """Train ``model`` (default: a fresh ``Mil`` for ``config``) on the bags ``train``."""
    torch.manual_seed(config["seed"])
    if model is None:
        model = Mil(states[0].shape[1], window=config["window"], hidden=config["hidden"])
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"], weight_decay=config["weight_decay"])
    pos_weight = torch.tensor(float((1 - y[train]).sum() / max(y[train].sum(), 1)))
    rng = np.random.default_rng(config["seed"])
    for _ in range(config["epochs"]):
        order = rng.permutation(train)
        for start in range(0, len(order), config["batch"]):
            idx = order[start : start + config["batch"]]
            h, m = _batch(states, idx)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(h, m, config["r"]), torch.from_numpy(y[idx].astype(np.float32)),
                pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def score(model: torch.nn.Module, states: list[np.ndarray], idx: np.ndarray,
          config: dict = CONFIG) -> np.ndarray:
    out = np.zeros(len(idx))
    with torch.no_grad():
        for start in range(0, len(idx), 256):
            part = idx[start : start + 256]
            out[start : start + len(part)] = torch.sigmoid(model(*_batch(states, part), config["r"])).numpy()
    return out


def oof(states: list[np.ndarray], y: np.ndarray, groups: np.ndarray, folds: Sequence[str],
        config: dict = CONFIG) -> np.ndarray:
    """Out-of-fold scores: one model per left-out writer."""
    out = np.zeros(len(y))
    for w in folds:
        train, test = np.where(groups != w)[0], np.where(groups == w)[0]
        out[test] = score(fit(states, y, train, config), states, test, config)
    return out


def save(model: Mil, path: Path, *, model_id: str, config: dict = CONFIG, note: str = "") -> None:
    from safetensors.numpy import save_file

    tensors = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    save_file(tensors, str(path), metadata={"window": str(config["window"]), "r": str(config["r"]),
                                           "model_id": model_id, "config": json.dumps(config),
                                           "note": note})
