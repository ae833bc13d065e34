"""The default guidance library: original Markdown passages shipped inside the package."""

from __future__ import annotations

from pathlib import Path

DEFAULT_LIBRARY_DIR = Path(__file__).parent / "default_library"
DEFAULT_SOURCE = "default library"


def default_library_files(folder: Path | None = None) -> list[Path]:
    folder = folder or DEFAULT_LIBRARY_DIR
    return sorted(folder.glob("*.md"))


def default_source_key(path: Path) -> str:
    """How a default-library file is recorded in ``guidance_documents.source``."""
    return f"{DEFAULT_SOURCE}:{path.name}"
