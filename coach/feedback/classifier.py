"""The feedback heads: logistic regression on [all-MiniLM-L6-v2 embedding, rule features].

The weights ship in ``models/feedback_heads.json`` (trained by ``eval/train_feedback.py`` on our own
labeled data; model card in ``models/feedback_heads.md``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.nlp.heads import Head, Heads, heads_from_dict, load_heads_file

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"
HEADS_FILE = MODELS_DIR / "feedback_heads.json"
LABELS = ("vague", "judgmental", "situation", "behavior", "impact")


@lru_cache(maxsize=2)
def load_heads(path: Path = HEADS_FILE) -> Heads:
    return load_heads_file(path, train_command="python eval/train_feedback.py")


@lru_cache(maxsize=2)
def adapter_config(path: Path = HEADS_FILE) -> dict[str, Any] | None:
    """The judgmental head's fine-tuned adapter ({"file", "weight"}) when the shipped model uses one:
    the verdict is then ``weight * adapter score + (1 - weight) * head score``."""
    if not path.exists():
        return None
    cfg = json.loads(path.read_text())["heads"]["judgmental"].get("adapter")
    return dict(cfg) if cfg else None


@lru_cache(maxsize=4)
def token_head_config(path: Path = HEADS_FILE) -> dict[str, Any] | None:
    """The judgmental head's token head ({"file", "weight"}, the file next to the heads file) when
    the model uses one: the verdict is then ``weight * token score + (1 - weight) * head score``."""
    if not path.exists():
        return None
    cfg = json.loads(path.read_text())["heads"]["judgmental"].get("token_head")
    return None if not cfg else {"file": path.parent / cfg["file"], "weight": float(cfg["weight"])}


__all__ = ["HEADS_FILE", "LABELS", "MODELS_DIR", "Head", "Heads", "adapter_config", "heads_from_dict",
           "load_heads", "token_head_config"]
