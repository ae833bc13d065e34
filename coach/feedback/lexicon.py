"""Lexicons as data files (``coach/feedback/lexicons/*.json``), loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).parent / "lexicons"


@lru_cache(maxsize=32)
def load(name: str) -> Any:
    return json.loads((LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=128)
def phrase_set(name: str, key: str | None = None) -> frozenset[str]:
    return frozenset(phrases(name, key))


@lru_cache(maxsize=128)
def phrases(name: str, key: str | None = None) -> tuple[str, ...]:
    data = load(name)
    items = data[key] if key else data
    out = []
    for item in items:
        phrase = item["phrase"] if isinstance(item, dict) else item
        if isinstance(phrase, str) and phrase.strip():
            out.append(phrase.strip().lower())
    return tuple(dict.fromkeys(out))
