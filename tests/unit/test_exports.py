"""CSV and JSON outputs people download: no formula injection, always valid JSON."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from coach.exports import safe_csv_cell, to_json, write_csv


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 555", "'+1 555"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("plain text", "plain text"),
    (-3, -3),
    (0.5, 0.5),
    (float("nan"), ""),
    (None, ""),
    (True, True),
])
def test_safe_csv_cell(value: object, expected: object) -> None:
    assert safe_csv_cell(value) == expected


def test_write_csv_round_trips_and_neutralizes() -> None:
    text = write_csv([{"a": "=1+1", "b": 2, "extra": "dropped"}], ["a", "b"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [{"a": "'=1+1", "b": "2"}]


def test_to_json_never_writes_nan() -> None:
    out = to_json({"score": float("nan"), "xs": [math.inf, np.float32(0.25)], "n": np.int64(3)})
    assert json.loads(out) == {"score": None, "xs": [None, 0.25], "n": 3}
    assert "NaN" not in out and "Infinity" not in out
