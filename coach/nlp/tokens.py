"""Counting word-piece tokens the way the embedding model does, without loading the model.

Passages must fit the model's window (256 tokens for all-MiniLM-L6-v2) so that nothing is cut off
silently: the splitter measures with :func:`token_counter`. It reads the model folder's
``tokenizer.json`` (fast, a few milliseconds); without one it estimates from words and characters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from coach.config import Settings
from coach.errors import ModelMissingError

#: all-MiniLM-L6-v2's max_seq_length, special tokens included
MODEL_WINDOW = 256


def estimate_tokens(text: str) -> int:
    """An upper-side estimate used only when no tokenizer file is available."""
    words = text.split()
    return int(len(words) * 1.3 + sum(1 for c in text if not c.isalnum() and not c.isspace()) * 0.5) + 1


@lru_cache(maxsize=4)
def _counter_for(path: str) -> Callable[[str], int]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(path)
    tokenizer.no_truncation()

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return count


def token_counter(settings: Settings | None = None) -> Callable[[str], int]:
    """Token counts of the configured embedding model (an estimate when it has no tokenizer.json)."""
    settings = settings or Settings.from_env()
    try:
        if settings.embedding_model is not None:
            folder = settings.embedding_model
        else:
            from coach.nlp.models import default_embedding_path

            folder = default_embedding_path()
    except ModelMissingError:
        return estimate_tokens
    path = Path(folder) / "tokenizer.json"
    return _counter_for(str(path)) if path.is_file() else estimate_tokens
