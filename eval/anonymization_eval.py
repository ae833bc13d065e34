"""Anonymization recall and precision on labeled notes (eval/data/anonymization/, written by another helper).

    .venv/bin/python eval/anonymization_eval.py     # writes eval/results/anonymization.json

A gold detail counts as removed when every one of its characters is inside some detected span (of
any type: a name replaced as <NAME> instead of <PERSON> still does not leak); "typed" recall also
asks for the right placeholder type. Precision: detected spans (overlaps merged) that touch a gold
detail, over all detected spans. Groups: names (PERSON), contact details (EMAIL, PHONE, HANDLE,
URL), places and organizations (LOCATION, ORG). Target: recall >= 0.95 on names and contacts.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.nlp import get_nlp
from coach.themes import Anonymizer, Roster, RosterEntry

DATA = Path(__file__).resolve().parent / "data" / "anonymization"
OUT = Path(__file__).resolve().parent / "results" / "anonymization.json"
COMMAND = ".venv/bin/python eval/anonymization_eval.py"
OURS_TO_GOLD = {"PERSON": "PERSON", "NAME": "PERSON", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE",
                "HANDLE": "HANDLE", "URL": "URL", "LOCATION": "LOCATION", "ORGANIZATION": "ORG"}
GROUPS = {"names": {"PERSON"}, "contacts": {"EMAIL", "PHONE", "HANDLE", "URL"},
          "places_orgs": {"LOCATION", "ORG"}}


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def evaluate(anonymizer: Anonymizer, rows: list[dict[str, Any]]) -> dict[str, Any]:
    per_type: dict[str, dict[str, int]] = {}
    detected = touching = 0
    misses: list[dict[str, str]] = []
    for row in rows:
        found = anonymizer.find(row["text"])
        covered = set()
        for f in found:
            covered.update(range(f.start, f.end))
        for entity in row["entities"]:
            stats = per_type.setdefault(entity["type"], {"gold": 0, "removed": 0, "typed": 0})
            stats["gold"] += 1
            chars = set(range(entity["start"], entity["end"]))
            if chars <= covered:
                stats["removed"] += 1
            elif len(misses) < 25:
                misses.append({"id": row["id"], "type": entity["type"], "text": entity["text"]})
            if any(OURS_TO_GOLD.get(f.entity) == entity["type"] and f.start < entity["end"]
                   and entity["start"] < f.end for f in found):
                stats["typed"] += 1
        for start, end in merged([(f.start, f.end) for f in found]):
            detected += 1
            if any(start < e["end"] and e["start"] < end for e in row["entities"]):
                touching += 1

    def group(types: set[str]) -> dict[str, float | int]:
        gold = sum(per_type.get(t, {}).get("gold", 0) for t in types)
        removed = sum(per_type.get(t, {}).get("removed", 0) for t in types)
        typed = sum(per_type.get(t, {}).get("typed", 0) for t in types)
        return {"support": gold, "recall": round(removed / gold, 3) if gold else 0.0,
                "typed_recall": round(typed / gold, 3) if gold else 0.0}

    return {"groups": {name: group(types) for name, types in GROUPS.items()},
            "per_type": {t: {**s, "recall": round(s["removed"] / s["gold"], 3)}
                         for t, s in sorted(per_type.items())},
            "precision": round(touching / detected, 3) if detected else 0.0, "detected_spans": detected,
            "misses": misses}


def main() -> None:
    rows = [json.loads(line) for line in (DATA / "notes.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    people = list(csv.DictReader((DATA / "roster.csv").read_text(encoding="utf-8-sig").splitlines()))
    roster = Roster.of(RosterEntry(p.get("name", ""), p.get("handle", ""), p.get("email", ""))
                       for p in people)
    nlp = get_nlp()
    result: dict[str, Any] = {"command": COMMAND, "notes": len(rows),
                              "entities": sum(len(r["entities"]) for r in rows)}
    for name, chosen in (("with_roster", roster), ("without_roster", Roster())):
        anonymizer = Anonymizer(nlp, chosen)
        start = time.perf_counter()
        result[name] = evaluate(anonymizer, rows)
        result[name]["ms_per_note"] = round(1000 * (time.perf_counter() - start) / max(len(rows), 1), 1)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    for name in ("with_roster", "without_roster"):
        print(name, result[name]["groups"], "precision", result[name]["precision"],
              result[name]["ms_per_note"], "ms/note")
    print("misses:", result["with_roster"]["misses"][:25])


if __name__ == "__main__":
    main()
