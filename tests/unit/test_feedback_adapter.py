"""LoRA deltas merged into a copy of an encoder give the same outputs as the unmerged adapter."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from coach.errors import ModelMismatchError, ModelMissingError
from coach.feedback.adapter import JudgmentalAdapter, merged_encoder, read_adapter


class Tiny(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.inner = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x)


def test_merge_matches_lora_forward():
    torch.manual_seed(0)
    base = Tiny()
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 4)).astype(np.float32), rng.normal(size=(3, 2)).astype(np.float32)
    merged = merged_encoder(base, {"inner.0.lora_A": a, "inner.0.lora_B": b}, scale=0.5)
    x = torch.randn(5, 4)
    first = base.inner[0](x) + 0.5 * (x @ torch.from_numpy(a).T @ torch.from_numpy(b).T)
    expected = base.inner[2](torch.relu(first))
    assert torch.allclose(merged(x), expected, atol=1e-5)
    assert not torch.allclose(base(x), expected, atol=1e-3)  # the base model is left unchanged


def test_missing_adapter_file_says_how_to_train(tmp_path):
    with pytest.raises(ModelMissingError, match="finetune_feedback.py --ship"):
        JudgmentalAdapter(tmp_path / "none.safetensors", embedder=None)  # type: ignore[arg-type]


# -- a mismatched or foreign adapter file is refused with a message naming the file and the fix ------

def _tiny_encoder() -> Tiny:
    import types

    torch.manual_seed(0)
    enc = Tiny()
    enc.config = types.SimpleNamespace(hidden_size=2)  # type: ignore[attr-defined]
    return enc


def _write(path, tensors: dict, meta: dict | None) -> None:
    from safetensors.numpy import save_file

    save_file(tensors, str(path), metadata=None if meta is None else {"config": json.dumps(meta)})


GOOD_META = {"base_model": "all-MiniLM-L6-v2@abc", "rank": 2, "alpha": 4.0, "max_len": 64,
             "logit_scale": 20.0}


def _good_tensors() -> dict[str, np.ndarray]:
    return {"inner.0.lora_A": np.zeros((2, 4), np.float16), "inner.0.lora_B": np.zeros((3, 2), np.float16),
            "head.weight": np.zeros((1, 2), np.float32), "head.bias": np.zeros(1, np.float32)}


def test_read_adapter_accepts_a_matching_file(tmp_path):
    path = tmp_path / "a.safetensors"
    _write(path, _good_tensors(), GOOD_META)
    meta, tensors = read_adapter(path, model_id="all-MiniLM-L6-v2@abc", encoder=_tiny_encoder())
    assert meta["rank"] == 2 and set(tensors) == set(_good_tensors())


def _drop(key):
    return lambda t: {k: v for k, v in t.items() if k != key}


def _set(key, value):
    return lambda t: {**t, key: value}


@pytest.mark.parametrize(("change_tensors", "meta", "model_id", "message"), [
    (None, GOOD_META, "all-MiniLM-L6-v2@abc", "not a readable safetensors file"),
    (lambda t: t, None, "all-MiniLM-L6-v2@abc", "has no adapter config"),
    (lambda t: t, {k: v for k, v in GOOD_META.items() if k != "rank"}, "all-MiniLM-L6-v2@abc",
     "has no adapter config"),
    (lambda t: t, GOOD_META, "local:other-model", "was trained on all-MiniLM-L6-v2@abc but the configured "
                                                 "embedding model is local:other-model"),
    (_drop("head.bias"), GOOD_META, "all-MiniLM-L6-v2@abc", "has no tensor 'head.bias'"),
    (_set("head.weight", np.zeros((1, 384), np.float32)), GOOD_META, "all-MiniLM-L6-v2@abc",
     "'head.weight' has 384 weights but the encoder's hidden size is 2"),
    (lambda t: {k: v for k, v in t.items() if "lora" not in k}, GOOD_META, "all-MiniLM-L6-v2@abc",
     "has no lora_A/lora_B tensors"),
    (lambda t: {**_drop("inner.0.lora_A")(_drop("inner.0.lora_B")(t)),
                "encoder.layer.5.output.dense.lora_A": np.zeros((2, 4), np.float16),
                "encoder.layer.5.output.dense.lora_B": np.zeros((3, 2), np.float16)},
     GOOD_META, "all-MiniLM-L6-v2@abc", "'encoder.layer.5.output.dense' is not a linear layer"),
    (_drop("inner.0.lora_B"), GOOD_META, "all-MiniLM-L6-v2@abc", "with both lora_A and lora_B"),
    (_set("inner.0.lora_A", np.zeros((2, 5), np.float16)), GOOD_META, "all-MiniLM-L6-v2@abc",
     r"'inner.0' has lora_A \(2, 5\) and lora_B \(3, 2\), but the encoder's layer is 3 x 4 at rank 2"),
])
def test_read_adapter_refuses_a_mismatched_file(tmp_path, change_tensors, meta, model_id, message):
    path = tmp_path / "adapter.safetensors"
    if change_tensors is None:
        path.write_bytes(b"not a safetensors file at all")
    else:
        _write(path, change_tensors(_good_tensors()), meta)
    with pytest.raises(ModelMismatchError, match=message) as info:
        read_adapter(path, model_id=model_id, encoder=_tiny_encoder())
    text = str(info.value)
    assert str(path) in text and "finetune_feedback.py --ship" in text  # which file, and what to do


@pytest.mark.slow
def test_shipped_adapter_loads_offline_and_the_checker_uses_it(monkeypatch):
    """The shipped heads name the adapter; it loads from models/ with the network refused, is small,
    was not trained on the held-out writer, and changes the checker's judgmental score."""
    import socket

    from coach.feedback.adapter import ADAPTER_FILE, load_adapter
    from coach.feedback.checker import FeedbackChecker
    from coach.feedback.classifier import adapter_config, load_heads
    from coach.nlp import get_embedder, get_nlp

    cfg = adapter_config()
    if cfg is None:
        pytest.skip("the shipped heads use no adapter")
    assert cfg["file"] == ADAPTER_FILE.name and 0 < cfg["weight"] <= 1
    assert ADAPTER_FILE.stat().st_size < 5_000_000

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("network disabled in this test")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    load_adapter.cache_clear()
    adapter = load_adapter(ADAPTER_FILE, get_embedder())
    assert "w5" not in adapter.meta["trained_on"] and set(adapter.meta["trained_on"]) >= {"w1", "w2"}
    verdict, thanks = "You are impossible to work with.", "Thanks for covering the night shift on Sunday."
    scores = adapter.text_scores([verdict, thanks], [[verdict], [thanks]])
    assert scores[0] > 0.5 > scores[1]
    checker = FeedbackChecker(get_nlp, get_embedder)
    assert checker.adapter is not None and checker.adapter[0] is adapter
    without = FeedbackChecker(get_nlp, get_embedder, heads=load_heads())  # explicit heads: no adapter
    assert without.adapter is None
    assert checker.check(verdict).scores["judgmental"] != without.check(verdict).scores["judgmental"]
