"""Document parsers: file bytes in, titled sections out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import DocumentError


@dataclass
class Section:
    """A heading and the text under it; ``meta`` carries ids and tags given in the source."""

    title: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedDocument:
    title: str
    sections: list[Section]


class DocumentParser(ABC):
    #: file name endings this parser reads, lower case, with the dot
    suffixes: tuple[str, ...] = ()
    #: True for binary formats (PDF, Word): the "is this really text?" check is skipped
    binary: bool = False

    @abstractmethod
    def parse(self, data: bytes, *, name: str) -> ParsedDocument:
        """Turn the bytes of a file called ``name`` into sections."""
        raise NotImplementedError


def decode_text(data: bytes, *, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused clearly."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name} is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}). Save it with UTF-8 encoding and add it again."
        ) from exc
    if "\x00" in text:
        raise DocumentError(f"{name} holds NUL bytes: it is binary, or UTF-16 without a byte-order "
                            "mark. Save it as UTF-8 text and try again.")
    return text


def stem_title(name: str) -> str:
    return Path(name).stem.replace("_", " ").replace("-", " ").strip().capitalize() or name
