"""Files we hand to people: CSV that a spreadsheet cannot execute, JSON that is always valid.

Every CSV the product writes goes through :func:`write_csv`, every JSON/JSONL through :func:`to_json`.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; numbers stay numbers."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else value
    if isinstance(value, int | float):
        return "" if isinstance(value, float) and not math.isfinite(value) else value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(rows: Iterable[Mapping[str, Any]], fieldnames: Sequence[str]) -> str:
    """Rows as CSV text (header first), every cell neutralized; keys outside ``fieldnames`` dropped."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_csv_cell(row.get(key)) for key in fieldnames})
    return buffer.getvalue()


def json_safe(value: Any) -> Any:
    """NaN and infinities become null (JSON has no NaN); containers are walked."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    return value


def to_json(value: Any, *, indent: int | None = None) -> str:
    """Strict JSON text (``allow_nan=False`` after cleaning), non-ASCII kept readable."""
    return json.dumps(json_safe(value), ensure_ascii=False, indent=indent, allow_nan=False, default=str)
