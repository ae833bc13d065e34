"""Reading feedback for batch checks: plain text (one per line), JSONL {"id", "text"}, CSV (text column)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from coach.errors import InputError


def read_items(data: bytes, *, name: str) -> list[tuple[str, str]]:
    """(id, text) pairs from a file's bytes; the format comes from the file name's ending."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 (invalid byte at position {exc.start}). Save it as "
                         "UTF-8 and try again.") from exc
    if "\x00" in text:
        raise InputError(f"{name} holds NUL bytes: it is binary, or UTF-16 without a byte-order mark. "
                         "Save it as UTF-8 text and try again.")
    suffix = Path(name).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl(text, name)
    if suffix == ".csv":
        return _csv(text, name)
    if suffix in (".txt", ".text", ""):
        return [(str(n), line.strip()) for n, line in enumerate(text.splitlines(), start=1)
                if line.strip()]
    raise InputError(f"{name}: unsupported file type {suffix!r}. Use .txt (one feedback per line), "
                     ".jsonl (objects with \"id\" and \"text\") or .csv (a \"text\" column).")


def _jsonl(text: str, name: str) -> list[tuple[str, str]]:
    items = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}, line {n}: not valid JSON ({exc.msg} at column {exc.colno}). "
                             "Each line must be one object like {\"id\": \"1\", \"text\": \"...\"}.") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError(f"{name}, line {n}: needs a \"text\" field with a string; got "
                             f"{type(obj).__name__ if not isinstance(obj, dict) else sorted(obj)}.")
        items.append((str(obj.get("id", n)), obj["text"]))
    return items


def _csv(text: str, name: str) -> list[tuple[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "text" not in columns:
        raise InputError(f"{name} has no \"text\" column (columns: {', '.join(columns) or 'none'}). "
                         "Name the column with the feedback \"text\" (and optionally one \"id\").")
    items = []
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        items.append((str(row.get("id") or n), row.get("text") or ""))
    return items
