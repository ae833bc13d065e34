"""LoRA fine-tune of all-MiniLM-L6-v2 for `judgmental`, at the sentence level, on CPU.

    python eval/finetune_feedback.py --out eval/results/feedback_finetune_cv.json   # LOWO CV
    python eval/finetune_feedback.py --ship                                         # the adapter

Model: low-rank adapters (rank 8) on every linear layer (query, key, value, attention output,
feed-forward in and out) of the top MiniLM layer (``--top``; the lower layers stay frozen and run
once for all texts), mean pooling, L2 normalization and one linear
unit. A text is a bag of instances, the whole text and each of its sentences (the checker's own
spaCy sentences); its logit is the maximum over them (multiple-instance learning: the item label
says "some part is judgmental", not which). Short schedule that fits two shared cores: max_len 64,
1 epoch, batches of 32 texts, AdamW (LoRA lr 1e-3, head lr 5e-3, warm-up then linear decay),
balanced BCE, torch threads 2. With the top two layers adapted and 2 epochs a fold took about
26 minutes at load average 9 (9.4 s per step), so the shipped schedule is one layer, one epoch;
these settings were fixed before the CV run, not searched. With them, one fold at a time under
``nice -n 19``, the four folds took 160-212 s each at load average 1.6-6.9 (``--ship``: 337 s).

CV: one fold per independent writer w1..w4 (s1, the first session's own items, always trains);
only the out-of-fold scores are written, the comparison and thresholds are chosen in
eval/train_feedback.py. ``--ship`` trains on the whole pool (s1 + w1..w4) and writes
models/feedback_judgmental_adapter.safetensors. The held-out writer w5 is never read here.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import torch

from coach.feedback.adapter import ADAPTER_FILE
from coach.feedback.analysis import Analysis
from coach.nlp import get_embedder, get_nlp
from eval.feedback_data import CACHE_DIR, gold, load_pool, writers

TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense")
FOLDS = ("w1", "w2", "w3", "w4")
LOGIT_SCALE = 20.0
N_LAYERS = 6


class LoraLinear(torch.nn.Module):
    def __init__(self, base: torch.nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.lora_A = torch.nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_B = torch.nn.Parameter(torch.zeros(base.out_features, rank))
        torch.nn.init.kaiming_uniform_(self.lora_A, a=5**0.5)
        self.scale = alpha / rank
        self.dropout = torch.nn.Dropout(0.05)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.dropout(x) @ self.lora_A.T @ self.lora_B.T) * self.scale


def lora_layers(top: int, rank: int, alpha: float) -> torch.nn.ModuleList:
    """Copies of the top ``top`` MiniLM layers with LoRA on their linear layers (rest frozen)."""
    bert = get_embedder()._model[0].auto_model  # type: ignore[attr-defined]
    layers = torch.nn.ModuleList(copy.deepcopy(bert.encoder.layer[-top:]))
    for p in layers.parameters():
        p.requires_grad_(False)
    for name, module in list(layers.named_modules()):
        if isinstance(module, torch.nn.Linear) and any(
                name.endswith(t) and not (t == "output.dense" and "attention" in name) for t in TARGETS):
            parent, child = name.rsplit(".", 1)
            setattr(layers.get_submodule(parent), child, LoraLinear(module, rank, alpha))
    return layers


def lower_states(strings: list[str], *, top: int, max_len: int) -> list[torch.Tensor]:
    """Hidden states entering the top ``top`` layers, one (tokens, 384) tensor per string.

    The lower layers stay frozen, so they run once for every string and each fold reuses them."""
    key = hashlib.sha256(json.dumps([strings, top, max_len]).encode()).hexdigest()[:16]
    path = CACHE_DIR / f"lower-{key}.pt"
    if path.exists():
        return torch.load(path)
    base = get_embedder()._model  # type: ignore[attr-defined]
    bert, tok = base[0].auto_model, base[0].tokenizer
    bert.eval()
    order = sorted(range(len(strings)), key=lambda i: len(strings[i]))
    out: list[torch.Tensor | None] = [None] * len(strings)
    with torch.inference_mode():
        for start in range(0, len(order), 64):
            idx = order[start : start + 64]
            batch = tok([strings[i] for i in idx], padding=True, truncation=True,
                        max_length=max_len, return_tensors="pt")
            hidden = bert(**batch, output_hidden_states=True).hidden_states[-1 - top]
            for i, h, m in zip(idx, hidden, batch["attention_mask"], strict=True):
                out[i] = h[: int(m.sum())].clone()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    torch.save(out, path)
    return out  # type: ignore[return-value]


def sentences_of(texts: list[str]) -> list[list[str]]:
    """The checker's sentences (spaCy) for each text, cached per text list."""
    key = hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:16]
    path = CACHE_DIR / f"sentences-{key}.json"
    if path.exists():
        return json.loads(path.read_text())
    nlp = get_nlp()
    out = [[s.text for s in Analysis.of(t, nlp, doc=d).sentences if s.text.strip()]
           for t, d in zip(texts, nlp.pipe(texts), strict=True)]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out))
    return out


def instances(text: str, sents: list[str]) -> list[str]:
    return [text, *sents] if len(sents) > 1 else [text]


class TopLayers(torch.nn.Module):
    """The top MiniLM layers (with LoRA) over cached lower states: normalized mean-pooled vectors
    (also the guidance encoder's model, eval/train_guidance_encoder.py)."""

    def __init__(self, layers: torch.nn.ModuleList) -> None:
        super().__init__()
        self.layers = layers

    def forward(self, states: list[torch.Tensor]) -> torch.Tensor:
        longest = max(len(s) for s in states)
        x = torch.zeros(len(states), longest, states[0].shape[1])
        mask = torch.zeros(len(states), longest)
        for i, s in enumerate(states):
            x[i, : len(s)] = s
            mask[i, : len(s)] = 1
        additive = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in self.layers:
            y = layer(x, attention_mask=additive)
            x = y[0] if isinstance(y, tuple) else y
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-6)
        return torch.nn.functional.normalize(pooled, dim=-1)


class Scorer(TopLayers):
    def __init__(self, layers: torch.nn.ModuleList) -> None:
        super().__init__(layers)
        self.head = torch.nn.Linear(384, 1)
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.zeros_(self.head.bias)

    def forward(self, states: list[torch.Tensor]) -> torch.Tensor:
        return self.head(super().forward(states)).squeeze(-1) * LOGIT_SCALE


def bag_logits(model: Scorer, states: list[torch.Tensor], bags: list[list[int]]) -> torch.Tensor:
    """Per bag (a text as indices into ``states``): the maximum instance logit."""
    flat = [i for bag in bags for i in bag]
    owner = torch.tensor([n for n, bag in enumerate(bags) for _ in bag])
    logits = model([states[i] for i in flat])
    out = torch.full((len(bags),), -1e9)
    return out.scatter_reduce(0, owner, logits, reduce="amax", include_self=True)


def train(states: list[torch.Tensor], bags: list[list[int]], y: np.ndarray,
          args: argparse.Namespace) -> Scorer:
    torch.manual_seed(args.seed)
    model = Scorer(lora_layers(args.top, args.rank, args.alpha))
    opt = torch.optim.AdamW([{"params": lora_parameters(model.layers), "lr": args.lr},
                             {"params": list(model.head.parameters()), "lr": args.head_lr}],
                            weight_decay=0.01)
    pos = float(y.mean())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - pos) / max(pos, 1e-6)))
    return run_epochs(model, opt, n_items=len(bags), epochs=args.epochs, batch=args.batch, seed=args.seed,
                      report_every=20,
                      batch_loss=lambda idx: loss_fn(bag_logits(model, states, [bags[i] for i in idx]),
                                                     torch.tensor(y[idx], dtype=torch.float32)))


M = TypeVar("M", bound=torch.nn.Module)


def lora_parameters(model: torch.nn.Module) -> list[torch.nn.Parameter]:
    return [p for m in model.modules() if isinstance(m, LoraLinear) for p in (m.lora_A, m.lora_B)]


def run_epochs(model: M, opt: torch.optim.Optimizer, *, n_items: int, epochs: int, batch: int, seed: int,
               batch_loss: Callable[[np.ndarray], torch.Tensor], report_every: int) -> M:
    """Shuffled mini-batches (``batch_loss`` of the batch's item indices), warm-up over 20 steps then
    linear decay; the model in eval mode afterwards. Shared by both LoRA fine-tunes."""
    rng = np.random.default_rng(seed)
    steps = epochs * ((n_items + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1.0, (i + 1) / 20) * max(
        0.0, 1 - i / steps))
    model.train()
    t0, step = time.time(), 0
    for _ in range(epochs):
        order = rng.permutation(n_items)
        for start in range(0, len(order), batch):
            loss = batch_loss(order[start : start + batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % report_every == 0:
                print(f"  step {step}/{steps} loss {loss.item():.3f} {time.time() - t0:.0f}s",
                      flush=True)
    model.eval()
    return model


def score(model: Scorer, states: list[torch.Tensor], bags: list[list[int]]) -> np.ndarray:
    out: list[float] = []
    with torch.inference_mode():
        for start in range(0, len(bags), 64):
            out.extend(torch.sigmoid(bag_logits(model, states, bags[start : start + 64])).tolist())
    return np.asarray(out)


def save_adapter(model: Scorer, args: argparse.Namespace, path: Path, trained_on: dict) -> None:
    from safetensors.numpy import save_file

    tensors: dict[str, np.ndarray] = {}
    first = N_LAYERS - args.top
    for name, module in model.layers.named_modules():
        if isinstance(module, LoraLinear):
            index, rest = name.split(".", 1)
            name = f"encoder.layer.{first + int(index)}.{rest}"
            tensors[f"{name}.lora_A"] = module.lora_A.detach().numpy().astype(np.float16)
            tensors[f"{name}.lora_B"] = module.lora_B.detach().numpy().astype(np.float16)
    tensors["head.weight"] = model.head.weight.detach().numpy().astype(np.float32)
    tensors["head.bias"] = model.head.bias.detach().numpy().astype(np.float32)
    config = {"base_model": get_embedder().model_id, "rank": args.rank, "top_layers": args.top,
              "alpha": args.alpha, "max_len": args.max_len, "logit_scale": LOGIT_SCALE, "epochs": args.epochs,
              "batch": args.batch, "lr": args.lr, "head_lr": args.head_lr, "seed": args.seed,
              "trained_on": trained_on, "command": "python eval/finetune_feedback.py --ship"}
    save_file(tensors, str(path), metadata={"config": json.dumps(config)})


def merge(paths: list[Path], out: Path) -> None:
    """One out-of-fold file from runs of one fold each (folds can run as parallel processes)."""
    parts = [json.loads(p.read_text()) for p in paths]
    ids = parts[0]["ids"]
    if any(p["ids"] != ids for p in parts):
        raise SystemExit("the fold files are for different pools")
    oof: list[float | None] = [None] * len(ids)
    for part in parts:
        for i, v in enumerate(part["oof_judgmental"]):
            if v is not None:
                oof[i] = v
    folds = [f for p in parts for f in p["folds"]]
    config = {k: v for k, v in parts[0]["config"].items() if k != "folds"}
    out.write_text(json.dumps({
        "command": "python eval/finetune_feedback.py --folds wN --out fold_wN.json (one process per "
                   "fold, N = 1..4), then --merge fold_w*.json --out " + str(out),
        "config": config, "writers": parts[0]["writers"], "folds": folds, "ids": ids,
        "oof_judgmental": oof,
        "fold_seconds": {k: v for p in parts for k, v in p["fold_seconds"].items()},
        "fold_load_avg": {k: v for p in parts for k, v in p.get("fold_load_avg", {}).items()}}))
    print(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=1, help="top MiniLM layers adapted (of 6)")
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--head-lr", type=float, default=5e-3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-len", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--folds", default=",".join(FOLDS), help="writers scored out of fold")
    parser.add_argument("--out", type=Path, help="write LOWO out-of-fold scores here")
    parser.add_argument("--merge", type=Path, nargs="+",
                        help="combine single-fold runs (--folds wN --out file) into --out")
    parser.add_argument("--ship", action="store_true", help=f"train on the whole pool -> {ADAPTER_FILE}")
    args = parser.parse_args()
    if args.merge:
        merge(args.merge, args.out)
        return
    torch.set_num_threads(args.threads)
    rows = load_pool()
    texts = [r["text"] for r in rows]
    strings: list[str] = []
    bags: list[list[int]] = []
    for t, sents in zip(texts, sentences_of(texts), strict=True):
        pieces = instances(t, sents)
        bags.append(list(range(len(strings), len(strings) + len(pieces))))
        strings.extend(pieces)
    t0 = time.time()
    states = lower_states(strings, top=args.top, max_len=args.max_len)
    print(f"{len(strings)} instances through the frozen layers in {time.time() - t0:.0f}s", flush=True)
    y = np.array([gold(r, "judgmental") for r in rows], dtype=np.float32)
    group = np.array([r["writer"] for r in rows])
    if args.ship:
        t = time.time()
        model = train(states, bags, y, args)
        ADAPTER_FILE.parent.mkdir(parents=True, exist_ok=True)
        save_adapter(model, args, ADAPTER_FILE, {w: int(np.sum(group == w)) for w in writers(rows)})
        print(f"wrote {ADAPTER_FILE} ({ADAPTER_FILE.stat().st_size / 1e6:.2f} MB) in "
              f"{time.time() - t:.0f}s")
        return
    if args.out is None:
        parser.error("give --out (LOWO scores) or --ship")
    oof = np.full(len(rows), np.nan)
    timing, load = {}, {}
    for w in args.folds.split(","):
        t = time.time()
        load_before = os.getloadavg()[0]
        tr, te = np.where(group != w)[0], np.where(group == w)[0]
        model = train(states, [bags[i] for i in tr], y[tr], args)
        oof[te] = score(model, states, [bags[i] for i in te])
        timing[w] = round(time.time() - t, 1)
        load[w] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        pred = oof[te] >= 0.5
        tp = float(np.sum(pred & (y[te] == 1)))
        print(w, timing[w], "s", "F1@0.5", round(2 * tp / (pred.sum() + y[te].sum()), 3), flush=True)
    args.out.write_text(json.dumps({
        "command": "python eval/finetune_feedback.py --out " + str(args.out),
        "config": {k: v for k, v in vars(args).items() if k not in ("out", "ship")},
        "writers": writers(rows), "folds": args.folds.split(","), "ids": [r["id"] for r in rows],
        "oof_judgmental": [None if np.isnan(v) else round(float(v), 5) for v in oof],
        "fold_seconds": timing, "fold_load_avg": load}))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
