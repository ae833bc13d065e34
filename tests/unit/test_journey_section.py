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
    assert "### Held-out writers W7 and W8" in block and "--label heldout_w78" in block
    assert "Goal check" not in block and "Goal linking" in block and "Guidance after a reflection" in block


def test_summary_pools_every_held_out_writer_and_names_those_below_the_target():
    def by_set(*pairs):  # (set name, hit@3, n)
        return {name: {"n": n, "learned_reranker": {"hit@3": h, "hit@5": h}} for name, h, n in pairs}

    w2 = {"guidance": {"learned_reranker": {"hit@3": 0.70}}, "linking": {"reflections": 200}}
    w78 = {"guidance_by_set": by_set(("journey_heldout_w7", 0.9, 100), ("journey_heldout_w8", 0.9, 100))}
    w1112 = {"guidance_by_set": by_set(("journey_heldout_w11", 0.8, 100), ("journey_heldout_w12", 0.8, 100))}
    line = journey._summary(w2, [w78, w1112], {})[0]
    assert "W2 0.700 (200), W7 0.900 (100), W8 0.900 (100), W11 0.800 (100), W12 0.800 (100)" in line
    assert "pooled over 600 reflections **0.800**" in line and "**met**" in line
    assert "writers below 0.80 on their own: W2 0.700)" in line  # the pooled figure hides no writer
    w2_low = {**w2, "guidance": {"learned_reranker": {"hit@3": 0.40}}}
    assert "**not met**" in journey._summary(w2_low, [w78, w1112], {})[0]
    assert journey._summary({}, [{}, {}], {}) == []
