"""Fine-tuned MiniLM with a classification head for `judgmental`, under leave-one-writer-out CV.

    python eval/finetune_feedback.py --out eval/results/feedback_finetune_cv.json

A fine-tune of the top layers of all-MiniLM-L6-v2 (default the top 2 of 6; mean pooling + one
linear layer, BCE loss, AdamW) on CPU. The frozen lower layers run once for all texts. A full
fine-tune of all six layers was tried first and did not finish one fold in 13 minutes on this
shared 2-core machine; the top-layer variant is what fits in `make train`.
One fold per writer of the development pool (s1, w1..w4): train on the other writers, score the
held-out writer. Only the out-of-fold scores are written; the comparison and threshold choice happen in
eval/train_feedback.py. The held-out writer w5 is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import torch

from coach.nlp import get_embedder
from eval.feedback_data import gold, load_pool, writers


def lower_states(texts: list[str], *, top: int, max_len: int) -> list[torch.Tensor]:
    """Hidden states entering the top ``top`` layers of MiniLM, one (tokens, 384) tensor per text.

    The lower layers stay frozen, so they are run once for all texts and every fold reuses them."""
    base = get_embedder()._model  # type: ignore[attr-defined]
    bert, tok = base[0].auto_model, base[0].tokenizer
    bert.eval()
    out: list[torch.Tensor] = []
    with torch.no_grad():
        for start in range(0, len(texts), 64):
            batch = tok(texts[start : start + 64], padding=True, truncation=True, max_length=max_len,
                        return_tensors="pt")
            hidden = bert(**batch, output_hidden_states=True).hidden_states[-1 - top]
            for h, m in zip(hidden, batch["attention_mask"], strict=True):
                out.append(h[: int(m.sum())].clone())
    return out


def _forward(layers: torch.nn.ModuleList, head: torch.nn.Linear, states: list[torch.Tensor]) -> torch.Tensor:
    longest = max(len(s) for s in states)
    x = torch.zeros(len(states), longest, states[0].shape[1])
    mask = torch.zeros(len(states), longest)
    for i, s in enumerate(states):
        x[i, : len(s)] = s
        mask[i, : len(s)] = 1
    additive = (1.0 - mask)[:, None, None, :] * -1e9
    for layer in layers:
        y = layer(x, attention_mask=additive)
        x = y[0] if isinstance(y, tuple) else y
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-6)
    return head(torch.nn.functional.normalize(pooled, dim=-1) * 20.0).squeeze(-1)


def train_and_score(train: list[torch.Tensor], y: np.ndarray, test: list[torch.Tensor], *, top: int,
                    epochs: int, lr: float, batch: int, seed: int) -> np.ndarray:
    """Fine-tune the top layers of MiniLM and a linear head on (train, y); scores for test."""
    import copy

    torch.manual_seed(seed)
    bert = get_embedder()._model[0].auto_model  # type: ignore[attr-defined]
    layers = torch.nn.ModuleList(copy.deepcopy(bert.encoder.layer[-top:]))
    head = torch.nn.Linear(bert.config.hidden_size, 1)
    opt = torch.optim.AdamW([*layers.parameters(), *head.parameters()], lr=lr, weight_decay=0.01)
    pos = float(y.mean())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - pos) / max(pos, 1e-6)))
    rng = np.random.default_rng(seed)
    layers.train()
    for _ in range(epochs):
        order = rng.permutation(len(train))
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            loss = loss_fn(_forward(layers, head, [train[i] for i in idx]),
                           torch.tensor(y[idx], dtype=torch.float32))
            opt.zero_grad()
            loss.backward()
            opt.step()
    layers.eval()
    scores: list[float] = []
    with torch.no_grad():
        for start in range(0, len(test), 64):
            scores.extend(torch.sigmoid(_forward(layers, head, test[start : start + 64])).tolist())
    return np.asarray(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=2, help="top MiniLM layers fine-tuned (of 6)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-len", type=int, default=96)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = load_pool()
    texts = [r["text"] for r in rows]
    y = np.array([gold(r, "judgmental") for r in rows], dtype=np.float32)
    group = np.array([r["writer"] for r in rows])
    states = lower_states(texts, top=args.top, max_len=args.max_len)
    oof = np.zeros(len(rows))
    timing = {}
    for w in writers(rows):
        t = time.time()
        tr, te = np.where(group != w)[0], np.where(group == w)[0]
        oof[te] = train_and_score([states[i] for i in tr], y[tr], [states[i] for i in te],
                                  top=args.top, epochs=args.epochs, lr=args.lr, batch=args.batch,
                                  seed=13)
        timing[w] = round(time.time() - t, 1)
        print(w, timing[w], "s", flush=True)
    args.out.write_text(json.dumps({
        "config": vars(args) | {"out": str(args.out)}, "writers": writers(rows),
        "ids": [r["id"] for r in rows], "oof_judgmental": oof.round(5).tolist(),
        "fold_seconds": timing}))


if __name__ == "__main__":
    main()
