"""Checks that the models we load are the ones we expect (the PyPI packages are re-uploads)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coach.errors import ModelVerificationError

#: Published SHA-256 of sentence-transformers/all-MiniLM-L6-v2 files.
MINILM_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


def sha256_file(path: Path, *, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verify_files(folder: Path, expected: dict[str, str], *, package: str) -> None:
    """Refuse a model folder whose files do not have the published hashes."""
    for name, want in expected.items():
        path = folder / name
        if not path.is_file():
            raise ModelVerificationError(
                f"{path} is missing, so the model in {folder} is incomplete. "
                f"Reinstall it: pip install --force-reinstall {package}"
            )
        got = sha256_file(path)
        if got != want:
            raise ModelVerificationError(
                f"{path} has SHA-256 {got}, but the published all-MiniLM-L6-v2 file has {want}. "
                f"Refusing to load a model that is not the one we expect. Reinstall {package} "
                "or set COACH_EMBEDDING_MODEL to a folder with the verified model."
            )
