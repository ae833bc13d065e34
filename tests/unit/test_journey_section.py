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
    assert "### Fresh held-out writer (`eval/data/journey_heldout2`)" in text
    block = text.split("### Dev set")[0]
    assert "--label heldout2" in block and "revised" not in block
    assert f"| specific | {dev['goal_quality']['specific']['accuracy']:.3f} |" in block


def test_nothing_measured_renders_nothing():
    assert journey.render(lambda name: {}) == []
