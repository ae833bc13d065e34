"""Writes demo_notes.csv: the demo program's reflections with a theme label each (tuning data).

The demo notes (coach/demo/*.json) are written by us, like the rest of this folder, so they are for
tuning only; eval/data/themes/ (written by someone else) stays the test set. The labels below are
the main topic of each note, in the order the notes appear in demo_program.json,
demo_cohort.json and demo_notes.json.
Run: .venv/bin/python eval/data/themes_tune/make_demo_tune.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from coach.reflection.reflections import note_text

# tz time zones / scheduling, fb feedback across cultures, conf confidence, lang second language,
# pres presenting to senior people, career career moves, burn workload, reloc visa / relocation,
# none logistics, missed sessions, vague or other notes.
LABELS = (
    "conf burn fb pres conf "  # ana
    "tz conf none none none "  # kofi
    "conf lang none none "  # mateo
    "none tz fb none burn "  # liza
    "reloc fb lang reloc reloc "  # jiwoo
    "burn pres conf none pres "  # wanjiru
    "burn tz none conf "  # sipho
    "tz fb lang lang "  # aigerim
    "career burn burn "  # bogdan
    "fb tz conf fb conf "  # nadia
    "conf burn pres pres "  # joao
    "pres lang pres none "  # mei-ling
    "career career career "  # arjun
    "tz lang tz burn "  # tereza
    "fb fb pres pres "  # bayarmaa
    "career career none conf "  # lerato
    "fb lang lang "  # yusuf
    "career lang career lang "  # amina
    "tz burn none "  # aroha
    "lang pres pres pres tz "  # valentina
    "career career conf none "  # diego
    "tz lang tz lang "  # thuy
    "burn burn burn pres lang "  # ana-lucia
    "fb fb pres pres "  # rohan
    "career burn burn "  # eduardo
    "career fb lang lang reloc "  # haruka
    "pres tz pres tz "  # zainab
    "fb fb burn none "  # omar
    "conf conf career conf "  # ines
    "tz lang lang none "  # tenzin
    "career pres conf career "  # catalina
    "fb fb career "  # farah
    # demo_notes.json (added to make the demo's themes visible)
    "tz tz tz tz tz tz fb fb fb fb fb fb conf conf conf conf conf lang lang lang lang lang lang "
    "pres pres pres pres pres pres career career career career career career burn burn burn burn burn burn "
    "none none none none"
).split()


def main() -> None:
    notes = []
    for name in ("demo_program.json", "demo_cohort.json", "demo_notes.json"):
        data = json.loads((ROOT / "coach" / "demo" / name).read_text(encoding="utf-8"))
        notes += data.get("notes", [])
    if len(notes) != len(LABELS):
        raise SystemExit(f"{len(notes)} demo notes but {len(LABELS)} labels: label the new notes")
    out = Path(__file__).with_name("demo_notes.csv")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["note_id", "participant", "date", "text", "theme"])
        for i, (note, label) in enumerate(zip(notes, LABELS, strict=True)):
            text = note_text(note.get("what", ""), note.get("so_what", ""), note.get("now_what", ""))
            writer.writerow([f"d{i + 1:03d}", note["author"], note["date"], text, label])


if __name__ == "__main__":
    main()
