"""How far two annotators agree on our held-out sets: the ceiling a model is judged against.

    python eval/annotator_agreement.py --out eval/results/annotator_agreement.json

A second annotator labelled two held-out sets BLIND (texts only, from the same labeling guide /
the same library; never saw the first labels): the held-out feedback writer w5's 650 texts
(judgmental, vague) and the held-out journey writer W2's 200 reflections (guidance passages, 1-4,
most useful first). Nothing here trains or tunes anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval.common import DATA, hit_at, prf, read_jsonl

FEEDBACK = DATA / "feedback" / "heldout"
JOURNEY = DATA / "journey_heldout2"


def agreement(gold: list[int], pred: list[int]) -> dict[str, float]:
    """The second annotator scored as a classifier against the first, plus raw agreement."""
    share = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {**prf([bool(g) for g in gold], [bool(p) for p in pred]), "agreement": round(share, 3)}


def feedback() -> dict[str, object]:
    first = read_jsonl(FEEDBACK / "w5.jsonl")
    second = {r["id"]: r for r in read_jsonl(FEEDBACK / "second_annotator.jsonl")}
    pairs = [(r, second[r["id"].replace("w5-", "x-")]) for r in first]
    return {label: agreement([int(a[label]) for a, _ in pairs], [int(b[label]) for _, b in pairs])
            for label in ("judgmental", "vague")}


def guidance() -> dict[str, object]:
    first = {r["id"]: r["guidance"] for r in read_jsonl(JOURNEY / "reflections.jsonl")}
    second = {r["id"]: r["guidance"] for r in read_jsonl(JOURNEY / "guidance_second_annotator.jsonl")}
    ids = [i for i in first if i in second and first[i]]
    n = len(ids)
    out: dict[str, object] = {"n": n}
    for k in (1, 3):
        second_vs_first = sum(hit_at(second[i], first[i], k) for i in ids)
        first_vs_second = sum(hit_at(first[i], second[i], k) for i in ids)
        out[f"second_list_vs_writer_set_hit@{k}"] = round(second_vs_first / n, 3)
        out[f"writer_list_vs_second_set_hit@{k}"] = round(first_vs_second / n, 3)
    out["same_first_choice"] = round(sum(first[i][0] == second[i][0] for i in ids) / n, 3)
    out["mean_labels"] = {"writer": round(sum(len(first[i]) for i in ids) / n, 2),
                          "second": round(sum(len(second[i]) for i in ids) / n, 2)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = {"command": "python " + " ".join(["eval/annotator_agreement.py", *sys.argv[1:]]),
              "feedback_w5": feedback(), "guidance_W2": guidance()}
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
