"""eval/sections/journey.py renders a fresh held-out block from journey_eval's JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

from eval.sections import journey

RESULTS = Path(__file__).resolve().parents[2] / "eval" / "results"


def test_heldout2_block_without_revised_labels():
    dev = json.loads((RESULTS / "journey_dev.json").read_text())
    fresh = {k: v for k, v in dev.items() if "revised" not in k}
    fresh.update(data="eval/data/journey_heldout2", command="python eval/journey_eval.py --label heldout2")

    def load(name: str) -> dict:
        return fresh if name == "journey_heldout2.json" else dev if name == "journey_dev.json" else {}

    text = "\n".join(journey.render(load))
    assert "### Held-out writer W2 (`eval/data/journey_heldout2`)" in text
    block = text.split("### Dev set")[0]
    assert "--label heldout2" in block and "revised" not in block
    assert f"| specific | {dev['goal_quality']['specific']['accuracy']:.3f} |" in block


def test_nothing_measured_renders_nothing():
    assert journey.render(lambda name: {}) == []


def test_w78_block_has_no_goal_check_and_comes_first():
    dev = json.loads((RESULTS / "journey_dev.json").read_text())
    w78 = {k: v for k, v in dev.items() if "revised" not in k and not k.startswith("goal_quality")}
    w78.update(data="eval/data/journey_heldout_w7, eval/data/journey_heldout_w8",
               command="python eval/journey_eval.py --label heldout_w78")

    def load(name: str) -> dict:
        return w78 if name == "journey_heldout_w78.json" else dev if name == "journey_dev.json" else {}

    text = "\n".join(journey.render(load))
    block = text.split("### Dev set")[0]
    assert "### Fresh held-out writers W7 and W8" in block and "--label heldout_w78" in block
    assert "Goal check" not in block and "Goal linking" in block and "Guidance after a reflection" in block
