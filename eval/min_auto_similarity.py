"""How close a reflection must be to a goal before it is linked automatically (``MIN_AUTO_SIMILARITY``).

    python eval/min_auto_similarity.py --out eval/results/min_auto_similarity.json

Confidences sum to one over a mentee's goals, so with one goal every reflection would be linked to it.
For each reflection of the training writers (W3, W4, builders) and of the dev set (W1): the cosine of
the reflection to its own goal (should stay automatic) and to a goal of another mentee offered alone
(should not), then the share of each side of every candidate floor. The floor is chosen on the training
writers only; W1 is reported beside it. The held-out writer (journey_heldout2) is not read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.nlp import get_embedder
from coach.reflection.linking import MIN_AUTO_SIMILARITY, link_goals
from eval.common import read_jsonl
from eval.train_linker import journey_rows

ROOT = Path(__file__).resolve().parent.parent
SETS = {"W3": "eval/data/journey_train_w3/reflections.jsonl",
        "W4": "eval/data/journey_train_w4/reflections.jsonl",
        "builders": "eval/data/journey_train/reflections.jsonl",
        "W1 (dev)": "eval/data/journey_heldout/reflections.jsonl"}
TRAIN = ("W3", "W4", "builders")
FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    emb, rng = get_embedder(), random.Random(7)
    sims: dict[str, tuple[list[float], list[float]]] = {}
    for name, path in SETS.items():
        rows = journey_rows(read_jsonl(ROOT / path))
        own, foreign = [], []
        for r in rows:
            own.append(link_goals(emb, r["parts"], [r["goals"][r["goal"]]])[0].similarity)
            other = rng.choice([x for x in rows if x["mentee"] != r["mentee"]])
            alone = other["goals"][rng.randrange(len(other["goals"]))]
            foreign.append(link_goals(emb, r["parts"], [alone])[0].similarity)
        sims[name] = (own, foreign)

    def shares(names: tuple[str, ...], floor: float) -> dict[str, float]:
        own = np.array([s for n in names for s in sims[n][0]])
        foreign = np.array([s for n in names for s in sims[n][1]])
        return {"own_goal_automatic": round(float((own >= floor).mean()), 3),
                "foreign_goal_kept_from_automatic": round(float((foreign < floor).mean()), 3), "n": len(own)}

    result = {"command": "python eval/min_auto_similarity.py --out eval/results/min_auto_similarity.json",
              "shipped": MIN_AUTO_SIMILARITY,
              "floors": [{"floor": f, "train": shares(TRAIN, f), "dev": shares(("W1 (dev)",), f)}
                         for f in FLOORS]}
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
