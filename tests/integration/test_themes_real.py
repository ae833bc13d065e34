"""Themes with the real models on the tuning set we wrote: themes found, details never shown."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coach.access import OPERATOR
from coach.context import Context
from coach.themes import ReadNotes, ThemeNote, ThemeService
from coach.themes.notes import parse_notes_csv

pytestmark = pytest.mark.slow
TUNE = Path(__file__).resolve().parents[2] / "eval" / "data" / "themes_tune" / "notes.csv"
PLANTED = ["Priyanka", "Venkataraman", "+49 151", "Torsten", "Globex", "kofi.mensah88", "Rotterdam",
           "@lina_dev"]


def test_tune_set_themes_are_found_and_anonymized(coach_home: Path) -> None:
    read = parse_notes_csv(TUNE.read_text(encoding="utf-8"), source=str(TUNE))
    gold = {r["note_id"]: r["theme"] for r in csv.DictReader(TUNE.open(encoding="utf-8"))}
    ctx = Context()
    service = ThemeService(ctx.db, embedder_factory=lambda: ctx.embedder, nlp_factory=lambda: ctx.nlp)
    report = service.file_themes(OPERATOR, read)
    assert report.outliers == 0 and len(report.themes) >= 5
    majority = [max(set(ids := [gold[i] for i in t.note_ids]), key=ids.count) for t in report.themes]
    assert "visa" not in majority  # the small theme (3 people) is never shown
    assert len(set(majority)) >= 5
    shown = str(report.to_dict(include_note_ids=False))
    for detail in PLANTED:
        assert detail not in shown
    # same input, same themes
    again = service.file_themes(OPERATOR, ReadNotes(list(reversed(read.notes)), []))
    assert sorted(t.label for t in again.themes) == sorted(t.label for t in report.themes)


def test_non_english_and_empty_never_crash(coach_home: Path) -> None:
    ctx = Context()
    service = ThemeService(ctx.db, embedder_factory=lambda: ctx.embedder, nlp_factory=lambda: ctx.nlp)
    notes = [ThemeNote(f"n{i}", f"p{i % 6}", None, text) for i, text in enumerate(
        ["La reunión fue muy difícil para mí y no tengo tiempo para nada.",
         "Das Feedback war sehr direkt und ich war nicht bereit dafür."] * 6)]
    report = service.file_themes(OPERATOR, ReadNotes(notes, [2, 3]))
    assert report.set_aside["non_english"] == 12 and report.set_aside["empty"] == 2
    assert report.status == "too_few_participants" and report.themes == []
