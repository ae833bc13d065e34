"""The guidance encoder: MiniLM with a LoRA adapter that places a reflection near the passages that
fit it.

Trained by ``eval/train_guidance_encoder.py`` on the training writers' labelled reflections and the
passages' written situations: an adapted encode of the reflection should have the highest cosine
with the plain (un-adapted) vectors of its labelled passages among all the library's passages. Only
the reflection side is adapted, so the passages keep the vectors the search already has and a
program's upload is scored the same way. The cosine is one feature (``tuned``) of the guidance
re-ranker. The file, ``models/guidance_encoder.safetensors``, holds the low-rank deltas only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from coach.nlp.embedder import Embedder
from coach.nlp.lora import LoraEncoder

GUIDANCE_ENCODER_FILE = Path(__file__).resolve().parent.parent.parent / "models" / \
    "guidance_encoder.safetensors"
TRAIN_COMMAND = "python eval/train_guidance_encoder.py --ship"


class GuidanceEncoder(LoraEncoder):
    def __init__(self, path: Path, embedder: Embedder) -> None:
        super().__init__(path, embedder, redo=f"Train it with `{TRAIN_COMMAND}`.")


@lru_cache(maxsize=2)
def load_guidance_encoder(path: Path, embedder: Embedder) -> GuidanceEncoder:
    return GuidanceEncoder(path, embedder)


def usable(embedder: Embedder, path: Path = GUIDANCE_ENCODER_FILE) -> bool:
    """Whether the adapter applies: the file exists and the embedder is the real sentence encoder
    (a test's fake embedder, or another configured model, gets the plain cosine instead)."""
    return path.exists() and getattr(embedder, "_model", None) is not None


__all__ = ["GUIDANCE_ENCODER_FILE", "TRAIN_COMMAND", "GuidanceEncoder", "load_guidance_encoder", "usable"]
