"""eval/sections/feedback.py renders the fine-tune rows, fold times with load, and the session-3 column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.sections import feedback

RESULTS = Path(__file__).resolve().parents[2] / "eval" / "results"


def _results(**override: dict) -> dict[str, dict]:
    names = ("feedback_heldout.json", "feedback_cv.json", "feedback_bench.json",
             "feedback_finetune_cv.json", "feedback_finetune_partial.json")
    out = {n: json.loads((RESULTS / n).read_text()) for n in names if (RESULTS / n).exists()}
    out.update(override)
    return out


def _render(files: dict[str, dict]) -> str:
    return "\n".join(feedback.render(lambda name: files.get(name, {})))


def test_nothing_measured_renders_nothing():
    assert feedback.render(lambda name: {}) == []


@pytest.mark.parametrize("load", [{"min": 1.6, "max": 5.8, "samples": 8}, [1.6, 5.8]])
def test_finetune_rows_show_fold_seconds_with_load(load):
    files = _results()
    ft = {"command": "python eval/finetune_feedback.py --out x.json",
          "config": {"rank": 8, "top": 1, "max_len": 64, "epochs": 1, "batch": 32, "threads": 2},
          "fold_seconds": {"w1": 160.2}, "fold_load_avg": {"w1": load}}
    text = _render({**files, "feedback_finetune_cv.json": ft})
    assert "w1 160 s at load 1.6-5.8" in text
    assert "**not completed**" not in text  # the partial note gives way to the finished CV


def test_session3_column_only_when_measured():
    files = _results()
    held = dict(files["feedback_heldout.json"])
    held["session3_heads"] = {label: {"precision": 0.5, "recall": 0.25, "f1": 0.333}
                              for label in feedback.LABELS}
    held["session3_heads_commit"] = "d089ef1778"
    with_s3 = _render({**files, "feedback_heldout.json": held})
    assert "session-3 model on held-out P" in with_s3 and "0.500 | 0.250 | **0.333**" in with_s3
    assert "`d089ef1778`" in with_s3
    held.pop("session3_heads")
    assert "session-3 model on held-out" not in _render({**files, "feedback_heldout.json": held})
