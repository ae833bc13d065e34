"""Languages: ISO 639-1 codes or English names (case-insensitive), from a small data file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("languages.tsv")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(lower-cased code or name -> code, code -> first English name)."""
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, rest = line.partition("\t")
        aliases = [a.strip() for a in rest.split(";") if a.strip()]
        names[code] = aliases[0] if aliases else code
        lookup[code.lower()] = code
        for alias in aliases:
            lookup.setdefault(alias.lower(), code)
    return lookup, names


def language_code(value: str) -> str | None:
    """The ISO 639-1 code for a code or English name such as 'pt', 'PT' or 'Portuguese'; else None."""
    lookup, _names = _tables()
    key = " ".join(value.strip().lower().replace("_", "-").split())
    if key in lookup:
        return lookup[key]
    base = key.split("-")[0]  # 'pt-BR', 'en-us'
    return lookup.get(base) if len(base) == 2 else None


def language_name(code: str) -> str:
    return _tables()[1].get(code, code)


def split_languages(value: str) -> list[str]:
    """Raw items of a ``;``-separated list (commas are accepted too)."""
    return [item.strip() for item in value.replace(",", ";").split(";") if item.strip()]
