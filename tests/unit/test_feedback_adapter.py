"""LoRA deltas merged into a copy of an encoder give the same outputs as the unmerged adapter."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from coach.errors import ModelMissingError
from coach.feedback.adapter import JudgmentalAdapter, merged_encoder


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
